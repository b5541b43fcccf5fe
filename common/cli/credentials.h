// Credentials: loads the secret for --auth (secret.h) from a file or an environment variable. Secrets never come from
// argv (visible to every local user in the process list), and a credentials file is refused, as ssh
// refuses a private key, when it is not a regular file or group/others may read or write it.
#ifndef DMK_COMMON_CLI_CREDENTIALS_H_
#define DMK_COMMON_CLI_CREDENTIALS_H_

#include <string>

#include "common/base/env_lookup.h"
#include "common/base/input_status.h"
#include "common/model/config.h"
#include "common/model/secret.h"

namespace dmk {

// Loads the secret `config` asks for (none when config.auth is kNone). Errors name the file or variable,
// never the secret.
Status LoadSecret(const Config& config, const EnvLookup& env, Secret* secret);

}  // namespace dmk

#endif  // DMK_COMMON_CLI_CREDENTIALS_H_
