// See test_pki.h. Certificate profiles follow RFC 5280: CAs carry basicConstraints CA:TRUE and
// keyCertSign, leaves carry CA:FALSE, an extendedKeyUsage for their role and (servers) a subjectAltName,
// since that is what TLS clients match host names against (RFC 6125), not the CN.
#include "tests/sim/test_pki.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/sim/atomic_file.h"

namespace dmk {
namespace {

using namespace std::string_literals;

constexpr long kDay = 24L * 60 * 60;
constexpr const char* kServerNames = "DNS:dmk.test,DNS:localhost,IP:127.0.0.1,IP:::1";

enum class CertRole { kRootCa, kIntermediateCa, kServer, kSelfSignedServer, kClient };

struct CertProfile {
  const char* common_name;
  CertRole role;
  long not_before;  // Seconds from now.
  long not_after;   // Seconds from now.
  const char* subject_alt_names = nullptr;
  bool hostile_names = false;        // subjectAltNames no CA should sign: see AddHostileNames.
  const char* ca_issuers = nullptr;  // Authority Information Access caIssuers URI (RFC 5280, 4.2.2.1).
  bool sha1 = false;                 // Signed with SHA-1 instead of SHA-256.
};

// DNS names a careless or malicious CA could sign, as raw IA5String bytes: a perfdata separator,
// terminal escapes, a NUL byte, and a name far longer than any status line. Added without the config
// parser, which would refuse them.
bool AddHostileNames(X509* cert) {
  std::string long_name;
  while (long_name.size() < 3000) long_name += "a|b\x1b[2J.";
  const std::string raw_names[] = {"evil|perf=1;2;3\x1b]0;pwned\x07.example"s, "nul\0byte\r\n.example"s, long_name};
  GENERAL_NAMES* names = GENERAL_NAMES_new();
  if (names == nullptr) return false;
  bool ok = true;
  for (const std::string& raw : raw_names) {
    GENERAL_NAME* name = GENERAL_NAME_new();
    ASN1_IA5STRING* text = ASN1_IA5STRING_new();
    if (name == nullptr || text == nullptr || ASN1_STRING_set(text, raw.data(), static_cast<int>(raw.size())) != 1) {
      GENERAL_NAME_free(name);
      ASN1_IA5STRING_free(text);
      ok = false;
      break;
    }
    GENERAL_NAME_set0_value(name, GEN_DNS, text);
    if (sk_GENERAL_NAME_push(names, name) <= 0) {
      GENERAL_NAME_free(name);
      ok = false;
      break;
    }
  }
  ok = ok && X509_add1_ext_i2d(cert, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT) == 1;
  GENERAL_NAMES_free(names);
  return ok;
}

std::string OpenSslError(const std::string& what) {
  std::array<char, 256> text{};
  ERR_error_string_n(ERR_get_error(), text.data(), text.size());
  ERR_clear_error();
  return what + ": " + text.data();
}

// RSA keys only for the weak_key leaf: EC P-256 has no size too small for OpenSSL's security levels.
PkeyPtr GenerateRsaKey(unsigned int bits) { return PkeyPtr(EVP_RSA_gen(bits)); }

PkeyPtr GenerateKey() {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") != 1) {
    return nullptr;
  }
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &key) != 1) return nullptr;
  return PkeyPtr(key);
}

bool AddExtension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  X509ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, ctx, nid, value));
  return extension && X509_add_ext(cert, extension.get(), -1) == 1;
}

// A random positive serial of 128 bits (RFC 5280 4.1.2.2 allows up to 20 octets), so that no two
// certificates from the same issuer share one, even across runs.
bool SetRandomSerial(X509* cert) {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return false;
  bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7f) | 0x01);
  BignumPtr serial(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  return serial && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) != nullptr;
}

bool AddName(X509_NAME* name, const char* field, const char* value) {
  return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value), -1, -1,
                                    0) == 1;
}

