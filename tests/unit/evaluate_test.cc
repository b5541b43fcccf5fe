#include "common/evaluate.h"

#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using namespace std::string_literals;

using test_support::kDay;
using test_support::kNow;
const std::string kServerPin = "q1Z2nBjrZ4d1cXeJ4+u8JGJtBPt5pDVmm1QbLUqUT4A=";

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

Config BaseConfig() {
  Config config;
  config.hostname = "dmk.test";
  config.community = "Nord";
  return config;
}

Range MustParse(const std::string& text) {
  Range range;
  Status status = ParseRange(text, &range);
  EXPECT_TRUE(status.ok()) << status.message();
  return range;
}

// A server that answers everything correctly: trusted certificate valid 90 more days, HTTP 200.
ProbeOutcome Healthy() {
  ProbeOutcome outcome;
  outcome.url = "https://dmk.test/";
  outcome.addresses = {"192.0.2.10"};
  outcome.connected_address = "192.0.2.10";
  outcome.connected_port = 443;
  outcome.phases = {0.01, 0.02, 0.05, 0.1, 0.15};
  outcome.elapsed_s = 0.15;
  TlsFacts& tls = outcome.tls;
  tls.certificate_seen = true;
  tls.handshake_done = true;
  tls.protocol = "TLSv1.3";
  tls.cipher = "TLS_AES_128_GCM_SHA256";
  tls.leaf.subject = "CN=dmk.test";
  tls.leaf.issuer = "CN=DMK Test CA";
  tls.leaf.names = {"dmk.test"};
  tls.leaf.not_before = kNow - 10 * kDay;
  tls.leaf.not_after = kNow + 90 * kDay;
  tls.leaf.spki_sha256 = kServerPin;
  tls.chain_length = 1;
  tls.earliest_not_after = tls.leaf.not_after;
  tls.earliest_subject = tls.leaf.subject;
  tls.host_matches = true;
  tls.accepted = true;
  HttpFacts& http = outcome.http;
  http.request_sent = true;
  http.response_started = true;
  http.headers_done = true;
  http.http_version = "1.1";
  http.status = 200;
  http.reason = "OK";
  http.body = R"({"status":"ok"})";
  http.body_bytes = http.body.size();
  return outcome;
}

// The probe stopped with `failure` after the phases that are set in `reached` ("dns", "connect", "tls").
ProbeOutcome StoppedAt(Failure failure, const std::vector<std::string>& reached) {
  ProbeOutcome outcome = Healthy();
  auto has = [&](const char* phase) { return std::find(reached.begin(), reached.end(), phase) != reached.end(); };
  outcome.failure = failure;
  outcome.phases = {};
  outcome.elapsed_s = 0.2;
  if (has("dns")) {
    outcome.phases.dns = 0.01;
  } else {
    outcome.addresses.clear();
  }
  if (has("connect")) {
    outcome.phases.connect = 0.02;
  } else {
    outcome.connected_address.clear();
    outcome.connected_port = 0;
  }
  if (has("tls")) {
    outcome.phases.tls = 0.05;
  } else {
    outcome.tls = TlsFacts();
  }
  outcome.http = HttpFacts();
  return outcome;
}

// The certificate was refused by our verification: handshake stopped after TCP.
ProbeOutcome CertificateRefused() {
  ProbeOutcome outcome = StoppedAt(Failure::kTlsCertificateRejected, {"dns", "connect"});
  outcome.tls = Healthy().tls;
  outcome.tls.handshake_done = false;
  outcome.tls.accepted = false;
  return outcome;
}

const LayerReport& LayerOf(const CheckResult& result, Layer layer) {
  for (const LayerReport& report : result.layers) {
    if (report.layer == layer) return report;
  }
  ADD_FAILURE() << "no " << LayerName(layer) << " layer";
  static const LayerReport kMissing;
  return kMissing;
}

bool HasLayer(const CheckResult& result, Layer layer) {
  return std::any_of(result.layers.begin(), result.layers.end(),
                     [&](const LayerReport& report) { return report.layer == layer; });
}

std::vector<std::string> PerfLabels(const CheckResult& result) {
  std::vector<std::string> labels;
  for (const PerfValue& value : result.perfdata) labels.push_back(value.label);
  return labels;
}

const PerfValue* Perf(const CheckResult& result, const std::string& label) {
  for (const PerfValue& value : result.perfdata) {
    if (value.label == label) return &value;
  }
  return nullptr;
}

std::string AllAdvice(const CheckResult& result) {
  std::string text;
  for (const std::string& advice : result.advice) text += advice + "\n";
  return text;
}

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

