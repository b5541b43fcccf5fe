#include "common/model/json_assert.h"

#include <locale.h>
#include <stdlib.h>

#include <cerrno>
#include <cmath>
#include <set>

#include "common/base/posix_regex.h"
#include "common/base/sanitize.h"

namespace dmk {

namespace {

constexpr std::size_t kLabelBytes = 40;
constexpr std::size_t kQuoteBytes = 60;

// A JSON number (RFC 8259 section 6): -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJsonNumber(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return false;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size();
}

// A finite number from JSON-number text; nullopt when out of range (1e400). strtod in the "C" locale, not
// std::from_chars: libstdc++ 12 builds from_chars(double) on fesetround, which alone would make every check
// load libm (number.cc says more).
std::optional<double> ToNumber(std::string_view text) {
  if (!IsJsonNumber(text)) return std::nullopt;
  const std::string digits(text);
  locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
  if (c_locale == locale_t{}) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double value = strtod_l(digits.c_str(), &end, c_locale);
  const bool range_error = errno == ERANGE;
  freelocale(c_locale);
  if (end != digits.c_str() + digits.size() || range_error || !std::isfinite(value)) return std::nullopt;
  return value;
}

Status Bad(std::string_view option, std::string_view text, const std::string& why) {
  return Status::Error(std::string(option) + " '" + std::string(text) + "': " + why);
}

JsonExpected ParseLiteral(std::string_view text) {
  JsonExpected expected;
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    expected.kind = JsonExpected::Kind::kString;
    expected.text = std::string(text.substr(1, text.size() - 2));
  } else if (text == "true" || text == "false") {
    expected.kind = JsonExpected::Kind::kBoolean;
    expected.boolean = text == "true";
    expected.text = std::string(text);
  } else if (text == "null") {
    expected.kind = JsonExpected::Kind::kNull;
    expected.text = "null";
  } else if (IsJsonNumber(text)) {
    expected.kind = JsonExpected::Kind::kNumber;  // the number is checked by the caller
    expected.text = std::string(text);
  } else {
    expected.kind = JsonExpected::Kind::kString;
    expected.text = std::string(text);
  }
  return expected;
}

}  // namespace

Status ParseJsonPointer(std::string_view text, std::vector<std::string>* tokens) {
  tokens->clear();
  if (text.empty() || text.front() != '/') return Status::Error("a JSON Pointer starts with '/'");
  std::string token;
  for (size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      tokens->push_back(std::move(token));
      token.clear();
    } else if (text[i] == '~') {
      if (i + 1 >= text.size() || (text[i + 1] != '0' && text[i + 1] != '1')) {
        return Status::Error("'~' in a JSON Pointer must be '~0' (for '~') or '~1' (for '/')");
      }
      token += text[++i] == '0' ? '~' : '/';
    } else {
      token += text[i];
    }
  }
  return Status::Ok();
}

