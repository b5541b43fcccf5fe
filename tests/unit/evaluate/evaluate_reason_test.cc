// Evaluate's choice of the check's reason code (common/evaluate/evaluate.h): the failure that stopped the probe, a
// refused certificate's first cause, or the first problem of the first layer in the worst state; and the side
// each code puts the cause on. The catalogue itself is tested in reason_test.cc.
#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include <cerrno>
#include <cstdint>
#include <functional>

#include "common/evaluate/evaluate.h"
#include "common/model/header_assert.h"
#include "common/model/json_assert.h"
#include "common/model/reason.h"
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
  ReasonCode code;
  Side side;
};

Config With(const std::function<void(Config&)>& change) {
  Config config = BaseConfig();
  change(config);
  return config;
}

const Case kCases[] = {
    {"healthy", BaseConfig, Healthy, ReasonCode::kOk, Side::kNone},
    {"nxdomain", BaseConfig, [] { return Failed(Failure::kDnsNotFound); }, ReasonCode::kDnsNotFound, Side::kServer},
    {"no dns server answered", BaseConfig, [] { return Failed(Failure::kDnsNoAnswer); }, ReasonCode::kDnsNoAnswer,
     Side::kMonitoring},
    {"no address", BaseConfig, [] { return Failed(Failure::kDnsNoAddress); }, ReasonCode::kDnsNoAddress, Side::kServer},
    {"dns error", BaseConfig, [] { return Failed(Failure::kDnsError); }, ReasonCode::kDnsError, Side::kMonitoring},
    {"refused", BaseConfig, [] { return Failed(Failure::kTcpRefused); }, ReasonCode::kTcpRefused, Side::kServer},
    {"host unreachable", BaseConfig,
     [] {
       auto o = Failed(Failure::kTcpUnreachable);
       o.os_error = EHOSTUNREACH;
       return o;
     },
     ReasonCode::kTcpHostUnreachable, Side::kServer},
    {"network unreachable", BaseConfig,
     [] {
       auto o = Failed(Failure::kTcpUnreachable);
       o.os_error = ENETUNREACH;
       return o;
     },
     ReasonCode::kTcpNetworkUnreachable, Side::kMonitoring},
    {"proxy", BaseConfig, [] { return Failed(Failure::kProxyFailed); }, ReasonCode::kProxyFailed, Side::kMonitoring},
    {"not tls", BaseConfig, [] { return Failed(Failure::kTlsNotTls); }, ReasonCode::kTlsNotTls, Side::kServer},
    {"expired leaf", BaseConfig, [] { return Rejected([](TlsFacts& t) { t.leaf.not_after = kNow - kDay; }); },
     ReasonCode::kTlsCertificateExpired, Side::kServer},
    {"pin first", BaseConfig,
     [] {
       return Rejected([](TlsFacts& t) {
         t.pin_checked = true;
         t.leaf.not_after = kNow - kDay;
       });
     },
     ReasonCode::kTlsPinMismatch, Side::kServer},
    {"not yet valid", BaseConfig, [] { return Rejected([](TlsFacts& t) { t.leaf.not_before = kNow + kDay; }); },
     ReasonCode::kTlsCertificateNotYetValid, Side::kServer},
    {"other name", BaseConfig, [] { return Rejected([](TlsFacts& t) { t.host_matches = false; }); },
     ReasonCode::kTlsHostnameMismatch, Side::kServer},
    {"expired intermediate", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_CERT_HAS_EXPIRED; }); },
     ReasonCode::kTlsChainExpired, Side::kServer},
    {"self-signed", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT; }); },
     ReasonCode::kTlsSelfSigned, Side::kServer},
    {"unknown issuer", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY; }); },
     ReasonCode::kTlsUntrustedIssuer, Side::kServer},
    {"untrusted root sent in the chain", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN; }); },
     ReasonCode::kTlsUntrustedRoot, Side::kServer},
    {"intermediate not sent", BaseConfig,
     [] {
       return Rejected([](TlsFacts& t) {
         t.verify_error = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
         t.chain.error_depth = 0;
         t.chain.issuer_url = "http://ca.example/int.crt";
       });
     },
     ReasonCode::kTlsChainIncomplete, Side::kServer},
    {"chain out of order before expiry", BaseConfig,
     [] {
       return Rejected([](TlsFacts& t) {
         t.host_matches = false;
         t.leaf.not_after = kNow - kDay;
         t.chain.out_of_order_subject = "CN=dmk.test";
       });
     },
     ReasonCode::kTlsChainOutOfOrder, Side::kServer},
    {"sha-1 intermediate", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_CA_MD_TOO_WEAK; }); },
     ReasonCode::kTlsWeakSignature, Side::kServer},
    {"small leaf key", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_EE_KEY_TOO_SMALL; }); },
     ReasonCode::kTlsWeakKey, Side::kServer},
    {"name only in the common name", BaseConfig,
     [] {
       auto o = Healthy();
       o.tls.chain.name_only_in_cn = true;
       return o;
     },
     ReasonCode::kTlsNameOnlyInCn, Side::kServer},
    {"name only in the common name, but an expired chain is worse", BaseConfig,
     [] {
       auto o = Healthy();
       o.tls.chain.name_only_in_cn = true;
       o.tls.earliest_not_after = kNow - kDay;
       o.tls.earliest_subject = "CN=DMK Test Intermediate";
       return o;
     },
     ReasonCode::kTlsChainExpired, Side::kServer},
    {"other verify error", BaseConfig,
     [] { return Rejected([](TlsFacts& t) { t.verify_error = X509_V_ERR_CERT_SIGNATURE_FAILURE; }); },
     ReasonCode::kTlsVerificationFailed, Side::kServer},
    {"handshake", BaseConfig, [] { return Failed(Failure::kTlsHandshakeFailed); }, ReasonCode::kTlsHandshakeFailed,
     Side::kServer},
    {"tls 1.0 only", BaseConfig,
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.server_version = 0x0301;
       return o;
     },
     ReasonCode::kTlsProtocolTooOld, Side::kServer},
    {"below --tls-min", [] { return With([](Config& c) { c.tls_min_version = 0x0304; }); },
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.server_version = 0x0303;
       o.handshake.below_minimum = true;
       return o;
     },
     ReasonCode::kTlsProtocolTooOld, Side::kServer},
    {"no shared cipher", BaseConfig,
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.alert_received = 40;
       o.handshake.alert_before_server_hello = true;
       return o;
     },
     ReasonCode::kTlsNoSharedCipher, Side::kServer},
    {"small dh key", BaseConfig,
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.server_version = 0x0303;
       o.handshake.dh_bits = 1024;
       o.handshake.dh_bits_required = 2048;
       return o;
     },
     ReasonCode::kTlsDhKeyTooSmall, Side::kServer},
    {"chain too large", BaseConfig,
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.server_version = 0x0303;
       o.detail = "OpenSSL/3.0.17: error:0A000098:SSL routines::excessive message size";
       return o;
     },
     ReasonCode::kTlsChainTooLarge, Side::kServer},
    {"undefined alert", BaseConfig,
     [] {
       auto o = Failed(Failure::kTlsHandshakeFailed);
       o.handshake.alert_received = 200;
       return o;
     },
     ReasonCode::kTlsUndefinedAlert, Side::kServer},
    {"nginx wants a client certificate", BaseConfig,
     [] {
       auto o = Healthy();
       o.http.status = 400;
       o.http.body = "<title>400 No required SSL certificate was sent</title>";
       return o;
     },
     ReasonCode::kTlsClientCertificateRequired, Side::kServer},
    {"iis rejects our client certificate", [] { return With([](Config& c) { c.client_cert = "/etc/c.pem"; }); },
     [] {
       auto o = Healthy();
       o.http.status = 403;
       o.http.body = "HTTP Error 403.16 - Forbidden";
       return o;
     },
     ReasonCode::kTlsClientCertificateRejected, Side::kServer},
    {"no status line", BaseConfig, [] { return Failed(Failure::kHttpNoResponse); }, ReasonCode::kHttpNoResponse,
     Side::kServer},
    {"too large", BaseConfig, [] { return Failed(Failure::kHttpTooLarge); }, ReasonCode::kHttpTooLarge, Side::kServer},
    {"timeout dns", BaseConfig, [] { return TimedOut(Layer::kDns); }, ReasonCode::kTimeoutDns, Side::kMonitoring},
    {"timeout tcp", BaseConfig, [] { return TimedOut(Layer::kTcp); }, ReasonCode::kTimeoutTcp, Side::kServer},
    {"timeout tls", BaseConfig, [] { return TimedOut(Layer::kTls); }, ReasonCode::kTimeoutTls, Side::kServer},
    {"timeout http", BaseConfig, [] { return TimedOut(Layer::kHttp); }, ReasonCode::kTimeoutHttp, Side::kServer},
    {"timeout ok state still says timeout", [] { return With([](Config& c) { c.timeout_state = State::kOk; }); },
     [] { return TimedOut(Layer::kApi); }, ReasonCode::kTimeoutHttp, Side::kServer},
    {"internal", BaseConfig, [] { return Failed(Failure::kInternal); }, ReasonCode::kInternalError, Side::kMonitoring},
    {"http 500", BaseConfig,
     [] {
       auto o = Healthy();
       o.http.status = 500;
       return o;
     },
     ReasonCode::kApiStatus, Side::kServer},
    {"body mismatch", [] { return With([](Config& c) { c.expect_body = "healthy"; }); }, Healthy,
     ReasonCode::kApiBodyMismatch, Side::kServer},
    {"json value wrong",
     [] { return With([](Config& c) { (void)ParseJsonAssertion("/status=ok", &c.json.assertions.emplace_back()); }); },
     [] {
       auto o = Healthy();
       o.http.body = R"({"status":"degraded"})";
       return o;
     },
     ReasonCode::kApiJson, Side::kServer},
    {"not json",
     [] { return With([](Config& c) { (void)ParseJsonAssertion("/status", &c.json.assertions.emplace_back()); }); },
     [] {
       auto o = Healthy();
       o.http.body = "<html><title>Sign in</title></html>";
       return o;
     },
     ReasonCode::kApiJson, Side::kServer},
    {"maintenance page", [] { return With([](Config& c) { c.reject_body = "[Mm]aintenance"; }); },
     [] {
       auto o = Healthy();
       o.http.body = "Down for maintenance";
       return o;
     },
     ReasonCode::kApiBodyRejected, Side::kServer},
    {"header missing",
     [] {
       return With([](Config& c) {
         (void)ParseHeaderAssertion("Content-Type: ^application/json", &c.expect_headers.emplace_back());
       });
     },
     Healthy, ReasonCode::kApiHeaderMismatch, Side::kServer},
    {"a warning json range, then a critical 503 from the status",
     [] { return With([](Config& c) { (void)AddJsonThreshold("/offline=0", false, &c.json.thresholds); }); },
     [] {
       auto o = Healthy();
       o.http.status = 503;
       o.http.body = R"({"offline":1})";
       return o;
     },
     ReasonCode::kApiStatus, Side::kServer},
    {"credentials rejected", [] { return With([](Config& c) { c.auth = AuthType::kBasic; }); },
     [] {
       auto o = Healthy();
       o.http.status = 401;
       return o;
     },
     ReasonCode::kAuthRejected, Side::kServer},
    {"credentials missing", BaseConfig,
     [] {
       auto o = Healthy();
       o.http.status = 401;
       return o;
     },
     ReasonCode::kAuthRequired, Side::kMonitoring},
    {"expires soon", BaseConfig,
     [] {
       auto o = Healthy();
       o.tls.leaf.not_after = o.tls.earliest_not_after = kNow + 5 * kDay;
       o.tls.leaf.not_before = o.tls.leaf.not_after - 90 * kDay;  // CRITICAL below 11.25 days
       return o;
     },
     ReasonCode::kTlsCertificateExpiresSoon, Side::kServer},
    {"expired but --insecure", [] { return With([](Config& c) { c.insecure = true; }); },
     [] {
       auto o = Healthy();
       o.tls.leaf.not_after = o.tls.earliest_not_after = kNow - kDay;
       return o;
     },
     ReasonCode::kTlsCertificateExpired, Side::kServer},
    {"slow dns", [] { return With([](Config& c) { ParseRange("0.001", &c.dns.critical.emplace()); }); }, Healthy,
     ReasonCode::kDnsSlow, Side::kMonitoring},
    {"slow first byte", [] { return With([](Config& c) { ParseRange("0.01", &c.ttfb.warning.emplace()); }); }, Healthy,
     ReasonCode::kHttpSlow, Side::kServer},
    // Equally bad: the first layer names it, not the first found (the API step finds TLS problems last).
    {"a slow first byte and a demanded client certificate",
     [] { return With([](Config& c) { ParseRange("0.01", &c.ttfb.critical.emplace()); }); },
     [] {
       auto o = Healthy();
       o.http.status = 400;
       o.http.body = "<title>400 No required SSL certificate was sent</title>";
       return o;
     },
     ReasonCode::kTlsClientCertificateRequired, Side::kServer},
    // The worst state decides: a WARNING certificate and a CRITICAL 503 give the 503's code.
    {"worst state decides", BaseConfig,
     [] {
       auto o = Healthy();
       o.tls.leaf.not_after = o.tls.earliest_not_after = kNow + 20 * kDay;
       o.http.status = 503;
       return o;
     },
     ReasonCode::kApiStatus, Side::kServer},
};