TEST(EvaluateTest, PerfdataHasEveryPhaseSizeAndCertificateDays) {
  Config config = BaseConfig();
  config.total.warning = MustParse("0.5");
  config.total.critical = MustParse("1");
  CheckResult result = Evaluate(config, Healthy(), kNow);
  EXPECT_EQ(PerfLabels(result),
            (std::vector<std::string>{"dns", "connect", "tls", "ttfb", "time", "size", "cert_days"}));
  // Simple upper bounds are written as plain numbers (docs/plugin-contract.md, "Perfdata").
  EXPECT_EQ(FormatPerfdata(result.perfdata),
            "dns=0.01s;;;0;10 connect=0.02s;;;0;10 tls=0.05s;;;0;10 ttfb=0.1s;;;0;10 time=0.15s;0.5;1;0;10 "
            "size=15B;;;0 cert_days=90;25:;12.5:");  // a 100-day certificate: 1/4 and 1/8 of it
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
TEST(EvaluateTest, NamesTheLayerAndTheCauseOfEveryFailure) {
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

TEST(EvaluateTest, AResetIsToldApartFromAClose) {
  ProbeOutcome outcome = StoppedAt(Failure::kTcpReset, {"dns"});
  outcome.os_error = ECONNRESET;
  outcome.reset = true;  // as Classify records it (classify_test.cc)
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "reset")) << result.summary;
}

// "Reset" is decided once, by the probe's Classify: the words follow its record, not the library's text.
TEST(EvaluateTest, TakesTheResetFromTheProbeNotFromTheText) {
  ProbeOutcome outcome = StoppedAt(Failure::kHttpNoResponse, {"dns", "connect", "tls"});
  outcome.detail = "connection reset";
  EXPECT_TRUE(Contains(Evaluate(BaseConfig(), outcome, kNow).summary, "the server closed the connection"));
  outcome.reset = true;
  EXPECT_TRUE(Contains(Evaluate(BaseConfig(), outcome, kNow).summary, "the server reset the connection"));
}

TEST(EvaluateTest, NoAddressNamesTheAskedFamily) {
  Config config = BaseConfig();
  config.ip_version = 6;
  CheckResult result = Evaluate(config, StoppedAt(Failure::kDnsNoAddress, {}), kNow);
  EXPECT_TRUE(Contains(result.summary, "no IPv6 address")) << result.summary;
  config.ip_version = 4;
  result = Evaluate(config, StoppedAt(Failure::kDnsNoAddress, {}), kNow);
  EXPECT_TRUE(Contains(result.summary, "no IPv4 address")) << result.summary;
}

TEST(EvaluateTest, DnsFailureLeavesEveryPhaseUnknownInPerfdata) {
  CheckResult result = Evaluate(BaseConfig(), StoppedAt(Failure::kDnsNotFound, {}), kNow);
  std::string perfdata = FormatPerfdata(result.perfdata);
  for (const char* gap : {"dns=U", "connect=U", "tls=U", "ttfb=U", "time=U", "size=U", "cert_days=U"}) {
    EXPECT_TRUE(Contains(perfdata, gap)) << gap << " in " << perfdata;
  }
  EXPECT_EQ(LayerOf(result, Layer::kTcp).state, std::nullopt);
}

TEST(EvaluateTest, ClientCertificateRejectionIsToldApartFromItsAbsence) {
  Config config = BaseConfig();
  config.client_cert = "/etc/dmk/client.pem";
  CheckResult result = Evaluate(config, StoppedAt(Failure::kTlsClientCertRequired, {"dns", "connect"}), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "rejected our client certificate")) << result.summary;
}

TEST(EvaluateTest, MalformedAnswerOnPlainHttpHintsAtTls) {
  Config config = BaseConfig();
  config.tls = false;
  CheckResult result = Evaluate(config, StoppedAt(Failure::kHttpMalformed, {"dns", "connect"}), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "drop --no-tls")) << result.summary;
}

TEST(EvaluateTest, ProxyFailureNeverShowsTheProxyCredentials) {
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
TEST(EvaluateTest, TimeoutThroughAProxyBlamesTheProxy) {
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

struct ProxyLineCase {
  std::string name;
  void (*set)(Config*);
  std::string line;  // expected in the details; empty: no proxy line at all
};

TEST(EvaluateTest, LongOutputSaysWhichProxyWasUsed) {
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
    CheckResult result = Evaluate(config, Healthy(), kNow);
    std::string all;
    for (const std::string& line : result.details) all += line + "\n";
    if (c.line.empty()) {
      EXPECT_FALSE(Contains(all, "proxy")) << c.name << ": " << all;
    } else {
      EXPECT_TRUE(Contains(all, c.line)) << c.name << ": " << all;
    }
    EXPECT_FALSE(Contains(all, "pa55word")) << c.name;
  }
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
TEST(EvaluateTest, TimeoutsNameTheLayerAndFollowTimeoutState) {
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
TEST(EvaluateTest, TimeoutWithinThePartialStatusLineSaysTheAnswerStalled) {
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

TEST(EvaluateTest, ExpiredCertificateIsCriticalWithTheDate) {
  ProbeOutcome outcome = CertificateRefused();
  outcome.tls.leaf.not_after = kNow - 3 * kDay - kDay / 2;  // 2023-11-11
  outcome.tls.earliest_not_after = outcome.tls.leaf.not_after;
  outcome.tls.verify_error = X509_V_ERR_CERT_HAS_EXPIRED;
  outcome.tls.verify_error_text = "certificate has expired";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_EQ(LayerOf(result, Layer::kTls).state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "expired")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "3 days ago")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "2023-11-11")) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "renew")) << AllAdvice(result);
  EXPECT_EQ(LayerOf(result, Layer::kHttp).state, std::nullopt);
}

