#include "common/eval_failure.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::BaseConfig;

ProbeOutcome Failed(Failure failure) {
  ProbeOutcome outcome;
  outcome.failure = failure;
  outcome.addresses = {"192.0.2.10"};
  outcome.detail = "library words";
  outcome.elapsed_s = 2;
  return outcome;
}

struct Case {
  const char* name;
  ProbeOutcome outcome;
  Layer layer;
  State state;
  const char* reason;
  const char* text_start;  // the first words of the first line
};

ProbeOutcome With(ProbeOutcome outcome, void (*change)(ProbeOutcome&)) {
  change(outcome);
  return outcome;
}

// What differs between what `step` found and what `c` expects; empty: nothing.
std::string Mismatch(const StepResult& step, const Case& c) {
  if (step.findings.size() != 1) return "findings: " + std::to_string(step.findings.size());
  const Finding& finding = step.findings[0];
  std::string why;
  if (!finding.problem) why += " not a problem;";
  if (finding.layer != c.layer) why += " layer;";
  if (finding.state != c.state) why += " state;";
  if (finding.reason == nullptr || std::string(finding.reason) != c.reason) why += " reason;";
  if (step.failure_reason == nullptr || std::string(step.failure_reason) != c.reason) why += " failure_reason;";
  if (finding.text.rfind(c.text_start, 0) != 0) why += " text: " + finding.text;
  return why;
}

TEST(EvalFailureTest, EachFailureIsOneProblemInItsLayerWithItsCode) {
  const Case cases[] = {
      {"nxdomain", Failed(Failure::kDnsNotFound), Layer::kDns, State::kCritical, "dns.not_found",
       "DNS: dmk.test does not exist"},
      {"no dns answer", Failed(Failure::kDnsNoAnswer), Layer::kDns, State::kCritical, "dns.no_answer",
       "DNS lookup of dmk.test failed: no DNS server answered (library words)"},
      {"no address", Failed(Failure::kDnsNoAddress), Layer::kDns, State::kCritical, "dns.no_address",
       "DNS: dmk.test has no address"},
      {"dns error", Failed(Failure::kDnsError), Layer::kDns, State::kCritical, "dns.error",
       "DNS lookup of dmk.test failed"},
      {"refused", Failed(Failure::kTcpRefused), Layer::kTcp, State::kCritical, "tcp.refused",
       "TCP connect to 192.0.2.10:443 refused"},
      {"network unreachable", With(Failed(Failure::kTcpUnreachable), [](ProbeOutcome& o) { o.os_error = ENETUNREACH; }),
       Layer::kTcp, State::kCritical, "tcp.network_unreachable", "TCP connect to 192.0.2.10:443 failed: network"},
      {"host unreachable", With(Failed(Failure::kTcpUnreachable), [](ProbeOutcome& o) { o.os_error = EHOSTUNREACH; }),
       Layer::kTcp, State::kCritical, "tcp.host_unreachable", "TCP connect"},
      {"reset", With(Failed(Failure::kTcpReset), [](ProbeOutcome& o) { o.reset = true; }), Layer::kTcp,
       State::kCritical, "tcp.reset", "connection to 192.0.2.10:443 was reset by the server"},
      {"closed", Failed(Failure::kTcpReset), Layer::kTcp, State::kCritical, "tcp.reset",
       "connection to 192.0.2.10:443 was closed by the server"},
      {"tcp error", Failed(Failure::kTcpError), Layer::kTcp, State::kCritical, "tcp.error", "TCP connect to"},
      {"proxy", Failed(Failure::kProxyFailed), Layer::kTcp, State::kCritical, "proxy.failed",
       "could not connect through proxy"},
      {"not tls", Failed(Failure::kTlsNotTls), Layer::kTls, State::kCritical, "tls.not_tls",
       "the server on port 443 does not speak TLS"},
      {"client cert", Failed(Failure::kTlsClientCertRequired), Layer::kTls, State::kCritical,
       "tls.client_certificate_required", "the server requires a client certificate"},
      {"handshake", Failed(Failure::kTlsHandshakeFailed), Layer::kTls, State::kCritical, "tls.handshake_failed",
       "TLS handshake failed: library words"},
      {"tls 1.0",
       With(Failed(Failure::kTlsHandshakeFailed), [](ProbeOutcome& o) { o.handshake.server_version = 0x0301; }),
       Layer::kTls, State::kCritical, "tls.protocol_too_old", ""},
      {"tls reset", Failed(Failure::kTlsReset), Layer::kTls, State::kCritical, "tls.reset",
       "the server closed the connection during the TLS handshake"},
      {"no response", Failed(Failure::kHttpNoResponse), Layer::kHttp, State::kCritical, "http.no_response",
       "the server closed the connection without answering GET /"},
      {"malformed", Failed(Failure::kHttpMalformed), Layer::kHttp, State::kCritical, "http.malformed",
       "the server's answer is not valid HTTP"},
      {"truncated", Failed(Failure::kHttpTruncated), Layer::kHttp, State::kCritical, "http.truncated",
       "the response broke off after 0 B"},
      {"too large", Failed(Failure::kHttpTooLarge), Layer::kHttp, State::kCritical, "http.too_large",
       "response too large: more than 1048576 B"},
      {"headers too large", Failed(Failure::kHttpHeadersTooLarge), Layer::kHttp, State::kCritical,
       "http.headers_too_large", "response headers too large"},
      {"redirect refused", Failed(Failure::kHttpRedirectRefused), Layer::kHttp, State::kCritical,
       "http.redirect_refused", "redirect to "},
      {"redirect loop", Failed(Failure::kHttpTooManyRedirects), Layer::kHttp, State::kCritical,
       "http.too_many_redirects", "more than 5 redirects"},
      {"http error", Failed(Failure::kHttpError), Layer::kHttp, State::kCritical, "http.error", "HTTP exchange failed"},
      {"internal", Failed(Failure::kInternal), Layer::kTls, State::kUnknown, "internal.error",
       "could not run the check"},
      {"CA certificates not loaded", Failed(Failure::kTrustStoreUnusable), Layer::kTls, State::kUnknown,
       "internal.error", "could not load the trusted CA certificates ("},
      {"timeout dns", With(Failed(Failure::kTimeout), [](ProbeOutcome& o) { o.timed_out_in = Layer::kDns; }),
       Layer::kDns, State::kCritical, "timeout.dns", "DNS lookup of dmk.test timed out after 2.0 s"},
      {"timeout tcp", With(Failed(Failure::kTimeout), [](ProbeOutcome& o) { o.timed_out_in = Layer::kTcp; }),
       Layer::kTcp, State::kCritical, "timeout.tcp", "TCP connect to 192.0.2.10:443 timed out after 2.0 s"},
      {"timeout tls", With(Failed(Failure::kTimeout), [](ProbeOutcome& o) { o.timed_out_in = Layer::kTls; }),
       Layer::kTls, State::kCritical, "timeout.tls", "TLS handshake timed out after 2.0 s"},
      {"timeout http", With(Failed(Failure::kTimeout), [](ProbeOutcome& o) { o.timed_out_in = Layer::kHttp; }),
       Layer::kHttp, State::kCritical, "timeout.http", "no response to GET / (timed out after 2.0 s)"},
      {"timeout body",
       With(Failed(Failure::kTimeout),
            [](ProbeOutcome& o) {
              o.timed_out_in = Layer::kApi;
              o.http.response_started = o.http.headers_done = true;
              o.http.body_bytes = 10;
            }),
       Layer::kHttp, State::kCritical, "timeout.http", "response body stalled: timed out after 2.0 s (received 10 B)"},
  };
  for (const Case& c : cases) EXPECT_EQ(Mismatch(EvaluateFailure(BaseConfig(), c.outcome), c), "") << c.name;
}

