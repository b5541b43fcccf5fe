#include "common/evaluate/evaluate_within.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "common/base/number.h"

namespace dmk {

namespace {

// What the evaluating thread owns: its own copies, so that an abandoned evaluation touches nothing of the
// caller's.
struct Job {
  Job(Config config_in, ProbeOutcome outcome_in) : config(std::move(config_in)), outcome(std::move(outcome_in)) {}
  const Config config;
  const ProbeOutcome outcome;
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  CheckResult result;
};

}  // namespace

bool ChecksTheAnswer(const Config& config) {
  return !config.expect_body.empty() || !config.reject_body.empty() || !config.expect_headers.empty() ||
         !config.json.empty();
}

std::optional<CheckResult> EvaluateWithin(const Config& config, const ProbeOutcome& outcome, std::int64_t now,
                                          std::chrono::steady_clock::time_point deadline) {
  if (!ChecksTheAnswer(config) || !outcome.http.response_started || outcome.failure != Failure::kNone) {
    return Evaluate(config, outcome, now);
  }
  auto job = std::make_shared<Job>(config, outcome);
  try {
    std::thread([job, now] {
      CheckResult result = Evaluate(job->config, job->outcome, now);
      const std::lock_guard<std::mutex> lock(job->mutex);
      job->result = std::move(result);
      job->done = true;
      job->finished.notify_all();
    }).detach();
  } catch (const std::system_error&) {
    return std::nullopt;  // no thread to bound it with: not run at all rather than run unbounded
  }
  std::unique_lock<std::mutex> lock(job->mutex);
  if (!job->finished.wait_until(lock, deadline, [&job] { return job->done; })) return std::nullopt;
  return std::move(job->result);
}

std::string UnfinishedWords(const Config& config, const ProbeOutcome& outcome) {
  std::vector<std::string> options;
  if (!config.expect_body.empty()) options.push_back("--expect-body");
  if (!config.reject_body.empty()) options.push_back("--reject-body");
  if (!config.expect_headers.empty()) options.push_back("--expect-header");
  if (!config.json.assertions.empty()) options.push_back("--expect-json");
  if (!config.json.thresholds.empty()) options.push_back("--json-warning/--json-critical");
  std::string names;
  for (std::size_t i = 0; i < options.size(); ++i) {
    names += (i == 0 ? "" : i + 1 == options.size() ? " and " : ", ") + options[i];
  }
  return "the checks of the answer (" + names + ") did not finish within the time limit (-t " +
         FormatNumber(config.timeout_s) + ") over a " + std::to_string(outcome.http.body.size()) +
         " B body: a regular expression too costly for glibc's matcher? Simplify it, or lower --max-body";
}

}  // namespace dmk