// The status line said "expired 13 days ago" while the perfdata said cert_days=-14: now both count from the
// same rule, the perfdata with two decimals.
TEST(EvaluateTest, ExpiredDaysInTextAndPerfdataAreTheSameCount) {
  ProbeOutcome outcome = CertificateRefused();
  outcome.tls.leaf.not_after = kNow - 13 * kDay - kDay / 2;
  outcome.tls.earliest_not_after = outcome.tls.leaf.not_after;
  outcome.tls.verify_error = X509_V_ERR_CERT_HAS_EXPIRED;
  outcome.tls.verify_error_text = "certificate has expired";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "certificate expired 13 days ago")) << result.summary;
  EXPECT_TRUE(Contains(FormatPerfdata(result.perfdata), "cert_days=-13.5;")) << FormatPerfdata(result.perfdata);
}

TEST(EvaluateTest, CertificateNotYetValidIsCriticalWithTheStartDate) {
  ProbeOutcome outcome = CertificateRefused();
  outcome.tls.leaf.not_before = kNow + 2 * kDay;  // 2023-11-16
  outcome.tls.verify_error = X509_V_ERR_CERT_NOT_YET_VALID;
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "not valid before 2023-11-16")) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "clock")) << AllAdvice(result);
}

TEST(EvaluateTest, SelfSignedCertificateIsNotTrustedAndTheAdviceGivesThePin) {
  for (int error : {X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN}) {
    ProbeOutcome outcome = CertificateRefused();
    outcome.tls.leaf.self_signed = true;
    outcome.tls.leaf.issuer = outcome.tls.leaf.subject;
    outcome.tls.verify_error = error;
    CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
    EXPECT_EQ(result.state, State::kCritical);
    EXPECT_TRUE(Contains(result.summary, "self-signed")) << result.summary;
    EXPECT_TRUE(Contains(result.summary, "not trusted")) << result.summary;
    EXPECT_TRUE(Contains(AllAdvice(result), "--pin-sha256 " + kServerPin)) << AllAdvice(result);
  }
}

TEST(EvaluateTest, CertificateFromAnUnknownIssuerIsNotTrusted) {
  for (int error : {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE,
                    X509_V_ERR_CERT_UNTRUSTED}) {
    ProbeOutcome outcome = CertificateRefused();
    outcome.tls.leaf.issuer = "CN=Contractor Private CA";
    outcome.tls.verify_error = error;
    CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
    EXPECT_EQ(result.state, State::kCritical);
    EXPECT_TRUE(Contains(result.summary, "not trusted")) << result.summary;
    EXPECT_TRUE(Contains(result.summary, "Contractor Private CA")) << result.summary;
  }
}

TEST(EvaluateTest, CertificateForAnotherHostNamesBoth) {
  ProbeOutcome outcome = CertificateRefused();
  outcome.tls.leaf.names = {"other.example", "www.other.example"};
  outcome.tls.host_matches = false;
  outcome.tls.verify_error = X509_V_ERR_HOSTNAME_MISMATCH;
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "other.example")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "not dmk.test")) << result.summary;
}

TEST(EvaluateTest, PinMismatchIsCriticalAndShowsTheServersKey) {
  ProbeOutcome outcome = CertificateRefused();
  outcome.tls.pin_checked = true;
  outcome.tls.pin_matched = false;
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "does not match --pin-sha256")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "sha256//" + kServerPin)) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "interception")) << AllAdvice(result);
}

TEST(EvaluateTest, MatchingPinAcceptsASelfSignedCertificate) {
  ProbeOutcome outcome = Healthy();
  outcome.tls.leaf.self_signed = true;
  outcome.tls.verify_error = X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
  outcome.tls.pin_checked = true;
  outcome.tls.pin_matched = true;
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kOk) << result.summary;
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kTls).text, "key matches --pin-sha256"));
}

