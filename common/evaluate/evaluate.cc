#include "common/evaluate/evaluate.h"

#include <algorithm>

#include "common/evaluate/eval_api.h"
#include "common/evaluate/eval_connect.h"
#include "common/evaluate/eval_details.h"
#include "common/evaluate/eval_failure.h"
#include "common/evaluate/eval_http.h"
#include "common/evaluate/eval_perfdata.h"
#include "common/evaluate/eval_step.h"
#include "common/evaluate/eval_summary.h"
#include "common/evaluate/eval_tls.h"

namespace dmk {

namespace {

// Folds the steps' findings into one report per layer: its facts and problems in the order found, and its
// worst state.
struct Fold {
  CheckResult result;
  std::vector<Finding> problems;  // every problem, in the order found

  void Add(const Finding& finding) {
    auto report = std::find_if(result.layers.begin(), result.layers.end(),
                               [&](const LayerReport& r) { return r.layer == finding.layer; });
    if (report == result.layers.end()) {
      result.layers.push_back({finding.layer, finding.state, finding.text});
    } else {
      report->state = report->state ? Worst(*report->state, finding.state) : finding.state;
      if (!report->text.empty()) report->text += "; ";
      report->text += finding.text;
    }
    if (!finding.problem) return;
    // Kept even when the state is OK (--timeout-state ok): the summary must still say what happened.
    problems.push_back(finding);
    if (!finding.advice.empty()) result.advice.push_back(finding.advice);
  }
  void Add(const StepResult& step) {
    for (const Finding& finding : step.findings) Add(finding);
    result.advice.insert(result.advice.end(), step.advice.begin(), step.advice.end());
  }
};

// The worst state of some problems and the reason code that names it.
struct Verdict {
  State state = State::kOk;
  ReasonCode reason_code = ReasonCode::kOk;
  Layer layer = Layer::kDns;
};

// The worst state of `problems` (of `only` that layer, when given), computed in one place, and the code of
// the first problem in that state of the first layer that has one (Layer is in the order a connection climbs
// them). OK and kOk when no problem is worse than OK: a check that ends OK is "ok".
Verdict Judge(const std::vector<Finding>& problems, std::optional<Layer> only = std::nullopt) {
  Verdict verdict;
  for (const Finding& problem : problems) {
    if (only && problem.layer != *only) continue;
    const bool worse = problem.state != verdict.state && Worst(problem.state, verdict.state) == problem.state;
    const bool as_bad_earlier =
        problem.state == verdict.state && problem.state != State::kOk && problem.layer < verdict.layer;
    if (worse || as_bad_earlier) verdict = {problem.state, problem.reason_code, problem.layer};
  }
  return verdict;
}

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
// certificate the TLS step's first problem (all its problems are CRITICAL) and, when the TLS step found no
// cause, "certificate verification failed otherwise". Otherwise the worst state's problem names it.
ReasonCode CheckReasonCode(const Verdict& verdict, const std::vector<Finding>& problems, const ProbeOutcome& outcome,
                           std::optional<ReasonCode> failure_reason_code) {
  if (failure_reason_code) return *failure_reason_code;
  if (outcome.failure == Failure::kTlsCertificateRejected) {
    const Verdict tls = Judge(problems, Layer::kTls);
    return tls.reason_code != ReasonCode::kOk ? tls.reason_code : ReasonCode::kTlsVerificationFailed;
  }
  return verdict.reason_code;
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
  const Verdict verdict = Judge(fold.problems);
  result.state = verdict.state;
  result.reason_code = CheckReasonCode(verdict, fold.problems, outcome, failure.failure_reason_code);
  result.summary = Summary(config, outcome, fold.problems, now);
  result.details = Details(config, outcome);
  result.perfdata = Perfdata(config, outcome, now, std::move(api.perfdata));
  return std::move(result);
}

}  // namespace dmk