Status ParseJsonAssertion(std::string_view text, JsonAssertion* assertion) {
  constexpr std::string_view kOption = "--expect-json";
  JsonAssertion parsed;
  const size_t op_at = text.find_first_of("=!<>");
  parsed.pointer = std::string(text.substr(0, op_at));
  if (Status s = ParseJsonPointer(parsed.pointer, &parsed.tokens); !s.ok()) return Bad(kOption, text, s.message());
  if (op_at == std::string_view::npos) {
    *assertion = std::move(parsed);
    return Status::Ok();
  }
  std::string_view rest = text.substr(op_at);
  struct Spelling {
    std::string_view text;
    JsonOp op;
  };
  // Two-character operators first.
  static constexpr Spelling kSpellings[] = {
      {"=~", JsonOp::kMatches}, {"!=", JsonOp::kNotEqual}, {">=", JsonOp::kGreaterEqual}, {"<=", JsonOp::kLessEqual},
      {"=", JsonOp::kEqual},    {">", JsonOp::kGreater},   {"<", JsonOp::kLess}};
  std::string_view value;
  bool found = false;
  for (const Spelling& spelling : kSpellings) {
    if (rest.substr(0, spelling.text.size()) != spelling.text) continue;
    parsed.op = spelling.op;
    value = rest.substr(spelling.text.size());
    found = true;
    break;
  }
  if (!found) return Bad(kOption, text, "expected one of = != < <= > >= =~ after the pointer");
  switch (parsed.op) {
    case JsonOp::kMatches: {
      if (Status s = CheckRegex(std::string(kOption) + " '" + std::string(text) + "': ", std::string(value)); !s.ok()) {
        return s;
      }
      parsed.expected.kind = JsonExpected::Kind::kRegex;
      parsed.expected.text = std::string(value);
      break;
    }
    case JsonOp::kEqual:
    case JsonOp::kNotEqual: parsed.expected = ParseLiteral(value); break;
    default: parsed.expected.kind = JsonExpected::Kind::kNumber; parsed.expected.text = std::string(value);
  }
  if (parsed.expected.kind == JsonExpected::Kind::kNumber) {
    std::optional<double> number = ToNumber(value);
    if (!number) return Bad(kOption, text, "'" + std::string(value) + "' is not a finite JSON number");
    parsed.expected.number = *number;
  }
  *assertion = std::move(parsed);
  return Status::Ok();
}

Status AddJsonThreshold(std::string_view text, bool critical, std::vector<JsonThreshold>* thresholds) {
  const std::string option = critical ? "--json-critical" : "--json-warning";
  const size_t equals = text.find('=');
  if (equals == std::string_view::npos) return Bad(option, text, "expected POINTER=RANGE, e.g. /encoders/offline=0");
  const std::string pointer(text.substr(0, equals));
  std::vector<std::string> tokens;
  if (Status s = ParseJsonPointer(pointer, &tokens); !s.ok()) return Bad(option, text, s.message());
  Range range;
  if (Status s = ParseRange(text.substr(equals + 1), &range); !s.ok()) return Bad(option, text, s.message());
  JsonThreshold* slot = nullptr;
  for (JsonThreshold& threshold : *thresholds) {
    if (threshold.pointer == pointer) slot = &threshold;
  }
  if (slot == nullptr) {
    thresholds->push_back({pointer, std::move(tokens), std::nullopt, std::nullopt, ""});
    slot = &thresholds->back();
  }
  std::optional<Range>& target = critical ? slot->critical : slot->warning;
  if (target) return Bad(option, text, "a second " + option + " for " + pointer);
  target = range;
  return Status::Ok();
}

void AssignJsonPerfLabels(std::vector<JsonThreshold>* thresholds) {
  std::set<std::string> taken;
  for (JsonThreshold& threshold : *thresholds) {
    std::string label = "json";
    for (const std::string& token : threshold.tokens) label += "_" + token;
    for (char& c : label) {
      const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '.' || c == '-';
      if (!keep) c = '_';
    }
    if (label.size() > kLabelBytes) label.resize(kLabelBytes);
    std::string unique = label;
    for (int n = 2; taken.count(unique) > 0; ++n) unique = label + "_" + std::to_string(n);
    taken.insert(unique);
    threshold.label = unique;
  }
}

std::string DescribeExpectation(const JsonAssertion& assertion) {
  const JsonExpected& expected = assertion.expected;
  const std::string clean = SanitizeLine(expected.text, kQuoteBytes);
  const std::string value = expected.kind == JsonExpected::Kind::kString ? "\"" + clean + "\"" : clean;
  switch (assertion.op) {
    case JsonOp::kExists: return "expected to exist";
    case JsonOp::kEqual: return "expected " + value;
    case JsonOp::kNotEqual: return "expected anything but " + value;
    case JsonOp::kLess: return "expected < " + value;
    case JsonOp::kLessEqual: return "expected <= " + value;
    case JsonOp::kGreater: return "expected > " + value;
    case JsonOp::kGreaterEqual: return "expected >= " + value;
    case JsonOp::kMatches: return "expected to match '" + value + "'";
  }
  return "";
}

}  // namespace dmk
