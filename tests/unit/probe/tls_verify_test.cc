#include "common/probe/tls_verify.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

namespace dmk {
namespace {

constexpr std::int64_t kDay = 86400;

struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct SslCtxFree {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }

KeyPtr NewP256Key() {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr),
                                                                      &EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (!context || EVP_PKEY_keygen_init(context.get()) != 1 ||
      EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context.get(), NID_X9_62_prime256v1) != 1 ||
      EVP_PKEY_keygen(context.get(), &key) != 1) {
    ADD_FAILURE() << "EC P-256 key generation failed";
  }
  return KeyPtr(key);
}

struct CertSpec {
  std::string common_name;
  std::string organization;  // empty: none
  std::string alt_names;     // openssl subjectAltName syntax, "DNS:a,IP:192.0.2.1"; empty: none
  std::int64_t not_before = 0;
  std::int64_t not_after = 0;
  bool ca = false;
};

void AddExtension(X509* certificate, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context{};
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  ASSERT_NE(extension, nullptr) << value;
  X509_add_ext(certificate, extension, -1);
  X509_EXTENSION_free(extension);
}

// A certificate for `key`, signed by `issuer_key` as `issuer`, or self-signed when issuer is null.
X509Ptr MakeCertificate(const CertSpec& spec, EVP_PKEY* key, X509* issuer = nullptr, EVP_PKEY* issuer_key = nullptr) {
  static long serial = 1000;
  X509Ptr certificate(X509_new());
  X509_set_version(certificate.get(), X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), ++serial);
  ASN1_TIME_set(X509_getm_notBefore(certificate.get()), static_cast<time_t>(spec.not_before));
  ASN1_TIME_set(X509_getm_notAfter(certificate.get()), static_cast<time_t>(spec.not_after));
  X509_set_pubkey(certificate.get(), key);
  X509_NAME* name = X509_get_subject_name(certificate.get());
  if (!spec.organization.empty()) {
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(spec.organization.c_str()), -1, -1, 0);
  }
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(certificate.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509* signer = issuer != nullptr ? issuer : certificate.get();
  if (spec.ca) {
    AddExtension(certificate.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(certificate.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  }
  if (!spec.alt_names.empty()) AddExtension(certificate.get(), signer, NID_subject_alt_name, spec.alt_names);
  EXPECT_GT(X509_sign(certificate.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()), 0);
  return certificate;
}

// The SPKI pin of `key` computed here, independently of the library: SHA-256 over the DER
// SubjectPublicKeyInfo, base64 (RFC 7469, section 2.4).
std::string PinOf(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int length = i2d_PUBKEY(key, &der);
  EXPECT_GT(length, 0);
  unsigned char digest[32];
  unsigned int digest_length = 0;
  EXPECT_EQ(EVP_Digest(der, static_cast<size_t>(length), digest, &digest_length, EVP_sha256(), nullptr), 1);
  OPENSSL_free(der);
  unsigned char encoded[64] = {};
  int encoded_length = EVP_EncodeBlock(encoded, digest, static_cast<int>(digest_length));
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<size_t>(encoded_length));
}

// Shared certificates: generating EC keys is cheap, but one set keeps the tests readable.
class TlsVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    now_ = Now();
    root_key_ = NewP256Key();
    root_ = MakeCertificate({"DMK Test Root", "", "", now_ - 365 * kDay, now_ + 3650 * kDay, true}, root_key_.get());
    intermediate_key_ = NewP256Key();
    intermediate_ = MakeCertificate({"DMK Test Intermediate", "", "", now_ - 30 * kDay, now_ + 20 * kDay, true},
                                    intermediate_key_.get(), root_.get(), root_key_.get());
    leaf_key_ = NewP256Key();
    leaf_ = MakeCertificate({"dmk.test", "DMK Test",
                             "DNS:dmk.test,DNS:*.wild.test,DNS:f*.partial.test,"
                             "IP:192.0.2.7,IP:2001:db8::1",
                             now_ - 10 * kDay, now_ + 200 * kDay, false},
                            leaf_key_.get(), intermediate_.get(), intermediate_key_.get());
  }
  void TearDown() override { ERR_clear_error(); }

  std::int64_t now_ = 0;
  KeyPtr root_key_;
  X509Ptr root_;
  KeyPtr intermediate_key_;
  X509Ptr intermediate_;
  KeyPtr leaf_key_;
  X509Ptr leaf_;
};

