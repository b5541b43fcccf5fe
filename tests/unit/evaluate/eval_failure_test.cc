#include "common/evaluate/eval_failure.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

#include "common/evaluate/evaluate.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::AllAdvice;
using test_support::BaseConfig;
using test_support::Contains;
using test_support::Healthy;
using test_support::kNow;
using test_support::LayerOf;
using test_support::StoppedAt;

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
  ReasonCode reason_code;
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
  if (finding.reason_code != c.reason_code)
    why += " reason code " + std::string(ReasonCodeName(finding.reason_code)) + ";";
  if (step.failure_reason_code != c.reason_code) why += " failure_reason_code;";
  if (finding.text.rfind(c.text_start, 0) != 0) why += " text: " + finding.text;
  return why;
}

TEST(EvalFailureTest, EachFailureIsOneProblemInItsLayerWithItsCode) {
  const Case cases[] = {
      {"nxdomain", Failed(Failure::kDnsNotFound), Layer::kDns, State::kCritical, ReasonCode::kDnsNotFound,
       "DNS: dmk.test does not exist"},
      {"no dns answer", Failed(Failure::kDnsNoAnswer), Layer::kDns, State::kCritical, ReasonCode::kDnsNoAnswer,
       "DNS lookup of dmk.test failed: no DNS server answered (library words)"},
      {"no address", Failed(Failure::kDnsNoAddress), Layer::kDns, State::kCritical, ReasonCode::kDnsNoAddress,
       "DNS: dmk.test has no address"},
      {"dns error", Failed(Failure::kDnsError), Layer::kDns, State::kCritical, ReasonCode::kDnsError,
       "DNS lookup of dmk.test failed"},
      {"refused", Failed(Failure::kTcpRefused), Layer::kTcp, State::kCritical, ReasonCode::kTcpRefused,
       "TCP connect to 192.0.2.10:443 refused"},
      {"network unreachable", With(Failed(Failure::kTcpUnreachable), [](ProbeOutcome& o) { o.os_error = ENETUNREACH; }),
       Layer::kTcp, State::kCritical, ReasonCode::kTcpNetworkUnreachable,
       "TCP connect to 192.0.2.10:443 failed: network"},
      {"host unreachable", With(Failed(Failure::kTcpUnreachable), [](ProbeOutcome& o) { o.os_error = EHOSTUNREACH; }),
       Layer::kTcp, State::kCritical, ReasonCode::kTcpHostUnreachable, "TCP connect"},
      {"reset", With(Failed(Failure::kTcpReset), [](ProbeOutcome& o) { o.reset = true; }), Layer::kTcp,
       State::kCritical, ReasonCode::kTcpReset, "connection to 192.0.2.10:443 was reset by the server"},
      {"closed", Failed(Failure::kTcpReset), Layer::kTcp, State::kCritical, ReasonCode::kTcpReset,
       "connection to 192.0.2.10:443 was closed by the server"},
      {"tcp error", Failed(Failure::kTcpError), Layer::kTcp, State::kCritical, ReasonCode::kTcpError, "TCP connect to"},
      {"proxy", Failed(Failure::kProxyFailed), Layer::kTcp, State::kCritical, ReasonCode::kProxyFailed,
       "could not connect through proxy"},
      {"not tls", Failed(Failure::kTlsNotTls), Layer::kTls, State::kCritical, ReasonCode::kTlsNotTls,
       "the server on port 443 does not speak TLS"},
      {"client cert", Failed(Failure::kTlsClientCertRequired), Layer::kTls, State::kCritical,
       ReasonCode::kTlsClientCertificateRequired, "the server requires a client certificate"},
      {"handshake", Failed(Failure::kTlsHandshakeFailed), Layer::kTls, State::kCritical,
       ReasonCode::kTlsHandshakeFailed, "TLS handshake failed: library words"},
      {"tls 1.0",
       With(Failed(Failure::kTlsHandshakeFailed), [](ProbeOutcome& o) { o.handshake.server_version = 0x0301; }),
       Layer::kTls, State::kCritical, ReasonCode::kTlsProtocolTooOld, ""},
      {"tls reset", Failed(Failure::kTlsReset), Layer::kTls, State::kCritical, ReasonCode::kTlsReset,
       "the server closed the connection during the TLS handshake"},
      {"no response", Failed(Failure::kHttpNoResponse), Layer::kHttp, State::kCritical, ReasonCode::kHttpNoResponse,
       "the server closed the connection without answering GET /"},
      {"malformed", Failed(Failure::kHttpMalformed), Layer::kHttp, State::kCritical, ReasonCode::kHttpMalformed,
       "the server's answer is not valid HTTP"},
      {"truncated", Failed(Failure::kHttpTruncated), Layer::kHttp, State::kCritical, ReasonCode::kHttpTruncated,
       "the response broke off after 0 B"},
      {"too large", Failed(Failure::kHttpTooLarge), Layer::kHttp, State::kCritical, ReasonCode::kHttpTooLarge,
       "response too large: more than 1048576 B"},
      {"headers too large", Failed(Failure::kHttpHeadersTooLarge), Layer::kHttp, State::kCritical,
       ReasonCode::kHttpHeadersTooLarge, "response headers too large"},
      {"redirect refused", Failed(Failure::kHttpRedirectRefused), Layer::kHttp, State::kCritical,
       ReasonCode::kHttpRedirectRefused, "redirect to "},
      {"redirect loop", Failed(Failure::kHttpTooManyRedirects), Layer::kHttp, State::kCritical,
       ReasonCode::kHttpTooManyRedirects, "more than 5 redirects"},
      {"http error", Failed(Failure::kHttpError), Layer::kHttp, State::kCritical, ReasonCode::kHttpError,
       "HTTP exchange failed"},
      {"internal", Failed(Failure::kInternal), Layer::kTls, State::kUnknown, ReasonCode::kInternalError,
       "could not run the check"},
      {"CA certificates not loaded", Failed(Failure::kTrustStoreUnusable), Layer::kTls, State::kUnknown,
       ReasonCode::kInternalError, "could not load the trusted CA certificates ("},
      {"timeout dns", With(Failed(Failure::kTimeout), [](ProbeOutcome& o) { o.timed_out_in = Layer::kDns; }),
       Layer::kDns, State::kCritical, ReasonCode::kTimeoutDns, "DNS lookup of dmk.test timed out after 2.0 s"},
      {"timeout tcp", With(Failed(Failure::kTimeout), [](ProbeOutcome& o) { o.timed_out_in = Layer::kTcp; }),
       Layer::kTcp, State::kCritical, ReasonCode::kTimeoutTcp, "TCP connect to 192.0.2.10:443 timed out after 2.0 s"},
      {"timeout tls", With(Failed(Failure::kTimeout), [](ProbeOutcome& o) { o.timed_out_in = Layer::kTls; }),
       Layer::kTls, State::kCritical, ReasonCode::kTimeoutTls, "TLS handshake timed out after 2.0 s"},
      {"timeout http", With(Failed(Failure::kTimeout), [](ProbeOutcome& o) { o.timed_out_in = Layer::kHttp; }),
       Layer::kHttp, State::kCritical, ReasonCode::kTimeoutHttp, "no response to GET / (timed out after 2.0 s)"},
      {"timeout body",
       With(Failed(Failure::kTimeout),
            [](ProbeOutcome& o) {
              o.timed_out_in = Layer::kApi;
              o.http.response_started = o.http.headers_done = true;
              o.http.body_bytes = 10;
            }),
       Layer::kHttp, State::kCritical, ReasonCode::kTimeoutHttp,
       "response body stalled: timed out after 2.0 s (received 10 B)"},
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
  EXPECT_EQ(step.failure_reason_code, ReasonCode::kTimeoutTls);
}

TEST(EvalFailureTest, NoFailureAndARefusedCertificateAreNotThisStepsToWord) {
  for (Failure failure : {Failure::kNone, Failure::kTlsCertificateRejected}) {
    const StepResult step = EvaluateFailure(BaseConfig(), Failed(failure));
    EXPECT_TRUE(step.findings.empty());
    EXPECT_EQ(step.failure_reason_code, std::nullopt);
  }
}

TEST(EvalFailureTest, ClientCertificateGivenIsRejectedNotRequired) {
  Config config = BaseConfig();
  config.client_cert = "/etc/c.pem";
  const StepResult step = EvaluateFailure(config, Failed(Failure::kTlsClientCertRequired));
  ASSERT_EQ(step.findings.size(), 1u);
  EXPECT_EQ(step.findings[0].reason_code, ReasonCode::kTlsClientCertificateRejected);
  EXPECT_EQ(step.findings[0].text, "the server rejected our client certificate (library words)");
}

struct FailureCase {
  std::string name;
  Failure failure;
  std::vector<std::string> reached;
  Layer layer;
  State state;
  std::vector<std::string> words;
  bool advises;  // whether the failure comes with advice on what to do
};

// Every way the probe can stop short, with the layer that takes the blame and the words it must say.
TEST(EvalFailureTest, NamesTheLayerAndTheCauseOfEveryFailure) {
  const std::vector<std::string> none;
  const std::vector<std::string> dns = {"dns"};
  const std::vector<std::string> tcp = {"dns", "connect"};
  const std::vector<std::string> tls = {"dns", "connect", "tls"};
  const State kCrit = State::kCritical;
  const std::vector<FailureCase> cases = {
      {"NXDOMAIN", Failure::kDnsNotFound, none, Layer::kDns, kCrit, {"dmk.test", "does not exist", "NXDOMAIN"}, true},
      {"no DNS answer", Failure::kDnsNoAnswer, none, Layer::kDns, kCrit, {"dmk.test", "no DNS server answered"}, true},
      {"no address", Failure::kDnsNoAddress, none, Layer::kDns, kCrit, {"dmk.test", "no", "address"}, true},
      {"DNS error", Failure::kDnsError, none, Layer::kDns, kCrit, {"DNS lookup", "failed", "library-detail"}, false},
      {"refused", Failure::kTcpRefused, dns, Layer::kTcp, kCrit, {"192.0.2.10:443", "refused"}, true},
      {"unreachable", Failure::kTcpUnreachable, dns, Layer::kTcp, kCrit, {"unreachable"}, true},
      {"reset", Failure::kTcpReset, dns, Layer::kTcp, kCrit, {"192.0.2.10:443", "before the TLS handshake"}, true},
      {"TCP error", Failure::kTcpError, dns, Layer::kTcp, kCrit, {"failed", "library-detail"}, false},
      {"not TLS", Failure::kTlsNotTls, tcp, Layer::kTls, kCrit, {"does not speak TLS", "--no-tls"}, true},
      {"client cert",
       Failure::kTlsClientCertRequired,
       tcp,
       Layer::kTls,
       kCrit,
       {"requires a client certificate"},
       true},
      {"handshake",
       Failure::kTlsHandshakeFailed,
       tcp,
       Layer::kTls,
       kCrit,
       {"handshake failed", "library-detail"},
       true},
      {"TLS reset", Failure::kTlsReset, tcp, Layer::kTls, kCrit, {"closed", "handshake"}, false},
      {"no response", Failure::kHttpNoResponse, tls, Layer::kHttp, kCrit, {"closed the connection", "GET /"}, true},
      {"malformed", Failure::kHttpMalformed, tls, Layer::kHttp, kCrit, {"not valid HTTP"}, true},
      {"truncated", Failure::kHttpTruncated, tls, Layer::kHttp, kCrit, {"broke off"}, true},
      {"too large", Failure::kHttpTooLarge, tls, Layer::kHttp, kCrit, {"too large", "1048576", "--max-body"}, true},
      {"headers too large", Failure::kHttpHeadersTooLarge, tls, Layer::kHttp, kCrit, {"headers too large"}, true},
      {"redirect refused", Failure::kHttpRedirectRefused, tls, Layer::kHttp, kCrit, {"redirect", "not followed"}, true},
      {"too many redirects", Failure::kHttpTooManyRedirects, tls, Layer::kHttp, kCrit, {"more than 5 redirects"}, true},
      {"HTTP error", Failure::kHttpError, tls, Layer::kHttp, kCrit, {"failed", "library-detail"}, false},
      {"internal", Failure::kInternal, tcp, Layer::kTls, State::kUnknown, {"could not run the check"}, true},
  };
  for (const FailureCase& c : cases) {
    ProbeOutcome outcome = StoppedAt(c.failure, c.reached);
    outcome.detail = "library-detail";
    CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
    EXPECT_EQ(result.state, c.state) << c.name << ": " << result.summary;
    EXPECT_EQ(LayerOf(result, c.layer).state, c.state) << c.name;
    for (const std::string& word : c.words) {
      EXPECT_TRUE(Contains(result.summary, word)) << c.name << ": '" << word << "' not in: " << result.summary;
      EXPECT_TRUE(Contains(LayerOf(result, c.layer).text, word)) << c.name << ": " << LayerOf(result, c.layer).text;
    }
    if (c.advises) {
      EXPECT_FALSE(result.advice.empty()) << c.name << " gives no advice";
    }
  }
}

TEST(EvalFailureTest, AResetIsToldApartFromAClose) {
  ProbeOutcome outcome = StoppedAt(Failure::kTcpReset, {"dns"});
  outcome.os_error = ECONNRESET;
  outcome.reset = true;  // as Classify records it (classify_test.cc)
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "reset")) << result.summary;
}

