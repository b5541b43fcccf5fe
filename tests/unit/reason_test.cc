#include "common/reason.h"

#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include <cerrno>
#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "common/header_assert.h"
#include "common/json_assert.h"
#include "common/reason_for.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::BaseConfig;
using test_support::kDay;
using test_support::kNow;

// A healthy answer: trusted certificate valid 90 more days, HTTP 200.
ProbeOutcome Healthy() {
  ProbeOutcome outcome;
  outcome.addresses = {"192.0.2.10"};
  outcome.phases = {0.01, 0.02, 0.05, 0.1, 0.15};
  TlsFacts& tls = outcome.tls;
  tls.certificate_seen = tls.handshake_done = tls.host_matches = tls.accepted = true;
  tls.leaf.not_before = kNow - 10 * kDay;
  tls.leaf.not_after = tls.earliest_not_after = kNow + 90 * kDay;
  HttpFacts& http = outcome.http;
  http.request_sent = http.response_started = http.headers_done = true;
  http.status = 200;
  http.body = "ok";
  return outcome;
}

ProbeOutcome Failed(Failure failure) {
  ProbeOutcome outcome = Healthy();
  outcome.failure = failure;
  outcome.http = HttpFacts();
  return outcome;
}

ProbeOutcome Rejected(const std::function<void(TlsFacts&)>& change) {
  ProbeOutcome outcome = Failed(Failure::kTlsCertificateRejected);
  outcome.tls.accepted = false;
  outcome.tls.handshake_done = false;
  change(outcome.tls);
  return outcome;
}

ProbeOutcome TimedOut(Layer layer) {
  ProbeOutcome outcome = Failed(Failure::kTimeout);
  outcome.timed_out_in = layer;
  return outcome;
}

struct Case {
  const char* name;
  std::function<Config()> config;
  std::function<ProbeOutcome()> outcome;
  const char* code;
  Side side;
};

Config With(const std::function<void(Config&)>& change) {
  Config config = BaseConfig();
  change(config);
  return config;
}

