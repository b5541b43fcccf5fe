#include "common/eval_step.h"

#include <gtest/gtest.h>

#include "common/evaluate.h"

namespace dmk {
namespace {

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
    CheckPhase(Layer::kTls, "TLS handshake", c.seconds, limits, "tls.slow", &step);
    std::string found;  // "STATE reason layer: text" of each finding
    for (const Finding& f : step.findings) {
      found += std::string(StateName(f.state)) + " " + (f.reason ? f.reason : "-") + " " + LayerName(f.layer) +
               (f.problem ? ": " : "? ") + f.text;
    }
    const std::string expected =
        std::string(c.text).empty() ? "" : std::string(StateName(c.state)) + " tls.slow TLS: " + c.text;
    EXPECT_EQ(found, expected);
  }
}

TEST(EvalStepTest, FactsAndProblemsKeepTheirOrder) {
  StepResult step;
  step.Fact(Layer::kApi, "fact");
  step.Problem(Layer::kApi, State::kWarning, "problem", "advice", "api.json");
  ASSERT_EQ(step.findings.size(), 2u);
  EXPECT_FALSE(step.findings[0].problem);
  EXPECT_EQ(step.findings[0].reason, nullptr);
  EXPECT_TRUE(step.findings[1].problem);
  EXPECT_EQ(step.findings[1].advice, "advice");
}

}  // namespace
}  // namespace dmk