struct AcceptCase {
  std::string name;
  bool insecure;
  bool with_pins;
  bool pin_matched;
  int verify_error;
  bool host_matches;
  bool accepted;
};

TEST(AcceptCertificateTest, FollowsThePolicyTable) {
  const int kSelfSigned = X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
  const int kExpired = X509_V_ERR_CERT_HAS_EXPIRED;
  const std::vector<AcceptCase> cases = {
      {"trusted and right host", false, false, false, X509_V_OK, true, true},
      {"trusted, wrong host", false, false, false, X509_V_OK, false, false},
      {"untrusted, right host", false, false, false, kSelfSigned, true, false},
      {"expired, right host", false, false, false, kExpired, true, false},
      {"untrusted and wrong host", false, false, false, kSelfSigned, false, false},
      // With pins the key decides, no CA needed (as curl's --pinnedpubkey with HPKP-style pins).
      {"pin matches, untrusted", false, true, true, kSelfSigned, true, true},
      {"pin matches, wrong host", false, true, true, X509_V_OK, false, true},
      {"pin matches, expired", false, true, true, kExpired, true, true},
      {"pin differs, trusted", false, true, false, X509_V_OK, true, false},
      {"pin differs, untrusted", false, true, false, kSelfSigned, false, false},
      // --insecure accepts anything.
      {"insecure, untrusted wrong host", true, false, false, kSelfSigned, false, true},
      {"insecure, expired", true, false, false, kExpired, true, true},
  };
  for (const AcceptCase& c : cases) {
    TlsPolicy policy;
    policy.host = "dmk.test";
    policy.insecure = c.insecure;
    if (c.with_pins) policy.pins = {"pinA", "pinB"};
    TlsFacts facts;
    facts.certificate_seen = true;
    facts.pin_checked = c.with_pins;
    facts.pin_matched = c.pin_matched;
    facts.verify_error = c.verify_error;
    facts.host_matches = c.host_matches;
    EXPECT_EQ(AcceptCertificate(policy, facts), c.accepted) << c.name;
  }
}

TEST_F(TlsVerifyTest, ReadsSubjectIssuerNamesAndDates) {
  CertificateFacts facts = ReadCertificateFacts(leaf_.get());
  EXPECT_EQ(facts.subject, "CN=dmk.test,O=DMK Test");  // RFC 2253 order: most specific first
  EXPECT_EQ(facts.issuer, "CN=DMK Test Intermediate");
  EXPECT_EQ(facts.names,
            (std::vector<std::string>{"dmk.test", "*.wild.test", "f*.partial.test", "192.0.2.7", "2001:db8::1"}));
  EXPECT_EQ(facts.not_before, now_ - 10 * kDay);
  EXPECT_EQ(facts.not_after, now_ + 200 * kDay);
  EXPECT_FALSE(facts.self_signed);
}

TEST_F(TlsVerifyTest, RecognisesASelfSignedCertificate) {
  KeyPtr key = NewP256Key();
  X509Ptr self = MakeCertificate({"self.test", "", "DNS:self.test", now_ - kDay, now_ + kDay, false}, key.get());
  CertificateFacts facts = ReadCertificateFacts(self.get());
  EXPECT_TRUE(facts.self_signed);
  EXPECT_EQ(facts.issuer, facts.subject);
  EXPECT_FALSE(ReadCertificateFacts(root_.get()).subject.empty());
  EXPECT_TRUE(ReadCertificateFacts(root_.get()).self_signed);
  EXPECT_FALSE(ReadCertificateFacts(intermediate_.get()).self_signed);
}

TEST_F(TlsVerifyTest, ReadsTheDatesOfAnExpiredCertificate) {
  KeyPtr key = NewP256Key();
  const std::int64_t not_before = 1500000000;  // 2017-07-14
  const std::int64_t not_after = 1600000000;   // 2020-09-13
  X509Ptr old = MakeCertificate({"old.test", "", "DNS:old.test", not_before, not_after, false}, key.get());
  CertificateFacts facts = ReadCertificateFacts(old.get());
  EXPECT_EQ(facts.not_before, not_before);
  EXPECT_EQ(facts.not_after, not_after);
  EXPECT_LT(facts.not_after, now_);
}

