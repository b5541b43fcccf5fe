#include "common/evaluate/cert_problem.h"

#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include <string>
#include <vector>

namespace dmk {
namespace {

// A refused certificate as tls_verify.cc records it: leaf CN=dmk.test issued by an intermediate.
TlsFacts Refused(int verify_error) {
  TlsFacts facts;
  facts.certificate_seen = true;
  facts.leaf.subject = "CN=dmk.test";
  facts.leaf.issuer = "CN=Contractor Issuing CA 2";
  facts.leaf.spki_sha256 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  facts.host_matches = true;
  facts.verify_error = verify_error;
  facts.chain.security_level = 2;
  return facts;
}

struct ClassifyCase {
  const char* name;
  TlsFacts facts;
  CertProblem problem;
};

TlsFacts With(TlsFacts facts, void (*change)(TlsFacts&)) {
  change(facts);
  return facts;
}

TEST(CertProblemTest, ClassifiesEachCauseOnce) {
  const int kLocalIssuer = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
  const std::vector<ClassifyCase> cases = {
      {"trusted, right host", Refused(X509_V_OK), CertProblem::kNone},
      {"trusted, wrong host: eval_tls words it", With(Refused(X509_V_OK), [](TlsFacts& f) { f.host_matches = false; }),
       CertProblem::kNone},
      {"expired: eval_tls words it", Refused(X509_V_ERR_CERT_HAS_EXPIRED), CertProblem::kNone},
      // Item 1: the leaf lacks its issuer and says where to fetch it: the server should have sent it.
      {"leaf without its fetchable issuer",
       With(Refused(kLocalIssuer),
            [](TlsFacts& f) {
              f.chain.error_depth = 0;
              f.chain.issuer_url = "http://ca.example/issuing2.crt";
            }),
       CertProblem::kIncompleteChain},
      {"leaf without its issuer, no URL: a private CA",
       With(Refused(kLocalIssuer), [](TlsFacts& f) { f.chain.error_depth = 0; }), CertProblem::kUntrustedIssuer},
      {"intermediate sent, its root missing",
       With(Refused(kLocalIssuer),
            [](TlsFacts& f) {
              f.chain.error_depth = 1;
              f.chain.issuer_url = "http://ca.example/root.crt";
            }),
       CertProblem::kUntrustedIssuer},
      {"unable to verify the first certificate",
       With(Refused(X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE),
            [](TlsFacts& f) {
              f.chain.error_depth = 0;
              f.chain.issuer_url = "http://ca.example/issuing2.crt";
            }),
       CertProblem::kIncompleteChain},
      {"untrusted anchor", Refused(X509_V_ERR_CERT_UNTRUSTED), CertProblem::kUntrustedIssuer},
      // Item 2: the root is self-signed, the leaf not.
      {"untrusted root sent in the chain", Refused(X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN), CertProblem::kUntrustedRoot},
      {"self-signed leaf",
       With(Refused(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT), [](TlsFacts& f) { f.leaf.self_signed = true; }),
       CertProblem::kSelfSigned},
      {"self-signed leaf sent with others",
       With(Refused(X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN), [](TlsFacts& f) { f.leaf.self_signed = true; }),
       CertProblem::kSelfSigned},
      // Item 8.
      {"SHA-1 signature", Refused(X509_V_ERR_CA_MD_TOO_WEAK), CertProblem::kWeakSignature},
      {"small leaf key", Refused(X509_V_ERR_EE_KEY_TOO_SMALL), CertProblem::kWeakKey},
      {"small CA key", Refused(X509_V_ERR_CA_KEY_TOO_SMALL), CertProblem::kWeakKey},
      {"chain out of order, wrong host and purpose",
       With(Refused(X509_V_ERR_INVALID_PURPOSE),
            [](TlsFacts& f) {
              f.host_matches = false;
              f.chain.out_of_order_subject = "CN=dmk.test";
            }),
       CertProblem::kOutOfOrder},
      {"chain out of order, trusted",
       With(Refused(X509_V_OK),
            [](TlsFacts& f) {
              f.host_matches = false;
              f.chain.out_of_order_subject = "CN=dmk.test";
            }),
       CertProblem::kOutOfOrder},
      {"other errors: eval_tls words them", Refused(X509_V_ERR_CERT_REVOKED), CertProblem::kNone},
  };
  for (const ClassifyCase& c : cases) {
    EXPECT_EQ(static_cast<int>(ClassifyCertificateProblem(c.facts)), static_cast<int>(c.problem)) << c.name;
  }
}

struct WordsCase {
  const char* name;
  CertProblem problem;
  TlsFacts facts;
  std::vector<std::string> text;    // each in the first-line text
  std::vector<std::string> advice;  // each in the advice
  std::vector<std::string> absent;  // none in the text
};

TEST(CertProblemTest, WordsEachCauseForTheFirstLine) {
  const std::vector<WordsCase> cases = {
      {"incomplete chain",
       CertProblem::kIncompleteChain,
       With(Refused(20),
            [](TlsFacts& f) {
              f.chain.error_depth = 0;
              f.chain.error_issuer = "CN=Contractor Issuing CA 2";
              f.chain.issuer_url = "http://ca.example/issuing2.crt";
            }),
       {"incomplete certificate chain: the server does not send its intermediate certificate (CN=Contractor "
        "Issuing CA 2): ask the contractor to install the full chain"},
       {"http://ca.example/issuing2.crt", "full chain", "--ca-file"},
       {"not trusted", "self-signed"}},
      {"untrusted issuer",
       CertProblem::kUntrustedIssuer,
       With(Refused(20),
            [](TlsFacts& f) {
              f.chain.error_depth = 0;
              f.chain.error_issuer = "CN=Private CA";
            }),
       {"certificate issued by CN=Private CA is not trusted: give --ca-file or --pin-sha256"},
       {"--pin-sha256 AAAA"},
       {"intermediate"}},
      {"untrusted issuer further up",
       CertProblem::kUntrustedIssuer,
       With(Refused(20),
            [](TlsFacts& f) {
              f.chain.error_depth = 1;
              f.chain.error_subject = "CN=Contractor Issuing CA 2";
              f.chain.error_issuer = "CN=Contractor Root";
            }),
       {"certificate chain leads to CN=Contractor Root, which is not trusted"},
       {"--ca-file"},
       {}},
      {"untrusted root",
       CertProblem::kUntrustedRoot,
       With(Refused(19),
            [](TlsFacts& f) {
              f.chain.error_depth = 1;
              f.chain.top_subject = "CN=Contractor Root";
            }),
       {"certificate chain ends in the root CN=Contractor Root, which is not trusted: give --ca-file with it or "
        "--pin-sha256"},
       {"private CA", "--pin-sha256 AAAA"},
       {"self-signed", "CN=dmk.test"}},
      {"self-signed leaf",
       CertProblem::kSelfSigned,
       Refused(18),
       {"certificate is self-signed and not trusted: give --ca-file or --pin-sha256"},
       {"--pin-sha256 AAAA"},
       {}},
      {"SHA-1 intermediate",
       CertProblem::kWeakSignature,
       With(Refused(68),
            [](TlsFacts& f) {
              f.chain.error_depth = 1;
              f.chain.error_subject = "CN=Old Issuing CA";
              f.chain.error_issuer = "CN=Root";
              f.chain.top_subject = "CN=Root";
              f.chain.signature_digest = "SHA-1";
            }),
       {"intermediate certificate CN=Old Issuing CA is signed with SHA-1, too weak for this host (OpenSSL security "
        "level 2)"},
       {"SHA-256"},
       {"digest algorithm"}},
      {"MD5 leaf",
       CertProblem::kWeakSignature,
       With(Refused(68),
            [](TlsFacts& f) {
              f.chain.error_depth = 0;
              f.chain.error_subject = "CN=dmk.test";
              f.chain.signature_digest = "MD5";
            }),
       {"leaf certificate CN=dmk.test is signed with MD5"},
       {},
       {}},
      {"RSA 1024 leaf",
       CertProblem::kWeakKey,
       With(Refused(66),
            [](TlsFacts& f) {
              f.chain.error_depth = 0;
              f.chain.error_subject = "CN=dmk.test";
              f.chain.key_type = "RSA";
              f.chain.key_bits = 1024;
            }),
       {"leaf certificate CN=dmk.test has a 1024-bit RSA key, too weak for this host (2048 bits required)"},
       {"2048 bits"},
       {"EE certificate"}},
      {"RSA 2048 CA at level 3",
       CertProblem::kWeakKey,
       With(Refused(67),
            [](TlsFacts& f) {
              f.chain.error_depth = 1;
              f.chain.error_subject = "CN=Issuing CA";
              f.chain.key_type = "RSA";
              f.chain.key_bits = 2048;
              f.chain.security_level = 3;
            }),
       {"intermediate certificate CN=Issuing CA has a 2048-bit RSA key", "(3072 bits required)"},
       {},
       {}},
      {"out of order",
       CertProblem::kOutOfOrder,
       With(Refused(26),
            [](TlsFacts& f) {
              f.leaf.subject = "CN=Contractor Issuing CA 2";
              f.chain.out_of_order_subject = "CN=dmk.test";
            }),
       {"the server sends its certificate chain out of order (CN=Contractor Issuing CA 2 first, before "
        "CN=dmk.test): ask the contractor to put the server certificate first"},
       {"reorder"},
       {"certificate is for"}},
      {"hostile names are sanitised",
       CertProblem::kUntrustedRoot,
       With(Refused(19), [](TlsFacts& f) { f.chain.top_subject = "CN=evil|x=1\x1b[2J"; }),
       {"CN=evil/x=1"},
       {},
       {"|", "\x1b"}},
  };
  for (const WordsCase& c : cases) {
    const CertProblemWords words = DescribeCertificateProblem(c.problem, c.facts, "dmk.test");
    for (const std::string& word : c.text) {
      EXPECT_NE(words.text.find(word), std::string::npos) << c.name << ": " << words.text;
    }
    for (const std::string& word : c.advice) {
      EXPECT_NE(words.advice.find(word), std::string::npos) << c.name << ": " << words.advice;
    }
    for (const std::string& word : c.absent) {
      EXPECT_EQ(words.text.find(word), std::string::npos) << c.name << ": " << words.text;
    }
  }
}

}  // namespace
}  // namespace dmk
