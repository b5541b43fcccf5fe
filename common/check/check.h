// Check: the plugin's entry point as a library function — options, credentials, probe, evaluation and
// rendering, in that order. Returns the text to print and the exit code instead of printing or exiting.
#ifndef DMK_COMMON_CHECK_CHECK_H_
#define DMK_COMMON_CHECK_CHECK_H_

#include <string>
#include <vector>

#include "common/cli/options.h"

namespace dmk {

struct PluginRun {
  int exit_code = 3;
  std::string output;  // everything for stdout; nothing goes to stderr (Icinga2 merges it into the output)
};

// Runs one check for `args` (argv without argv[0]).
PluginRun RunPlugin(const std::vector<std::string>& args, const EnvLookup& env);

}  // namespace dmk

#endif  // DMK_COMMON_CHECK_CHECK_H_
