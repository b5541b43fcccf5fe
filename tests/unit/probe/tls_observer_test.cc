#include "common/probe/tls_observer.h"

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

namespace dmk {
namespace {

// --- ParseServerHello: bytes as RFC 8446 section 4.1.3 and RFC 5246 section 7.4.1.3 lay them out ---------

std::vector<unsigned char> Hello(int legacy_version, int cipher, const std::vector<unsigned char>& extensions,
                                 bool with_extensions_block) {
  std::vector<unsigned char> body = {static_cast<unsigned char>(legacy_version >> 8),
                                     static_cast<unsigned char>(legacy_version & 0xff)};
  body.insert(body.end(), 32, 0x5a);  // random
  body.push_back(4);                  // session id of 4 bytes
  body.insert(body.end(), {1, 2, 3, 4});
  body.push_back(static_cast<unsigned char>(cipher >> 8));
  body.push_back(static_cast<unsigned char>(cipher & 0xff));
  body.push_back(0);  // compression null
  if (with_extensions_block) {
    body.push_back(static_cast<unsigned char>(extensions.size() >> 8));
    body.push_back(static_cast<unsigned char>(extensions.size() & 0xff));
    body.insert(body.end(), extensions.begin(), extensions.end());
  }
  std::vector<unsigned char> message(4 + body.size());
  message[0] = 2;  // server_hello, then a 24-bit length
  message[2] = static_cast<unsigned char>(body.size() >> 8);
  message[3] = static_cast<unsigned char>(body.size() & 0xff);
  std::copy(body.begin(), body.end(), message.begin() + 4);
  return message;
}

const std::vector<unsigned char> kSupportedVersions13 = {0x00, 0x2b, 0x00, 0x02, 0x03, 0x04};
const std::vector<unsigned char> kRenegotiationInfo = {0xff, 0x01, 0x00, 0x01, 0x00};

TEST(ParseServerHelloTest, ReadsTheVersionAndCipherOfEveryKindOfServerHello) {
  struct Case {
    const char* name;
    std::vector<unsigned char> message;
    int version;
    int cipher;
  };
  std::vector<unsigned char> both = kRenegotiationInfo;
  both.insert(both.end(), kSupportedVersions13.begin(), kSupportedVersions13.end());
  const Case cases[] = {
      {"TLS 1.0 without extensions", Hello(0x0301, 0x002f, {}, false), 0x0301, 0x002f},
      {"TLS 1.2 with an extension", Hello(0x0303, 0xc02f, kRenegotiationInfo, true), 0x0303, 0xc02f},
      {"TLS 1.3 says so in supported_versions", Hello(0x0303, 0x1301, kSupportedVersions13, true), 0x0304, 0x1301},
      {"supported_versions after another extension", Hello(0x0303, 0x1302, both, true), 0x0304, 0x1302},
      {"an empty extensions block", Hello(0x0302, 0x0035, {}, true), 0x0302, 0x0035},
  };
  for (const Case& c : cases) {
    const std::optional<ServerHello> hello = ParseServerHello(c.message.data(), c.message.size());
    ASSERT_TRUE(hello.has_value()) << c.name;
    EXPECT_EQ(hello->version, c.version) << c.name;
    EXPECT_EQ(hello->cipher_suite, c.cipher) << c.name;
  }
}

TEST(ParseServerHelloTest, RefusesWhatIsNoWellFormedServerHello) {
  std::vector<unsigned char> good = Hello(0x0303, 0xc02f, kRenegotiationInfo, true);
  std::vector<unsigned char> client_hello = good;
  client_hello[0] = 1;
  std::vector<unsigned char> wrong_length = good;
  wrong_length[3] += 1;
  std::vector<unsigned char> cut = good;
  cut.resize(good.size() - 2);
  cut[3] -= 2;  // a consistent header over a body whose extension runs past its end
  std::vector<unsigned char> bad_extensions = Hello(0x0303, 0xc02f, {0x00, 0x2b, 0x00, 0x09, 0x03}, true);
  for (const auto& [name, message] : std::vector<std::pair<const char*, std::vector<unsigned char>>>{
           {"a ClientHello", client_hello},
           {"a length that disagrees", wrong_length},
           {"an extension cut short", cut},
           {"an extension longer than its block", bad_extensions},
           {"four bytes", {2, 0, 0, 0}},
           {"nothing", {}}}) {
    EXPECT_FALSE(ParseServerHello(message.data(), message.size()).has_value()) << name;
  }
}

TEST(ProtocolNameTest, NamesVersionsAsOpensslDoes) {
  EXPECT_STREQ(ProtocolName(TLS1_VERSION), "TLSv1");
  EXPECT_STREQ(ProtocolName(TLS1_1_VERSION), "TLSv1.1");
  EXPECT_STREQ(ProtocolName(TLS1_2_VERSION), "TLSv1.2");
  EXPECT_STREQ(ProtocolName(TLS1_3_VERSION), "TLSv1.3");
  EXPECT_STREQ(ProtocolName(0x7f1c), "");
}

// --- Real handshakes over an in-memory BIO pair: a client set up as libcurl's (this host's OpenSSL
// configuration, default security level) with the observer, against servers set up as broken ones are ---

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using CtxPtr = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;
using SslPtr = std::unique_ptr<SSL, decltype(&SSL_free)>;

KeyPtr NewKey(const char* type, unsigned rsa_bits = 0) {
  EVP_PKEY* key = rsa_bits != 0 ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, static_cast<size_t>(rsa_bits))
                                : EVP_PKEY_Q_keygen(nullptr, nullptr, type, "P-256");
  EXPECT_NE(key, nullptr);
  return KeyPtr(key, &EVP_PKEY_free);
}

// A self-signed server certificate for `key` with `extra_names` more subjectAltNames (to make it large).
X509Ptr SelfSigned(EVP_PKEY* key, int extra_names = 0) {
  X509Ptr certificate(X509_new(), &X509_free);
  X509_set_version(certificate.get(), X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 7);
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -86400);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 86400);
  X509_set_pubkey(certificate.get(), key);
  X509_NAME* name = X509_get_subject_name(certificate.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("dmk.test"), -1, -1, 0);
  X509_set_issuer_name(certificate.get(), name);
  GENERAL_NAMES* names = GENERAL_NAMES_new();
  for (int i = 0; i <= extra_names; ++i) {
    const std::string text = i == 0 ? "dmk.test" : "host-" + std::to_string(i) + ".filler.dmk.test";
    ASN1_IA5STRING* dns = ASN1_IA5STRING_new();
    ASN1_STRING_set(dns, text.data(), static_cast<int>(text.size()));
    GENERAL_NAME* entry = GENERAL_NAME_new();
    GENERAL_NAME_set0_value(entry, GEN_DNS, dns);
    sk_GENERAL_NAME_push(names, entry);
  }
  X509_add1_ext_i2d(certificate.get(), NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT);
  GENERAL_NAMES_free(names);
  EXPECT_GT(X509_sign(certificate.get(), key, EVP_sha256()), 0);
  return certificate;
}

