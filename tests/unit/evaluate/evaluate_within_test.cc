// EvaluateWithin (common/evaluate/evaluate_within.h): the answer's checks end by the deadline whatever the regular
// expression, and give Evaluate's own result when they finish.
#include "common/evaluate/evaluate_within.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "common/report/render.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::kNow;
using test_support::PlainAnswer;
using test_support::PlainConfig;

std::chrono::steady_clock::time_point In(double seconds) {
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

TEST(EvaluateWithinTest, GivesEvaluatesResultWhenTheChecksFinish) {
  Config config = PlainConfig();
  config.expect_body = "x+y";
  const ProbeOutcome outcome = PlainAnswer(200, "xxxy");
  std::optional<CheckResult> result = EvaluateWithin(config, outcome, kNow, In(600));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->state, State::kOk);
  EXPECT_EQ(Render("dmk.test", *result, {}), Render("dmk.test", Evaluate(config, outcome, kNow), {}));
}

// Nothing to bound: no body check, or no answer. Evaluate runs even with the deadline already past, so a
// probe that used all of -t is still reported for what it found.
TEST(EvaluateWithinTest, RunsWithoutAThreadWhenThereIsNothingToBound) {
  const std::optional<CheckResult> plain = EvaluateWithin(PlainConfig(), PlainAnswer(200, "x"), kNow, In(-1));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->state, State::kOk);
  Config config = PlainConfig();
  config.expect_body = "(x|xx)*y";
  ProbeOutcome timed_out;
  timed_out.failure = Failure::kTimeout;
  const std::optional<CheckResult> failed = EvaluateWithin(config, timed_out, kNow, In(-1));
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->state, State::kCritical);
}

// glibc's regexec is quadratic in the text for "(x|xx)*y" over 'x's: over 64 KiB it ran for 26 s on the
// 2-core test machine.
TEST(EvaluateWithinTest, EndsByTheDeadlineWhateverTheRegularExpression) {
  Config config = PlainConfig();
  config.expect_body = "(x|xx)*y";
  const ProbeOutcome outcome = PlainAnswer(200, std::string(64 * 1024, 'x'));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(EvaluateWithin(config, outcome, kNow, In(0.3)).has_value());
  // A bound, not a measured figure: the wait ends at the deadline, whatever the machine's load.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(EvaluateWithinTest, UnfinishedWordsNameTheOptionsTheLimitAndTheBody) {
  Config config = PlainConfig();
  config.timeout_s = 3;
  config.expect_body = "(x|xx)*y";
  EXPECT_EQ(UnfinishedWords(config, PlainAnswer(200, std::string(65536, 'x'))),
            "the checks of the answer (--expect-body) did not finish within the time limit (-t 3) over a 65536 B "
            "body: a regular expression too costly for glibc's matcher? Simplify it, or lower --max-body");
  config.reject_body = "maintenance";
  JsonAssertion assertion;
  ASSERT_TRUE(ParseJsonAssertion("/status=~^ok$", &assertion).ok());
  config.json.assertions.push_back(assertion);
  EXPECT_EQ(UnfinishedWords(config, PlainAnswer(200, "{}"))
                .rfind("the checks of the answer (--expect-body, --reject-body and --expect-json) did not finish", 0),
            0u);
  EXPECT_FALSE(ChecksTheAnswer(PlainConfig()));
  EXPECT_TRUE(ChecksTheAnswer(config));
}

}  // namespace
}  // namespace dmk