// Issues a certificate for subject_key. issuer/issuer_key null means self-signed.
X509Ptr IssueCertificate(const CertProfile& profile, EVP_PKEY* subject_key, X509* issuer, EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  if (!cert) return nullptr;
  X509_NAME* subject = X509_get_subject_name(cert.get());
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1 || !SetRandomSerial(cert.get()) ||
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), profile.not_before) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), profile.not_after) == nullptr ||
      !AddName(subject, "O", "DMK Test") || !AddName(subject, "CN", profile.common_name) ||
      X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : subject) != 1 ||
      X509_set_pubkey(cert.get(), subject_key) != 1) {
    return nullptr;
  }

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  bool ok = true;
  switch (profile.role) {
    case CertRole::kRootCa:
      ok = AddExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE") &&
           AddExtension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
      break;
    case CertRole::kIntermediateCa:
      ok = AddExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
           AddExtension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
      break;
    case CertRole::kServer:
      ok = AddExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
           AddExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature") &&
           AddExtension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth");
      break;
    case CertRole::kSelfSignedServer:
      // No keyUsage: with one lacking keyCertSign, OpenSSL would not treat the certificate as its own
      // issuer and clients would report "unable to get local issuer" instead of "self-signed".
      ok = AddExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
           AddExtension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth");
      break;
    case CertRole::kClient:
      ok = AddExtension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE") &&
           AddExtension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature") &&
           AddExtension(cert.get(), &ctx, NID_ext_key_usage, "clientAuth");
      break;
  }
  // The subject key identifier must exist before the authority key identifier of a self-signed
  // certificate can copy it.
  ok = ok && AddExtension(cert.get(), &ctx, NID_subject_key_identifier, "hash") &&
       AddExtension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
  if (ok && profile.subject_alt_names != nullptr) {
    ok = AddExtension(cert.get(), &ctx, NID_subject_alt_name, profile.subject_alt_names);
  }
  if (ok && profile.hostile_names) ok = AddHostileNames(cert.get());
  if (ok && profile.ca_issuers != nullptr) {
    ok = AddExtension(cert.get(), &ctx, NID_info_access, ("caIssuers;URI:"s + profile.ca_issuers).c_str());
  }
  if (!ok) return nullptr;
  const EVP_MD* digest = profile.sha1 ? EVP_sha1() : EVP_sha256();
  if (X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : subject_key, digest) <= 0) return nullptr;
  return cert;
}

std::string DrainBio(BIO* bio) {
  std::string text(BIO_ctrl_pending(bio), '\0');
  size_t read = 0;
  if (!text.empty() && BIO_read_ex(bio, text.data(), text.size(), &read) != 1) return "";
  text.resize(read);
  return text;
}

std::string CertificatePem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return "";
  return DrainBio(bio.get());
}

std::string PrivateKeyPem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) return "";
  return DrainBio(bio.get());
}

// The public-key pin of RFC 7469 section 2.4 as curl's --pinnedpubkey sha256//... takes it:
// base64(SHA-256(DER SubjectPublicKeyInfo)).
std::string PublicKeyPin(EVP_PKEY* key) {
  const int length = i2d_PUBKEY(key, nullptr);
  if (length <= 0) return "";
  std::vector<unsigned char> der(static_cast<size_t>(length));
  unsigned char* cursor = der.data();
  if (i2d_PUBKEY(key, &cursor) != length) return "";
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_length = 0;
  if (EVP_Digest(der.data(), der.size(), digest.data(), &digest_length, EVP_sha256(), nullptr) != 1) return "";
  std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> base64{};
  const int encoded = EVP_EncodeBlock(base64.data(), digest.data(), static_cast<int>(digest_length));
  if (encoded <= 0) return "";
  return std::string(reinterpret_cast<const char*>(base64.data()), static_cast<size_t>(encoded));
}

}  // namespace