TEST_F(TlsVerifyTest, KeepsUtf8InNames) {
  KeyPtr key = NewP256Key();
  X509Ptr certificate = MakeCertificate({"Köln-Süd", "", "", now_, now_ + kDay, false}, key.get());
  EXPECT_EQ(ReadCertificateFacts(certificate.get()).subject, "CN=Köln-Süd");
}

TEST_F(TlsVerifyTest, ComputesTheSpkiPinAsAnIndependentComputationDoes) {
  CertificateFacts facts = ReadCertificateFacts(leaf_.get());
  EXPECT_EQ(facts.spki_sha256.size(), 44u);
  EXPECT_EQ(facts.spki_sha256, PinOf(leaf_key_.get()));
  EXPECT_NE(facts.spki_sha256, PinOf(intermediate_key_.get()));
}

// The pin as an operator computes it with the openssl command line (the recipe of curl's --pinnedpubkey
// documentation); skipped where the openssl binary is missing.
TEST_F(TlsVerifyTest, ComputesTheSpkiPinAsTheOpensslCommandLineDoes) {
  if (std::system("openssl version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no openssl command";
  std::string path = ::testing::TempDir() + "dmk_pin_XXXXXX";
  int fd = ::mkstemp(path.data());
  ASSERT_GE(fd, 0);
  ::close(fd);
  {
    std::unique_ptr<BIO, decltype(&BIO_free)> file(BIO_new_file(path.c_str(), "w"), &BIO_free);
    ASSERT_TRUE(file);
    ASSERT_EQ(PEM_write_bio_X509(file.get(), leaf_.get()), 1);
  }
  std::string command = "openssl x509 -in '" + path +
                        "' -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | "
                        "openssl base64 -A";
  std::string output;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[128];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    ::pclose(pipe);
  }
  ::unlink(path.c_str());
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  ASSERT_EQ(output.size(), 44u) << output;
  EXPECT_EQ(ReadCertificateFacts(leaf_.get()).spki_sha256, output);
}

struct HostCase {
  std::string host;
  bool matches;
};

TEST_F(TlsVerifyTest, MatchesHostNamesWildcardsAndIpAddresses) {
  const std::vector<HostCase> cases = {
      {"dmk.test", true},          {"DMK.Test", true},  // DNS names compare case-insensitively
      {"dmk.test.", true},                              // a fully qualified name with its trailing dot is the same name
      {"other.test.", false},      {"other.test", false}, {"sub.dmk.test", false}, {"a.wild.test", true},
      {"wild.test", false},         // a wildcard needs a label (RFC 6125, 6.4.3)
      {"a.b.wild.test", false},     // and covers one label only
      {"foo.partial.test", false},  // no partial-label wildcards
      {"192.0.2.7", true},         {"192.0.2.8", false},  {"2001:db8::1", true},   {"2001:DB8:0:0:0:0:0:1", true},
      {"2001:db8::2", false},
  };
  for (const HostCase& c : cases) {
    EXPECT_EQ(CertificateMatchesHost(leaf_.get(), c.host), c.matches) << c.host;
  }
}

TEST_F(TlsVerifyTest, DoesNotMatchAnIpAddressAgainstADnsName) {
  KeyPtr key = NewP256Key();
  X509Ptr certificate = MakeCertificate({"192.0.2.9", "", "DNS:192.0.2.9", now_, now_ + kDay, false}, key.get());
  EXPECT_FALSE(CertificateMatchesHost(certificate.get(), "192.0.2.9"));
}

// The outcome of a TLS handshake between a server and a client with our verifier installed, run over an
// in-memory BIO pair (no sockets).
struct Handshake {
  bool completed = false;
  TlsFacts facts;
};

Handshake RunHandshake(X509* leaf, EVP_PKEY* leaf_key, const std::vector<X509*>& chain,
                       const std::vector<X509*>& trusted, const TlsPolicy& policy) {
  SslCtxPtr server_context(SSL_CTX_new(TLS_server_method()));
  SslCtxPtr client_context(SSL_CTX_new(TLS_client_method()));
  EXPECT_TRUE(server_context && client_context);
  EXPECT_EQ(SSL_CTX_use_certificate(server_context.get(), leaf), 1);
  EXPECT_EQ(SSL_CTX_use_PrivateKey(server_context.get(), leaf_key), 1);
  for (X509* certificate : chain) {
    // SSL_CTX_add1_chain_cert, without the macro's C-style cast.
    EXPECT_EQ(SSL_CTX_ctrl(server_context.get(), SSL_CTRL_CHAIN_CERT, 1, certificate), 1);
  }
  X509_STORE* store = SSL_CTX_get_cert_store(client_context.get());
  for (X509* certificate : trusted) EXPECT_EQ(X509_STORE_add_cert(store, certificate), 1);
  TlsVerifier verifier{policy, {}};
  InstallVerifier(client_context.get(), &verifier);

  SslPtr client(SSL_new(client_context.get()));
  SslPtr server(SSL_new(server_context.get()));
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  EXPECT_EQ(BIO_new_bio_pair(&client_bio, 0, &server_bio, 0), 1);
  SSL_set_bio(client.get(), client_bio, client_bio);
  SSL_set_bio(server.get(), server_bio, server_bio);
  SSL_set_connect_state(client.get());
  SSL_set_accept_state(server.get());

  bool client_done = false;
  bool server_done = false;
  bool failed = false;
  auto step = [&failed](SSL* ssl, bool* done) {
    if (*done || failed) return;
    int result = SSL_do_handshake(ssl);
    if (result == 1) {
      *done = true;
      return;
    }
    int error = SSL_get_error(ssl, result);
    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) failed = true;
  };
  for (int round = 0; round < 20 && !failed && !(client_done && server_done); ++round) {
    step(client.get(), &client_done);
    step(server.get(), &server_done);
  }
  ERR_clear_error();
  Handshake handshake;
  handshake.completed = client_done && server_done && !failed;
  handshake.facts = verifier.facts;
  return handshake;
}

