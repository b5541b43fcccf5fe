#include "common/probe/tls_verify.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <ctime>
#include <memory>

namespace dmk {

namespace {

std::string NameText(const X509_NAME* name) {
  if (name == nullptr) return "";
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) return "";
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return length > 0 ? std::string(data, static_cast<size_t>(length)) : "";
}

std::int64_t TimeOf(const ASN1_TIME* time) {
  struct tm parts {};
  if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) return 0;
  return static_cast<std::int64_t>(timegm(&parts));
}

std::vector<std::string> AltNames(X509* certificate) {
  std::vector<std::string> names;
  auto* sans = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
  if (sans == nullptr) return names;
  for (int i = 0; i < sk_GENERAL_NAME_num(sans); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(sans, i);
    if (name->type == GEN_DNS) {
      const ASN1_IA5STRING* dns = name->d.dNSName;
      names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                         static_cast<size_t>(ASN1_STRING_length(dns)));
    } else if (name->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = name->d.iPAddress;
      char text[INET6_ADDRSTRLEN] = {};
      int length = ASN1_STRING_length(ip);
      const unsigned char* bytes = ASN1_STRING_get0_data(ip);
      if (length == 4) inet_ntop(AF_INET, bytes, text, sizeof text);
      if (length == 16) inet_ntop(AF_INET6, bytes, text, sizeof text);
      if (text[0] != '\0') names.emplace_back(text);
    }
  }
  GENERAL_NAMES_free(sans);
  return names;
}

std::string SpkiSha256(X509* certificate) {
  unsigned char* der = nullptr;
  int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate), &der);
  if (length <= 0) return "";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  bool ok = EVP_Digest(der, static_cast<size_t>(length), digest, &digest_length, EVP_sha256(), nullptr) == 1;
  OPENSSL_free(der);
  if (!ok) return "";
  unsigned char encoded[64];
  int encoded_length = EVP_EncodeBlock(encoded, digest, static_cast<int>(digest_length));
  return std::string(reinterpret_cast<char*>(encoded), static_cast<size_t>(encoded_length));
}

bool MatchesHost(X509* certificate, const std::string& host_name, unsigned int flags) {
  // "dmk.example." is the same name as "dmk.example" (a fully qualified name); certificates never
  // carry the trailing dot.
  const std::string host =
      !host_name.empty() && host_name.back() == '.' ? host_name.substr(0, host_name.size() - 1) : host_name;
  in6_addr ip6;
  in_addr ip4;
  if (inet_pton(AF_INET, host.c_str(), &ip4) == 1 || inet_pton(AF_INET6, host.c_str(), &ip6) == 1) {
    return X509_check_ip_asc(certificate, host.c_str(), 0) == 1;
  }
  return X509_check_host(certificate, host.c_str(), host.size(), flags, nullptr) == 1;
}

// "SHA-1", "MD5", "SHA-256": the digest of `certificate`'s signature as people write it; "" if none
// (Ed25519) or unknown.
std::string SignatureDigest(X509* certificate) {
  int digest = NID_undef;
  if (X509_get_signature_info(certificate, &digest, nullptr, nullptr, nullptr) != 1) return "";
  switch (digest) {
    case NID_md2: return "MD2";
    case NID_md4: return "MD4";
    case NID_md5: return "MD5";
    case NID_md5_sha1: return "MD5-SHA1";
    case NID_sha1: return "SHA-1";
    case NID_sha224: return "SHA-224";
    case NID_sha256: return "SHA-256";
    case NID_sha384: return "SHA-384";
    case NID_sha512: return "SHA-512";
    case NID_undef: return "";
    default: {
      const char* name = OBJ_nid2sn(digest);
      return name != nullptr ? name : "";
    }
  }
}

