#include "common/evaluate/eval_perfdata.h"

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
using test_support::StoppedAt;

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

TEST(EvalPerfdataTest, PerfdataHasEveryPhaseSizeAndCertificateDays) {
  Config config = BaseConfig();
  config.total.warning = MustParse("0.5");
  config.total.critical = MustParse("1");
  const std::vector<PerfValue> values = Perfdata(config, Healthy(), kNow, {});
  EXPECT_EQ(Labels(values), "dns connect tls ttfb time size cert_days");
  // Simple upper bounds are written as plain numbers (docs/plugin-contract.md, "Perfdata").
  EXPECT_EQ(FormatPerfdata(values),
            "dns=0.01s;;;0;10 connect=0.02s;;;0;10 tls=0.05s;;;0;10 ttfb=0.1s;;;0;10 time=0.15s;0.5;1;0;10 "
            "size=15B;;;0 cert_days=90;25:;12.5:");  // a 100-day certificate: 1/4 and 1/8 of it
}

TEST(EvalPerfdataTest, DnsFailureLeavesEveryPhaseUnknownInPerfdata) {
  CheckResult result = Evaluate(BaseConfig(), StoppedAt(Failure::kDnsNotFound, {}), kNow);
  std::string perfdata = FormatPerfdata(result.perfdata);
  for (const char* gap : {"dns=U", "connect=U", "tls=U", "ttfb=U", "time=U", "size=U", "cert_days=U"}) {
    EXPECT_TRUE(Contains(perfdata, gap)) << gap << " in " << perfdata;
  }
  EXPECT_EQ(LayerOf(result, Layer::kTcp).state, std::nullopt);
}

TEST(EvalPerfdataTest, PhaseThresholdsAppearInPerfdata) {
  Config config = BaseConfig();
  config.dns.warning = MustParse("0.5");
  config.connect.critical = MustParse("1:");
  config.ttfb.warning = MustParse("0:2");
  std::string perfdata = FormatPerfdata(Perfdata(config, Healthy(), kNow, {}));
  EXPECT_TRUE(Contains(perfdata, "dns=0.01s;0.5;;0;10")) << perfdata;
  EXPECT_TRUE(Contains(perfdata, "connect=0.02s;;1:;0;10")) << perfdata;
  EXPECT_TRUE(Contains(perfdata, "ttfb=0.1s;2;;0;10")) << perfdata;
}

TEST(EvalPerfdataTest, LeavesOutTheDnsLabelWhenThereIsNoLookupButWritesUWhenOneWasNotReached) {
  // docs/plugin-contract.md, "Perfdata": U is for phases never reached. A lookup that never happens
  // (--address) is not a phase of this check, and Icinga 2.13 logs every U it sees.
  Config config = BaseConfig();
  config.address = "127.0.0.1";
  ProbeOutcome outcome = Healthy();
  outcome.dns_skipped = true;
  outcome.phases.dns.reset();
  std::string perfdata = FormatPerfdata(Perfdata(config, outcome, kNow, {}));
  EXPECT_EQ(perfdata.find("dns="), std::string::npos) << perfdata;
  EXPECT_NE(perfdata.find("connect="), std::string::npos) << perfdata;
  std::string not_reached = FormatPerfdata(Perfdata(BaseConfig(), StoppedAt(Failure::kDnsNoAnswer, {}), kNow, {}));
  EXPECT_NE(not_reached.find("dns=U"), std::string::npos) << not_reached;
}

}  // namespace
}  // namespace dmk