TlsPolicy PolicyFor(const std::string& host, std::vector<std::string> pins = {}, bool insecure = false) {
  TlsPolicy policy;
  policy.host = host;
  policy.pins = std::move(pins);
  policy.insecure = insecure;
  return policy;
}

TEST_F(TlsVerifyTest, HandshakeWithATrustedChainRecordsTheFactsAndTheEarliestExpiry) {
  Handshake handshake =
      RunHandshake(leaf_.get(), leaf_key_.get(), {intermediate_.get()}, {root_.get()}, PolicyFor("dmk.test"));
  EXPECT_TRUE(handshake.completed);
  const TlsFacts& facts = handshake.facts;
  EXPECT_TRUE(facts.certificate_seen);
  EXPECT_TRUE(facts.accepted);
  EXPECT_EQ(facts.verify_error, X509_V_OK) << facts.verify_error_text;
  EXPECT_TRUE(facts.host_matches);
  EXPECT_FALSE(facts.pin_checked);
  EXPECT_EQ(facts.leaf.subject, "CN=dmk.test,O=DMK Test");
  EXPECT_EQ(facts.chain_length, 2u);
  // The intermediate expires in 20 days, the leaf in 200: the chain is as good as its weakest link.
  EXPECT_EQ(facts.earliest_not_after, now_ + 20 * kDay);
  EXPECT_EQ(facts.earliest_not_before, now_ - 30 * kDay);  // its own lifetime, not the leaf's
  EXPECT_EQ(facts.earliest_subject, "CN=DMK Test Intermediate");
  EXPECT_EQ(facts.protocol.rfind("TLSv1.", 0), 0u) << facts.protocol;
}

TEST_F(TlsVerifyTest, HandshakeRefusesTheWrongHostEvenWithATrustedChain) {
  Handshake handshake =
      RunHandshake(leaf_.get(), leaf_key_.get(), {intermediate_.get()}, {root_.get()}, PolicyFor("other.test"));
  EXPECT_FALSE(handshake.completed);
  EXPECT_TRUE(handshake.facts.certificate_seen);
  EXPECT_FALSE(handshake.facts.accepted);
  EXPECT_FALSE(handshake.facts.host_matches);
  EXPECT_EQ(handshake.facts.verify_error, X509_V_OK);
}

TEST_F(TlsVerifyTest, HandshakeRefusesAnUntrustedChainAndSaysWhy) {
  Handshake handshake = RunHandshake(leaf_.get(), leaf_key_.get(), {intermediate_.get()}, {}, PolicyFor("dmk.test"));
  EXPECT_FALSE(handshake.completed);
  EXPECT_TRUE(handshake.facts.certificate_seen);
  EXPECT_FALSE(handshake.facts.accepted);
  EXPECT_NE(handshake.facts.verify_error, X509_V_OK);
  EXPECT_FALSE(handshake.facts.verify_error_text.empty());
  EXPECT_EQ(handshake.facts.leaf.issuer, "CN=DMK Test Intermediate");
}

