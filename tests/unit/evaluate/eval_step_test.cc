#include "common/evaluate/eval_step.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/evaluate/evaluate.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::BaseConfig;
using test_support::Contains;
using test_support::Healthy;
using test_support::kNow;
using test_support::LayerOf;
using test_support::MustParse;

TEST(EvalStepTest, CheckPhaseWordsTheRangeItFellIn) {
  Thresholds limits;
  ASSERT_TRUE(ParseRange("0.5", &limits.warning.emplace()).ok());
  ASSERT_TRUE(ParseRange("2", &limits.critical.emplace()).ok());
  struct Case {
    std::optional<double> seconds;
    const char* text;  // "": no problem
    State state;
  };
  const Case cases[] = {
      {std::nullopt, "", State::kOk},
      {0.3, "", State::kOk},
      {0.8, "TLS handshake took 800 ms (warning range 0.5)", State::kWarning},
      {2.5, "TLS handshake took 2.5 s (critical range 2)", State::kCritical},
  };
  for (const Case& c : cases) {
    StepResult step;
    CheckPhase(Layer::kTls, "TLS handshake", c.seconds, limits, ReasonCode::kTlsSlow, &step);
    std::string found;  // "STATE reason layer: text" of each finding
    for (const Finding& f : step.findings) {
      found += std::string(StateName(f.state)) + " " + (f.problem ? ReasonCodeName(f.reason_code) : "-") + " " +
               LayerName(f.layer) + (f.problem ? ": " : "? ") + f.text;
    }
    const std::string expected =
        std::string(c.text).empty() ? "" : std::string(StateName(c.state)) + " tls.slow TLS: " + c.text;
    EXPECT_EQ(found, expected);
  }
}

TEST(EvalStepTest, FactsAndProblemsKeepTheirOrder) {
  StepResult step;
  step.Fact(Layer::kApi, "fact");
  step.Problem(Layer::kApi, State::kWarning, "problem", "advice", ReasonCode::kApiJson);
  ASSERT_EQ(step.findings.size(), 2u);
  EXPECT_FALSE(step.findings[0].problem);
  EXPECT_EQ(step.findings[0].reason_code, ReasonCode::kOk);
  EXPECT_TRUE(step.findings[1].problem);
  EXPECT_EQ(step.findings[1].advice, "advice");
}

struct PhaseCase {
  std::string name;
  Thresholds Config::*limits;
  Layer layer;
  std::string words;
};

// Critical is evaluated before warning (docs/plugin-contract.md, "Thresholds").
TEST(EvalStepTest, PhaseThresholdsRaiseWarningAndCritical) {
  // Healthy(): dns 0.01, connect 0.02, tls 0.05, ttfb 0.1, total 0.15.
  const std::vector<PhaseCase> cases = {
      {"dns", &Config::dns, Layer::kDns, "DNS lookup took"},
      {"connect", &Config::connect, Layer::kTcp, "TCP connect took"},
      {"tls", &Config::tls_handshake, Layer::kTls, "TLS handshake took"},
      {"ttfb", &Config::ttfb, Layer::kHttp, "time to first byte took"},
      {"total", &Config::total, Layer::kHttp, "the whole check took"},
  };
  for (const PhaseCase& c : cases) {
    Config config = BaseConfig();
    (config.*c.limits).warning = MustParse("0.005");
    CheckResult warning = Evaluate(config, Healthy(), kNow);
    EXPECT_EQ(warning.state, State::kWarning) << c.name << ": " << warning.summary;
    EXPECT_EQ(LayerOf(warning, c.layer).state, State::kWarning) << c.name;
    EXPECT_TRUE(Contains(warning.summary, c.words)) << c.name << ": " << warning.summary;
    EXPECT_TRUE(Contains(warning.summary, "warning range 0.005")) << warning.summary;

    (config.*c.limits).critical = MustParse("0.006");
    CheckResult critical = Evaluate(config, Healthy(), kNow);
    EXPECT_EQ(critical.state, State::kCritical) << c.name << ": " << critical.summary;
    EXPECT_TRUE(Contains(critical.summary, "critical range 0.006")) << critical.summary;
    EXPECT_FALSE(Contains(critical.summary, "warning range")) << critical.summary;

    (config.*c.limits).warning = MustParse("1");
    (config.*c.limits).critical = MustParse("2");
    EXPECT_EQ(Evaluate(config, Healthy(), kNow).state, State::kOk) << c.name;
  }
}

}  // namespace
}  // namespace dmk
