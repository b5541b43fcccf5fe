#include "common/evaluate/json_evaluate.h"

#include <locale.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/base/ascii.h"
#include "common/base/posix_regex.h"
#include "common/base/sanitize.h"

namespace dmk {

namespace {

using Json = nlohmann::json;

constexpr std::size_t kQuoteBytes = 60;
// Doubles hold every integer up to 2^53 exactly; beyond it, equal doubles may stand for unequal numbers.
constexpr double kExactLimit = 9007199254740992.0;

// Records why and where parsing failed; accepts every event (nothing is built). Used only once a parse
// has failed, to word the failure.
class ErrorProbe : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
    position_ = position;
    out_of_range_ = error.id == 406;  // out_of_range.406: number overflow
    return false;
  }
  std::size_t position() const { return position_; }
  bool out_of_range() const { return out_of_range_; }

 private:
  std::size_t position_ = 0;
  bool out_of_range_ = false;
};

// "API answer is not JSON (...)": names an HTML page by its title, a number out of range, or where it broke.
std::string NotJsonWords(std::string_view body) {
  const size_t start = body.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "API answer is empty, not JSON";
  if (body[start] == '<') {
    const std::string head = AsciiLower(body.substr(0, 64 * 1024));
    const size_t open = head.find("<title");
    const size_t text_at = open == std::string::npos ? open : head.find('>', open);
    const size_t close = text_at == std::string::npos ? text_at : head.find("</title", text_at);
    std::string title;
    if (close != std::string::npos) title = SanitizeLine(body.substr(text_at + 1, close - text_at - 1), kQuoteBytes);
    if (title.empty()) return "API answer is not JSON (an HTML page instead?)";
    return "API answer is not JSON (HTML page \"" + title + "\" instead?)";
  }
  ErrorProbe probe;
  (void)Json::sax_parse(body, &probe);
  if (probe.out_of_range()) {
    return "API answer is not usable JSON: a number is out of range near byte " + std::to_string(probe.position());
  }
  return "API answer is not JSON (it starts with \"" + SanitizeLine(body.substr(start, 40), 40) +
         "\"; invalid at byte " + std::to_string(probe.position()) + ")";
}

// The value `tokens` point at (RFC 6901 section 4), or nullptr. Never throws.
const Json* Lookup(const Json& root, const std::vector<std::string>& tokens) {
  const Json* at = &root;
  for (const std::string& token : tokens) {
    if (at->is_object()) {
      auto found = at->find(token);
      if (found == at->end()) return nullptr;
      at = &*found;
    } else if (at->is_array()) {
      // An index is "0" or digits without a leading zero; "-" (past the end) never exists.
      if (token.empty() || (token.size() > 1 && token[0] == '0')) return nullptr;
      std::size_t index = 0;
      auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (error != std::errc() || end != token.data() + token.size() || index >= at->size()) return nullptr;
      at = &(*at)[index];
    } else {
      return nullptr;
    }
  }
  return at;
}

std::string NumberWords(const Json& value) {
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  // printf in the "C" locale, not std::to_chars: libstdc++ 12's to_chars(double) would make every check load
  // libm (number.cc says more). 15 significant digits: no more than a double holds.
  locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
  if (c_locale == locale_t{}) return "?";
  const locale_t previous = uselocale(c_locale);
  char text[40];
  const int length = std::snprintf(text, sizeof text, "%.15g", value.get<double>());
  if (previous != locale_t{}) uselocale(previous);
  freelocale(c_locale);
  if (length <= 0 || static_cast<std::size_t>(length) >= sizeof text) return "?";
  return std::string(text, static_cast<std::size_t>(length));
}

// A scalar as JSON would write it (strings quoted, sanitised, cut); containers only by their kind.
std::string ValueWords(const Json& value) {
  if (value.is_string()) return "\"" + SanitizeLine(value.get_ref<const std::string&>(), kQuoteBytes) + "\"";
  if (value.is_number()) return NumberWords(value);
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_null()) return "null";
  return value.is_object() ? "an object" : "an array";
}