TEST_F(TlsVerifyTest, HandshakeRefusesAnExpiredLeaf) {
  KeyPtr key = NewP256Key();
  X509Ptr expired = MakeCertificate({"dmk.test", "", "DNS:dmk.test", now_ - 100 * kDay, now_ - 3 * kDay, false},
                                    key.get(), intermediate_.get(), intermediate_key_.get());
  Handshake handshake =
      RunHandshake(expired.get(), key.get(), {intermediate_.get()}, {root_.get()}, PolicyFor("dmk.test"));
  EXPECT_FALSE(handshake.completed);
  EXPECT_FALSE(handshake.facts.accepted);
  EXPECT_EQ(handshake.facts.verify_error, X509_V_ERR_CERT_HAS_EXPIRED) << handshake.facts.verify_error_text;
  EXPECT_EQ(handshake.facts.leaf.not_after, now_ - 3 * kDay);
}

TEST_F(TlsVerifyTest, HandshakeRefusesASelfSignedCertificateWithoutPin) {
  KeyPtr key = NewP256Key();
  X509Ptr self = MakeCertificate({"dmk.test", "", "DNS:dmk.test", now_ - kDay, now_ + 90 * kDay, false}, key.get());
  Handshake handshake = RunHandshake(self.get(), key.get(), {}, {root_.get()}, PolicyFor("dmk.test"));
  EXPECT_FALSE(handshake.completed);
  EXPECT_FALSE(handshake.facts.accepted);
  EXPECT_EQ(handshake.facts.verify_error, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT) << handshake.facts.verify_error_text;
  EXPECT_TRUE(handshake.facts.leaf.self_signed);
  EXPECT_EQ(handshake.facts.leaf.spki_sha256, PinOf(key.get()));
}

TEST_F(TlsVerifyTest, HandshakeAcceptsASelfSignedCertificateWithItsPin) {
  KeyPtr key = NewP256Key();
  X509Ptr self = MakeCertificate({"dmk.test", "", "DNS:dmk.test", now_ - kDay, now_ + 90 * kDay, false}, key.get());
  Handshake handshake = RunHandshake(self.get(), key.get(), {}, {}, PolicyFor("dmk.test", {"x", PinOf(key.get())}));
  EXPECT_TRUE(handshake.completed);
  EXPECT_TRUE(handshake.facts.accepted);
  EXPECT_TRUE(handshake.facts.pin_checked);
  EXPECT_TRUE(handshake.facts.pin_matched);
  EXPECT_NE(handshake.facts.verify_error, X509_V_OK) << "the chain is still recorded as untrusted";
}

TEST_F(TlsVerifyTest, HandshakeRefusesATrustedCertificateWithAnotherPin) {
  Handshake handshake = RunHandshake(leaf_.get(), leaf_key_.get(), {intermediate_.get()}, {root_.get()},
                                     PolicyFor("dmk.test", {PinOf(intermediate_key_.get())}));
  EXPECT_FALSE(handshake.completed);
  EXPECT_TRUE(handshake.facts.pin_checked);
  EXPECT_FALSE(handshake.facts.pin_matched);
  EXPECT_FALSE(handshake.facts.accepted);
  EXPECT_EQ(handshake.facts.verify_error, X509_V_OK);
}

TEST_F(TlsVerifyTest, HandshakeWithInsecureAcceptsAnythingButRecordsTheFacts) {
  KeyPtr key = NewP256Key();
  X509Ptr self =
      MakeCertificate({"elsewhere.test", "", "DNS:elsewhere.test", now_ - 100 * kDay, now_ - kDay, false}, key.get());
  Handshake handshake = RunHandshake(self.get(), key.get(), {}, {}, PolicyFor("dmk.test", {}, true));
  EXPECT_TRUE(handshake.completed);
  EXPECT_TRUE(handshake.facts.accepted);
  EXPECT_TRUE(handshake.facts.verification_skipped);
  EXPECT_FALSE(handshake.facts.host_matches);
  EXPECT_NE(handshake.facts.verify_error, X509_V_OK);
  EXPECT_EQ(handshake.facts.leaf.names, std::vector<std::string>{"elsewhere.test"});
}

// The facts behind the chain diagnoses, read during real handshakes.

