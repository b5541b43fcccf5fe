// Evaluate's own job (common/evaluate/evaluate.h): it runs every step, lists the layers in the order a connection
// climbs them (the ones never reached as such), computes the worst state once and puts the most severe
// problem first. What each step finds and how it words it is tested in that step's eval_*_test.cc.
#include "common/evaluate/evaluate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::AllAdvice;
using test_support::BaseConfig;
using test_support::Contains;
using test_support::HasLayer;
using test_support::Healthy;
using test_support::kDay;
using test_support::kNow;
using test_support::LayerOf;
using test_support::PerfLabels;
using test_support::StoppedAt;

TEST(EvaluateTest, HealthyServerIsOkWithEveryLayerReported) {
  CheckResult result = Evaluate(BaseConfig(), Healthy(), kNow);
  EXPECT_EQ(result.state, State::kOk);
  EXPECT_TRUE(Contains(result.summary, "HTTP 200 OK")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "90 more days")) << result.summary;
  ASSERT_EQ(result.layers.size(), 5u);
  const std::vector<Layer> order = {Layer::kDns, Layer::kTcp, Layer::kTls, Layer::kHttp, Layer::kApi};
  for (size_t i = 0; i < order.size(); ++i) {
    EXPECT_EQ(result.layers[i].layer, order[i]);
    EXPECT_EQ(result.layers[i].state, State::kOk) << LayerName(order[i]) << ": " << result.layers[i].text;
  }
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kDns).text, "192.0.2.10"));
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kTcp).text, "192.0.2.10:443"));
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kTls).text, "TLSv1.3"));
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kTls).text, "2024-02-12"));  // kNow + 90 days
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kHttp).text, "200"));
  EXPECT_FALSE(HasLayer(result, Layer::kAuth));
  EXPECT_TRUE(result.advice.empty());
}

// docs/plugin-contract.md, "Perfdata": a phase never reached is 'U', so graphs show a gap, not a fake zero.
TEST(EvaluateTest, RefusedConnectionIsCriticalAndLaterPhasesAreUnknownInPerfdata) {
  CheckResult result = Evaluate(BaseConfig(), StoppedAt(Failure::kTcpRefused, {"dns"}), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "refused")) << result.summary;
  EXPECT_EQ(LayerOf(result, Layer::kDns).state, State::kOk);
  EXPECT_EQ(LayerOf(result, Layer::kTcp).state, State::kCritical);
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kTcp).text, "refused"));
  for (Layer layer : {Layer::kTls, Layer::kHttp, Layer::kApi}) {
    EXPECT_EQ(LayerOf(result, layer).state, std::nullopt) << LayerName(layer);
    EXPECT_TRUE(Contains(LayerOf(result, layer).text, "not reached")) << LayerName(layer);
  }
  EXPECT_TRUE(Contains(AllAdvice(result), "443")) << AllAdvice(result);
  std::string perfdata = FormatPerfdata(result.perfdata);
  for (const char* gap : {"connect=U", "tls=U", "ttfb=U", "time=U", "size=U", "cert_days=U"}) {
    EXPECT_TRUE(Contains(perfdata, gap)) << gap << " in " << perfdata;
  }
  EXPECT_TRUE(Contains(perfdata, "dns=0.01s")) << perfdata;
}

// The fold keeps a problem --timeout-state made OK, so the summary still says what happened.
TEST(EvaluateTest, TimeoutWithTimeoutStateOkStillSaysItTimedOut) {
  Config config = BaseConfig();
  config.timeout_state = State::kOk;
  ProbeOutcome outcome = StoppedAt(Failure::kTimeout, {"dns"});
  outcome.timed_out_in = Layer::kTcp;
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kOk);
  EXPECT_TRUE(Contains(result.summary, "timed out")) << result.summary;
  EXPECT_FALSE(Contains(result.summary, "HTTP 0")) << result.summary;
}

TEST(EvaluateTest, AuthLayerIsListedAsNotReachedWhenTheConnectionFailsEarlier) {
  Config config = BaseConfig();
  config.auth = AuthType::kBasic;
  CheckResult result = Evaluate(config, StoppedAt(Failure::kTcpRefused, {"dns"}), kNow);
  EXPECT_EQ(result.layers.back().layer, Layer::kAuth);
  EXPECT_EQ(result.layers.back().state, std::nullopt);
}

TEST(EvaluateTest, PlainHttpHasNoTlsLayerAndNoTlsPerfdata) {
  Config config = BaseConfig();
  config.tls = false;
  ProbeOutcome outcome = Healthy();
  outcome.tls = TlsFacts();
  outcome.phases.tls.reset();
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kOk) << result.summary;
  EXPECT_FALSE(HasLayer(result, Layer::kTls));
  EXPECT_EQ(PerfLabels(result), (std::vector<std::string>{"dns", "connect", "ttfb", "time", "size"}));
  EXPECT_FALSE(Contains(result.summary, "certificate")) << result.summary;
}

TEST(EvaluateTest, TheMostSevereProblemComesFirst) {
  ProbeOutcome outcome = Healthy();
  outcome.tls.leaf.not_after = kNow + 20 * kDay;  // WARNING for a 398-day certificate
  outcome.tls.leaf.not_before = outcome.tls.leaf.not_after - 398 * kDay;
  outcome.tls.earliest_not_after = outcome.tls.leaf.not_after;
  outcome.http.status = 500;  // CRITICAL
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  size_t critical = result.summary.find("server error");
  size_t warning = result.summary.find("expires in 20 days");
  ASSERT_NE(critical, std::string::npos) << result.summary;
  ASSERT_NE(warning, std::string::npos) << result.summary;
  EXPECT_LT(critical, warning) << result.summary;
}

TEST(EvaluateTest, LayerNamesAreUpperCase) {
  EXPECT_STREQ(LayerName(Layer::kDns), "DNS");
  EXPECT_STREQ(LayerName(Layer::kTcp), "TCP");
  EXPECT_STREQ(LayerName(Layer::kTls), "TLS");
  EXPECT_STREQ(LayerName(Layer::kHttp), "HTTP");
  EXPECT_STREQ(LayerName(Layer::kApi), "API");
  EXPECT_STREQ(LayerName(Layer::kAuth), "AUTH");
}

}  // namespace
}  // namespace dmk