TEST(EvaluateReasonTest, EachOutcomeGetsItsCodeAndSide) {
  for (const Case& c : kCases) {
    Config config = c.config();
    ProbeOutcome outcome = c.outcome();
    CheckResult result = Evaluate(config, outcome, kNow);
    EXPECT_EQ(result.reason_code, c.code) << c.name;
    EXPECT_EQ(SideOf(result.reason_code), c.side) << c.name;
  }
}

// Every failure the probe can report gets a code with a side, and so does a timeout in every layer.
TEST(EvaluateReasonTest, EveryFailureHasACodeWithASide) {
  for (int value = static_cast<int>(Failure::kNone) + 1; value <= static_cast<int>(Failure::kInternal); ++value) {
    for (Layer layer : {Layer::kDns, Layer::kTcp, Layer::kTls, Layer::kHttp, Layer::kApi, Layer::kAuth}) {
      ProbeOutcome outcome = Failed(static_cast<Failure>(value));
      outcome.timed_out_in = layer;
      const Config config = BaseConfig();
      const ReasonCode code = Evaluate(config, outcome, kNow).reason_code;
      EXPECT_NE(code, ReasonCode::kOk) << "failure " << value;
      EXPECT_NE(SideOf(code), Side::kNone) << "failure " << value << ": " << code;
    }
  }
}

// The failure that stopped the probe names the reason, also when a slow phase found before it is as bad.
TEST(EvaluateReasonTest, ARefusedCertificateNamesTheReasonBeforeASlowLookup) {
  Config config = BaseConfig();
  ASSERT_TRUE(ParseRange("0.001", &config.dns.critical.emplace()).ok());
  ProbeOutcome outcome = Rejected([](TlsFacts& t) { t.host_matches = false; });
  EXPECT_EQ(Evaluate(config, outcome, kNow).reason_code, ReasonCode::kTlsHostnameMismatch);
}

}  // namespace
}  // namespace dmk
