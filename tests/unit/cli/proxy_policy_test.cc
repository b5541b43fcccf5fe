#include "common/cli/proxy_policy.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/support/env.h"

namespace dmk {
namespace {

using test_support::Env;
using test_support::NoEnv;

struct MatchCase {
  std::string list;
  std::string host;
  bool matches;
  std::string entry;  // the entry named when it matches
};

// libcurl 7.88's rules (lib/noproxy.c, CURLOPT_NOPROXY(3)), which the decision must follow so that the
// long output names the path libcurl would have taken.
TEST(ProxyPolicyTest, NoProxyListsMatchAsLibcurlDoes) {
  const std::vector<MatchCase> cases = {
      {"*", "dmk.test", true, "*"},
      {"", "dmk.test", false, ""},
      {"dmk.test", "dmk.test", true, "dmk.test"},
      {"DMK.Test", "dmk.test", true, "DMK.Test"},
      {"example.com", "www.example.com", true, "example.com"},
      {".example.com", "www.example.com", true, ".example.com"},
      {".example.com", "example.com", true, ".example.com"},
      {"example.com", "nonexample.com", false, ""},
      {"www.example.com", "example.com", false, ""},
      {"example.com.", "example.com.", true, "example.com."},
      {"other.test, dmk.test", "dmk.test", true, "dmk.test"},
      {"other.test dmk.test", "dmk.test", true, "dmk.test"},
      {",,other.test,,", "dmk.test", false, ""},
      {"*.test", "dmk.test", false, ""},  // no wildcards but "*" alone
      {"127.0.0.1", "127.0.0.1", true, "127.0.0.1"},
      {"127.0.0.2", "127.0.0.1", false, ""},
      {"127.0.0.0/8", "127.1.2.3", true, "127.0.0.0/8"},
      {"10.0.0.0/8", "127.0.0.1", false, ""},
      {"192.168.1.128/25", "192.168.1.200", true, "192.168.1.128/25"},
      {"192.168.1.128/25", "192.168.1.100", false, ""},
      {"10.0.0.1/33", "10.0.0.1", false, ""},
      {"::1", "::1", true, "::1"},
      {"[::1]", "::1", true, "[::1]"},
      {"fd00::/8", "fd12::5", true, "fd00::/8"},
      {"fd00::/8", "fe80::1", false, ""},
      {"127.0.0.1", "localhost", false, ""},  // names are not resolved
  };
  for (const MatchCase& c : cases) {
    std::string entry;
    EXPECT_EQ(NoProxyMatches(c.list, c.host, &entry), c.matches) << "'" << c.list << "' vs " << c.host;
    EXPECT_EQ(entry, c.entry) << "'" << c.list << "' vs " << c.host;
  }
}

Config Target(bool tls = true) {
  Config config;
  config.hostname = "dmk.test";
  config.tls = tls;
  return config;
}

// Every name libcurl would read; none of them may change the path without --proxy-from-env.
const std::vector<std::string> kProxyVariables = {"https_proxy", "HTTPS_PROXY", "http_proxy",
                                                  "HTTP_PROXY",  "all_proxy",   "ALL_PROXY"};

TEST(ProxyPolicyTest, EnvironmentProxiesAreIgnoredWithoutProxyFromEnv) {
  for (bool tls : {true, false}) {
    for (const std::string& name : kProxyVariables) {
      Config config = Target(tls);
      EXPECT_TRUE(ChooseProxy({}, Env({{name, "http://127.0.0.1:9"}, {"no_proxy", "other.test"}}), &config).ok());
      EXPECT_EQ(config.proxy, "") << name;
      EXPECT_EQ(config.proxy_source, ProxySource::kNone) << name;
      EXPECT_EQ(config.noproxy, "") << name;
    }
  }
}

TEST(ProxyPolicyTest, AnIgnoredEnvironmentProxyIsRemembered) {
  Config config = Target();
  ASSERT_TRUE(ChooseProxy({}, Env({{"HTTPS_PROXY", "http://127.0.0.1:9"}}), &config).ok());
  EXPECT_EQ(config.proxy_variable, "HTTPS_PROXY");
  config = Target();
  ASSERT_TRUE(ChooseProxy({}, NoEnv(), &config).ok());
  EXPECT_EQ(config.proxy_variable, "");
}

struct EnvCase {
  bool tls;
  std::map<std::string, std::string> env;
  std::string proxy;     // expected; empty: none
  std::string variable;  // expected proxy_variable
};

TEST(ProxyPolicyTest, ProxyFromEnvReadsTheVariablesAsLibcurlDoes) {
  const std::vector<EnvCase> cases = {
      {true, {{"https_proxy", "http://a:1"}}, "http://a:1", "https_proxy"},
      {true, {{"HTTPS_PROXY", "http://b:2"}}, "http://b:2", "HTTPS_PROXY"},
      {true, {{"https_proxy", "http://a:1"}, {"HTTPS_PROXY", "http://b:2"}}, "http://a:1", "https_proxy"},
      {true, {{"https_proxy", ""}, {"all_proxy", "socks5://c:3"}}, "socks5://c:3", "all_proxy"},
      {true, {{"ALL_PROXY", "http://d:4"}}, "http://d:4", "ALL_PROXY"},
      {true, {{"http_proxy", "http://e:5"}}, "", ""},  // http_proxy is for http:// URLs
      {false, {{"http_proxy", "http://e:5"}}, "http://e:5", "http_proxy"},
      {false, {{"HTTP_PROXY", "http://f:6"}}, "", ""},  // never upper case for http (httpoxy)
      {false, {{"https_proxy", "http://a:1"}, {"all_proxy", "http://d:4"}}, "http://d:4", "all_proxy"},
      {true, {{"https_proxy", "proxy.example:3128"}}, "http://proxy.example:3128", "https_proxy"},
      {true, {}, "", ""},
  };
  for (const EnvCase& c : cases) {
    Config config = Target(c.tls);
    ASSERT_TRUE(ChooseProxy({"", "", true}, Env(c.env), &config).ok());
    EXPECT_EQ(config.proxy, c.proxy) << ::testing::PrintToString(c.env);
    EXPECT_EQ(config.proxy_variable, c.variable) << ::testing::PrintToString(c.env);
    EXPECT_EQ(config.proxy_source, c.proxy.empty() ? ProxySource::kNone : ProxySource::kEnvironment);
    EXPECT_TRUE(config.proxy_from_env);
  }
}

TEST(ProxyPolicyTest, NoProxyFromTheEnvironmentBypassesTheEnvironmentProxy) {
  for (const char* name : {"no_proxy", "NO_PROXY"}) {
    Config config = Target();
    ASSERT_TRUE(
        ChooseProxy({"", "", true}, Env({{"https_proxy", "http://a:1"}, {name, "localhost,.test"}}), &config).ok());
    EXPECT_EQ(config.proxy, "") << name;
    EXPECT_EQ(config.noproxy_match, ".test") << name;
    EXPECT_EQ(config.noproxy_source, name);
  }
}

TEST(ProxyPolicyTest, TheOptionWinsOverTheEnvironment) {
  Config config = Target();
  ASSERT_TRUE(
      ChooseProxy({"http://jump:3128", "", false}, Env({{"https_proxy", "http://a:1"}, {"no_proxy", "*"}}), &config)
          .ok());
  EXPECT_EQ(config.proxy, "http://jump:3128");
  EXPECT_EQ(config.proxy_source, ProxySource::kOption);
  EXPECT_EQ(config.noproxy_match, "");  // the environment's no_proxy does not apply to --proxy
}

TEST(ProxyPolicyTest, NoproxyOptionBypassesTheProxyForMatchingHosts) {
  Config config = Target();
  ASSERT_TRUE(ChooseProxy({"http://jump:3128", "example.com,dmk.test", false}, NoEnv(), &config).ok());
  EXPECT_EQ(config.proxy, "");
  EXPECT_EQ(config.noproxy_match, "dmk.test");
  EXPECT_EQ(config.noproxy_source, "--noproxy");
  config = Target();
  ASSERT_TRUE(ChooseProxy({"http://jump:3128", "example.com", false}, NoEnv(), &config).ok());
  EXPECT_EQ(config.proxy, "http://jump:3128");
  EXPECT_EQ(config.noproxy_match, "");
}

TEST(ProxyPolicyTest, NoproxyOptionReplacesTheEnvironmentList) {
  Config config = Target();
  ASSERT_TRUE(
      ChooseProxy({"", "other.test", true}, Env({{"https_proxy", "http://a:1"}, {"no_proxy", "dmk.test"}}), &config)
          .ok());
  EXPECT_EQ(config.proxy, "http://a:1");
  EXPECT_EQ(config.noproxy, "other.test");
}

TEST(ProxyPolicyTest, RefusesRequestsThatContradictThemselves) {
  Config config = Target();
  Status status = ChooseProxy({"http://jump:3128", "", true}, NoEnv(), &config);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "--proxy and --proxy-from-env contradict each other: give one");
  status = ChooseProxy({"", "dmk.test", false}, NoEnv(), &config);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "--noproxy needs --proxy or --proxy-from-env");
}

}  // namespace
}  // namespace dmk
