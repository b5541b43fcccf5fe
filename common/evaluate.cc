#include "common/evaluate.h"

#include <algorithm>

#include "common/eval_api.h"
#include "common/eval_connect.h"
#include "common/eval_details.h"
#include "common/eval_failure.h"
#include "common/eval_http.h"
#include "common/eval_perfdata.h"
#include "common/eval_step.h"
#include "common/eval_summary.h"
#include "common/eval_tls.h"

namespace dmk {

namespace {

// Folds the steps' findings into one report per layer: its facts and problems in the order found, its
// worst state, and the reason of its first problem in that state.
struct Fold {
  CheckResult result;
  std::vector<Finding> problems;  // every problem, in the order found

  void Add(const Finding& finding) {
    auto report = std::find_if(result.layers.begin(), result.layers.end(),
                               [&](const LayerReport& r) { return r.layer == finding.layer; });
    std::optional<State> before;
    if (report == result.layers.end()) {
      result.layers.push_back({finding.layer, finding.state, finding.text});
      report = result.layers.end() - 1;
    } else {
      before = report->state;
      report->state = report->state ? Worst(*report->state, finding.state) : finding.state;
      if (!report->text.empty()) report->text += "; ";
      report->text += finding.text;
    }
    if (!finding.problem) return;
    if (!before || (finding.state != *before && Worst(finding.state, *before) == finding.state)) {
      report->reason = finding.reason != nullptr ? finding.reason : "";
    }
    // Kept even when the state is OK (--timeout-state ok): the summary must still say what happened.
    problems.push_back(finding);
    if (!finding.advice.empty()) result.advice.push_back(finding.advice);
  }
  void Add(const StepResult& step) {
    for (const Finding& finding : step.findings) Add(finding);
    result.advice.insert(result.advice.end(), step.advice.begin(), step.advice.end());
  }
};

// Layers in the order a connection climbs them; the ones never reached are listed as such.
std::vector<LayerReport> InLayerOrder(const Config& config, std::vector<LayerReport> found) {
  auto has = [&](Layer layer) {
    return std::any_of(found.begin(), found.end(), [&](const LayerReport& r) { return r.layer == layer; });
  };
  std::vector<Layer> order = {Layer::kDns, Layer::kTcp};
  if (config.tls) order.push_back(Layer::kTls);
  order.insert(order.end(), {Layer::kHttp, Layer::kApi});
  if (config.auth != AuthType::kNone || has(Layer::kAuth)) order.push_back(Layer::kAuth);
  std::vector<LayerReport> sorted;
  for (Layer layer : order) {
    auto report = std::find_if(found.begin(), found.end(), [&](const LayerReport& r) { return r.layer == layer; });
    sorted.push_back(report != found.end() ? std::move(*report) : LayerReport{layer, std::nullopt, "not reached"});
  }
  return sorted;
}

// A failure names its cause, even one --timeout-state made OK: the failure step's code, or for a refused
// certificate the TLS step's first problem. Otherwise the first layer in the worst state names it, by the
// reason of its first problem in that state.
std::string ReasonCode(const CheckResult& result, const ProbeOutcome& outcome, const char* failure_reason) {
  if (failure_reason != nullptr) return failure_reason;
  if (outcome.failure == Failure::kTlsCertificateRejected) {
    auto tls = std::find_if(result.layers.begin(), result.layers.end(),
                            [](const LayerReport& r) { return r.layer == Layer::kTls; });
    return tls != result.layers.end() && !tls->reason.empty() ? tls->reason : "tls.verification_failed";
  }
  if (result.state == State::kOk) return "ok";
  for (const LayerReport& report : result.layers) {
    if (report.state && *report.state == result.state) return report.reason;
  }
  return "";
}

}  // namespace

const char* LayerName(Layer layer) {
  switch (layer) {
    case Layer::kDns: return "DNS";
    case Layer::kTcp: return "TCP";
    case Layer::kTls: return "TLS";
    case Layer::kHttp: return "HTTP";
    case Layer::kApi: return "API";
    case Layer::kAuth: return "AUTH";
  }
  return "?";
}

CheckResult Evaluate(const Config& config, const ProbeOutcome& outcome, std::int64_t now) {
  // One step per layer, in the order the connection climbs them; the failure that stopped the probe is folded
  // fourth, after TLS and before HTTP and the API.
  const StepResult failure = EvaluateFailure(config, outcome);
  StepResult api = EvaluateApi(config, outcome);
  Fold fold;
  fold.Add(EvaluateDns(config, outcome));
  fold.Add(EvaluateTcp(config, outcome));
  fold.Add(EvaluateTls(config, outcome, now));
  fold.Add(failure);
  fold.Add(EvaluateHttp(config, outcome));
  fold.Add(api);
  CheckResult& result = fold.result;
  result.layers = InLayerOrder(config, std::move(result.layers));
  // The worst state, computed once.
  for (const Finding& problem : fold.problems) result.state = Worst(result.state, problem.state);
  result.reason_code = ReasonCode(result, outcome, failure.failure_reason);
  result.summary = Summary(config, outcome, fold.problems, now);
  result.details = Details(config, outcome);
  result.perfdata = Perfdata(config, outcome, now, std::move(api.perfdata));
  return std::move(result);
}

}  // namespace dmk