bool TestPki::Generate(std::string* error) {
  ca_key_ = GenerateKey();
  intermediate_key_ = GenerateKey();
  client_key_ = GenerateKey();
  expiring_key_ = GenerateKey();
  if (!ca_key_ || !intermediate_key_ || !client_key_ || !expiring_key_) {
    *error = OpenSslError("key generation failed");
    return false;
  }
  ca_cert_ =
      IssueCertificate({"DMK Test CA", CertRole::kRootCa, -60 * kDay, 3650 * kDay}, ca_key_.get(), nullptr, nullptr);
  if (ca_cert_) {
    intermediate_cert_ = IssueCertificate({"DMK Test Intermediate", CertRole::kIntermediateCa, -1 * kDay, 5 * kDay},
                                          intermediate_key_.get(), ca_cert_.get(), ca_key_.get());
    client_cert_ = IssueCertificate({"DMK Test Client", CertRole::kClient, -1 * kDay, 87 * kDay}, client_key_.get(),
                                    ca_cert_.get(), ca_key_.get());
  }
  if (!ca_cert_ || !intermediate_cert_ || !client_cert_) {
    *error = OpenSslError("CA certificate generation failed");
    return false;
  }

  struct LeafPlan {
    const char* name;
    CertProfile profile;
    X509* issuer;
    EVP_PKEY* issuer_key;
  };
  const LeafPlan plans[] = {
      {"good", {"dmk.test", CertRole::kServer, -1 * kDay, 87 * kDay, kServerNames}, ca_cert_.get(), ca_key_.get()},
      {"expired", {"dmk.test", CertRole::kServer, -30 * kDay, -3 * kDay, kServerNames}, ca_cert_.get(), ca_key_.get()},
      {"notyet", {"dmk.test", CertRole::kServer, 2 * kDay, 90 * kDay, kServerNames}, ca_cert_.get(), ca_key_.get()},
      {"selfsigned", {"dmk.test", CertRole::kSelfSignedServer, -1 * kDay, 87 * kDay, kServerNames}, nullptr, nullptr},
      {"wronghost",
       {"other.example", CertRole::kServer, -1 * kDay, 87 * kDay, "DNS:other.example"},
       ca_cert_.get(),
       ca_key_.get()},
      {"chain",
       {"dmk.test", CertRole::kServer, -1 * kDay, 87 * kDay, kServerNames},
       intermediate_cert_.get(),
       intermediate_key_.get()},
      // Signed by the trusted CA, but with names that are no host name and a subject full of escapes.
      {"hostile",
       {"evil|cn=1;2 \x1b[31mred\x1b[0m\x07 \x7f", CertRole::kServer, -1 * kDay, 87 * kDay, nullptr, true},
       ca_cert_.get(),
       ca_key_.get()},
  };
  for (const LeafPlan& plan : plans) {
    PkeyPtr key = GenerateKey();
    if (!key) {
      *error = OpenSslError("key generation failed");
      return false;
    }
    LeafCredentials leaf;
    leaf.cert = IssueCertificate(plan.profile, key.get(), plan.issuer, plan.issuer_key);
    if (!leaf.cert) {
      *error = OpenSslError(std::string("certificate '") + plan.name + "' generation failed");
      return false;
    }
    leaf.key = key.get();
    if (plan.issuer == intermediate_cert_.get()) leaf.intermediate = intermediate_cert_.get();
    leaf_keys_[plan.name] = std::move(key);
    leaves_[plan.name] = std::move(leaf);
  }
  return GenerateChainProblems(error);
}

