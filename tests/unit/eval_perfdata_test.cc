#include "common/eval_perfdata.h"

#include <gtest/gtest.h>

#include <string>

namespace dmk {
namespace {

constexpr std::int64_t kNow = 1700000000;

std::string Labels(const std::vector<PerfValue>& values) {
  std::string labels;
  for (const PerfValue& value : values) labels += (labels.empty() ? "" : " ") + value.label;
  return labels;
}

ProbeOutcome Answered() {
  ProbeOutcome outcome;
  outcome.phases = {0.01, 0.02, 0.05, 0.1, 0.15};
  outcome.tls.certificate_seen = true;
  outcome.tls.earliest_not_after = kNow + 20 * 86400 + 100;
  outcome.http.response_started = true;
  outcome.http.body_bytes = 42;
  return outcome;
}

TEST(EvalPerfdataTest, PhasesSizeAndCertificateDays) {
  const std::vector<PerfValue> values = Perfdata(Config(), Answered(), kNow, {});
  EXPECT_EQ(Labels(values), "dns connect tls ttfb time size cert_days");
  EXPECT_EQ(values[0].value, 0.01);
  EXPECT_EQ(values[0].max, 10.0);
  EXPECT_EQ(values[5].value, 42.0);
  EXPECT_EQ(values[6].value, 20.0);
  ASSERT_TRUE(values[6].warning && values[6].critical);
  EXPECT_EQ(values[6].warning->text(), "30:");
  EXPECT_EQ(values[6].critical->text(), "14:");
}

TEST(EvalPerfdataTest, PhasesThatDoNotApplyAreLeftOutAndUnreachedOnesAreU) {
  Config config;
  config.tls = false;
  ProbeOutcome outcome;
  outcome.dns_skipped = true;
  const std::vector<PerfValue> values = Perfdata(config, outcome, kNow, {});
  EXPECT_EQ(Labels(values), "connect ttfb time size");
  for (const PerfValue& value : values) EXPECT_FALSE(value.value) << value.label;
}

TEST(EvalPerfdataTest, JsonValuesAsFoundOrUWhenNeverReached) {
  Config config;
  ASSERT_TRUE(AddJsonThreshold("/offline=0", false, &config.json.thresholds).ok());
  std::vector<PerfValue> reached = {{"offline", 1.0, "", std::nullopt, std::nullopt, std::nullopt, std::nullopt}};
  std::vector<PerfValue> values = Perfdata(config, Answered(), kNow, reached);
  EXPECT_EQ(values.back().value, 1.0);
  values = Perfdata(config, ProbeOutcome(), kNow, {});
  EXPECT_EQ(Labels(values).substr(Labels(values).rfind(' ') + 1), values.back().label);
  EXPECT_FALSE(values.back().value);
  EXPECT_EQ(values.size(), 8u);
}

}  // namespace
}  // namespace dmk
