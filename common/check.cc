#include "common/check.h"

#include <chrono>
#include <ctime>

#include "common/credentials.h"
#include "common/evaluate.h"
#include "common/probe.h"
#include "common/render.h"

namespace dmk {

namespace {
// Time kept back from --timeout for evaluation, rendering and process exit, so the whole run ends within
// the limit (Icinga2 and NRPE kill a late plugin and lose its words: PLUGIN-CONTRACT.md, "Icinga2").
constexpr double kExitReserveSeconds = 0.02;
}  // namespace

PluginRun RunPlugin(const std::vector<std::string>& args, const EnvLookup& env) {
  const auto start = std::chrono::steady_clock::now();
  CommandLine command_line;
  if (Status status = ParseOptions(args, env, &command_line); !status.ok()) {
    return {ExitCode(State::kUnknown), RenderUsageError(status)};
  }
  if (command_line.request == Request::kHelp) return {ExitCode(State::kUnknown), HelpText()};
  if (command_line.request == Request::kVersion) return {ExitCode(State::kUnknown), VersionText()};
  const Config& config = command_line.config;
  Secret secret;
  if (Status status = LoadSecret(config, env, &secret); !status.ok()) {
    return {ExitCode(State::kUnknown), RenderUsageError(status)};
  }
  const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(config.timeout_s - kExitReserveSeconds));
  ProbeOutcome outcome = RunProbe(config, secret, deadline);
  CheckResult result = Evaluate(config, outcome, static_cast<std::int64_t>(std::time(nullptr)));
  return {ExitCode(result.state), Render(config.DisplayName(), result, SecretForms(secret))};
}

}  // namespace dmk
