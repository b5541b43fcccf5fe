// EnvLookup: how the library reads the environment. Handed in as a function, so no unit reads the process's
// environment behind the caller's back and tests need no globals. The bottom of the library: it depends on
// nothing of ours.
#ifndef DMK_COMMON_BASE_ENV_LOOKUP_H_
#define DMK_COMMON_BASE_ENV_LOOKUP_H_

#include <functional>
#include <optional>
#include <string>

namespace dmk {

// Looks up an environment variable; nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

}  // namespace dmk

#endif  // DMK_COMMON_BASE_ENV_LOOKUP_H_