// "Reset" is decided once, by the probe's Classify: the words follow its record, not the library's text.
TEST(EvalFailureTest, TakesTheResetFromTheProbeNotFromTheText) {
  ProbeOutcome outcome = StoppedAt(Failure::kHttpNoResponse, {"dns", "connect", "tls"});
  outcome.detail = "connection reset";
  EXPECT_TRUE(Contains(Evaluate(BaseConfig(), outcome, kNow).summary, "the server closed the connection"));
  outcome.reset = true;
  EXPECT_TRUE(Contains(Evaluate(BaseConfig(), outcome, kNow).summary, "the server reset the connection"));
}

TEST(EvalFailureTest, NoAddressNamesTheAskedFamily) {
  Config config = BaseConfig();
  config.ip_version = 6;
  CheckResult result = Evaluate(config, StoppedAt(Failure::kDnsNoAddress, {}), kNow);
  EXPECT_TRUE(Contains(result.summary, "no IPv6 address")) << result.summary;
  config.ip_version = 4;
  result = Evaluate(config, StoppedAt(Failure::kDnsNoAddress, {}), kNow);
  EXPECT_TRUE(Contains(result.summary, "no IPv4 address")) << result.summary;
}

TEST(EvalFailureTest, ClientCertificateRejectionIsToldApartFromItsAbsence) {
  Config config = BaseConfig();
  config.client_cert = "/etc/dmk/client.pem";
  CheckResult result = Evaluate(config, StoppedAt(Failure::kTlsClientCertRequired, {"dns", "connect"}), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "rejected our client certificate")) << result.summary;
}