bool TestPki::GenerateChainProblems(std::string* error) {
  PkeyPtr root_key = GenerateKey();
  PkeyPtr sha1_key = GenerateKey();
  if (!root_key || !sha1_key) {
    *error = OpenSslError("key generation failed");
    return false;
  }
  X509Ptr root = IssueCertificate({"DMK Contractor Root CA", CertRole::kRootCa, -60 * kDay, 3650 * kDay},
                                  root_key.get(), nullptr, nullptr);
  CertProfile sha1_profile{"DMK Test SHA-1 Intermediate", CertRole::kIntermediateCa, -1 * kDay, 3650 * kDay};
  sha1_profile.sha1 = true;
  X509Ptr sha1 = root ? IssueCertificate(sha1_profile, sha1_key.get(), ca_cert_.get(), ca_key_.get()) : nullptr;
  if (!root || !sha1) {
    *error = OpenSslError("chain-problem CA generation failed");
    return false;
  }
  CertProfile fetchable{"dmk.test", CertRole::kServer, -1 * kDay, 87 * kDay, kServerNames};
  fetchable.ca_issuers = "http://pki.dmk.test/intermediate.crt";
  struct Plan {
    const char* name;
    CertProfile profile;
    X509* issuer;
    EVP_PKEY* issuer_key;
    X509* sent_after;
    bool rsa1024;
  };
  const Plan plans[] = {
      {"missing_intermediate", fetchable, intermediate_cert_.get(), intermediate_key_.get(), nullptr, false},
      {"untrusted_root",
       {"dmk.test", CertRole::kServer, -1 * kDay, 87 * kDay, kServerNames},
       root.get(),
       root_key.get(),
       root.get(),
       false},
      {"no_san", {"dmk.test", CertRole::kServer, -1 * kDay, 87 * kDay}, ca_cert_.get(), ca_key_.get(), nullptr, false},
      {"sha1_intermediate",
       {"dmk.test", CertRole::kServer, -1 * kDay, 87 * kDay, kServerNames},
       sha1.get(),
       sha1_key.get(),
       sha1.get(),
       false},
      {"weak_key",
       {"dmk.test", CertRole::kServer, -1 * kDay, 87 * kDay, kServerNames},
       ca_cert_.get(),
       ca_key_.get(),
       nullptr,
       true},
  };
  for (const Plan& plan : plans) {
    PkeyPtr key = plan.rsa1024 ? GenerateRsaKey(1024) : GenerateKey();
    LeafCredentials leaf;
    if (key) leaf.cert = IssueCertificate(plan.profile, key.get(), plan.issuer, plan.issuer_key);
    if (!leaf.cert) {
      *error = OpenSslError(std::string("certificate '") + plan.name + "' generation failed");
      return false;
    }
    leaf.key = key.get();
    leaf.intermediate = plan.sent_after;
    leaf.weak = plan.rsa1024 || plan.issuer == sha1.get();
    leaf_keys_[plan.name] = std::move(key);
    leaves_[plan.name] = std::move(leaf);
  }
  // The intermediate presented as the server's own certificate (with its own key, so that the handshake
  // itself is sound), followed by the leaf it issued: a chain sent in the wrong order.
  LeafCredentials out_of_order;
  X509_up_ref(intermediate_cert_.get());
  out_of_order.cert.reset(intermediate_cert_.get());
  out_of_order.key = intermediate_key_.get();
  out_of_order.intermediate = leaves_["chain"].cert.get();
  leaves_["out_of_order"] = std::move(out_of_order);
  extra_keys_.push_back(std::move(root_key));
  extra_keys_.push_back(std::move(sha1_key));
  extra_certs_.push_back(std::move(root));
  extra_certs_.push_back(std::move(sha1));
  return true;
}

bool TestPki::AddExpiring(uint64_t days, std::string* error) {
  const int64_t left = static_cast<int64_t>(days) * kDay;
  const int64_t age = std::max<int64_t>(kDay, 398 * kDay - left);
  return AddWithLifetime("expiring=" + std::to_string(days), age + left, age, error);
}

bool TestPki::AddWithLifetime(const std::string& name, int64_t life_s, int64_t age_s, std::string* error) {
  if (leaves_.count(name) != 0) return true;
  LeafCredentials leaf;
  leaf.cert = IssueCertificate(
      {"dmk.test", CertRole::kServer, static_cast<long>(-age_s), static_cast<long>(life_s - age_s), kServerNames},
      expiring_key_.get(), ca_cert_.get(), ca_key_.get());
  if (!leaf.cert) {
    *error = OpenSslError("certificate '" + name + "' generation failed");
    return false;
  }
  leaf.key = expiring_key_.get();
  leaves_[name] = std::move(leaf);
  return true;
}

namespace {

// Replaces the subjectAltName of `cert` with the good names and enough padding names to make the certificate
// at least `size` bytes: each name "nNNNNNN.pad.dmk.test" costs 22 bytes of DER.
bool PadNames(X509* cert, size_t size) {
  const int index = X509_get_ext_by_NID(cert, NID_subject_alt_name, -1);
  if (index >= 0) X509_EXTENSION_free(X509_delete_ext(cert, index));
  GENERAL_NAMES* names = GENERAL_NAMES_new();
  if (names == nullptr) return false;
  bool ok = true;
  auto add = [&](int type, const std::string& raw) {
    GENERAL_NAME* name = GENERAL_NAME_new();
    ASN1_OCTET_STRING* text = ASN1_OCTET_STRING_new();
    if (name == nullptr || text == nullptr || ASN1_STRING_set(text, raw.data(), static_cast<int>(raw.size())) != 1) {
      GENERAL_NAME_free(name);
      ASN1_OCTET_STRING_free(text);
      ok = false;
      return;
    }
    GENERAL_NAME_set0_value(name, type, text);
    if (sk_GENERAL_NAME_push(names, name) <= 0) {
      GENERAL_NAME_free(name);
      ok = false;
    }
  };
  add(GEN_DNS, "dmk.test");
  add(GEN_DNS, "localhost");
  add(GEN_IPADD, std::string("\x7f\x00\x00\x01", 4));
  add(GEN_IPADD, std::string(15, '\0') + "\x01");
  for (size_t i = 0; ok && i < size / 22 + 1; ++i) {
    char name[48];
    std::snprintf(name, sizeof name, "n%07zu.pad.dmk.test", i);
    add(GEN_DNS, name);
  }
  ok = ok && X509_add1_ext_i2d(cert, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT) == 1;
  GENERAL_NAMES_free(names);
  return ok;
}

}  // namespace

