#include "common/check/check.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>

#include "common/cli/credentials.h"
#include "common/evaluate/evaluate.h"
#include "common/evaluate/evaluate_within.h"
#include "common/model/reason.h"
#include "common/model/secret.h"
#include "common/probe/probe.h"
#include "common/report/render.h"

namespace dmk {

namespace {
// Time kept back from --timeout for evaluation, rendering and process exit, so the whole run ends within
// the limit (Icinga2 and NRPE kill a late plugin and lose its words: docs/plugin-contract.md, "Icinga 2").
constexpr double kExitReserveSeconds = 0.02;
// Of that reserve, what rendering and exit keep: the checks of the answer may use the rest.
constexpr double kRenderReserveSeconds = 0.005;

std::chrono::steady_clock::time_point After(std::chrono::steady_clock::time_point start, double seconds) {
  return start +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

// Removes the secrets from everything the server sent before any of it is cut, sanitised or quoted: a
// server may echo the credentials back, and a secret cut in half by a length bound, or with its '|'
// turned into '/', would slip past the redaction in Render.
void RedactOutcome(const std::vector<std::string>& secrets, ProbeOutcome* outcome) {
  if (secrets.empty()) return;
  HttpFacts& http = outcome->http;
  TlsFacts& tls = outcome->tls;
  for (std::string* text : {&outcome->detail, &http.reason_phrase, &http.location, &http.www_authenticate, &http.body,
                            &tls.leaf.subject, &tls.leaf.issuer, &tls.earliest_subject, &tls.verify_error_text}) {
    *text = Redact(std::move(*text), secrets);
  }
  for (std::vector<std::string>* lines :
       {&http.redirects_followed, &http.request_headers, &http.response_headers, &tls.leaf.names}) {
    for (std::string& line : *lines) line = Redact(std::move(line), secrets);
  }
}
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
  ProbeOutcome outcome = RunProbe(config, secret, After(start, config.timeout_s - kExitReserveSeconds));
  std::vector<std::string> secrets = SecretForms(secret);
  for (std::string& form : ConfigSecretForms(config)) secrets.push_back(std::move(form));
  // The longest first, so a redaction pass never leaves part of a longer form behind.
  std::stable_sort(secrets.begin(), secrets.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  RedactOutcome(secrets, &outcome);
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  std::optional<CheckResult> evaluated =
      EvaluateWithin(config, outcome, now, After(start, config.timeout_s - kRenderReserveSeconds));
  if (!evaluated) return {ExitCode(State::kUnknown), RenderUsageError(Status::Error(UnfinishedWords(config, outcome)))};
  CheckResult& result = *evaluated;
  // Not on the status line: a machine-readable line of the long output for notification rules.
  if (result.state != State::kOk) result.reason_line = ReasonLine(result.reason_code);
  return {ExitCode(result.state), Render(config.DisplayName(), result, secrets)};
}

}  // namespace dmk