struct Observed {
  bool completed = false;
  HandshakeFacts facts;
  std::string cipher_after;  // SSL_get_current_cipher once done
};

// Runs a handshake of the observed client against `server`; `observe` false leaves the observer out.
Observed Handshake(SSL_CTX* server, bool observe = true) {
  CtxPtr client_context(SSL_CTX_new(TLS_client_method()), &SSL_CTX_free);
  SSL_CTX_set_verify(client_context.get(), SSL_VERIFY_NONE, nullptr);
  TlsObserver observer;
  if (observe) InstallObserver(client_context.get(), &observer);
  SslPtr client(SSL_new(client_context.get()), &SSL_free);
  SslPtr peer(SSL_new(server), &SSL_free);
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  EXPECT_EQ(BIO_new_bio_pair(&client_bio, 4 << 20, &server_bio, 4 << 20), 1);
  SSL_set_bio(client.get(), client_bio, client_bio);
  SSL_set_bio(peer.get(), server_bio, server_bio);
  SSL_set_connect_state(client.get());
  SSL_set_accept_state(peer.get());
  bool client_done = false;
  bool server_done = false;
  bool failed = false;
  auto step = [&failed](SSL* ssl, bool* done) {
    if (*done || failed) return;
    const int result = SSL_do_handshake(ssl);
    if (result == 1) {
      *done = true;
      return;
    }
    const int error = SSL_get_error(ssl, result);
    if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) failed = true;
  };
  for (int round = 0; round < 50 && !failed && !(client_done && server_done); ++round) {
    step(client.get(), &client_done);
    step(peer.get(), &server_done);
  }
  if (failed) {
    // Let the client read the server's alert, if it sent one.
    for (int round = 0; round < 4 && !client_done; ++round) (void)SSL_do_handshake(client.get());
  }
  ERR_clear_error();
  Observed observed;
  observed.completed = client_done && server_done && !failed;
  observed.facts = observer.facts;
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(client.get()))
    observed.cipher_after = SSL_CIPHER_get_name(cipher);
  return observed;
}

CtxPtr Server(EVP_PKEY* key, X509* certificate, int min_version, int max_version, const char* ciphers = nullptr) {
  CtxPtr context(SSL_CTX_new(TLS_server_method()), &SSL_CTX_free);
  SSL_CTX_set_security_level(context.get(), 0);  // a broken server: old versions, weak groups and all
  EXPECT_EQ(SSL_CTX_use_certificate(context.get(), certificate), 1);
  EXPECT_EQ(SSL_CTX_use_PrivateKey(context.get(), key), 1);
  SSL_CTX_set_min_proto_version(context.get(), min_version);
  SSL_CTX_set_max_proto_version(context.get(), max_version);
  if (ciphers != nullptr) {
    EXPECT_EQ(SSL_CTX_set_cipher_list(context.get(), ciphers), 1) << ciphers;
  }
  return context;
}