TEST(EvalFailureTest, MalformedAnswerOnPlainHttpHintsAtTls) {
  Config config = BaseConfig();
  config.tls = false;
  CheckResult result = Evaluate(config, StoppedAt(Failure::kHttpMalformed, {"dns", "connect"}), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "drop --no-tls")) << result.summary;
}

TEST(EvalFailureTest, ProxyFailureNeverShowsTheProxyCredentials) {
  Config config = BaseConfig();
  config.proxy = "http://user:pa55word@proxy.example:3128";
  CheckResult result = Evaluate(config, StoppedAt(Failure::kProxyFailed, {}), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "proxy")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "proxy.example:3128")) << result.summary;
  EXPECT_FALSE(Contains(result.summary, "pa55word")) << result.summary;
  for (const LayerReport& layer : result.layers) EXPECT_FALSE(Contains(layer.text, "pa55word")) << layer.text;
  EXPECT_FALSE(Contains(AllAdvice(result), "pa55word"));
}

// A failure through a proxy is the proxy's, never the server's TCP port.
TEST(EvalFailureTest, TimeoutThroughAProxyBlamesTheProxy) {
  Config config = BaseConfig();
  config.proxy = "http://user:pa55word@proxy.example:3128";
  config.proxy_source = ProxySource::kOption;
  ProbeOutcome outcome = StoppedAt(Failure::kTimeout, {});
  outcome.timed_out_in = Layer::kTcp;
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "connecting through proxy http://proxy.example:3128 timed out"))
      << result.summary;
  EXPECT_FALSE(Contains(result.summary, "TCP connect to")) << result.summary;
  EXPECT_FALSE(Contains(result.summary, "pa55word")) << result.summary;
}