bool TestPki::AddHandshakeLeaf(const std::string& name, unsigned rsa_bits, size_t padded_size, std::string* error) {
  if (leaves_.count(name) != 0) return true;
  PkeyPtr key(rsa_bits != 0 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(rsa_bits))
                            : GenerateKey().release());
  if (!key) {
    *error = OpenSslError("key generation for '" + name + "' failed");
    return false;
  }
  LeafCredentials leaf;
  leaf.cert = IssueCertificate({"dmk.test", CertRole::kServer, -1 * kDay, 87 * kDay, kServerNames}, key.get(),
                               ca_cert_.get(), ca_key_.get());
  if (leaf.cert && padded_size > 0 &&
      (!PadNames(leaf.cert.get(), padded_size) || X509_sign(leaf.cert.get(), ca_key_.get(), EVP_sha256()) <= 0)) {
    leaf.cert.reset();
  }
  if (!leaf.cert) {
    *error = OpenSslError("certificate '" + name + "' generation failed");
    return false;
  }
  leaf.key = key.get();
  leaf_keys_[name] = std::move(key);
  leaves_[name] = std::move(leaf);
  return true;
}

bool TestPki::WriteFiles(const std::string& dir, std::string* error) const {
  const std::string ca_pem = CertificatePem(ca_cert_.get());
  const std::string client_pem = CertificatePem(client_cert_.get());
  const std::string client_key = PrivateKeyPem(client_key_.get());
  if (ca_pem.empty() || client_pem.empty() || client_key.empty()) {
    *error = OpenSslError("PEM encoding failed");
    return false;
  }

  // A hashed CA directory as c_rehash/openssl rehash builds it: <X509_NAME_hash of subject>.0.
  const std::string ca_dir = dir + "/ca-dir";
  std::error_code ec;
  std::filesystem::create_directories(ca_dir, ec);
  if (ec) {
    *error = "cannot create " + ca_dir + ": " + ec.message();
    return false;
  }
  std::array<char, 16> hash{};
  std::snprintf(hash.data(), hash.size(), "%08lx", X509_NAME_hash(X509_get_subject_name(ca_cert_.get())));

  if (!WriteFileAtomically(dir + "/ca.pem", ca_pem, 0644, error) ||
      !WriteFileAtomically(ca_dir + "/" + hash.data() + ".0", ca_pem, 0644, error) ||
      !WriteFileAtomically(dir + "/client.pem", client_pem, 0644, error) ||
      !WriteFileAtomically(dir + "/client.key", client_key, 0600, error)) {
    return false;
  }

  std::map<std::string, EVP_PKEY*> pinned_keys = {{"expiring", expiring_key_.get()}};
  for (const auto& [name, key] : leaf_keys_) pinned_keys[name] = key.get();
  for (const auto& [name, key] : pinned_keys) {
    const std::string pin = PublicKeyPin(key);
    if (pin.empty()) {
      *error = OpenSslError("public key pin of '" + name + "' failed");
      return false;
    }
    if (!WriteFileAtomically(dir + "/pin-" + name + ".txt", pin + "\n", 0644, error)) return false;
  }
  return true;
}

const LeafCredentials* TestPki::Leaf(const std::string& name) const {
  const auto it = leaves_.find(name);
  return it == leaves_.end() ? nullptr : &it->second;
}

}  // namespace dmk
