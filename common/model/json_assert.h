// JSON assertions on the API's answer, as the user wrote them: --expect-json POINTER[OP VALUE] and
// --json-warning/--json-critical POINTER=RANGE, parsed into plain data. The pointers are JSON Pointers
// (RFC 6901). Evaluating them against a body is json_evaluate.h's job: this unit knows no JSON library,
// so the option parser pays nothing for it.
//
// Syntax of --expect-json (README, "JSON assertions"):
//   /a/b          the value exists
//   /a/b=TEXT     equals: "TEXT" (quoted) is a string; true, false, null and JSON numbers are themselves;
//                 anything else is a string
//   /a/b!=TEXT    differs (a value of another type differs too)
//   /a/b>=N  /a/b<=N  /a/b>N  /a/b<N    compares numbers
//   /a/b=~REGEX   the string matches the POSIX extended regular expression
// The pointer ends at the first '=', '!', '<' or '>': keys that hold one of these cannot be addressed.
#ifndef DMK_COMMON_MODEL_JSON_ASSERT_H_
#define DMK_COMMON_MODEL_JSON_ASSERT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/input_status.h"
#include "common/base/range.h"

namespace dmk {

enum class JsonOp { kExists, kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual, kMatches };

// The right-hand side of an assertion.
struct JsonExpected {
  enum class Kind { kNone, kString, kNumber, kBoolean, kNull, kRegex };
  Kind kind = Kind::kNone;
  std::string text;   // the string, the regular expression, or the number as written
  double number = 0;  // kNumber, always finite
  bool boolean = false;
};

struct JsonAssertion {
  std::string pointer;              // as written: "/encoders/online"
  std::vector<std::string> tokens;  // its reference tokens, unescaped ("~1" -> "/", "~0" -> "~")
  JsonOp op = JsonOp::kExists;
  JsonExpected expected;
};

// One number graphed and judged by ranges: --json-warning and --json-critical for the same pointer.
struct JsonThreshold {
  std::string pointer;
  std::vector<std::string> tokens;
  std::optional<Range> warning;
  std::optional<Range> critical;
  std::string label;  // perfdata label, JsonPerfLabels()
};

struct JsonChecks {
  std::vector<JsonAssertion> assertions;
  std::vector<JsonThreshold> thresholds;
  bool empty() const { return assertions.empty() && thresholds.empty(); }
};

// Splits a JSON Pointer into unescaped reference tokens (RFC 6901 section 3-4). It must start with '/';
// '~' must be followed by '0' or '1'.
Status ParseJsonPointer(std::string_view text, std::vector<std::string>* tokens);

// Parses one --expect-json value; errors name the option and the text.
Status ParseJsonAssertion(std::string_view text, JsonAssertion* assertion);

// Parses one --json-warning (critical false) or --json-critical value, POINTER=RANGE, into the threshold
// of that pointer (added when new). Ranges are Nagios ranges (range.h).
Status AddJsonThreshold(std::string_view text, bool critical, std::vector<JsonThreshold>* thresholds);

// Gives every threshold its perfdata label: "json_" and the pointer's tokens joined by '_', every byte
// other than [A-Za-z0-9_.-] replaced by '_', cut at 40 bytes; a label already taken gets "_2", "_3", ...
// in option order. "/encoders/offline" -> "json_encoders_offline".
void AssignJsonPerfLabels(std::vector<JsonThreshold>* thresholds);

// "expected >= 1", "expected \"ok\"", "expected to match 'ok|fine'", for messages (sanitised).
std::string DescribeExpectation(const JsonAssertion& assertion);

}  // namespace dmk

#endif  // DMK_COMMON_MODEL_JSON_ASSERT_H_
