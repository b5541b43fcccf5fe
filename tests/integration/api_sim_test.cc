// The API layer in depth: the real plugin against the simulator's `json=NAME`
// answers (tests/sim/README.md), with --expect-json, --json-warning/--json-critical, --reject-body and
// --expect-header; asserts the exit code, the first words of the status line and the perfdata. Runs
// inside tests/run_in_netns.sh, as plugin_sim_test.cc does.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/integration/harness.h"

namespace dmk::testing {
namespace {

// One listener per answer, all in one simulator.
const std::vector<std::string> kAnswers = {"healthy",   "degraded",    "missing",         "wrong_type",  "not_json",
                                           "login",     "deep",        "huge_number",     "big_integer", "maintenance",
                                           "html_type", "nul_garbage", "trailing_garbage"};
constexpr int kFirstPort = 18461;

std::string PortOf(const std::string& answer) {
  for (size_t i = 0; i < kAnswers.size(); ++i) {
    if (kAnswers[i] == answer) return std::to_string(kFirstPort + static_cast<int>(i));
  }
  return "0";
}

// An operator's rule: healthy only if /status is ok and an encoder is online; graph the
// offline encoders (WARNING with any offline, CRITICAL above 2).
const std::vector<std::string> kHealthRule = {"--expect-json",       "/status=ok",         "--expect-json",
                                              "/encoders/online>=1", "--json-warning",     "/encoders/offline=0",
                                              "--json-critical",     "/encoders/offline=2"};

struct ApiCase {
  const char* name;
  std::string answer;
  std::vector<std::string> args;  // beyond -H dmk.test -p PORT --ca-file CA -u /api/status --community "Oak Park"
  int exit_code;
  std::string starts_with;          // the status text after "DMK COMMUNITY <STATE> - Oak Park: "
  std::string perf;                 // a perfdata item that must be there ("" : none)
  std::vector<std::string> absent;  // words that must not be anywhere in the output
};

std::ostream& operator<<(std::ostream& out, const ApiCase& c) { return out << c.name; }

class ApiCaseTest : public ::testing::TestWithParam<ApiCase> {
 protected:
  static void SetUpTestSuite() {
    std::vector<std::string> listeners;
    for (const std::string& answer : kAnswers) listeners.push_back(PortOf(answer) + ":json=" + answer);
    sim_ = std::make_unique<Simulator>(listeners);
  }
  static void TearDownTestSuite() { sim_.reset(); }
  static std::unique_ptr<Simulator> sim_;
};
std::unique_ptr<Simulator> ApiCaseTest::sim_;

TEST_P(ApiCaseTest, NamesTheValueInPlainWords) {
  static const char* kStates[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  const ApiCase& c = GetParam();
  ASSERT_TRUE(sim_->ready()) << "simulator did not start";
  std::vector<std::string> args = {"-H",           "dmk.test", "-p",          PortOf(c.answer), "--ca-file",
                                   sim_->CaFile(), "-u",       "/api/status", "--community",    "Oak Park"};
  args.insert(args.end(), c.args.begin(), c.args.end());
  ProcessResult result = RunPlugin(args);
  EXPECT_EQ(result.exit_code, c.exit_code) << result.out;
  EXPECT_EQ(result.err, "");
  const std::string prefix = std::string("DMK COMMUNITY ") + kStates[c.exit_code] + " - Oak Park: ";
  EXPECT_EQ(result.FirstLine().rfind(prefix + c.starts_with, 0), 0u) << result.out;
  EXPECT_FALSE(PerfdataLabels(result.Perfdata()).empty()) << result.Perfdata();
  if (!c.perf.empty()) {
    EXPECT_TRUE(Has(" " + result.Perfdata() + " ", " " + c.perf + " ")) << result.Perfdata();
  }
  for (const std::string& word : c.absent) EXPECT_FALSE(Has(result.out, word)) << word << "\n" << result.out;
  EXPECT_LT(result.seconds, 5);
}

INSTANTIATE_TEST_SUITE_P(
    JsonAssertions, ApiCaseTest,
    ::testing::Values(
        ApiCase{"Healthy", "healthy", kHealthRule, 0, "HTTP 200 OK", "json_encoders_offline=0;0;2", {}},
        ApiCase{"HealthyStatesWhatHeldInTheApiLine", "healthy", kHealthRule, 0, "HTTP 200", "", {"is missing"}},
        ApiCase{"Degraded",
                "degraded",
                kHealthRule,
                2,
                "/status is \"degraded\" (expected \"ok\"); /encoders/online is 0 (expected >= 1); "
                "/encoders/offline is 3 (critical range 2)",
                "json_encoders_offline=3;0;2",
                {}},
        ApiCase{"OneEncoderOfflineIsAWarning",
                "degraded",
                {"--json-warning", "/encoders/offline=0", "--json-critical", "/encoders/offline=5"},
                1,
                "/encoders/offline is 3 (warning range 0)",
                "json_encoders_offline=3;0;5",
                {}},
        ApiCase{"MissingKey",
                "missing",
                kHealthRule,
                2,
                "/encoders/online is missing from the answer; /encoders/offline is missing from the answer",
                "json_encoders_offline=U;0;2",
                {}},
        ApiCase{"WrongType",
                "wrong_type",
                kHealthRule,
                2,
                "/encoders/online is \"3\", not a number (expected >= 1); /encoders/offline is null, not a number",
                "json_encoders_offline=U;0;2",
                {}},
        ApiCase{"NotJson",
                "not_json",
                kHealthRule,
                2,
                "API answer is not JSON (it starts with \"status: ok",
                "json_encoders_offline=U;0;2",
                {}},
        ApiCase{"NulByteThenGarbage",
                "nul_garbage",
                kHealthRule,
                2,
                "API answer is not JSON (a NUL byte at byte 16)",
                "json_encoders_offline=U;0;2",
                {"/status is \"ok\"", "garbage"}},
        ApiCase{"GarbageAfterTheJsonText",
                "trailing_garbage",
                {"--expect-json", "/status=ok"},
                2,
                "API answer is not JSON (it starts with \"{\"status\":\"ok\"} garbage\"; invalid at byte 17)",
                "",
                {"/status is \"ok\""}},
        ApiCase{"HtmlLoginPage",
                "login",
                kHealthRule,
                2,
                "API answer is not JSON (HTML page \"Sign in\" instead?)",
                "json_encoders_offline=U;0;2",
                {"<form", "<input"}},
        ApiCase{"DeepNesting",
                "deep",
                {"--expect-json", "/0"},
                2,
                "API answer is nested deeper than 64 levels, not checked",
                "",
                {"[[["}},
        ApiCase{"NumberOutOfRange",
                "huge_number",
                kHealthRule,
                2,
                "API answer is not usable JSON: a number is out of range near byte",
                "",
                {"inf"}},
        ApiCase{"ThirtyDigitIntegerIsNotComparedByRounding",
                "big_integer",
                {"--expect-json", "/serial=123456789012345678901234567891"},
                2,
                "/serial is 1.23456789012346e+29, too large to compare exactly (expected "
                "123456789012345678901234567891)",
                "",
                {}},
        ApiCase{"ThirtyDigitIntegerGraphs",
                "big_integer",
                {"--expect-json", "/serial>=1", "--json-critical", "/events=1:"},
                0,
                "HTTP 200",
                "json_events=123456789012345677877719597056;;1:",
                {}},
        ApiCase{"RegexOnAString",
                "healthy",
                {"--expect-json", "/version=~^7\\."},
                2,
                "/version is \"6.2.1\" (expected to match '^7\\.')",
                "",
                {}},
        ApiCase{"JsonWithoutThresholdsAddsNoPerfdata",
                "healthy",
                {"--expect-json", "/database=up"},
                0,
                "HTTP 200",
                "size=85B;;;0",
                {"json_"}}),
    [](const ::testing::TestParamInfo<ApiCase>& param_info) { return std::string(param_info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    RejectBody, ApiCaseTest,
    ::testing::Values(
        ApiCase{"MaintenancePageIsCritical",
                "maintenance",
                {"--reject-body", "[Mm]aintenance"},
                2,
                "response body matches --reject-body '[Mm]aintenance' (found \"Maintenance\")",
                "",
                {}},
        ApiCase{"MaintenancePageAsWarning",
                "maintenance",
                {"--reject-body", "Down for [a-z]+", "--reject-body-state", "warning"},
                1,
                "response body matches --reject-body 'Down for [a-z]+' (found \"Down for maintenance\")",
                "",
                {}},
        ApiCase{"WhatMatchedIsSanitised",
                "maintenance",
                {"--reject-body", "Back at[^<]*"},
                2,
                "response body matches --reject-body 'Back at[^<]*' (found \"Back at 06:00 / call 555-0100\")",
                "",
                {}},
        ApiCase{"HealthyAnswerPasses", "healthy", {"--reject-body", "[Mm]aintenance"}, 0, "HTTP 200", "", {}},
        ApiCase{"RejectAndJsonBothSpeak",
                "maintenance",
                {"--reject-body", "maintenance", "--expect-json", "/status=ok"},
                2,
                "response body matches --reject-body 'maintenance' (found \"maintenance\"); API answer is not JSON "
                "(HTML page \"Maintenance\" instead?)",
                "",
                {}}),
    [](const ::testing::TestParamInfo<ApiCase>& param_info) { return std::string(param_info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    ExpectHeader, ApiCaseTest,
    ::testing::Values(ApiCase{"JsonContentTypePasses",
                              "healthy",
                              {"--expect-header", "content-type: ^application/json"},
                              0,
                              "HTTP 200",
                              "",
                              {}},
                      ApiCase{
                          "WrongContentType",
                          "html_type",
                          {"--expect-header", "Content-Type: ^application/json"},
                          2,
                          "response header Content-Type is \"text/html; charset=utf-8\" (expected '^application/json')",
                          "",
                          {}},
                      ApiCase{"MissingHeader",
                              "healthy",
                              {"--expect-header", "X-Frame-Options:"},
                              2,
                              "response header X-Frame-Options is missing (expected to be there)",
                              "",
                              {}},
                      ApiCase{"SecretHeaderIsRedacted",
                              "healthy",
                              {"--expect-header", "Set-Cookie: ^theme=", "-vvv"},
                              2,
                              "response header Set-Cookie is \"[redacted]\" (expected '^theme=')",
                              "",
                              {"SIM-SECRET-COOKIE"}},
                      ApiCase{"SeveralHeadersAllChecked",
                              "html_type",
                              {"--expect-header", "X-DMK-Version: ^6\\.", "--expect-header", "Content-Type: json"},
                              2,
                              "response header Content-Type is \"text/html; charset=utf-8\" (expected 'json')",
                              "",
                              {"X-DMK-Version is"}}),
    [](const ::testing::TestParamInfo<ApiCase>& param_info) { return std::string(param_info.param.name); });

TEST(ApiOptionsTest, MalformedJsonOptionsAreUnknownNamingTheOption) {
  for (const auto& [args, words] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--expect-json", "status=ok"}, "--expect-json 'status=ok': a JSON Pointer starts with '/'"},
           {{"--expect-json", "/a>=x"}, "--expect-json '/a>=x': 'x' is not a finite JSON number"},
           {{"--json-warning", "/a"}, "--json-warning '/a': expected POINTER=RANGE"},
           {{"--json-critical", "/a=20:10"}, "--json-critical '/a=20:10': malformed range"},
           {{"--method", "HEAD", "--expect-json", "/a"}, "make no sense with --method HEAD"},
           {{"--reject-body", "("}, "--reject-body '(': not a valid POSIX extended regular expression"},
           {{"--reject-body", "x", "--reject-body-state", "ok"},
            "--reject-body-state 'ok' must be warning or critical"},
           {{"--reject-body-state", "warning"}, "--reject-body-state needs --reject-body"},
           {{"--expect-header", "Content-Type"}, "--expect-header 'Content-Type': expected 'Name: REGEX'"}}) {
    std::vector<std::string> full = {"-H", "dmk.test"};
    full.insert(full.end(), args.begin(), args.end());
    ProcessResult result = RunPlugin(full);
    EXPECT_EQ(result.exit_code, 3) << result.out;
    EXPECT_TRUE(Has(result.FirstLine(), words)) << result.out;
  }
}

}  // namespace
}  // namespace dmk::testing