TEST(EvaluateTest, OtherVerificationErrorsAreQuoted) {
  ProbeOutcome outcome = CertificateRefused();
  outcome.tls.verify_error = X509_V_ERR_CERT_REVOKED;
  outcome.tls.verify_error_text = "certificate revoked";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "verification failed")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "certificate revoked")) << result.summary;
}

struct DaysCase {
  double days_left;
  State state;
  double cert_days;  // the perfdata: two decimals, rounded toward zero
};

// A long-lived (398-day) certificate keeps the old defaults: WARNING within 30 days, CRITICAL within 14.
TEST(EvaluateTest, CertificateDaysFollowTheThresholds) {
  const std::vector<DaysCase> cases = {
      {365, State::kOk, 365},
      {30.5, State::kOk, 30.5},
      {29.5, State::kWarning, 29.5},
      {15, State::kWarning, 15},
      {14.5, State::kWarning, 14.5},
      {13.5, State::kCritical, 13.5},
      {1, State::kCritical, 1},
      {0.25, State::kCritical, 0.25},
      {14, State::kWarning, 14},
      {14 - 1.0 / 86400, State::kCritical, 13.99},  // a second short of 14 days, in integers
  };
  for (const DaysCase& c : cases) {
    ProbeOutcome outcome = Healthy();
    outcome.tls.leaf.not_after = kNow + static_cast<std::int64_t>(c.days_left * kDay);
    outcome.tls.leaf.not_before = outcome.tls.leaf.not_after - 398 * kDay;
    outcome.tls.earliest_not_after = outcome.tls.leaf.not_after;
    CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
    EXPECT_EQ(result.state, c.state) << c.days_left << " days: " << result.summary;
    EXPECT_EQ(LayerOf(result, Layer::kTls).state, c.state) << c.days_left;
    if (c.state != State::kOk) {
      EXPECT_TRUE(Contains(result.summary, "certificate expires in")) << result.summary;
      EXPECT_TRUE(Contains(AllAdvice(result), "renew")) << AllAdvice(result);
    }
    const PerfValue* days = Perf(result, "cert_days");
    ASSERT_NE(days, nullptr);
    ASSERT_TRUE(days->value.has_value());
    EXPECT_DOUBLE_EQ(*days->value, c.cert_days) << c.days_left;
  }
}

TEST(EvaluateTest, CertificateDayThresholdsAreConfigurable) {
  Config config = BaseConfig();
  config.cert_limits.warning = CertLimit{CertLimitUnit::kDays, 60};
  config.cert_limits.critical = CertLimit{CertLimitUnit::kDays, 10};
  ProbeOutcome outcome = Healthy();
  outcome.tls.leaf.not_after = kNow + 45 * kDay;
  outcome.tls.earliest_not_after = outcome.tls.leaf.not_after;
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kWarning);
  EXPECT_TRUE(Contains(result.summary, "45 days")) << result.summary;
  EXPECT_TRUE(Contains(FormatPerfdata(result.perfdata), "cert_days=45;60:;10:"));
  outcome.tls.leaf.not_after = kNow + 12 * kDay;
  outcome.tls.earliest_not_after = outcome.tls.leaf.not_after;
  EXPECT_EQ(Evaluate(config, outcome, kNow).state, State::kWarning);
}

TEST(EvaluateTest, AnIntermediateExpiringBeforeTheLeafIsNamed) {
  ProbeOutcome outcome = Healthy();
  outcome.tls.chain_length = 2;
  outcome.tls.leaf.not_after = kNow + 200 * kDay;
  outcome.tls.earliest_not_after = kNow + 10 * kDay;  // 2023-11-24
  outcome.tls.earliest_subject = "CN=DMK Intermediate CA,O=Contractor";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "chain certificate")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "DMK Intermediate CA")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "10 days")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "2023-11-24")) << result.summary;
  const PerfValue* days = Perf(result, "cert_days");
  ASSERT_NE(days, nullptr);
  EXPECT_EQ(days->value, 10.0);
}

TEST(EvaluateTest, ServerErrorIsCritical) {
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 503;
  outcome.http.reason = "Service Unavailable";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "server error")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "503 Service Unavailable")) << result.summary;
  EXPECT_EQ(LayerOf(result, Layer::kHttp).state, State::kOk);
  EXPECT_EQ(LayerOf(result, Layer::kApi).state, State::kCritical);
  EXPECT_TRUE(Contains(AllAdvice(result), "logs")) << AllAdvice(result);
  EXPECT_TRUE(Contains(FormatPerfdata(result.perfdata), "size=15B")) << "a reached response has a size";
}