// Equality of a JSON number and the expected one; nullopt when doubles cannot tell (beyond 2^53).
std::optional<bool> NumbersEqual(const Json& value, const JsonExpected& expected) {
  const std::string& text = expected.text;
  if (value.is_number_integer() && text.find_first_of(".eE") == std::string::npos) {
    if (text[0] == '-') {
      std::int64_t want = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), want);
      if (error == std::errc() && end == text.data() + text.size()) {
        return !value.is_number_unsigned() && value.get<std::int64_t>() == want;
      }
    } else {
      std::uint64_t want = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), want);
      if (error == std::errc() && end == text.data() + text.size()) {
        return value.is_number_unsigned()
                   ? value.get<std::uint64_t>() == want
                   : value.get<std::int64_t>() >= 0 && static_cast<std::uint64_t>(value.get<std::int64_t>()) == want;
      }
    }
  }
  const double actual = value.get<double>();
  if (std::fabs(actual) >= kExactLimit || std::fabs(expected.number) >= kExactLimit) {
    if (actual != expected.number) return false;
    return std::nullopt;
  }
  return actual == expected.number;
}

// The type the expectation needs, when the value has another: "a number", "a string", ...
const char* WantedType(const JsonAssertion& assertion, const Json& value) {
  using Kind = JsonExpected::Kind;
  switch (assertion.op) {
    case JsonOp::kExists:
    case JsonOp::kNotEqual: return nullptr;
    case JsonOp::kMatches: return value.is_string() ? nullptr : "a string";
    case JsonOp::kEqual:
      switch (assertion.expected.kind) {
        case Kind::kString: return value.is_string() ? nullptr : "a string";
        case Kind::kNumber: return value.is_number() ? nullptr : "a number";
        case Kind::kBoolean: return value.is_boolean() ? nullptr : "true or false";
        case Kind::kNull: return value.is_null() ? nullptr : "null";
        default: return nullptr;
      }
    default: return value.is_number() ? nullptr : "a number";
  }
}

// True, false, or nullopt when the value cannot be compared exactly.
std::optional<bool> Holds(const JsonAssertion& assertion, const Json& value) {
  const JsonExpected& expected = assertion.expected;
  auto equal = [&]() -> std::optional<bool> {
    switch (expected.kind) {
      case JsonExpected::Kind::kString:
        return value.is_string() && value.get_ref<const std::string&>() == expected.text;
      case JsonExpected::Kind::kNumber: return value.is_number() ? NumbersEqual(value, expected) : false;
      case JsonExpected::Kind::kBoolean: return value.is_boolean() && value.get<bool>() == expected.boolean;
      case JsonExpected::Kind::kNull: return value.is_null();
      default: return false;
    }
  };
  switch (assertion.op) {
    case JsonOp::kExists: return true;
    case JsonOp::kEqual: return equal();
    case JsonOp::kNotEqual: {
      std::optional<bool> same = equal();
      return same ? std::optional<bool>(!*same) : std::nullopt;
    }
    case JsonOp::kLess: return value.get<double>() < expected.number;
    case JsonOp::kLessEqual: return value.get<double>() <= expected.number;
    case JsonOp::kGreater: return value.get<double>() > expected.number;
    case JsonOp::kGreaterEqual: return value.get<double>() >= expected.number;
    case JsonOp::kMatches: return FirstMatch(expected.text, value.get_ref<const std::string&>()).has_value();
  }
  return false;
}

void CheckAssertion(const JsonAssertion& assertion, const Json& root, JsonVerdict* verdict) {
  const std::string name = SanitizeLine(assertion.pointer, kQuoteBytes);
  const Json* value = Lookup(root, assertion.tokens);
  if (value == nullptr) {
    verdict->problems.push_back({State::kCritical, name + " is missing from the answer"});
    return;
  }
  const std::string words = ValueWords(*value);
  const std::string expectation = DescribeExpectation(assertion);
  if (const char* wanted = WantedType(assertion, *value)) {
    verdict->problems.push_back(
        {State::kCritical, name + " is " + words + ", not " + wanted + " (" + expectation + ")"});
    return;
  }
  std::optional<bool> holds = Holds(assertion, *value);
  if (!holds) {
    verdict->problems.push_back(
        {State::kCritical, name + " is " + words + ", too large to compare exactly (" + expectation + ")"});
  } else if (!*holds) {
    verdict->problems.push_back({State::kCritical, name + " is " + words + " (" + expectation + ")"});
  } else {
    verdict->facts.push_back(name + " is " + words);
  }
}

