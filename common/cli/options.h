// Options: turns the command line and --extra-opts ini sections into a Config. The only file that knows
// Boost.ProgramOptions: it builds the parser and --help from the option table (option_table.h), parses, then
// hands the options given (option_values.h) to one step per option group (options_groups.h) and the rules of
// how they combine (options_combinations.h).
//
// Precedence follows the Monitoring Plugins --extra-opts convention (docs/plugin-contract.md, "Standard
// options"): options read from the ini file come first and the command line overrides them; repeatable
// options (--header, --pin-sha256) collect from both.
#ifndef DMK_COMMON_CLI_OPTIONS_H_
#define DMK_COMMON_CLI_OPTIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/base/env_lookup.h"
#include "common/base/input_status.h"
#include "common/model/config.h"

namespace dmk {

// What the command line asks for.
enum class Request { kCheck, kHelp, kVersion };

struct CommandLine {
  Request request = Request::kCheck;
  Config config;
};

// Parses `args` (argv without argv[0]). On success fills `*out`. Any problem with the user's input —
// unknown option, bad value, conflicting options, a secret given on the command line, an unreadable
// file — is an error whose message names the option and value.
Status ParseOptions(const std::vector<std::string>& args, const EnvLookup& env, CommandLine* out);

// The --help text: usage, every option with its default, exit codes and perfdata labels.
std::string HelpText();

// The --version text, one line.
std::string VersionText();

}  // namespace dmk

#endif  // DMK_COMMON_CLI_OPTIONS_H_