// RFC 9110 section 15: status codes are 100..599; 599 is still a server error, 600 and 999 are not HTTP.
TEST(EvaluateTest, StatusOutsideHttpsRangeIsNotCalledAServerError) {
  struct StatusCase {
    int status;
    const char* words;
  };
  for (const StatusCase& c :
       {StatusCase{599, "server error HTTP 599"}, StatusCase{600, "outside HTTP's range HTTP 600"},
        StatusCase{999, "outside HTTP's range HTTP 999"}}) {
    ProbeOutcome outcome = Healthy();
    outcome.http.status = c.status;
    outcome.http.reason = "Weird";
    CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
    EXPECT_EQ(result.state, State::kCritical) << c.status;
    EXPECT_EQ(LayerOf(result, Layer::kApi).state, State::kCritical) << c.status;
    EXPECT_TRUE(Contains(result.summary, c.words)) << result.summary;
    if (c.status > 599) {
      EXPECT_FALSE(Contains(result.summary, "server error")) << result.summary;
      EXPECT_TRUE(Contains(AllAdvice(result), "not standard HTTP")) << AllAdvice(result);
    }
  }
}

TEST(EvaluateTest, UnexpectedRedirectIsCriticalWithAHint) {
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 302;
  outcome.http.reason = "Found";
  outcome.http.location = "https://dmk.test/login";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "unexpected")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "302")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "expected 2xx")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "https://dmk.test/login")) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "--follow")) << AllAdvice(result);
  EXPECT_TRUE(Contains(AllAdvice(result), "--expect-status 3xx")) << AllAdvice(result);
}

TEST(EvaluateTest, NotFoundPointsAtTheUri) {
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 404;
  outcome.http.reason = "Not Found";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "unexpected HTTP 404")) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "--uri")) << AllAdvice(result);
}

TEST(EvaluateTest, ExpectStatusAcceptsTheListedCodes) {
  Config config = BaseConfig();
  config.expect_status = {{204, 204}, {300, 399}};
  config.expect_status_text = "204,3xx";
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 302;
  EXPECT_EQ(Evaluate(config, outcome, kNow).state, State::kOk);
  outcome.http.status = 204;
  EXPECT_EQ(Evaluate(config, outcome, kNow).state, State::kOk);
  outcome.http.status = 200;
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "expected 204,3xx")) << result.summary;
}

TEST(EvaluateTest, AuthenticationRequiredWithoutAuthIsCriticalInTheAuthLayer) {
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 401;
  outcome.http.reason = "Unauthorized";
  outcome.http.www_authenticate = "Basic realm=\"dmk\"";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  ASSERT_TRUE(HasLayer(result, Layer::kAuth));
  EXPECT_EQ(LayerOf(result, Layer::kAuth).state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "requires authentication")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "Basic")) << result.summary;
  EXPECT_FALSE(Contains(result.summary, "credentials rejected")) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "--auth")) << AllAdvice(result);
}

TEST(EvaluateTest, RejectedCredentialsAreCritical) {
  for (AuthType auth : {AuthType::kBasic, AuthType::kBearer}) {
    for (int status : {401, 403}) {
      Config config = BaseConfig();
      config.auth = auth;
      ProbeOutcome outcome = Healthy();
      outcome.http.status = status;
      CheckResult result = Evaluate(config, outcome, kNow);
      EXPECT_EQ(result.state, State::kCritical) << status;
      EXPECT_EQ(LayerOf(result, Layer::kAuth).state, State::kCritical) << status;
      EXPECT_TRUE(Contains(result.summary, "credentials rejected")) << result.summary;
      EXPECT_TRUE(Contains(result.summary, auth == AuthType::kBasic ? "basic" : "bearer")) << result.summary;
      EXPECT_TRUE(Contains(result.summary, std::to_string(status))) << result.summary;
    }
  }
}

TEST(EvaluateTest, AcceptedCredentialsAreReported) {
  Config config = BaseConfig();
  config.auth = AuthType::kBearer;
  CheckResult result = Evaluate(config, Healthy(), kNow);
  EXPECT_EQ(result.state, State::kOk);
  EXPECT_EQ(LayerOf(result, Layer::kAuth).state, State::kOk);
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kAuth).text, "credentials accepted"));
}

TEST(EvaluateTest, AuthLayerIsListedAsNotReachedWhenTheConnectionFailsEarlier) {
  Config config = BaseConfig();
  config.auth = AuthType::kBasic;
  CheckResult result = Evaluate(config, StoppedAt(Failure::kTcpRefused, {"dns"}), kNow);
  EXPECT_EQ(result.layers.back().layer, Layer::kAuth);
  EXPECT_EQ(result.layers.back().state, std::nullopt);
}