const Case kCases[] = {
    {"healthy", BaseConfig, Healthy, "ok", Side::kNone},
    {"nxdomain", BaseConfig, [] { return Failed(Failure::kDnsNotFound); }, "dns.not_found", Side::kServer},
    {"no dns server answered", BaseConfig, [] { return Failed(Failure::kDnsNoAnswer); }, "dns.no_answer",
     Side::kMonitoring},
    {"no address", BaseConfig, [] { return Failed(Failure::kDnsNoAddress); }, "dns.no_address", Side::kServer},
    {"dns error", BaseConfig, [] { return Failed(Failure::kDnsError); }, "dns.error", Side::kMonitoring},
    {"refused", BaseConfig, [] { return Failed(Failure::kTcpRefused); }, "tcp.refused", Side::kServer},
    {"host unreachable", BaseConfig,
     [] {
       auto o = Failed(Failure::kTcpUnreachable);
       o.os_error = EHOSTUNREACH;
       return o;
     },
     "tcp.host_unreachable", Side::kServer},
    {"network unreachable", BaseConfig,
     [] {
       auto o = Failed(Failure::kTcpUnreachable);
       o.os_error = ENETUNREACH;
       return o;
     },
     "tcp.network_unreachable", Side::kMonitoring},
    {"proxy", BaseConfig, [] { return Failed(Failure::kProxyFailed); }, "proxy.failed", Side::kMonitoring},
    {"not tls", BaseConfig, [] { return Failed(Failure::kTlsNotTls); }, "tls.not_tls", Side::kServer},
    {"expired leaf", BaseConfig, [] { return Rejected([](TlsFacts& t) { t.leaf.not_after = kNow - kDay; }); },
     "tls.certificate_expired", Side::kServer},
    {"pin first", BaseConfig,
     [] {
       return Rejected([](TlsFacts& t) {
         t.pin_checked = true;
         t.leaf.not_after = kNow - kDay;
       });
     },
     "tls.pin_mismatch", Side::kServer},
    {"not yet valid", BaseConfig, [] { return Rejected([](TlsFacts& t) { t.leaf.not_before = kNow + kDay; }); },
     "tls.certificate_not_yet_valid", Side::kServer},
    {"other name", BaseConfig, [] { return Rejected([](TlsFacts& t) { t.host_matches = false; }); },
     "tls.hostname_mismatch", Side::kServer},
    {"expired intermediate", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_CERT_HAS_EXPIRED; }); }, "tls.chain_expired",
     Side::kServer},
    {"self-signed", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT; }); },
     "tls.self_signed", Side::kServer},
    {"unknown issuer", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY; }); },
     "tls.untrusted_issuer", Side::kServer},
    {"untrusted root sent in the chain", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN; }); },
     "tls.untrusted_root", Side::kServer},
    {"intermediate not sent", BaseConfig,
     [] {
       return Rejected([](TlsFacts& t) {
         t.verify_error = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
         t.chain.error_depth = 0;
         t.chain.issuer_url = "http://ca.example/int.crt";
       });
     },
     "tls.chain_incomplete", Side::kServer},
    {"chain out of order before expiry", BaseConfig,
     [] {
       return Rejected([](TlsFacts& t) {
         t.host_matches = false;
         t.leaf.not_after = kNow - kDay;
         t.chain.out_of_order_subject = "CN=dmk.test";
       });
     },
     "tls.chain_out_of_order", Side::kServer},
    {"sha-1 intermediate", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_CA_MD_TOO_WEAK; }); }, "tls.weak_signature",
     Side::kServer},
    {"small leaf key", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_EE_KEY_TOO_SMALL; }); }, "tls.weak_key",
     Side::kServer},
    {"name only in the common name", BaseConfig,
     [] {
       auto o = Healthy();
       o.tls.chain.name_only_in_cn = true;
       return o;
     },
     "tls.name_only_in_cn", Side::kServer},
    {"name only in the common name, but an expired chain is worse", BaseConfig,
     [] {
       auto o = Healthy();
       o.tls.chain.name_only_in_cn = true;
       o.tls.earliest_not_after = kNow - kDay;
       o.tls.earliest_subject = "CN=DMK Test Intermediate";
       return o;
     },
     "tls.chain_expired", Side::kServer},
    {"other verify error", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_CERT_SIGNATURE_FAILURE; }); },
     "tls.verification_failed", Side::kServer},
    {"handshake", BaseConfig, [] { return Failed(Failure::kTlsHandshakeFailed); }, "tls.handshake_failed",
     Side::kServer},
    {"tls 1.0 only", BaseConfig,
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.server_version = 0x0301;
       return o;
     },
     "tls.protocol_too_old", Side::kServer},
    {"below --tls-min", [] { return With([](Config& c) { c.tls_min_version = 0x0304; }); },
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.server_version = 0x0303;
       o.handshake.below_minimum = true;
       return o;
     },
     "tls.protocol_too_old", Side::kServer},
    {"no shared cipher", BaseConfig,
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.alert_received = 40;
       o.handshake.alert_before_server_hello = true;
       return o;
     },
     "tls.no_shared_cipher", Side::kServer},
    {"small dh key", BaseConfig,
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.server_version = 0x0303;
       o.handshake.dh_bits = 1024;
       o.handshake.dh_bits_required = 2048;
       return o;
     },
     "tls.dh_key_too_small", Side::kServer},
    {"chain too large", BaseConfig,
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.server_version = 0x0303;
       o.detail = "OpenSSL/3.0.17: error:0A000098:SSL routines::excessive message size";
       return o;
     },
     "tls.chain_too_large", Side::kServer},
    {"undefined alert", BaseConfig,
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.alert_received = 200;
       return o;
     },
     "tls.undefined_alert", Side::kServer},
    {"nginx wants a client certificate", BaseConfig,
     [] {
       auto o = Healthy();
       o.http.status = 400;
       o.http.body = "<title>400 No required SSL certificate was sent</title>";
       return o;
     },
     "tls.client_certificate_required", Side::kServer},
    {"iis rejects our client certificate", [] { return With([](Config& c) { c.client_cert = "/etc/c.pem"; }); },
     [] {
       auto o = Healthy();
       o.http.status = 403;
       o.http.body = "HTTP Error 403.16 - Forbidden";
       return o;
     },
     "tls.client_certificate_rejected", Side::kServer},
    {"no status line", BaseConfig, [] { return Failed(Failure::kHttpNoResponse); }, "http.no_response", Side::kServer},
    {"too large", BaseConfig, [] { return Failed(Failure::kHttpTooLarge); }, "http.too_large", Side::kServer},
    {"timeout dns", BaseConfig, [] { return TimedOut(Layer::kDns); }, "timeout.dns", Side::kMonitoring},
    {"timeout tcp", BaseConfig, [] { return TimedOut(Layer::kTcp); }, "timeout.tcp", Side::kServer},
    {"timeout tls", BaseConfig, [] { return TimedOut(Layer::kTls); }, "timeout.tls", Side::kServer},
    {"timeout http", BaseConfig, [] { return TimedOut(Layer::kHttp); }, "timeout.http", Side::kServer},
    {"timeout ok state still says timeout", [] { return With([](Config& c) { c.timeout_state = State::kOk; }); },
     [] { return TimedOut(Layer::kApi); }, "timeout.http", Side::kServer},
    {"internal", BaseConfig, [] { return Failed(Failure::kInternal); }, "internal.error", Side::kMonitoring},
    {"http 500", BaseConfig,
     [] {
       auto o = Healthy();
       o.http.status = 500;
       return o;
     },
     "api.status", Side::kServer},
    {"body mismatch", [] { return With([](Config& c) { c.expect_body = "healthy"; }); }, Healthy, "api.body_mismatch",
     Side::kServer},
    {"json value wrong",
     [] { return With([](Config& c) { (void)ParseJsonAssertion("/status=ok", &c.json.assertions.emplace_back()); }); },
     [] {
       auto o = Healthy();
       o.http.body = R"({"status":"degraded"})";
       return o;
     },
     "api.json", Side::kServer},
    {"not json",
     [] { return With([](Config& c) { (void)ParseJsonAssertion("/status", &c.json.assertions.emplace_back()); }); },
     [] {
       auto o = Healthy();
       o.http.body = "<html><title>Sign in</title></html>";
       return o;
     },
     "api.json", Side::kServer},
    {"maintenance page", [] { return With([](Config& c) { c.reject_body = "[Mm]aintenance"; }); },
     [] {
       auto o = Healthy();
       o.http.body = "Down for maintenance";
       return o;
     },
     "api.body_rejected", Side::kServer},
    {"header missing",
     [] {
       return With([](Config& c) {
         (void)ParseHeaderAssertion("Content-Type: ^application/json", &c.expect_headers.emplace_back());
       });
     },
     Healthy, "api.header_mismatch", Side::kServer},
    {"a warning json range, then a critical 503 from the status",
     [] { return With([](Config& c) { (void)AddJsonThreshold("/offline=0", false, &c.json.thresholds); }); },
     [] {
       auto o = Healthy();
       o.http.status = 503;
       o.http.body = R"({"offline":1})";
       return o;
     },
     "api.status", Side::kServer},
    {"credentials rejected", [] { return With([](Config& c) { c.auth = AuthType::kBasic; }); },
     [] {
       auto o = Healthy();
       o.http.status = 401;
       return o;
     },
     "auth.rejected", Side::kServer},
    {"credentials missing", BaseConfig,
     [] {
       auto o = Healthy();
       o.http.status = 401;
       return o;
     },
     "auth.required", Side::kMonitoring},
    {"expires soon", BaseConfig,
     [] {
       auto o = Healthy();
       o.tls.leaf.not_after = o.tls.earliest_not_after = kNow + 5 * kDay;
       o.tls.leaf.not_before = o.tls.leaf.not_after - 90 * kDay;  // CRITICAL below 11.25 days
       return o;
     },
     "tls.certificate_expires_soon", Side::kServer},
    {"expired but --insecure", [] { return With([](Config& c) { c.insecure = true; }); },
     [] {
       auto o = Healthy();
       o.tls.leaf.not_after = o.tls.earliest_not_after = kNow - kDay;
       return o;
     },
     "tls.certificate_expired", Side::kServer},
    {"slow dns", [] { return With([](Config& c) { ParseRange("0.001", &c.dns.critical.emplace()); }); }, Healthy,
     "dns.slow", Side::kMonitoring},
    {"slow first byte", [] { return With([](Config& c) { ParseRange("0.01", &c.ttfb.warning.emplace()); }); }, Healthy,
     "http.slow", Side::kServer},
    // The worst state decides: a WARNING certificate and a CRITICAL 503 give the 503's code.
    {"worst state decides", BaseConfig,
     [] {
       auto o = Healthy();
       o.tls.leaf.not_after = o.tls.earliest_not_after = kNow + 20 * kDay;
       o.http.status = 503;
       return o;
     },
     "api.status", Side::kServer},
};

