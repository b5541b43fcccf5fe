// What one evaluation step returns (after monitoring-plugins' mp_subcheck): its findings as data. A
// finding is a fact (long output only) or a problem (the first line too), in the layer it concerns, with
// its state, words, advice and the reason code (reason.h) of what was found, named where it is found.
// Evaluate (evaluate.h) runs the steps, folds their findings into layers and computes the worst state once.
#ifndef DMK_COMMON_EVALUATE_EVAL_STEP_H_
#define DMK_COMMON_EVALUATE_EVAL_STEP_H_

#include <optional>
#include <string>
#include <vector>

#include "common/base/perfdata.h"
#include "common/base/plugin_state.h"
#include "common/model/config.h"
#include "common/model/outcome.h"
#include "common/model/reason.h"

namespace dmk {

struct Finding {
  Layer layer = Layer::kDns;
  State state = State::kOk;
  std::string text;                          // plain words, network text already sanitised
  std::string advice;                        // what to do about it; empty: nothing to add
  ReasonCode reason_code = ReasonCode::kOk;  // problems: the reason code of what was found; facts: kOk
  bool problem = false;                      // false: a fact, for the long output only
};

struct StepResult {
  std::vector<Finding> findings;    // in the order they were found
  std::vector<std::string> advice;  // advice of the step as a whole, after that of its findings
  std::vector<PerfValue> perfdata;  // the step's own values (the JSON thresholds)
  // The failure step: the reason code of the failure that stopped the probe; nullopt for none (and for a
  // refused certificate, whose code is the TLS step's).
  std::optional<ReasonCode> failure_reason_code;

  void Fact(Layer layer, std::string text) {
    findings.push_back({layer, State::kOk, std::move(text), "", ReasonCode::kOk, false});
  }
  void Problem(Layer layer, State state, std::string text, std::string what_to_do, ReasonCode reason_code) {
    findings.push_back({layer, state, std::move(text), std::move(what_to_do), reason_code, true});
  }
};

// A problem when `seconds` (a phase's duration, nullopt: not reached) is in the critical or warning
// range of `limits`: "<what> took 1.25 s (critical range 1)".
void CheckPhase(Layer layer, const char* what, const std::optional<double>& seconds, const Thresholds& limits,
                ReasonCode reason_code, StepResult* step);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVAL_STEP_H_