TEST(TlsObserverTest, RecordsTheCipherOfATls12HandshakeThatVerificationCannotYetSee) {
  KeyPtr key = NewKey("EC");
  X509Ptr certificate = SelfSigned(key.get());
  CtxPtr server = Server(key.get(), certificate.get(), TLS1_2_VERSION, TLS1_2_VERSION);
  const Observed observed = Handshake(server.get());
  ASSERT_TRUE(observed.completed);
  EXPECT_EQ(observed.facts.server_version, TLS1_2_VERSION);
  EXPECT_EQ(observed.facts.protocol, "TLSv1.2");
  EXPECT_FALSE(observed.facts.cipher.empty());
  EXPECT_EQ(observed.facts.cipher, observed.cipher_after) << "the cipher OpenSSL names once the handshake is done";
}

TEST(TlsObserverTest, RecordsTls13FromSupportedVersions) {
  KeyPtr key = NewKey("EC");
  X509Ptr certificate = SelfSigned(key.get());
  CtxPtr server = Server(key.get(), certificate.get(), TLS1_2_VERSION, TLS1_3_VERSION);
  const Observed observed = Handshake(server.get());
  ASSERT_TRUE(observed.completed);
  EXPECT_EQ(observed.facts.server_version, TLS1_3_VERSION);
  EXPECT_EQ(observed.facts.cipher, observed.cipher_after);
}

TEST(TlsObserverTest, RecordsTheOldVersionOfAServerThisHostRefuses) {
  KeyPtr key = NewKey("EC");
  X509Ptr certificate = SelfSigned(key.get());
  CtxPtr server = Server(key.get(), certificate.get(), TLS1_VERSION, TLS1_VERSION, "ALL:@SECLEVEL=0");
  const Observed observed = Handshake(server.get());
  EXPECT_FALSE(observed.completed) << "this host's OpenSSL forbids TLS 1.0's SHA-1 signatures";
  EXPECT_EQ(observed.facts.server_version, TLS1_VERSION);
}

TEST(TlsObserverTest, RecordsAHandshakeFailureAlertInAnswerToTheClientHello) {
  KeyPtr key = NewKey("EC");
  X509Ptr certificate = SelfSigned(key.get());
  CtxPtr server =
      Server(key.get(), certificate.get(), TLS1_2_VERSION, TLS1_2_VERSION, "ECDHE-ECDSA-NULL-SHA:@SECLEVEL=0");
  const Observed observed = Handshake(server.get());
  EXPECT_FALSE(observed.completed);
  EXPECT_EQ(observed.facts.server_version, 0);
  EXPECT_EQ(observed.facts.alert_received, 40) << "handshake_failure";
  EXPECT_TRUE(observed.facts.alert_before_server_hello);
}

TEST(TlsObserverTest, MeasuresTheServersDiffieHellmanGroup) {
  KeyPtr key = NewKey("RSA", 2048);
  X509Ptr certificate = SelfSigned(key.get());
  CtxPtr server =
      Server(key.get(), certificate.get(), TLS1_2_VERSION, TLS1_2_VERSION, "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0");
  // RFC 5114's 1024-bit group, as OpenSSL names it.
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> generator(
      EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY* group = nullptr;
  ASSERT_EQ(EVP_PKEY_paramgen_init(generator.get()), 1);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>("dh_1024_160"), 0),
      OSSL_PARAM_construct_end()};
  ASSERT_EQ(EVP_PKEY_CTX_set_params(generator.get(), params), 1);
  ASSERT_EQ(EVP_PKEY_paramgen(generator.get(), &group), 1);
  ASSERT_EQ(SSL_CTX_set0_tmp_dh_pkey(server.get(), group), 1);
  const Observed observed = Handshake(server.get());
  EXPECT_FALSE(observed.completed) << "security level 2 wants 2048 bits";
  EXPECT_EQ(observed.facts.dh_bits, 1024);
  EXPECT_EQ(observed.facts.dh_bits_required, 2048);
}

TEST(TlsObserverTest, AcceptsAChainAboveOpensslsDefaultLimitUpToTheBound) {
  KeyPtr key = NewKey("EC");
  X509Ptr certificate = SelfSigned(key.get(), 6000);  // about 190 KiB of names
  ASSERT_GT(i2d_X509(certificate.get(), nullptr), 150 * 1024);
  ASSERT_LT(static_cast<std::size_t>(i2d_X509(certificate.get(), nullptr)), kMaxCertificateChainBytes);
  CtxPtr server = Server(key.get(), certificate.get(), TLS1_2_VERSION, TLS1_3_VERSION);
  EXPECT_FALSE(Handshake(server.get(), false).completed) << "OpenSSL's default refuses more than 100 KiB";
  EXPECT_TRUE(Handshake(server.get()).completed);
}

}  // namespace
}  // namespace dmk