TEST(EvalFailureTest, TimeoutTakesTimeoutStateAndKeepsItsCode) {
  Config config = BaseConfig();
  config.timeout_state = State::kOk;
  ProbeOutcome outcome = Failed(Failure::kTimeout);
  outcome.timed_out_in = Layer::kTls;
  const StepResult step = EvaluateFailure(config, outcome);
  ASSERT_EQ(step.findings.size(), 1u);
  EXPECT_EQ(step.findings[0].state, State::kOk);
  EXPECT_TRUE(step.findings[0].problem);
  EXPECT_STREQ(step.failure_reason, "timeout.tls");
}

TEST(EvalFailureTest, NoFailureAndARefusedCertificateAreNotThisStepsToWord) {
  for (Failure failure : {Failure::kNone, Failure::kTlsCertificateRejected}) {
    const StepResult step = EvaluateFailure(BaseConfig(), Failed(failure));
    EXPECT_TRUE(step.findings.empty());
    EXPECT_EQ(step.failure_reason, nullptr);
  }
}

TEST(EvalFailureTest, ClientCertificateGivenIsRejectedNotRequired) {
  Config config = BaseConfig();
  config.client_cert = "/etc/c.pem";
  const StepResult step = EvaluateFailure(config, Failed(Failure::kTlsClientCertRequired));
  ASSERT_EQ(step.findings.size(), 1u);
  EXPECT_STREQ(step.findings[0].reason, "tls.client_certificate_rejected");
  EXPECT_EQ(step.findings[0].text, "the server rejected our client certificate (library words)");
}

}  // namespace
}  // namespace dmk