TEST(EvaluateTest, ExpectBodyMatchIsOkAndMismatchIsCritical) {
  Config config = BaseConfig();
  config.expect_body = "\"status\": *\"ok\"";
  CheckResult ok = Evaluate(config, Healthy(), kNow);
  EXPECT_EQ(ok.state, State::kOk) << ok.summary;
  EXPECT_TRUE(Contains(LayerOf(ok, Layer::kApi).text, "body matches"));
  ProbeOutcome outcome = Healthy();
  outcome.http.body = R"({"status":"degraded"})";
  CheckResult bad = Evaluate(config, outcome, kNow);
  EXPECT_EQ(bad.state, State::kCritical);
  EXPECT_EQ(LayerOf(bad, Layer::kApi).state, State::kCritical);
  EXPECT_TRUE(Contains(bad.summary, "does not match")) << bad.summary;
}

TEST(EvaluateTest, ExpectBodyLooksBeyondNulBytes) {
  Config config = BaseConfig();
  config.expect_body = "status.*ok";
  ProbeOutcome outcome = Healthy();
  outcome.http.body = "\0\0binary\0{\"status\":\"ok\"}"s;
  outcome.http.body_bytes = outcome.http.body.size();
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kOk) << result.summary;
  config.expect_body = "^status";
  result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "does not match")) << result.summary;
}

struct PhaseCase {
  std::string name;
  Thresholds Config::*limits;
  Layer layer;
  std::string words;
};

// Critical is evaluated before warning (docs/plugin-contract.md, "Thresholds").
TEST(EvaluateTest, PhaseThresholdsRaiseWarningAndCritical) {
  // Healthy(): dns 0.01, connect 0.02, tls 0.05, ttfb 0.1, total 0.15.
  const std::vector<PhaseCase> cases = {
      {"dns", &Config::dns, Layer::kDns, "DNS lookup took"},
      {"connect", &Config::connect, Layer::kTcp, "TCP connect took"},
      {"tls", &Config::tls_handshake, Layer::kTls, "TLS handshake took"},
      {"ttfb", &Config::ttfb, Layer::kHttp, "time to first byte took"},
      {"total", &Config::total, Layer::kHttp, "the whole check took"},
  };
  for (const PhaseCase& c : cases) {
    Config config = BaseConfig();
    (config.*c.limits).warning = MustParse("0.005");
    CheckResult warning = Evaluate(config, Healthy(), kNow);
    EXPECT_EQ(warning.state, State::kWarning) << c.name << ": " << warning.summary;
    EXPECT_EQ(LayerOf(warning, c.layer).state, State::kWarning) << c.name;
    EXPECT_TRUE(Contains(warning.summary, c.words)) << c.name << ": " << warning.summary;
    EXPECT_TRUE(Contains(warning.summary, "warning range 0.005")) << warning.summary;

    (config.*c.limits).critical = MustParse("0.006");
    CheckResult critical = Evaluate(config, Healthy(), kNow);
    EXPECT_EQ(critical.state, State::kCritical) << c.name << ": " << critical.summary;
    EXPECT_TRUE(Contains(critical.summary, "critical range 0.006")) << critical.summary;
    EXPECT_FALSE(Contains(critical.summary, "warning range")) << critical.summary;

    (config.*c.limits).warning = MustParse("1");
    (config.*c.limits).critical = MustParse("2");
    EXPECT_EQ(Evaluate(config, Healthy(), kNow).state, State::kOk) << c.name;
  }
}

TEST(EvaluateTest, PhaseThresholdsAppearInPerfdata) {
  Config config = BaseConfig();
  config.dns.warning = MustParse("0.5");
  config.connect.critical = MustParse("1:");
  config.ttfb.warning = MustParse("0:2");
  CheckResult result = Evaluate(config, Healthy(), kNow);
  std::string perfdata = FormatPerfdata(result.perfdata);
  EXPECT_TRUE(Contains(perfdata, "dns=0.01s;0.5;;0;10")) << perfdata;
  EXPECT_TRUE(Contains(perfdata, "connect=0.02s;;1:;0;10")) << perfdata;
  EXPECT_TRUE(Contains(perfdata, "ttfb=0.1s;2;;0;10")) << perfdata;
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

TEST(EvaluateTest, InsecureSaysSoInTheSummary) {
  Config config = BaseConfig();
  config.insecure = true;
  ProbeOutcome outcome = Healthy();
  outcome.tls.verification_skipped = true;
  outcome.tls.verify_error = X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
  CheckResult ok = Evaluate(config, outcome, kNow);
  EXPECT_EQ(ok.state, State::kOk);
  EXPECT_TRUE(Contains(ok.summary, "NOT verified")) << ok.summary;
  EXPECT_TRUE(Contains(ok.summary, "--insecure")) << ok.summary;
  EXPECT_TRUE(Contains(LayerOf(ok, Layer::kTls).text, "NOT verified"));
  outcome.http.status = 500;
  CheckResult bad = Evaluate(config, outcome, kNow);
  EXPECT_EQ(bad.state, State::kCritical);
  EXPECT_TRUE(Contains(bad.summary, "NOT verified")) << bad.summary;
}

TEST(EvaluateTest, InsecureStillReportsAnExpiredCertificate) {
  Config config = BaseConfig();
  config.insecure = true;
  ProbeOutcome outcome = Healthy();
  outcome.tls.verification_skipped = true;
  outcome.tls.verify_error = X509_V_ERR_CERT_HAS_EXPIRED;
  outcome.tls.leaf.not_after = kNow - 5 * kDay;
  outcome.tls.earliest_not_after = outcome.tls.leaf.not_after;
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "expired")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "NOT verified")) << result.summary;
}

