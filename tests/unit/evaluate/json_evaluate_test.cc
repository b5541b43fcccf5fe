#include "common/evaluate/json_evaluate.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace dmk {
namespace {

constexpr const char* kHealthy =
    R"({"status":"ok","database":"up","encoders":{"online":3,"offline":0},"version":"6.2.1","list":[10,20]})";

JsonChecks Checks(const std::vector<std::string>& assertions, const std::vector<std::string>& warnings = {},
                  const std::vector<std::string>& criticals = {}) {
  JsonChecks checks;
  for (const std::string& text : assertions) {
    JsonAssertion assertion;
    EXPECT_TRUE(ParseJsonAssertion(text, &assertion).ok()) << text;
    checks.assertions.push_back(assertion);
  }
  for (const std::string& text : warnings) EXPECT_TRUE(AddJsonThreshold(text, false, &checks.thresholds).ok());
  for (const std::string& text : criticals) EXPECT_TRUE(AddJsonThreshold(text, true, &checks.thresholds).ok());
  AssignJsonPerfLabels(&checks.thresholds);
  return checks;
}

// The first problem's words, or "" when every check held.
std::string FirstProblem(const std::vector<std::string>& assertions, const std::string& body) {
  JsonVerdict verdict = EvaluateJson(Checks(assertions), body, true);
  return verdict.problems.empty() ? "" : verdict.problems.front().text;
}

struct Case {
  std::string assertion;
  std::string problem;  // "" when it holds
};

TEST(JsonEvaluateTest, JudgesEveryOperatorOnAHealthyAnswer) {
  const std::vector<Case> cases = {
      {"/status", ""},
      {"/status=ok", ""},
      {"/status=\"ok\"", ""},
      {"/status=down", "/status is \"ok\" (expected \"down\")"},
      {"/status!=down", ""},
      {"/status!=ok", "/status is \"ok\" (expected anything but \"ok\")"},
      {"/status!=3", ""},  // another type differs
      {"/encoders/online>=1", ""},
      {"/encoders/online>=4", "/encoders/online is 3 (expected >= 4)"},
      {"/encoders/online>3", "/encoders/online is 3 (expected > 3)"},
      {"/encoders/online<3.5", ""},
      {"/encoders/online<=2", "/encoders/online is 3 (expected <= 2)"},
      {"/encoders/online=3", ""},
      {"/encoders/online=3.0", ""},
      {"/encoders/online=4", "/encoders/online is 3 (expected 4)"},
      {"/version=~^6\\.", ""},
      {"/version=~^7\\.", "/version is \"6.2.1\" (expected to match '^7\\.')"},
      {"/list/1=20", ""},
      {"/list/2", "/list/2 is missing from the answer"},
      {"/list/-", "/list/- is missing from the answer"},
      {"/list/01", "/list/01 is missing from the answer"},
      {"/encoders/online/x", "/encoders/online/x is missing from the answer"},
      {"/nothing", "/nothing is missing from the answer"},
  };
  for (const Case& c : cases) EXPECT_EQ(FirstProblem({c.assertion}, kHealthy), c.problem) << c.assertion;
}

TEST(JsonEvaluateTest, NamesAWrongTypeWithoutPrintingContainers) {
  const std::string body = R"({"online":"3","error":null,"encoders":{"secret":"x"},"up":true,"list":[1]})";
  EXPECT_EQ(FirstProblem({"/online>=1"}, body), "/online is \"3\", not a number (expected >= 1)");
  EXPECT_EQ(FirstProblem({"/encoders=ok"}, body), "/encoders is an object, not a string (expected \"ok\")");
  EXPECT_EQ(FirstProblem({"/list=~x"}, body), "/list is an array, not a string (expected to match 'x')");
  EXPECT_EQ(FirstProblem({"/error=0"}, body), "/error is null, not a number (expected 0)");
  EXPECT_EQ(FirstProblem({"/up=null"}, body), "/up is true, not null (expected null)");
  EXPECT_EQ(FirstProblem({"/online=true"}, body), "/online is \"3\", not true or false (expected true)");
  EXPECT_EQ(FirstProblem({"/up=true", "/error=null", "/error!=0"}, body), "");
}

TEST(JsonEvaluateTest, WordsAnAnswerThatIsNotJson) {
  EXPECT_EQ(FirstProblem({"/a"}, "<!DOCTYPE html><html><head><TITLE>Sign in</TITLE></head></html>"),
            "API answer is not JSON (HTML page \"Sign in\" instead?)");
  EXPECT_EQ(FirstProblem({"/a"}, "<html><title>a|b\x01 c</title>"),
            "API answer is not JSON (HTML page \"a/b? c\" instead?)");
  EXPECT_EQ(FirstProblem({"/a"}, "  <html><body>x</body></html>"), "API answer is not JSON (an HTML page instead?)");
  EXPECT_EQ(FirstProblem({"/a"}, ""), "API answer is empty, not JSON");
  EXPECT_EQ(FirstProblem({"/a"}, "status: ok"),
            "API answer is not JSON (it starts with \"status: ok\"; invalid at byte 1)");
  EXPECT_EQ(FirstProblem({"/a"}, R"({"a":1} trailing)"),
            "API answer is not JSON (it starts with \"{\"a\":1} trailing\"; invalid at byte 11)");
  EXPECT_EQ(FirstProblem({"/a"}, R"({"a":1e400})"),
            "API answer is not usable JSON: a number is out of range near byte 10");
  EXPECT_EQ(EvaluateJson(Checks({"/a"}), R"({"a":1})", false).problems.at(0).text,
            "API answer is larger than the 7 B kept for --expect-json");
}

// nlohmann/json's lexer ends the input at a NUL byte; RFC 8259 text holds none, so what follows it must not
// pass unseen.
TEST(JsonEvaluateTest, ANulByteIsNotJsonWhereverItIs) {
  using namespace std::string_literals;
  for (const auto& [body, words] : std::vector<std::pair<std::string, std::string>>{
           {"{\"status\":\"ok\"}\0garbage"s, "API answer is not JSON (a NUL byte at byte 16)"},
           {"{\"status\":\"ok\"}\0"s, "API answer is not JSON (a NUL byte at byte 16)"},
           {"{\"status\":\"o\0k\"}"s, "API answer is not JSON (a NUL byte at byte 13)"},
           {"\0{\"status\":\"ok\"}"s, "API answer is not JSON (a NUL byte at byte 1)"}}) {
    const JsonVerdict verdict = EvaluateJson(Checks({"/status=ok"}, {"/n=1"}), body, true);
    ASSERT_EQ(verdict.problems.size(), 1u);
    EXPECT_EQ(verdict.problems[0].state, State::kCritical);
    EXPECT_EQ(verdict.problems[0].text, words);
    EXPECT_TRUE(verdict.facts.empty());
    EXPECT_FALSE(verdict.advice.empty());
    ASSERT_EQ(verdict.perfdata.size(), 1u);
    EXPECT_FALSE(verdict.perfdata[0].value.has_value());
  }
  // The same text without the NUL holds.
  EXPECT_EQ(FirstProblem({"/status=ok"}, R"({"status":"ok"})"), "");
}

TEST(JsonEvaluateTest, RefusesDeepNestingBeforeParsing) {
  const std::string deep = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  EXPECT_EQ(FirstProblem({"/a"}, deep), "API answer is nested deeper than 64 levels, not checked");
  EXPECT_EQ(FirstProblem({"/a"}, std::string(1'000'000, '{')),
            "API answer is nested deeper than 64 levels, not checked");
  const std::string ok = std::string(64, '[') + std::string(64, ']');
  EXPECT_EQ(FirstProblem({"/0"}, ok), "");
  EXPECT_EQ(JsonNestingDepth(R"({"a":"[[[[\"[[","b":[1]})", 64), 2u);
}

TEST(JsonEvaluateTest, HugeIntegersNeverCompareEqualByRounding) {
  const std::string body =
      R"({"serial":123456789012345678901234567890,"big":18446744073709551615,"neg":-9223372036854775808})";
  EXPECT_EQ(FirstProblem({"/serial=123456789012345678901234567890"}, body),
            "/serial is 1.23456789012346e+29, too large to compare exactly (expected 123456789012345678901234567890)");
  EXPECT_EQ(FirstProblem({"/serial=123456789012345678901234567891"}, body),
            "/serial is 1.23456789012346e+29, too large to compare exactly (expected 123456789012345678901234567891)");
  EXPECT_EQ(FirstProblem({"/serial>=1"}, body), "");
  EXPECT_EQ(FirstProblem({"/big=18446744073709551615"}, body), "");
  EXPECT_EQ(FirstProblem({"/big=18446744073709551614"}, body),
            "/big is 18446744073709551615 (expected 18446744073709551614)");
  EXPECT_EQ(FirstProblem({"/neg=-9223372036854775808"}, body), "");
  EXPECT_EQ(FirstProblem({"/neg=-9223372036854775807"}, body),
            "/neg is -9223372036854775808 (expected -9223372036854775807)");
}

TEST(JsonEvaluateTest, ThresholdsGiveStatesAndPerfdata) {
  const std::string degraded = R"({"encoders":{"online":1,"offline":3},"status":"ok"})";
  JsonChecks checks = Checks({}, {"/encoders/offline=0", "/encoders/online=2:"}, {"/encoders/offline=2"});
  JsonVerdict verdict = EvaluateJson(checks, degraded, true);
  ASSERT_EQ(verdict.problems.size(), 2u);
  EXPECT_EQ(verdict.problems[0].state, State::kCritical);
  EXPECT_EQ(verdict.problems[0].text, "/encoders/offline is 3 (critical range 2)");
  EXPECT_EQ(verdict.problems[1].state, State::kWarning);
  EXPECT_EQ(verdict.problems[1].text, "/encoders/online is 1 (warning range 2:)");
  ASSERT_EQ(verdict.perfdata.size(), 2u);
  EXPECT_EQ(FormatPerfValue(verdict.perfdata[0]), "json_encoders_offline=3;0;2");
  EXPECT_EQ(FormatPerfValue(verdict.perfdata[1]), "json_encoders_online=1;2:");

  verdict = EvaluateJson(checks, R"({"encoders":{"online":"x"}})", true);
  EXPECT_EQ(verdict.problems.at(0).text, "/encoders/offline is missing from the answer");
  EXPECT_EQ(verdict.problems.at(1).text, "/encoders/online is \"x\", not a number");
  EXPECT_EQ(FormatPerfdata(verdict.perfdata), "json_encoders_offline=U;0;2 json_encoders_online=U;2:");

  verdict = EvaluateJson(checks, "<html><title>Sign in</title>", true);
  EXPECT_EQ(FormatPerfdata(verdict.perfdata), "json_encoders_offline=U;0;2 json_encoders_online=U;2:");
  EXPECT_EQ(FormatPerfdata(JsonPerfdataNotReached(checks)), "json_encoders_offline=U;0;2 json_encoders_online=U;2:");

  verdict = EvaluateJson(checks, R"({"encoders":{"online":5,"offline":0}})", true);
  EXPECT_TRUE(verdict.problems.empty());
  EXPECT_TRUE(verdict.advice.empty());
  EXPECT_EQ(verdict.facts, (std::vector<std::string>{"/encoders/offline is 0", "/encoders/online is 5"}));
}

TEST(JsonEvaluateTest, QuotesOnlySanitisedCutScalars) {
  const std::string body = "{\"s\":\"" + std::string(500, 'x') + "|\\u0007\"}";
  const std::string problem = FirstProblem({"/s=ok"}, body);
  EXPECT_EQ(problem, "/s is \"" + std::string(60, 'x') + "...\" (expected \"ok\")");
  EXPECT_EQ(FirstProblem({"/s=~^y"}, R"({"s":"a|b\u0000c"})"), "/s is \"a/b?c\" (expected to match '^y')");
  EXPECT_EQ(FirstProblem({"/s=~c$"}, R"({"s":"a|b\u0000c"})"), "");  // the match sees past the NUL
}

}  // namespace
}  // namespace dmk