TEST_F(TlsVerifyTest, ALeafSentWithoutItsIntermediateNamesTheMissingIssuerAndWhereToFetchIt) {
  AddExtension(leaf_.get(), intermediate_.get(), NID_info_access, "caIssuers;URI:http://pki.test/issuing.crt");
  ASSERT_GT(X509_sign(leaf_.get(), intermediate_key_.get(), EVP_sha256()), 0);
  Handshake handshake = RunHandshake(leaf_.get(), leaf_key_.get(), {}, {root_.get()}, PolicyFor("dmk.test"));
  EXPECT_FALSE(handshake.completed);
  const TlsFacts& facts = handshake.facts;
  EXPECT_EQ(facts.verify_error, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY) << facts.verify_error_text;
  EXPECT_EQ(facts.chain.error_depth, 0);
  EXPECT_EQ(facts.chain.error_subject, "CN=dmk.test,O=DMK Test");
  EXPECT_EQ(facts.chain.error_issuer, "CN=DMK Test Intermediate");
  EXPECT_EQ(facts.chain.issuer_url, "http://pki.test/issuing.crt");
  EXPECT_TRUE(facts.chain.out_of_order_subject.empty());
}

TEST_F(TlsVerifyTest, AChainUpToAnUntrustedRootNamesTheRoot) {
  Handshake handshake =
      RunHandshake(leaf_.get(), leaf_key_.get(), {intermediate_.get(), root_.get()}, {}, PolicyFor("dmk.test"));
  EXPECT_FALSE(handshake.completed);
  const TlsFacts& facts = handshake.facts;
  EXPECT_EQ(facts.verify_error, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN) << facts.verify_error_text;
  EXPECT_FALSE(facts.leaf.self_signed);
  EXPECT_EQ(facts.chain.top_subject, "CN=DMK Test Root");
  EXPECT_EQ(facts.chain.error_depth, 2);
}

TEST_F(TlsVerifyTest, AChainSentIntermediateFirstIsRecognised) {
  // The intermediate with its own key as the server's certificate, then the leaf it issued.
  Handshake handshake =
      RunHandshake(intermediate_.get(), intermediate_key_.get(), {leaf_.get()}, {root_.get()}, PolicyFor("dmk.test"));
  EXPECT_FALSE(handshake.completed);
  EXPECT_EQ(handshake.facts.leaf.subject, "CN=DMK Test Intermediate");
  EXPECT_EQ(handshake.facts.chain.out_of_order_subject, "CN=dmk.test,O=DMK Test");
  Handshake in_order =
      RunHandshake(leaf_.get(), leaf_key_.get(), {intermediate_.get()}, {root_.get()}, PolicyFor("dmk.test"));
  EXPECT_EQ(in_order.facts.chain.out_of_order_subject, "");
}

TEST_F(TlsVerifyTest, AHostNameOnlyInTheCommonNameIsAcceptedAndRecorded) {
  KeyPtr key = NewP256Key();
  X509Ptr cn_only = MakeCertificate({"dmk.test", "DMK Test", "", now_ - kDay, now_ + 90 * kDay, false}, key.get(),
                                    root_.get(), root_key_.get());
  EXPECT_TRUE(CertificateMatchesHost(cn_only.get(), "dmk.test")) << "OpenSSL still falls back to the CN";
  EXPECT_TRUE(CertificateNamesHostOnlyInCn(cn_only.get(), "dmk.test"));
  EXPECT_TRUE(CertificateNamesHostOnlyInCn(cn_only.get(), "DMK.test."));
  EXPECT_FALSE(CertificateNamesHostOnlyInCn(cn_only.get(), "other.test"));
  EXPECT_FALSE(CertificateNamesHostOnlyInCn(leaf_.get(), "dmk.test"));
  EXPECT_FALSE(CertificateNamesHostOnlyInCn(leaf_.get(), "192.0.2.7"));
  Handshake handshake = RunHandshake(cn_only.get(), key.get(), {}, {root_.get()}, PolicyFor("dmk.test"));
  EXPECT_TRUE(handshake.completed);
  EXPECT_TRUE(handshake.facts.accepted);
  EXPECT_TRUE(handshake.facts.chain.name_only_in_cn);
  Handshake with_san =
      RunHandshake(leaf_.get(), leaf_key_.get(), {intermediate_.get()}, {root_.get()}, PolicyFor("dmk.test"));
  EXPECT_FALSE(with_san.facts.chain.name_only_in_cn);
}

}  // namespace
}  // namespace dmk
