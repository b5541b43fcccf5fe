// libFuzzer target: the --expect-json/--json-* parser (common/model/json_assert.h) and the JSON evaluation
// (common/evaluate/json_evaluate.h). Input: the option text, a newline, then the body. Asserts: a parse failure
// names its option; a parsed assertion or threshold evaluates against any body without crashing, without
// unbounded recursion (deep nesting is refused before parsing), and every word it yields is one line of
// sanitised, bounded text with valid perfdata.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/base/perfdata.h"
#include "common/evaluate/json_evaluate.h"
#include "common/model/json_assert.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using dmk::fuzz::Check;

void CheckVerdict(const dmk::JsonVerdict& verdict, const dmk::JsonChecks& checks, std::string_view input) {
  for (const dmk::JsonFinding& finding : verdict.problems) {
    Check(!finding.text.empty() && finding.text.size() <= 400, "a problem is bounded words", finding.text);
    Check(dmk::fuzz::NoControlBytes(finding.text, false), "no control bytes in a problem", finding.text);
    Check(dmk::fuzz::CleanUtf8(finding.text), "a problem is valid UTF-8", finding.text);
    Check(finding.text.find('|') == std::string::npos, "no '|' in a problem", finding.text);
  }
  for (const std::string& fact : verdict.facts) {
    Check(fact.size() <= 400 && fact.find('|') == std::string::npos && dmk::fuzz::NoControlBytes(fact, false),
          "a fact is one bounded sanitised line", fact);
  }
  Check(verdict.perfdata.size() == checks.thresholds.size(), "one perfdata value per threshold", input);
  for (const dmk::PerfValue& value : verdict.perfdata) {
    const std::string item = dmk::FormatPerfValue(value);
    Check(dmk::fuzz::ValidPerfItem(item), "perfdata item valid", item);
  }
  Check(verdict.problems.empty() == verdict.advice.empty(), "advice exactly when there is a problem", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view option = input.substr(0, newline);
  const std::string_view body = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  dmk::JsonChecks checks;
  dmk::JsonAssertion assertion;
  const dmk::Status parsed = dmk::ParseJsonAssertion(option, &assertion);
  if (parsed.ok()) {
    checks.assertions.push_back(assertion);
    Check(!assertion.pointer.empty() && assertion.pointer[0] == '/', "a pointer starts with '/'", option);
    const std::string words = dmk::DescribeExpectation(assertion);
    Check(words.find('|') == std::string::npos && dmk::fuzz::NoControlBytes(words, false),
          "the expectation is sanitised", words);
  } else {
    Check(parsed.message().rfind("--expect-json '", 0) == 0, "the error names --expect-json", parsed.message());
  }
  for (bool critical : {false, true}) {
    const dmk::Status added = dmk::AddJsonThreshold(option, critical, &checks.thresholds);
    if (!added.ok()) {
      Check(added.message().rfind(critical ? "--json-critical '" : "--json-warning '", 0) == 0,
            "the error names its option", added.message());
    }
  }
  dmk::AssignJsonPerfLabels(&checks.thresholds);
  for (const dmk::JsonThreshold& threshold : checks.thresholds) {
    Check(!threshold.label.empty() && threshold.label.size() <= 48, "a label is bounded", threshold.label);
  }
  CheckVerdict(dmk::EvaluateJson(checks, body, true), checks, input);
  CheckVerdict(dmk::EvaluateJson(checks, body, false), checks, input);
  return 0;
}
