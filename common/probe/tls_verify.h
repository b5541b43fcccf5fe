// TLS verification: our own certificate check, installed into the OpenSSL context libcurl uses, so that
// the facts of the presented chain (names, dates, issuer, key pin) are read even when verification fails
// and the output can say *why* ("expired 3 days ago", "is for other.example"). The handshake is refused
// (before any request or credential is sent) unless the policy accepts the certificate.
#ifndef DMK_COMMON_PROBE_TLS_VERIFY_H_
#define DMK_COMMON_PROBE_TLS_VERIFY_H_

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <string>
#include <vector>

#include "common/model/outcome.h"

namespace dmk {

struct TlsPolicy {
  std::string host;               // --hostname: the name the certificate must be valid for
  std::vector<std::string> pins;  // base64 SHA-256 of accepted SubjectPublicKeyInfos
  bool insecure = false;
};

// The acceptance rule, given the recorded facts: --insecure accepts anything; with pins, the leaf's key
// must match one of them (and then no CA is needed, as with HPKP-style pinning in curl); without pins,
// the chain must verify against the trust store and the leaf must be valid for the host name.
bool AcceptCertificate(const TlsPolicy& policy, const TlsFacts& facts);

// Facts of one certificate.
CertificateFacts ReadCertificateFacts(X509* certificate);

// True when `certificate` is valid for `host` (a DNS name, wildcards per RFC 6125, or an IP literal).
bool CertificateMatchesHost(X509* certificate, const std::string& host);

// True when `certificate` is valid for `host` only through its subject's Common Name, which OpenSSL
// still accepts but current clients do not: no subjectAltName covers the name (RFC 6125, 6.4.4).
bool CertificateNamesHostOnlyInCn(X509* certificate, const std::string& host);

// Verification state handed to OpenSSL's callback. Owned by the caller; must outlive the handshake.
struct TlsVerifier {
  TlsPolicy policy;
  TlsFacts facts;
};

// Replaces OpenSSL's chain verification on `context` with one that records facts into verifier->facts
// and accepts or refuses per verifier->policy. Peer verification is switched on.
void InstallVerifier(SSL_CTX* context, TlsVerifier* verifier);

}  // namespace dmk

#endif  // DMK_COMMON_PROBE_TLS_VERIFY_H_
