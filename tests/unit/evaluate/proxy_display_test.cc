#include "common/evaluate/proxy_display.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace dmk {
namespace {

TEST(ProxyDisplayTest, ProxyForDisplayDropsTheUserAndPassword) {
  EXPECT_EQ(ProxyForDisplay("http://user:pa55word@proxy.test:3128"), "http://proxy.test:3128");
  EXPECT_EQ(ProxyForDisplay("http://user:se@cr/et@proxy.test:3128"), "http://proxy.test:3128");
  EXPECT_EQ(ProxyForDisplay("socks5h://proxy.test:1080"), "socks5h://proxy.test:1080");
}

struct DescribeCase {
  const char* name;
  ProxySource source;
  std::string proxy;
  std::string variable;
  bool from_env;
  std::string noproxy_match;
  std::optional<std::string> line;
};

// Each way the proxy decision can end, and the one long-output line it gives; never a password.
TEST(ProxyDisplayTest, DescribeProxySaysWhichProxyAndWhy) {
  const std::vector<DescribeCase> cases = {
      {"none asked for", ProxySource::kNone, "", "", false, "", std::nullopt},
      {"--proxy", ProxySource::kOption, "http://u:secret@jump.test:3128", "", false, "",
       "proxy: http://jump.test:3128 (--proxy)"},
      {"from the environment", ProxySource::kEnvironment, "http://jump.test:3128", "https_proxy", true, "",
       "proxy: http://jump.test:3128 (from https_proxy, --proxy-from-env)"},
      {"environment empty", ProxySource::kNone, "", "", true, "",
       "proxy: none (--proxy-from-env, and no proxy variable is set)"},
      {"variable ignored", ProxySource::kNone, "", "HTTPS_PROXY", false, "",
       "proxy: none; HTTPS_PROXY in the environment is ignored (--proxy-from-env uses it)"},
      {"no-proxy match", ProxySource::kNone, "", "", false, ".test",
       "proxy: none, dmk.test matches '.test' of --noproxy"},
  };
  for (const DescribeCase& c : cases) {
    Config config;
    config.hostname = "dmk.test";
    config.proxy_source = c.source;
    config.proxy = c.proxy;
    config.proxy_variable = c.variable;
    config.proxy_from_env = c.from_env;
    config.noproxy_match = c.noproxy_match;
    config.noproxy_source = "--noproxy";
    EXPECT_EQ(DescribeProxy(config), c.line) << c.name;
  }
}

}  // namespace
}  // namespace dmk