TEST(EvaluateTest, AnExpiredIntermediateIsReportedAsExpired) {
  ProbeOutcome outcome = CertificateRefused();
  outcome.tls.chain_length = 2;
  outcome.tls.earliest_not_after = kNow - 2 * kDay;
  outcome.tls.earliest_subject = "CN=DMK Intermediate CA";
  outcome.tls.verify_error = X509_V_ERR_CERT_HAS_EXPIRED;
  outcome.tls.verify_error_text = "certificate has expired";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_EQ(LayerOf(result, Layer::kTls).state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "chain certificate CN=DMK Intermediate CA expired 2 days ago"))
      << result.summary;
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

TEST(EvaluateTest, NetworkTextIsSanitisedInLayerTexts) {
  ProbeOutcome outcome = Healthy();
  outcome.http.status = 500;
  outcome.http.reason = "Oops | evil=1;2;3\x1b[31m\nsecond line";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  for (const LayerReport& layer : result.layers) {
    EXPECT_EQ(layer.text.find('|'), std::string::npos) << layer.text;
    EXPECT_EQ(layer.text.find('\x1b'), std::string::npos) << layer.text;
    EXPECT_EQ(layer.text.find('\n'), std::string::npos) << layer.text;
  }
  EXPECT_EQ(result.summary.find('|'), std::string::npos) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "Oops / evil")) << result.summary;
}

