// Option combinations: every rule about how options combine, each written once and checked once, after
// every option's own value has been read and checked (options_groups.h); as leveldb's SanitizeOptions looks
// at an Options struct as a whole. --proxy with --proxy-from-env and --noproxy alone are the proxy
// decision's own rules (proxy_policy.h, ChooseProxy).
#ifndef DMK_COMMON_CLI_OPTIONS_COMBINATIONS_H_
#define DMK_COMMON_CLI_OPTIONS_COMBINATIONS_H_

#include "common/base/input_status.h"
#include "common/cli/option_values.h"
#include "common/model/config.h"

namespace dmk {

// Ok when the options of `config` fit together; otherwise the first rule broken, as an error that names
// the options involved. `given` says which options were given (a rule may concern an option given at its
// default value) and holds their text as written, for the messages. Pure: reads nothing else.
Status CheckCombinations(const Config& config, const OptionValues& given);

}  // namespace dmk

#endif  // DMK_COMMON_CLI_OPTIONS_COMBINATIONS_H_
