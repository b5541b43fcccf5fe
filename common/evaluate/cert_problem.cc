#include "common/evaluate/cert_problem.h"

#include <algorithm>
#include <array>

#include "common/base/sanitize.h"
#include "common/evaluate/verify_error.h"

namespace dmk {

namespace {

constexpr std::size_t kNameBytes = 80;  // a certificate name quoted in a message

std::string Name(const std::string& raw) { return SanitizeLine(raw, kNameBytes); }

// "leaf certificate", "intermediate certificate" or "root certificate": where in the chain the
// certificate an error is about sits.
std::string Role(const ChainFacts& chain) {
  if (chain.error_depth <= 0) return "leaf certificate";
  if (chain.error_subject == chain.error_issuer && chain.error_subject == chain.top_subject) return "root certificate";
  return "intermediate certificate";
}

// The smallest key OpenSSL accepts at a security level (SSL_CTX_set_security_level(3)): 80, 112, 128, 192
// and 256 bits of security; 0 when the level asks nothing or the key type is not one of these.
int MinimumKeyBits(const std::string& key_type, int level) {
  if (level <= 0) return 0;
  const std::size_t index = static_cast<std::size_t>(std::min(level, 5) - 1);
  constexpr std::array<int, 5> kFiniteField = {1024, 2048, 3072, 7680, 15360};
  constexpr std::array<int, 5> kElliptic = {160, 224, 256, 384, 512};
  if (key_type == "RSA" || key_type == "RSA-PSS" || key_type == "DSA") return kFiniteField[index];
  if (key_type == "EC") return kElliptic[index];
  return 0;
}

CertProblem ClassifyMissingIssuer(const ChainFacts& chain) {
  return chain.error_depth == 0 && !chain.issuer_url.empty() ? CertProblem::kIncompleteChain
                                                             : CertProblem::kUntrustedIssuer;
}

CertProblemWords Trust(CertProblem problem, const TlsFacts& facts) {
  const ChainFacts& chain = facts.chain;
  const std::string pin = "--pin-sha256 " + facts.leaf.spki_sha256;
  switch (problem) {
    case CertProblem::kIncompleteChain: {
      const std::string missing = Name(chain.error_issuer);
      return {"incomplete certificate chain: the server does not send its intermediate certificate (" + missing +
                  "): ask the contractor to install the full chain",
              "The server sends its own certificate without the intermediate " + missing +
                  " that issued it. Browsers fetch the missing certificate from " +
                  SanitizeLine(chain.issuer_url, 200) +
                  " and hide the mistake; this check, curl and most API clients do not. Ask the contractor to "
                  "install the full chain (the server certificate followed by its intermediates). If " +
                  missing + " is a private CA of your own, give --ca-file with it instead."};
    }
    case CertProblem::kUntrustedIssuer: {
      const std::string issuer = Name(chain.error_issuer.empty() ? facts.leaf.issuer : chain.error_issuer);
      const std::string text = chain.error_depth > 0 ? "certificate chain leads to " + issuer + ", which is not trusted"
                                                     : "certificate issued by " + issuer + " is not trusted";
      return {text + ": give --ca-file or --pin-sha256",
              "The certificate's issuer " + issuer +
                  " is not in the trust store: give --ca-file with the CA that "
                  "issued it, or " +
                  pin + " (or ask the contractor to send the full chain)."};
    }
    case CertProblem::kUntrustedRoot: {
      const std::string root = Name(!chain.top_subject.empty()     ? chain.top_subject
                                    : !chain.error_subject.empty() ? chain.error_subject
                                                                   : facts.leaf.issuer);
      return {"certificate chain ends in the root " + root +
                  ", which is not trusted: give --ca-file with it or "
                  "--pin-sha256",
              "The server sends its chain up to the root CA " + root +
                  ", which is not in this host's trust "
                  "store: if it is the contractor's or your own private CA, give --ca-file with it; otherwise " +
                  pin + "."};
    }
    default:
      return {"certificate is self-signed and not trusted: give --ca-file or --pin-sha256",
              "The server uses a self-signed certificate: give --ca-file with the CA that issued it, or " + pin + "."};
  }
}

CertProblemWords Weakness(CertProblem problem, const TlsFacts& facts) {
  const ChainFacts& chain = facts.chain;
  const std::string which = Role(chain) + " " + Name(chain.error_subject);
  const std::string level = "OpenSSL security level " + std::to_string(chain.security_level);
  if (problem == CertProblem::kWeakSignature) {
    const std::string digest = chain.signature_digest.empty() ? "a digest" : chain.signature_digest;
    return {which + " is signed with " + digest + ", too weak for this host (" + level +
                "): ask the contractor for a chain signed with SHA-256",
            "Clients refuse " + digest +
                " signatures (collisions can be forged): ask the contractor for "
                "certificates signed with SHA-256 or better, the whole chain up to the root."};
  }
  const int minimum = MinimumKeyBits(chain.key_type, chain.security_level);
  std::string key = chain.key_bits > 0 ? std::to_string(chain.key_bits) + "-bit" : "small";
  if (!chain.key_type.empty()) key += " " + chain.key_type;
  const std::string required = minimum > 0 ? std::to_string(minimum) + " bits required" : level;
  return {which + " has a " + key + " key, too weak for this host (" + required + "): ask the contractor for a new key",
          "The key is too small to be safe (" + level +
              "): ask the contractor for a new certificate with an "
              "RSA key of 2048 bits or more, or an EC P-256 key."};
}

}  // namespace

CertProblem ClassifyCertificateProblem(const TlsFacts& facts) {
  const ChainFacts& chain = facts.chain;
  const CertVerifyError error = TranslateVerifyError(facts.verify_error);
  if (error == CertVerifyError::kNone && facts.host_matches) return CertProblem::kNone;
  if (!chain.out_of_order_subject.empty()) return CertProblem::kOutOfOrder;
  switch (error) {
    case CertVerifyError::kSelfSignedLeaf: return CertProblem::kSelfSigned;
    case CertVerifyError::kSelfSignedInChain:
      // The root is self-signed, the leaf (normally) not: name the root, not the leaf.
      return facts.leaf.self_signed ? CertProblem::kSelfSigned : CertProblem::kUntrustedRoot;
    case CertVerifyError::kIssuerUnknown: return ClassifyMissingIssuer(chain);
    case CertVerifyError::kWeakSignature: return CertProblem::kWeakSignature;
    case CertVerifyError::kWeakKey: return CertProblem::kWeakKey;
    default: return CertProblem::kNone;
  }
}

CertProblemWords DescribeCertificateProblem(CertProblem problem, const TlsFacts& facts, const std::string& host) {
  switch (problem) {
    case CertProblem::kOutOfOrder: {
      const std::string first = Name(facts.leaf.subject);
      const std::string own = Name(facts.chain.out_of_order_subject);
      return {"the server sends its certificate chain out of order (" + first + " first, before " + own +
                  "): ask the contractor to put the server certificate first",
              "A server must send its own certificate first, then the intermediates that issued it; this one "
              "sends " +
                  first + ", which issued " + own +
                  ". Ask the contractor to reorder the certificate file "
                  "(server certificate, then intermediates) and to check that " +
                  own + " covers " + SanitizeLine(host, 100) + "."};
    }
    case CertProblem::kWeakSignature:
    case CertProblem::kWeakKey: return Weakness(problem, facts);
    case CertProblem::kNone: return {};
    default: return Trust(problem, facts);
  }
}

CertProblemWords DescribeNameOnlyInCn(const std::string& host) {
  const std::string name = SanitizeLine(host, 100);
  return {"certificate names " + name + " only in its Common Name (no subjectAltName); modern clients reject it",
          "OpenSSL still accepts a host name in the certificate's Common Name, but Chrome, Go's crypto/tls and "
          "other current clients match the subjectAltName only (RFC 6125, 6.4.4): ask the contractor for a "
          "certificate with DNS:" +
              name + " in its subjectAltName. --cn-only-state sets the state of this finding."};
}

}  // namespace dmk
