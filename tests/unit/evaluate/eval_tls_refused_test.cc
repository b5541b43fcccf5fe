// What the TLS step (common/evaluate/eval_tls.h) says of a certificate our verification refused: the one cause the
// first line names (dates, trust, name, pin, chain), in words and with advice, through Evaluate, so that the
// summary, the layers and the perfdata are seen together. An accepted handshake: eval_tls_test.cc.
#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include <string>
#include <vector>

#include "common/evaluate/evaluate.h"
#include "tests/support/eval_fixtures.h"

namespace dmk {
namespace {

using test_support::AllAdvice;
using test_support::BaseConfig;
using test_support::CertificateRefused;
using test_support::Contains;
using test_support::kDay;
using test_support::kNow;
using test_support::kServerPin;
using test_support::LayerOf;

TEST(EvalTlsRefusedTest, ExpiredCertificateIsCriticalWithTheDate) {
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
TEST(EvalTlsRefusedTest, ExpiredDaysInTextAndPerfdataAreTheSameCount) {
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

TEST(EvalTlsRefusedTest, CertificateNotYetValidIsCriticalWithTheStartDate) {
  ProbeOutcome outcome = CertificateRefused();
  outcome.tls.leaf.not_before = kNow + 2 * kDay;  // 2023-11-16
  outcome.tls.verify_error = X509_V_ERR_CERT_NOT_YET_VALID;
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "not valid before 2023-11-16")) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "clock")) << AllAdvice(result);
}

TEST(EvalTlsRefusedTest, SelfSignedCertificateIsNotTrustedAndTheAdviceGivesThePin) {
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

TEST(EvalTlsRefusedTest, CertificateFromAnUnknownIssuerIsNotTrusted) {
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

TEST(EvalTlsRefusedTest, CertificateForAnotherHostNamesBoth) {
  ProbeOutcome outcome = CertificateRefused();
  outcome.tls.leaf.names = {"other.example", "www.other.example"};
  outcome.tls.host_matches = false;
  outcome.tls.verify_error = X509_V_ERR_HOSTNAME_MISMATCH;
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "other.example")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "not dmk.test")) << result.summary;
}

TEST(EvalTlsRefusedTest, PinMismatchIsCriticalAndShowsTheServersKey) {
  ProbeOutcome outcome = CertificateRefused();
  outcome.tls.pin_checked = true;
  outcome.tls.pin_matched = false;
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "does not match --pin-sha256")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "sha256//" + kServerPin)) << result.summary;
  EXPECT_TRUE(Contains(AllAdvice(result), "interception")) << AllAdvice(result);
}

TEST(EvalTlsRefusedTest, OtherVerificationErrorsAreQuoted) {
  ProbeOutcome outcome = CertificateRefused();
  outcome.tls.verify_error = X509_V_ERR_CERT_REVOKED;
  outcome.tls.verify_error_text = "certificate revoked";
  CheckResult result = Evaluate(BaseConfig(), outcome, kNow);
  EXPECT_EQ(result.state, State::kCritical);
  EXPECT_TRUE(Contains(result.summary, "verification failed")) << result.summary;
  EXPECT_TRUE(Contains(result.summary, "certificate revoked")) << result.summary;
}

TEST(EvalTlsRefusedTest, AnExpiredIntermediateIsReportedAsExpired) {
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

// The certificate diagnoses reach the first line, each with its own words.

struct ChainDiagnosisCase {
  const char* name;
  int verify_error;
  void (*set)(TlsFacts&);
  std::string first_words;  // where the summary must start
  std::string not_words;    // what it must not say
};

TEST(EvalTlsRefusedTest, CertificateChainProblemsLeadTheFirstLineWithTheirCause) {
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

}  // namespace
}  // namespace dmk
