#include "common/probe/resolve.h"

#include <gtest/gtest.h>

namespace dmk {
namespace {

// Only the stage's skips: a real lookup belongs to the network-namespace suites.
TEST(ResolveTargetTest, SkipsTheLookupWhereNoneIsNeeded) {
  Config config;
  config.hostname = "dmk.test";
  config.address = "192.0.2.10";
  ProbeOutcome outcome;
  double seconds = -1;
  EXPECT_TRUE(ResolveTarget(config, 1.0, &outcome, &seconds));
  EXPECT_TRUE(outcome.dns_skipped);
  EXPECT_EQ(outcome.addresses, std::vector<std::string>{"192.0.2.10"});
  EXPECT_FALSE(outcome.phases.dns);

  for (const char* host : {"192.0.2.10", "2001:db8::1"}) {
    config = Config();
    config.hostname = host;
    outcome = ProbeOutcome();
    EXPECT_TRUE(ResolveTarget(config, 1.0, &outcome, &seconds)) << host;
    EXPECT_TRUE(outcome.dns_skipped) << host;
    EXPECT_TRUE(outcome.addresses.empty()) << host;  // libcurl connects to the literal itself
  }

  config = Config();
  config.hostname = "dmk.test";
  config.proxy = "http://proxy.test:3128";
  outcome = ProbeOutcome();
  EXPECT_TRUE(ResolveTarget(config, 1.0, &outcome, &seconds));
  EXPECT_TRUE(outcome.dns_skipped);
  EXPECT_TRUE(outcome.addresses.empty());
  EXPECT_EQ(seconds, -1);
}

}  // namespace
}  // namespace dmk
