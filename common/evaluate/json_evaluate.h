// Evaluating JSON assertions (json_assert.h) against the API's answer: the only unit that knows the JSON
// library (nlohmann/json), and it runs only when a JSON option was given. Hostile bodies are expected:
// the nesting depth is capped by a cheap scan before parsing, parsing raises no exception, numbers out of
// range are named as such, and only scalars are ever quoted, sanitised and cut.
#ifndef DMK_COMMON_EVALUATE_JSON_EVALUATE_H_
#define DMK_COMMON_EVALUATE_JSON_EVALUATE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/perfdata.h"
#include "common/base/plugin_state.h"
#include "common/model/json_assert.h"

namespace dmk {

// Deeper answers are refused before parsing: a DMK health answer is a few levels deep.
inline constexpr std::size_t kMaxJsonDepth = 64;

struct JsonFinding {
  State state = State::kCritical;
  std::string text;  // plain words, network text sanitised: "/encoders/online is 0 (expected >= 1)"
};

struct JsonVerdict {
  std::vector<JsonFinding> problems;  // in option order: assertions, then thresholds
  std::vector<std::string> facts;     // what held: "/status is \"ok\""
  std::vector<PerfValue> perfdata;    // one per threshold, in order; 'U' when there is no number
  std::string advice;                 // empty when there is no problem
};

// Evaluates `checks` against `body`. `body_complete` false: the body was cut at the bound the probe keeps,
// which is a problem of its own (a cut JSON text does not parse).
JsonVerdict EvaluateJson(const JsonChecks& checks, std::string_view body, bool body_complete);

// The perfdata of the thresholds when the answer never came (all 'U'), so the labels stay stable.
std::vector<PerfValue> JsonPerfdataNotReached(const JsonChecks& checks);

// The deepest nesting of arrays and objects in `text`, counted outside strings, stopping once above
// `limit`. Not a validator: it only bounds what the parser may be given.
std::size_t JsonNestingDepth(std::string_view text, std::size_t limit);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_JSON_EVALUATE_H_
