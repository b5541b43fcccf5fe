#include "common/evaluate/eval_step.h"

#include "common/evaluate/eval_policy.h"
#include "common/evaluate/eval_words.h"

namespace dmk {

void CheckPhase(Layer layer, const char* what, const std::optional<double>& seconds, const Thresholds& limits,
                ReasonCode reason_code, StepResult* step) {
  if (!seconds) return;
  const std::optional<State> state = StateForPhase(*seconds, limits);
  if (!state) return;
  const bool critical = *state == State::kCritical;
  const Range& range = critical ? *limits.critical : *limits.warning;
  step->Problem(layer, *state,
                std::string(what) + " took " + Secs(*seconds) + " (" + (critical ? "critical" : "warning") + " range " +
                    range.text() + ")",
                "", reason_code);
}

}  // namespace dmk