std::string KeyType(const EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: return "RSA";
    case EVP_PKEY_RSA_PSS: return "RSA-PSS";
    case EVP_PKEY_DSA: return "DSA";
    case EVP_PKEY_EC: return "EC";
    case EVP_PKEY_ED25519: return "Ed25519";
    case EVP_PKEY_ED448: return "Ed448";
    default: return "";
  }
}

// The first caIssuers URI of the Authority Information Access extension (RFC 5280, 4.2.2.1): where the
// certificate's issuer can be fetched. CA/Browser Forum Baseline Requirements 7.1.2 make public CAs put it
// into every server certificate; browsers fetch it to mend a chain the server sent incomplete.
std::string IssuerUrl(X509* certificate) {
  auto* access = static_cast<AUTHORITY_INFO_ACCESS*>(X509_get_ext_d2i(certificate, NID_info_access, nullptr, nullptr));
  if (access == nullptr) return "";
  std::string url;
  for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(access) && url.empty(); ++i) {
    const ACCESS_DESCRIPTION* description = sk_ACCESS_DESCRIPTION_value(access, i);
    if (OBJ_obj2nid(description->method) != NID_ad_ca_issuers || description->location->type != GEN_URI) continue;
    const ASN1_IA5STRING* uri = description->location->d.uniformResourceIdentifier;
    url.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)), static_cast<size_t>(ASN1_STRING_length(uri)));
  }
  AUTHORITY_INFO_ACCESS_free(access);
  return url;
}

// The facts behind a verification result: which certificate an error is about and what is weak in it,
// whether the first certificate sent issued another one that was sent (a chain out of order), and
// whether the host name is only in the Common Name.
ChainFacts ReadChainFacts(X509_STORE_CTX* store, X509* leaf, int verify_error, const std::string& host) {
  ChainFacts chain;
  chain.security_level = X509_VERIFY_PARAM_get_auth_level(X509_STORE_CTX_get0_param(store));
  STACK_OF(X509)* presented = X509_STORE_CTX_get0_untrusted(store);
  for (int i = 0; presented != nullptr && i < sk_X509_num(presented); ++i) {
    X509* other = sk_X509_value(presented, i);
    if (X509_cmp(other, leaf) != 0 && X509_check_issued(leaf, other) == X509_V_OK) {
      chain.out_of_order_subject = NameText(X509_get_subject_name(other));
      break;
    }
  }
  chain.name_only_in_cn = CertificateNamesHostOnlyInCn(leaf, host);
  if (verify_error == X509_V_OK) return chain;
  chain.error_depth = X509_STORE_CTX_get_error_depth(store);
  if (X509* current = X509_STORE_CTX_get_current_cert(store)) {
    chain.error_subject = NameText(X509_get_subject_name(current));
    chain.error_issuer = NameText(X509_get_issuer_name(current));
    chain.issuer_url = IssuerUrl(current);
    chain.signature_digest = SignatureDigest(current);
    if (const EVP_PKEY* key = X509_get0_pubkey(current)) {
      chain.key_type = KeyType(key);
      chain.key_bits = EVP_PKEY_get_bits(key);
    }
  }
  STACK_OF(X509)* built = X509_STORE_CTX_get0_chain(store);
  if (built != nullptr && sk_X509_num(built) > 0) {
    chain.top_subject = NameText(X509_get_subject_name(sk_X509_value(built, sk_X509_num(built) - 1)));
  }
  return chain;
}

