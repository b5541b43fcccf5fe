#include "common/evaluate/eval_details.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::BaseConfig;
using test_support::Contains;
using test_support::Healthy;
using test_support::kServerPin;

ProbeOutcome Answered() {
  ProbeOutcome outcome;
  outcome.url = "https://dmk.test/";
  outcome.detail = "library words";
  outcome.tls.certificate_seen = true;
  outcome.tls.leaf.subject = "CN=dmk.test";
  outcome.tls.leaf.issuer = "CN=CA";
  outcome.tls.leaf.names = {"dmk.test", "www.dmk.test"};
  outcome.tls.chain_length = 2;
  outcome.http.request_headers = {"GET / HTTP/1.1", "Authorization: [redacted]"};
  outcome.http.response_headers = {"HTTP/1.1 200 OK", "Set-Cookie: session=secret"};
  outcome.http.body = "the|body";
  return outcome;
}

TEST(EvalDetailsTest, EachVerbosityAddsItsLines) {
  struct Case {
    int verbosity;
    std::vector<std::string> lines;
  };
  const std::vector<std::string> v1 = {"URL: https://dmk.test/", "certificate: subject CN=dmk.test; issuer CN=CA",
                                       "certificate names: dmk.test, www.dmk.test",
                                       "certificate valid 1970-01-01 to 1970-01-01; chain of 2; key sha256//",
                                       "library said: library words"};
  std::vector<std::string> v2 = v1;
  v2.insert(v2.end(),
            {"> GET / HTTP/1.1", "> Authorization: [redacted]", "< HTTP/1.1 200 OK", "< Set-Cookie: [redacted]"});
  std::vector<std::string> v3 = v2;
  v3.push_back("body: the/body");
  for (const Case& c : {Case{0, {}}, Case{1, v1}, Case{2, v2}, Case{3, v3}}) {
    Config config;
    config.verbosity = c.verbosity;
    EXPECT_EQ(Details(config, Answered()), c.lines) << c.verbosity;
  }
}

TEST(EvalDetailsTest, TheProxyDecisionIsAlwaysShown) {
  Config config;
  config.hostname = "dmk.test";
  config.proxy = "http://proxy.test:3128";
  config.proxy_source = ProxySource::kOption;
  const std::vector<std::string> lines = Details(config, ProbeOutcome());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("proxy.test:3128"), std::string::npos) << lines[0];
}

struct ProxyLineCase {
  std::string name;
  void (*set)(Config*);
  std::string line;  // expected in the details; empty: no proxy line at all
};

TEST(EvalDetailsTest, LongOutputSaysWhichProxyWasUsed) {
  const std::vector<ProxyLineCase> cases = {
      {"none", [](Config*) {}, ""},
      {"option",
       [](Config* c) {
         c->proxy = "http://u:pa55word@jump:3128";
         c->proxy_source = ProxySource::kOption;
       },
       "proxy: http://jump:3128 (--proxy)"},
      {"environment",
       [](Config* c) {
         c->proxy = "http://127.0.0.1:9";
         c->proxy_source = ProxySource::kEnvironment;
         c->proxy_variable = "https_proxy";
         c->proxy_from_env = true;
       },
       "proxy: http://127.0.0.1:9 (from https_proxy, --proxy-from-env)"},
      {"ignored", [](Config* c) { c->proxy_variable = "HTTPS_PROXY"; },
       "proxy: none; HTTPS_PROXY in the environment is ignored (--proxy-from-env uses it)"},
      {"bypassed",
       [](Config* c) {
         c->noproxy_match = ".test";
         c->noproxy_source = "--noproxy";
       },
       "proxy: none, dmk.test matches '.test' of --noproxy"},
      {"from env, none set", [](Config* c) { c->proxy_from_env = true; },
       "proxy: none (--proxy-from-env, and no proxy variable is set)"},
  };
  for (const ProxyLineCase& c : cases) {
    Config config = BaseConfig();
    c.set(&config);
    std::string all;
    for (const std::string& line : Details(config, Healthy())) all += line + "\n";
    if (c.line.empty()) {
      EXPECT_FALSE(Contains(all, "proxy")) << c.name << ": " << all;
    } else {
      EXPECT_TRUE(Contains(all, c.line)) << c.name << ": " << all;
    }
    EXPECT_FALSE(Contains(all, "pa55word")) << c.name;
  }
}

TEST(EvalDetailsTest, VerbosityAddsDetails) {
  Config config = BaseConfig();
  ProbeOutcome outcome = Healthy();
  outcome.http.response_headers = {"HTTP/1.1 200 OK", "Content-Type: application/json"};
  EXPECT_TRUE(Details(config, outcome).empty());
  config.verbosity = 1;
  std::vector<std::string> details = Details(config, outcome);
  std::string joined;
  for (const std::string& line : details) joined += line + "\n";
  EXPECT_TRUE(Contains(joined, "URL: https://dmk.test/")) << joined;
  EXPECT_TRUE(Contains(joined, "sha256//" + kServerPin)) << joined;
  EXPECT_FALSE(Contains(joined, "Content-Type")) << joined;
  config.verbosity = 3;
  joined.clear();
  for (const std::string& line : Details(config, outcome)) joined += line + "\n";
  EXPECT_TRUE(Contains(joined, "< Content-Type: application/json")) << joined;
  EXPECT_TRUE(Contains(joined, "body: {\"status\":\"ok\"}")) << joined;
}

}  // namespace
}  // namespace dmk
