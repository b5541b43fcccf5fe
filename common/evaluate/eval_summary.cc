#include "common/evaluate/eval_summary.h"

#include <algorithm>

#include "common/evaluate/cert_days.h"
#include "common/evaluate/eval_words.h"

namespace dmk {

namespace {

std::string Healthy(const Config& config, const ProbeOutcome& outcome, std::int64_t now) {
  std::string summary = "HTTP " + std::to_string(outcome.http.status);
  if (!outcome.http.reason_phrase.empty()) summary += " " + Quote(outcome.http.reason_phrase, 40);
  summary += " in " + Secs(outcome.phases.total.value_or(outcome.elapsed_s));
  if (config.tls && outcome.tls.earliest_not_after != 0) {
    summary += ", certificate valid " + ValidForWords(outcome.tls.earliest_not_after, now);
  }
  return summary;
}

}  // namespace

std::string Summary(const Config& config, const ProbeOutcome& outcome, const std::vector<Finding>& problems,
                    std::int64_t now) {
  std::string summary;
  if (problems.empty()) {
    summary = Healthy(config, outcome, now);
  } else {
    std::vector<const Finding*> sorted;
    for (const Finding& problem : problems) sorted.push_back(&problem);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Finding* a, const Finding* b) {
      return Worst(a->state, b->state) == a->state && a->state != b->state;
    });
    for (const Finding* problem : sorted) {
      if (!summary.empty()) summary += "; ";
      summary += problem->text;
    }
  }
  if (config.tls && config.insecure) summary += " (certificate NOT verified: --insecure)";
  return summary;
}

}  // namespace dmk
