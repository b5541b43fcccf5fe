// --tls-min: its values and the combinations it refuses (options.cc).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/cli/options.h"
#include "tests/support/env.h"

namespace dmk {
namespace {

Status Parse(std::vector<std::string> args, CommandLine* out) {
  args.insert(args.begin(), {"-H", "dmk.test"});
  return ParseOptions(args, test_support::NoEnv(), out);
}

TEST(OptionsTlsMinTest, TakesTls12And13AsWireVersions) {
  struct Case {
    std::vector<std::string> args;
    int version;
  };
  const Case cases[] = {{{}, 0}, {{"--tls-min", "1.2"}, 0x0303}, {{"--tls-min=1.3"}, 0x0304}};
  for (const Case& c : cases) {
    CommandLine out;
    const Status status = Parse(c.args, &out);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(out.config.tls_min_version, c.version);
  }
}

TEST(OptionsTlsMinTest, RefusesOtherVersionsAndPlainHttp) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"--tls-min", "1.1"}, "--tls-min must be 1.2 or 1.3, not '1.1'"},
      {{"--tls-min", "TLSv1.2"}, "--tls-min must be 1.2 or 1.3, not 'TLSv1.2'"},
      {{"--tls-min", "1.2", "--no-tls"}, "--tls-min makes no sense with --no-tls"},
  };
  for (const Case& c : cases) {
    CommandLine out;
    const Status status = Parse(c.args, &out);
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(status.message(), c.message);
  }
}

}  // namespace
}  // namespace dmk
