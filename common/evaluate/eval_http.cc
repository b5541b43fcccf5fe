#include "common/evaluate/eval_http.h"

#include "common/evaluate/eval_words.h"

namespace dmk {

StepResult EvaluateHttp(const Config& config, const ProbeOutcome& outcome) {
  StepResult step;
  const HttpFacts& http = outcome.http;
  if (!http.response_started || outcome.failure != Failure::kNone) return step;
  std::string text = config.method + " " + Quote(config.uri, 80) + " -> " + std::to_string(http.status);
  if (!http.reason_phrase.empty()) text += " " + Quote(http.reason_phrase, 60);
  text += ", " + std::to_string(http.body_bytes) + " B";
  if (outcome.phases.ttfb) text += ", first byte after " + Secs(*outcome.phases.ttfb);
  if (!http.redirects_followed.empty()) {
    text += ", after " + Plural(static_cast<long>(http.redirects_followed.size()), "redirect");
  }
  step.Fact(Layer::kHttp, text);
  CheckPhase(Layer::kHttp, "time to first byte", outcome.phases.ttfb, config.ttfb, ReasonCode::kHttpSlow, &step);
  CheckPhase(Layer::kHttp, "the whole check", outcome.phases.total, config.total, ReasonCode::kHttpSlow, &step);
  return step;
}

}  // namespace dmk