struct TimeoutCase {
  std::string name;
  Layer layer;
  std::vector<std::string> reached;
  bool response_started;
  bool headers_done;
  Layer blamed;
  std::vector<std::string> words;
};

// The time limit is the plugin's own, so it always answers before Icinga2 kills it (docs/plugin-contract.md,
// "Icinga2", Timeout); --timeout-state decides the state.
TEST(EvalFailureTest, TimeoutsNameTheLayerAndFollowTimeoutState) {
  const std::vector<TimeoutCase> cases = {
      {"DNS", Layer::kDns, {}, false, false, Layer::kDns, {"DNS lookup", "dmk.test"}},
      {"TCP", Layer::kTcp, {"dns"}, false, false, Layer::kTcp, {"TCP connect", "192.0.2.10:443"}},
      {"TLS", Layer::kTls, {"dns", "connect"}, false, false, Layer::kTls, {"TLS handshake"}},
      {"no response", Layer::kHttp, {"dns", "connect", "tls"}, false, false, Layer::kHttp, {"no response", "GET /"}},
      {"headers", Layer::kHttp, {"dns", "connect", "tls"}, true, false, Layer::kHttp, {"headers"}},
      {"body", Layer::kHttp, {"dns", "connect", "tls"}, true, true, Layer::kHttp, {"body"}},
  };
  for (State timeout_state : {State::kCritical, State::kWarning, State::kUnknown}) {
    for (const TimeoutCase& c : cases) {
      Config config = BaseConfig();
      config.timeout_state = timeout_state;
      ProbeOutcome outcome = StoppedAt(Failure::kTimeout, c.reached);
      outcome.timed_out_in = c.layer;
      outcome.elapsed_s = 9.98;
      if (c.layer == Layer::kHttp) {
        outcome.tls = Healthy().tls;
        outcome.http.request_sent = true;
        outcome.http.response_started = c.response_started;
        outcome.http.headers_done = c.headers_done;
      }
      CheckResult result = Evaluate(config, outcome, kNow);
      std::string name = c.name + " with " + std::string(StateName(timeout_state));
      EXPECT_EQ(result.state, timeout_state) << name;
      EXPECT_EQ(LayerOf(result, c.blamed).state, timeout_state) << name;
      for (const std::string& word : c.words) {
        EXPECT_TRUE(Contains(result.summary, word)) << name << ": '" << word << "' not in: " << result.summary;
      }
      EXPECT_TRUE(Contains(result.summary, "timed out")) << name << ": " << result.summary;
      EXPECT_TRUE(Contains(LayerOf(result, c.blamed).text, "timed out")) << name;
      EXPECT_FALSE(result.advice.empty()) << name;
    }
  }
}

// simulator behaviour drip_headers: one byte a second, so the status line never completes within -t 2. Bytes
// did arrive, so "no response" would send the contractor looking in the wrong place.
TEST(EvalFailureTest, TimeoutWithinThePartialStatusLineSaysTheAnswerStalled) {
  ProbeOutcome outcome = StoppedAt(Failure::kTimeout, {"dns", "connect", "tls"});
  outcome.timed_out_in = Layer::kHttp;
  outcome.elapsed_s = 2.0;
  outcome.tls = Healthy().tls;
  outcome.http.request_sent = true;
  outcome.http.bytes_received = true;
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_EQ(LayerOf(result, Layer::kHttp).state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "stalled before its status line was complete")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "timed out")) << result.summary;
  EXPECT_FALSE(Contains(result.summary, "no response")) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "stalled")) << AllAdvice(result);
}

}  // namespace
}  // namespace dmk