int VerifyCallback(X509_STORE_CTX* store, void* arg) {
  auto* verifier = static_cast<TlsVerifier*>(arg);
  TlsFacts& facts = verifier->facts;
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  if (leaf == nullptr) return 0;
  facts.certificate_seen = true;
  facts.leaf = ReadCertificateFacts(leaf);
  facts.earliest_not_after = facts.leaf.not_after;
  facts.earliest_not_before = facts.leaf.not_before;
  facts.earliest_subject = facts.leaf.subject;
  STACK_OF(X509)* presented = X509_STORE_CTX_get0_untrusted(store);
  facts.chain_length = presented != nullptr ? static_cast<size_t>(sk_X509_num(presented)) : 1;
  for (int i = 0; presented != nullptr && i < sk_X509_num(presented); ++i) {
    X509* certificate = sk_X509_value(presented, i);
    std::int64_t not_after = TimeOf(X509_get0_notAfter(certificate));
    if (not_after != 0 && not_after < facts.earliest_not_after) {
      facts.earliest_not_after = not_after;
      facts.earliest_not_before = TimeOf(X509_get0_notBefore(certificate));
      facts.earliest_subject = NameText(X509_get_subject_name(certificate));
    }
  }
  if (auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()))) {
    facts.protocol = SSL_get_version(ssl);
    if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) facts.cipher = SSL_CIPHER_get_name(cipher);
  }
  facts.verify_error = X509_verify_cert(store) == 1 ? X509_V_OK : X509_STORE_CTX_get_error(store);
  if (facts.verify_error == X509_V_OK && X509_STORE_CTX_get_error(store) != X509_V_OK) {
    facts.verify_error = X509_STORE_CTX_get_error(store);
  }
  facts.verify_error_text = facts.verify_error == X509_V_OK ? "" : X509_verify_cert_error_string(facts.verify_error);
  facts.host_matches = CertificateMatchesHost(leaf, verifier->policy.host);
  facts.chain = ReadChainFacts(store, leaf, facts.verify_error, verifier->policy.host);
  facts.pin_checked = !verifier->policy.pins.empty();
  const std::vector<std::string>& pins = verifier->policy.pins;
  facts.pin_matched = std::find(pins.begin(), pins.end(), facts.leaf.spki_sha256) != pins.end();
  facts.verification_skipped = verifier->policy.insecure;
  facts.accepted = AcceptCertificate(verifier->policy, facts);
  if (facts.accepted) {
    X509_STORE_CTX_set_error(store, X509_V_OK);
    return 1;
  }
  if (X509_STORE_CTX_get_error(store) == X509_V_OK) {
    X509_STORE_CTX_set_error(store,
                             facts.pin_checked ? X509_V_ERR_APPLICATION_VERIFICATION : X509_V_ERR_HOSTNAME_MISMATCH);
  }
  return 0;
}

}  // namespace

bool AcceptCertificate(const TlsPolicy& policy, const TlsFacts& facts) {
  if (policy.insecure) return true;
  if (!policy.pins.empty()) return facts.pin_matched;
  return facts.verify_error == X509_V_OK && facts.host_matches;
}

CertificateFacts ReadCertificateFacts(X509* certificate) {
  CertificateFacts facts;
  facts.subject = NameText(X509_get_subject_name(certificate));
  facts.issuer = NameText(X509_get_issuer_name(certificate));
  facts.names = AltNames(certificate);
  facts.not_before = TimeOf(X509_get0_notBefore(certificate));
  facts.not_after = TimeOf(X509_get0_notAfter(certificate));
  facts.self_signed = X509_check_issued(certificate, certificate) == X509_V_OK;
  facts.spki_sha256 = SpkiSha256(certificate);
  return facts;
}

bool CertificateMatchesHost(X509* certificate, const std::string& host_name) {
  return MatchesHost(certificate, host_name, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
}

bool CertificateNamesHostOnlyInCn(X509* certificate, const std::string& host_name) {
  // X509_check_host falls back to the subject's Common Name when no DNS subjectAltName exists; RFC 6125
  // section 6.4.4 and the CA/Browser Forum's Baseline Requirements left that fallback behind, and
  // current clients (Chrome, Go's crypto/tls) match subjectAltNames only.
  return MatchesHost(certificate, host_name, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS) &&
         !MatchesHost(certificate, host_name,
                      X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
}

void InstallVerifier(SSL_CTX* context, TlsVerifier* verifier) {
  SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_cert_verify_callback(context, &VerifyCallback, verifier);
}

}  // namespace dmk
