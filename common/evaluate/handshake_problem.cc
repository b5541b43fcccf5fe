#include "common/evaluate/handshake_problem.h"

#include <openssl/tls1.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "common/base/ascii.h"

namespace dmk {

namespace {

constexpr int kAlertHandshakeFailure = 40;
constexpr int kAlertInsufficientSecurity = 71;

// AlertDescription values some TLS version defines: RFC 8446 section 6 and B.2 (TLS 1.3), RFC 5246 section
// 7.2 (TLS 1.2), RFC 4346 and 2246 (TLS 1.1, 1.0: 0, 21, 41, 60 are theirs alone).
bool DefinedAlert(int description) {
  static constexpr int kDefined[] = {0,  10, 20, 21, 22, 30, 40, 41,  42,  43,  44,  45,  46,  47,  48,  49,  50,
                                     51, 60, 70, 71, 80, 86, 90, 100, 109, 110, 111, 112, 113, 114, 115, 116, 120};
  return std::find(std::begin(kDefined), std::end(kDefined), description) != std::end(kDefined);
}

// The oldest version this host's OpenSSL completes a handshake with at Debian's default security level:
// TLS 1.0 and 1.1 sign with SHA-1 (and MD5), which security level 1 and above forbid.
constexpr int kHostMinimum = TLS1_2_VERSION;

}  // namespace

HandshakeProblem DiagnoseHandshake(const HandshakeFacts& facts, std::string_view detail, int tls_min_version) {
  if (facts.server_version != 0 && ContainsIgnoreCase(detail, "excessive message size")) {
    return HandshakeProblem::kChainTooLarge;
  }
  if ((facts.dh_bits > 0 && facts.dh_bits < facts.dh_bits_required) || ContainsIgnoreCase(detail, "dh key too small")) {
    return HandshakeProblem::kDhKeyTooSmall;
  }
  if (facts.alert_received >= 0 && !DefinedAlert(facts.alert_received)) return HandshakeProblem::kUndefinedAlert;
  if (facts.server_version != 0 &&
      (facts.below_minimum || facts.server_version < std::max(tls_min_version, kHostMinimum))) {
    return HandshakeProblem::kVersionTooOld;
  }
  if (facts.alert_before_server_hello &&
      (facts.alert_received == kAlertHandshakeFailure || facts.alert_received == kAlertInsufficientSecurity)) {
    return HandshakeProblem::kNoSharedCipher;
  }
  return HandshakeProblem::kNone;
}

ProblemWords DescribeHandshakeProblem(HandshakeProblem problem, const HandshakeFacts& facts, int tls_min_version,
                                      const std::string& target, const std::string& host) {
  const std::string compare = "compare the server's TLS versions and ciphers with: openssl s_client -connect " +
                              target + " -servername " + host;
  switch (problem) {
    case HandshakeProblem::kNone: break;
    case HandshakeProblem::kVersionTooOld: {
      const int required = std::max(tls_min_version, kHostMinimum);
      const std::string why = tls_min_version != 0 ? "--tls-min " + VersionWords(tls_min_version).substr(4)
                                                   : std::string("this host's OpenSSL security level");
      return {"the server offers only " + VersionWords(facts.server_version) + " (this host requires " +
                  VersionWords(required) + " or newer)",
              "The server negotiated " + VersionWords(facts.server_version) + ", which " + why +
                  " refuses: ask the contractor to enable TLS 1.2 and 1.3 on the server."};
    }
    case HandshakeProblem::kNoSharedCipher:
      return {"the server offers no cipher this host accepts",
              "The server refused every cipher suite this host offered (only obsolete or unusual ones enabled?): "
              "ask the contractor to enable current ECDHE ciphers with AES-GCM or ChaCha20; " +
                  compare + "."};
    case HandshakeProblem::kDhKeyTooSmall: {
      std::string sizes;
      if (facts.dh_bits > 0) sizes = std::to_string(facts.dh_bits) + " bits";
      if (facts.dh_bits_required > 0) {
        sizes += (sizes.empty() ? "" : "; ") + std::to_string(facts.dh_bits_required) + " required";
      }
      return {"the server's Diffie-Hellman key is too small" + (sizes.empty() ? "" : " (" + sizes + ")"),
              "Ask the contractor to configure Diffie-Hellman parameters of at least " +
                  std::to_string(facts.dh_bits_required > 0 ? facts.dh_bits_required : 2048) +
                  " bits on the server, or to prefer ECDHE ciphers."};
    }
    case HandshakeProblem::kChainTooLarge:
      return {"certificate chain too large: the server sends more than " +
                  std::to_string(kMaxCertificateChainBytes / 1024) + " KiB of certificates",
              "The server's certificates (thousands of names?) exceed the " +
                  std::to_string(kMaxCertificateChainBytes / 1024) +
                  " KiB this check accepts: ask the contractor for a certificate with fewer names."};
    case HandshakeProblem::kUndefinedAlert:
      return {"the server ended the TLS handshake with alert " + std::to_string(facts.alert_received) +
                  ", which no TLS version defines",
              "The server, or a device in front of it, aborts the handshake with a nonstandard alert: check what "
              "answers on " +
                  target + " and its logs; " + compare + "."};
  }
  return {};
}

std::string VersionWords(int version) {
  switch (version) {
    case SSL3_VERSION: return "SSL 3.0";
    case TLS1_VERSION: return "TLS 1.0";
    case TLS1_1_VERSION: return "TLS 1.1";
    case TLS1_2_VERSION: return "TLS 1.2";
    case TLS1_3_VERSION: return "TLS 1.3";
    default: {
      char text[24];
      std::snprintf(text, sizeof text, "version 0x%04X", static_cast<unsigned>(version) & 0xffffu);
      return text;
    }
  }
}

}  // namespace dmk
