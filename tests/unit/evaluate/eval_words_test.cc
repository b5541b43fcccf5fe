#include "common/evaluate/eval_words.h"

#include <gtest/gtest.h>

#include <string>

#include "common/evaluate/evaluate.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::BaseConfig;
using test_support::Contains;
using test_support::Healthy;
using test_support::kNow;

TEST(EvalWordsTest, DurationsDatesAndCounts) {
  EXPECT_EQ(Secs(0.0008), "0.8 ms");
  EXPECT_EQ(Secs(1.25), "1.25 s");
  EXPECT_EQ(TimeoutSecs(2), "2.0 s");
  // A measured time, as a loaded machine gives it for -t 2: one decimal, rounded.
  EXPECT_EQ(TimeoutSecs(1.94), "1.9 s");
  EXPECT_EQ(TimeoutSecs(2.04), "2.0 s");
  EXPECT_EQ(TimeoutSecs(2.96), "3.0 s");
  EXPECT_EQ(Date(1700000000), "2023-11-14");
  EXPECT_EQ(Plural(1, "day"), "1 day");
  EXPECT_EQ(Plural(3, "day"), "3 days");
  EXPECT_EQ(Quote("a|b"), "a/b");
  EXPECT_EQ(Quote(std::string(200, 'x'), 10), "xxxxxxxxxx...");
}

TEST(EvalWordsTest, TargetPrefersTheConnectedAddressAndBracketsIpv6) {
  Config config;
  config.hostname = "dmk.test";
  ProbeOutcome outcome;
  EXPECT_EQ(Target(config, outcome), "dmk.test:443");
  outcome.addresses = {"::1"};
  EXPECT_EQ(Target(config, outcome), "[::1]:443");
  outcome.connected_address = "192.0.2.10";
  outcome.connected_port = 8443;
  EXPECT_EQ(Target(config, outcome), "192.0.2.10:8443");
}

TEST(EvalWordsTest, NetworkTextIsSanitisedInLayerTexts) {
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 500;
  outcome.http.reason_phrase = "Oops | evil=1;2;3\x1b[31m\nsecond line";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  for (const LayerReport& layer : result.layers) {
    EXPECT_EQ(layer.text.find('|'), std::string::npos) << layer.text;
    EXPECT_EQ(layer.text.find('\x1b'), std::string::npos) << layer.text;
    EXPECT_EQ(layer.text.find('\n'), std::string::npos) << layer.text;
  }
  EXPECT_EQ(result.summary.find('|'), std::string::npos) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "Oops / evil")) << result.summary;
}

}  // namespace
}  // namespace dmk
