#include "common/eval_details.h"

#include <gtest/gtest.h>

namespace dmk {
namespace {

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

}  // namespace
}  // namespace dmk