TEST(EvaluateTest, VerbosityAddsDetails) {
  Config config = BaseConfig();
  ProbeOutcome outcome = Healthy();
  outcome.http.response_headers = {"HTTP/1.1 200 OK", "Content-Type: application/json"};
  EXPECT_TRUE(Evaluate(config, outcome, kNow).details.empty());
  config.verbosity = 1;
  std::vector<std::string> details = Evaluate(config, outcome, kNow).details;
  std::string joined;
  for (const std::string& line : details) joined += line + "\n";
  EXPECT_TRUE(Contains(joined, "URL: https://dmk.test/")) << joined;
  EXPECT_TRUE(Contains(joined, "sha256//" + kServerPin)) << joined;
  EXPECT_FALSE(Contains(joined, "Content-Type")) << joined;
  config.verbosity = 3;
  joined.clear();
  for (const std::string& line : Evaluate(config, outcome, kNow).details) joined += line + "\n";
  EXPECT_TRUE(Contains(joined, "< Content-Type: application/json")) << joined;
  EXPECT_TRUE(Contains(joined, "body: {\"status\":\"ok\"}")) << joined;
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

namespace dmk {
namespace {

TEST(EvaluateTest, LeavesOutTheDnsLabelWhenThereIsNoLookupButWritesUWhenOneWasNotReached) {
  // docs/plugin-contract.md, "Perfdata": U is for phases never reached. A lookup that never happens
  // (--address) is not a phase of this check, and Icinga 2.13 logs every U it sees.
  Config config = BaseConfig();
  config.address = "127.0.0.1";
  ProbeOutcome outcome = Healthy();
  outcome.dns_skipped = true;
  outcome.phases.dns.reset();
  std::string perfdata = FormatPerfdata(Evaluate(config, outcome, kNow).perfdata);
  EXPECT_EQ(perfdata.find("dns="), std::string::npos) << perfdata;
  EXPECT_NE(perfdata.find("connect="), std::string::npos) << perfdata;
  std::string not_reached = FormatPerfdata(Evaluate(BaseConfig(), StoppedAt(Failure::kDnsNoAnswer, {}), kNow).perfdata);
  EXPECT_NE(not_reached.find("dns=U"), std::string::npos) << not_reached;
}

// The certificate diagnoses reach the first line, each with its own words.

struct ChainDiagnosisCase {
  const char* name;
  int verify_error;
  void (*set)(TlsFacts&);
  std::string first_words;  // where the summary must start
  std::string not_words;    // what it must not say
};

TEST(EvaluateTest, CertificateChainProblemsLeadTheFirstLineWithTheirCause) {
  const std::vector<ChainDiagnosisCase> cases = {
      {"incomplete chain", X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
       [](TlsFacts& f) {
         f.leaf.issuer = "CN=Issuing CA 2";
         f.chain.error_depth = 0;
         f.chain.error_issuer = "CN=Issuing CA 2";
         f.chain.issuer_url = "http://ca.example/ica2.crt";
       },
       "incomplete certificate chain: the server does not send its intermediate certificate (CN=Issuing CA 2): "
       "ask the contractor to install the full chain",
       "not trusted"},
      {"untrusted issuer", X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
       [](TlsFacts& f) {
         f.leaf.issuer = "CN=Private CA";
         f.chain.error_depth = 0;
         f.chain.error_issuer = "CN=Private CA";
       },
       "certificate issued by CN=Private CA is not trusted", "intermediate"},
      {"untrusted root in the chain", X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
       [](TlsFacts& f) {
         f.leaf.issuer = "CN=Contractor Root";
         f.chain.top_subject = "CN=Contractor Root";
       },
       "certificate chain ends in the root CN=Contractor Root, which is not trusted", "self-signed"},
      {"SHA-1 intermediate", X509_V_ERR_CA_MD_TOO_WEAK,
       [](TlsFacts& f) {
         f.chain.error_depth = 1;
         f.chain.error_subject = "CN=Old CA";
         f.chain.signature_digest = "SHA-1";
         f.chain.security_level = 2;
       },
       "intermediate certificate CN=Old CA is signed with SHA-1", "verification failed"},
      {"small key", X509_V_ERR_EE_KEY_TOO_SMALL,
       [](TlsFacts& f) {
         f.chain.error_depth = 0;
         f.chain.error_subject = "CN=dmk.test";
         f.chain.key_type = "RSA";
         f.chain.key_bits = 1024;
         f.chain.security_level = 2;
       },
       "leaf certificate CN=dmk.test has a 1024-bit RSA key, too weak for this host (2048 bits required)",
       "verification failed"},
      {"out of order", X509_V_ERR_INVALID_PURPOSE,
       [](TlsFacts& f) {
         f.leaf.subject = "CN=Issuing CA 2";
         f.leaf.names = {};
         f.leaf.not_after = kNow + 5 * kDay;
         f.host_matches = false;
         f.chain.out_of_order_subject = "CN=dmk.test";
       },
       "the server sends its certificate chain out of order (CN=Issuing CA 2 first, before CN=dmk.test)",
       "certificate is for"},
  };
  for (const ChainDiagnosisCase& c : cases) {
    ProbeOutcome outcome = CertificateRefused();
    outcome.tls.verify_error = c.verify_error;
    c.set(outcome.tls);
    CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
    EXPECT_EQ(result.state, State::kCritical) << c.name;
    EXPECT_EQ(result.summary.rfind(c.first_words, 0), 0u) << c.name << ": " << result.summary;
    EXPECT_FALSE(Contains(result.summary, c.not_words)) << c.name << ": " << result.summary;
    EXPECT_FALSE(AllAdvice(result).empty()) << c.name;
  }
}

TEST(EvaluateTest, AHostNameOnlyInTheCommonNameIsAWarningByDefault) {
  ProbeOutcome outcome = Healthy();
  outcome.tls.leaf.names = {};
  outcome.tls.chain.name_only_in_cn = true;
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kWarning);
  EXPECT_EQ(LayerOf(result, Layer::kTls).state, State::kWarning);
  EXPECT_EQ(result.summary,
            "certificate names dmk.test only in its Common Name (no subjectAltName); modern clients reject it");
  EXPECT_TRUE(Contains(AllAdvice(result), "subjectAltName")) << AllAdvice(result);
}

TEST(EvaluateTest, TheCnOnlyStateIsConfigurable) {
  ProbeOutcome outcome = Healthy();
  outcome.tls.chain.name_only_in_cn = true;
  Config config = BaseConfig();
  config.cn_only_state = State::kCritical;
  EXPECT_EQ(Evaluate(config, outcome, kNow).state, State::kCritical);
  config.cn_only_state = State::kOk;
  CheckResult result = Evaluate(config, outcome, kNow);
  EXPECT_EQ(result.state, State::kOk);
  EXPECT_TRUE(Contains(result.summary, "HTTP 200")) << result.summary;
  EXPECT_TRUE(Contains(LayerOf(result, Layer::kTls).text, "only in its Common Name")) << "still in the long output";
  outcome.tls.chain.name_only_in_cn = false;
  EXPECT_EQ(Evaluate(BaseConfig(), outcome, kNow).state, State::kOk);
}

}  // namespace
}  // namespace dmk