void CheckThreshold(const JsonThreshold& threshold, const Json& root, JsonVerdict* verdict) {
  const std::string name = SanitizeLine(threshold.pointer, kQuoteBytes);
  PerfValue perf{threshold.label, std::nullopt, "", threshold.warning, threshold.critical, std::nullopt, std::nullopt};
  const Json* value = Lookup(root, threshold.tokens);
  if (value == nullptr) {
    verdict->problems.push_back({State::kCritical, name + " is missing from the answer"});
  } else if (!value->is_number()) {
    verdict->problems.push_back({State::kCritical, name + " is " + ValueWords(*value) + ", not a number"});
  } else {
    const double number = value->get<double>();
    perf.value = number;
    const std::string words = name + " is " + NumberWords(*value);
    if (threshold.critical && threshold.critical->Alerts(number)) {
      verdict->problems.push_back({State::kCritical, words + " (critical range " + threshold.critical->text() + ")"});
    } else if (threshold.warning && threshold.warning->Alerts(number)) {
      verdict->problems.push_back({State::kWarning, words + " (warning range " + threshold.warning->text() + ")"});
    } else {
      verdict->facts.push_back(words);
    }
  }
  verdict->perfdata.push_back(std::move(perf));
}

}  // namespace

std::size_t JsonNestingDepth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size() && deepest <= limit; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::vector<PerfValue> JsonPerfdataNotReached(const JsonChecks& checks) {
  std::vector<PerfValue> perfdata;
  for (const JsonThreshold& threshold : checks.thresholds) {
    perfdata.push_back(
        {threshold.label, std::nullopt, "", threshold.warning, threshold.critical, std::nullopt, std::nullopt});
  }
  return perfdata;
}

JsonVerdict EvaluateJson(const JsonChecks& checks, std::string_view body, bool body_complete) {
  JsonVerdict verdict;
  auto refuse = [&](std::string text, std::string advice) {
    verdict.problems.push_back({State::kCritical, std::move(text)});
    verdict.perfdata = JsonPerfdataNotReached(checks);
    verdict.advice = std::move(advice);
    return verdict;
  };
  if (!body_complete) {
    return refuse("API answer is larger than the " + std::to_string(body.size()) + " B kept for --expect-json",
                  "A DMK health answer is a few KiB: check --uri.");
  }
  if (JsonNestingDepth(body, kMaxJsonDepth) > kMaxJsonDepth) {
    return refuse("API answer is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels, not checked",
                  "No DMK health answer is nested this deep: check what answers on --uri.");
  }
  // RFC 8259 text holds no raw NUL, and nlohmann/json's lexer takes one for the end of the input: without
  // this, '{"status":"ok"}' NUL 'garbage' would pass as that object.
  if (const std::size_t nul = body.find('\0'); nul != std::string_view::npos) {
    return refuse("API answer is not JSON (a NUL byte at byte " + std::to_string(nul + 1) + ")",
                  "Something other than the DMK API answered, or the answer was corrupted on the way: check "
                  "--uri and what answers there.");
  }
  const Json root = Json::parse(body, nullptr, false);
  if (root.is_discarded()) {
    return refuse(NotJsonWords(body),
                  "Something other than the DMK API answered (a login page, a proxy or an "
                  "error page?): check --uri and what answers there.");
  }
  for (const JsonAssertion& assertion : checks.assertions) CheckAssertion(assertion, root, &verdict);
  for (const JsonThreshold& threshold : checks.thresholds) CheckThreshold(threshold, root, &verdict);
  if (!verdict.problems.empty()) {
    verdict.advice =
        "The DMK API answered, but its JSON does not say what --expect-json/--json-warning/"
        "--json-critical ask: have the contractor check the service behind it (database, encoders).";
  }
  return verdict;
}

}  // namespace dmk
