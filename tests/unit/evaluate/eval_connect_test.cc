#include "common/evaluate/eval_connect.h"

#include <gtest/gtest.h>

#include "common/evaluate/evaluate.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::BaseConfig;

ProbeOutcome Connected() {
  ProbeOutcome outcome;
  outcome.addresses = {"192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14"};
  outcome.connected_address = "192.0.2.10";
  outcome.connected_port = 443;
  outcome.phases.dns = 0.0123;
  outcome.phases.connect = 0.5;
  return outcome;
}

TEST(EvalConnectTest, DnsSaysWhatItFoundOrWhyItWasNotAsked) {
  struct Case {
    const char* name;
    void (*config)(Config&);
    void (*outcome)(ProbeOutcome&);
    const char* text;  // "": no finding
  };
  const Case cases[] = {
      {"lookup", [](Config&) {}, [](ProbeOutcome&) {},
       "dmk.test -> 192.0.2.10, 192.0.2.11, 192.0.2.12, 192.0.2.13, ... in 12.3 ms"},
      {"--address", [](Config& c) { c.address = "192.0.2.99"; }, [](ProbeOutcome&) {},
       "skipped: connecting to 192.0.2.99 (--address)"},
      {"proxy", [](Config& c) { c.proxy = "http://proxy.test:3128"; }, [](ProbeOutcome&) {},
       "left to the proxy http://proxy.test:3128"},
      {"ip literal", [](Config&) {}, [](ProbeOutcome& o) { o.dns_skipped = true; },
       "not needed: dmk.test is an IP address"},
      {"failed lookup", [](Config&) {}, [](ProbeOutcome& o) { o.phases.dns.reset(); }, ""},
  };
  for (const Case& c : cases) {
    Config config = BaseConfig();
    c.config(config);
    ProbeOutcome outcome = Connected();
    c.outcome(outcome);
    std::string facts;  // "layer:text" of each finding, problems marked "!"
    for (const Finding& finding : EvaluateDns(config, outcome).findings) {
      facts += std::string(LayerName(finding.layer)) + (finding.problem ? "!" : ":") + finding.text;
    }
    EXPECT_EQ(facts, std::string(c.text).empty() ? "" : "DNS:" + std::string(c.text)) << c.name;
  }
}

TEST(EvalConnectTest, SlowPhasesAreProblemsWithTheirCodes) {
  Config config = BaseConfig();
  ASSERT_TRUE(ParseRange("0.01", &config.dns.warning.emplace()).ok());
  ASSERT_TRUE(ParseRange("0.1", &config.connect.critical.emplace()).ok());
  const StepResult dns = EvaluateDns(config, Connected());
  ASSERT_EQ(dns.findings.size(), 2u);
  EXPECT_EQ(dns.findings[1].state, State::kWarning);
  EXPECT_EQ(dns.findings[1].reason_code, ReasonCode::kDnsSlow);
  EXPECT_EQ(dns.findings[1].text, "DNS lookup took 12.3 ms (warning range 0.01)");
  const StepResult tcp = EvaluateTcp(config, Connected());
  ASSERT_EQ(tcp.findings.size(), 2u);
  EXPECT_EQ(tcp.findings[0].text, "connected to 192.0.2.10:443 in 500 ms");
  EXPECT_EQ(tcp.findings[1].state, State::kCritical);
  EXPECT_EQ(tcp.findings[1].reason_code, ReasonCode::kTcpSlow);
}

TEST(EvalConnectTest, NoConnectionNoTcpFinding) {
  ProbeOutcome outcome = Connected();
  outcome.phases.connect.reset();
  EXPECT_TRUE(EvaluateTcp(BaseConfig(), outcome).findings.empty());
}

}  // namespace
}  // namespace dmk
