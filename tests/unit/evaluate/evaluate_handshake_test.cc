// Evaluate's words for the handshake problems of handshake_problem.h and the HTTP-level client certificate
// demands of client_cert_demand.h: the status line leads with the plain words, not OpenSSL's text.
#include <gtest/gtest.h>
#include <openssl/tls1.h>

#include <string>

#include "common/evaluate/evaluate.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::BaseConfig;
using test_support::Contains;
using test_support::kNow;

// Connected to 192.0.2.10:443; the handshake then failed as libcurl says in `detail`.
ProbeOutcome HandshakeFailed(const HandshakeFacts& facts, const std::string& detail) {
  ProbeOutcome outcome;
  outcome.addresses = {"192.0.2.10"};
  outcome.connected_address = "192.0.2.10";
  outcome.connected_port = 443;
  outcome.phases.dns = 0.01;
  outcome.phases.connect = 0.01;
  outcome.failure = Failure::kTlsHandshakeFailed;
  outcome.handshake = facts;
  outcome.detail = detail;
  return outcome;
}

TEST(EvaluateHandshakeTest, EachHandshakeProblemLeadsTheStatusLineInPlainWords) {
  struct Case {
    const char* name;
    HandshakeFacts facts;
    std::string detail;
    int tls_min;
    std::string words;
  };
  HandshakeFacts tls10;
  tls10.server_version = TLS1_VERSION;
  HandshakeFacts tls12_below;
  tls12_below.server_version = TLS1_2_VERSION;
  tls12_below.below_minimum = true;
  HandshakeFacts no_cipher;
  no_cipher.alert_received = 40;
  no_cipher.alert_before_server_hello = true;
  HandshakeFacts dh = tls12_below;
  dh.below_minimum = false;
  dh.dh_bits = 1024;
  dh.dh_bits_required = 2048;
  HandshakeFacts chain = dh;
  chain.dh_bits = 0;
  HandshakeFacts alert;
  alert.alert_received = 200;
  alert.alert_before_server_hello = true;
  const Case cases[] = {
      {"TLS 1.0", tls10, "OpenSSL/3.0.22: legacy sigalg disallowed or unsupported (OpenSSL error 0A00014D)", 0,
       "the server offers only TLS 1.0 (this host requires TLS 1.2 or newer)"},
      {"--tls-min 1.3", tls12_below, "operation aborted by pre-request callback", TLS1_3_VERSION,
       "the server offers only TLS 1.2 (this host requires TLS 1.3 or newer)"},
      {"no cipher", no_cipher, "OpenSSL/3.0.22: sslv3 alert handshake failure (OpenSSL error 0A000410)", 0,
       "the server offers no cipher this host accepts"},
      {"DH", dh, "OpenSSL/3.0.22: dh key too small (OpenSSL error 0A00018A)", 0,
       "the server's Diffie-Hellman key is too small (1024 bits; 2048 required)"},
      {"chain", chain, "OpenSSL/3.0.22: excessive message size (OpenSSL error 0A000098)", 0,
       "certificate chain too large"},
      {"alert", alert,
       "OpenSSL/3.0.22: the peer sent TLS alert 200, which no TLS version defines (OpenSSL error 0A0004B0)", 0,
       "the server ended the TLS handshake with alert 200, which no TLS version defines"},
  };
  for (const Case& c : cases) {
    Config config = BaseConfig();
    config.tls_min_version = c.tls_min;
    const CheckResult result = Evaluate(config, HandshakeFailed(c.facts, c.detail), kNow);
    EXPECT_EQ(result.state, State::kCritical) << c.name;
    EXPECT_EQ(result.summary.rfind(c.words, 0), 0u) << c.name << ": " << result.summary;
    EXPECT_FALSE(Contains(result.summary, "OpenSSL")) << c.name << ": " << result.summary;
    EXPECT_FALSE(result.advice.empty()) << c.name;
  }
}

TEST(EvaluateHandshakeTest, AHandshakeProblemItCannotNameStillQuotesTheLibrary) {
  HandshakeFacts facts;
  facts.server_version = TLS1_2_VERSION;
  const CheckResult result = Evaluate(BaseConfig(), HandshakeFailed(facts, "bad record mac"), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_EQ(result.summary, "TLS handshake failed: bad record mac");
}

TEST(EvaluateHandshakeTest, AConnectionGoneBeforeGetpeernameReadsAsAReset) {
  ProbeOutcome outcome =
      HandshakeFailed({}, "getpeername() failed with errno 107: Transport endpoint is not connected");
  outcome.failure = Failure::kTcpReset;
  outcome.reset = true;  // as Classify records it for this text (classify_test.cc)
  const CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_EQ(result.summary, "connection to 192.0.2.10:443 was reset by the server before the TLS handshake finished");
}

ProbeOutcome Answered(int status, const std::string& body) {
  ProbeOutcome outcome = HandshakeFailed({}, "");
  outcome.failure = Failure::kNone;
  outcome.phases.tls = 0.02;
  outcome.tls.handshake_done = true;
  outcome.http.request_sent = true;
  outcome.http.response_started = true;
  outcome.http.headers_done = true;
  outcome.http.status = status;
  outcome.http.reason_phrase = status == 400 ? "Bad Request" : "Forbidden";
  outcome.http.body = body;
  outcome.http.body_bytes = body.size();
  return outcome;
}

TEST(EvaluateHandshakeTest, AClientCertificateDemandedOverHttpIsNamedEvenWithAuth) {
  const std::string nginx = "<title>400 No required SSL certificate was sent</title>";
  const std::string iis = "<h3>HTTP Error 403.16 - Forbidden</h3>";
  Config config = BaseConfig();
  CheckResult result = Evaluate(config, Answered(400, nginx), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_EQ(result.summary, "the server requires a client certificate: give --client-cert and --client-key (HTTP 400)");
  config.auth = AuthType::kBasic;  // a 403 would otherwise read "credentials rejected"
  config.client_cert = "/etc/dmk/client.pem";
  result = Evaluate(config, Answered(403, iis), kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_EQ(result.summary, "the server rejected our client certificate (HTTP 403.16: not trusted or invalid)");
}

}  // namespace
}  // namespace dmk