TEST(ReasonTest, EachOutcomeGetsItsCodeAndSide) {
  for (const Case& c : kCases) {
    Config config = c.config();
    ProbeOutcome outcome = c.outcome();
    CheckResult result = Evaluate(config, outcome, kNow);
    Reason reason = ReasonFor(result);
    EXPECT_EQ(reason.code, c.code) << c.name;
    EXPECT_EQ(reason.side, c.side) << c.name;
  }
}

TEST(ReasonTest, EveryCodeIsListedOnceAndWellFormed) {
  std::set<std::string> seen;
  for (const ReasonInfo& info : ReasonCatalogue()) {
    std::string code = info.code;
    EXPECT_TRUE(seen.insert(code).second) << code;
    EXPECT_EQ(code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_."), std::string::npos) << code;
  }
  for (const Case& c : kCases) EXPECT_TRUE(seen.count(c.code)) << c.code << " is not in the catalogue";
}

// Every failure the probe can report gets a published code (ReasonFor's fallback for an unlisted code is never
// reached), and so does a timeout in every layer.
TEST(ReasonTest, EveryFailureHasAPublishedCode) {
  std::set<std::string> published;
  for (const ReasonInfo& info : ReasonCatalogue()) published.insert(info.code);
  for (int value = static_cast<int>(Failure::kNone); value <= static_cast<int>(Failure::kInternal); ++value) {
    for (Layer layer : {Layer::kDns, Layer::kTcp, Layer::kTls, Layer::kHttp, Layer::kApi, Layer::kAuth}) {
      ProbeOutcome outcome = Failed(static_cast<Failure>(value));
      outcome.timed_out_in = layer;
      const Config config = BaseConfig();
      Reason reason = ReasonFor(Evaluate(config, outcome, kNow));
      EXPECT_TRUE(published.count(reason.code)) << "failure " << value << ": " << reason.code;
      EXPECT_EQ(reason.side == Side::kNone, reason.code == "ok") << reason.code;
    }
  }
}

// A code missing from the list is our bug: it keeps its spelling but goes to the monitoring side (our
// on-call), never silently to a server's contractor.
TEST(ReasonTest, AnUnlistedCodeCountsAsTheMonitoringSide) {
  CheckResult result;
  result.reason_code = "tls.some_future_code";
  Reason reason = ReasonFor(result);
  EXPECT_EQ(reason.code, "tls.some_future_code");
  EXPECT_EQ(reason.side, Side::kMonitoring);
  EXPECT_FALSE(LookUpReason("tls.some_future_code").has_value());
  ASSERT_TRUE(LookUpReason("tcp.refused").has_value());
  EXPECT_EQ(LookUpReason("tcp.refused")->side, Side::kServer);
  result.reason_code.clear();
  EXPECT_EQ(ReasonFor(result).code, "internal.error");
}

TEST(ReasonTest, LineIsCodeAndSide) {
  EXPECT_EQ(ReasonLine({"tcp.refused", Side::kServer}), "Reason: tcp.refused; side: server");
  EXPECT_EQ(ReasonLine({"dns.no_answer", Side::kMonitoring}), "Reason: dns.no_answer; side: monitoring");
}

TEST(ReasonTest, HelpListsEveryCode) {
  std::string help = ReasonHelp();
  for (const ReasonInfo& info : ReasonCatalogue()) {
    EXPECT_NE(help.find("  " + std::string(info.code) + " ("), std::string::npos) << info.code;
  }
}

}  // namespace
}  // namespace dmk

namespace dmk {
namespace {

// The failure that stopped the probe names the reason, also when a slow phase found before it is as bad.
TEST(ReasonTest, ARefusedCertificateNamesTheReasonBeforeASlowLookup) {
  Config config = BaseConfig();
  ASSERT_TRUE(ParseRange("0.001", &config.dns.critical.emplace()).ok());
  ProbeOutcome outcome = Rejected([](TlsFacts& t) { t.host_matches = false; });
  Reason reason = ReasonFor(Evaluate(config, outcome, kNow));
  EXPECT_EQ(reason.code, "tls.hostname_mismatch");
}

}  // namespace
}  // namespace dmk
