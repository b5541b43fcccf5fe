// Handshake problems: what went wrong in a TLS handshake, named from what the TLS observer saw on the wire
// (HandshakeFacts) and libcurl's error text, and the plain words the status line gives each one, instead of
// OpenSSL's reason text ("legacy sigalg disallowed or unsupported", "dh key too small", "reason(1200)").
// Pure functions: no I/O, no OpenSSL state.
#ifndef DMK_COMMON_EVALUATE_HANDSHAKE_PROBLEM_H_
#define DMK_COMMON_EVALUATE_HANDSHAKE_PROBLEM_H_

#include <string>
#include <string_view>

#include "common/model/outcome.h"

namespace dmk {

enum class HandshakeProblem {
  kNone,            // nothing this unit can name: the caller quotes the library's text
  kVersionTooOld,   // the server chose a version below --tls-min, or one this host's OpenSSL refuses
  kNoSharedCipher,  // the server refused our ClientHello with a handshake_failure alert
  kDhKeyTooSmall,   // the server's Diffie-Hellman group is below this host's security level
  kChainTooLarge,   // the server's certificates exceed kMaxCertificateChainBytes
  kUndefinedAlert,  // the server ended the handshake with an alert no TLS version defines
};

// Names the problem of a handshake that failed (or completed below --tls-min). `tls_min_version` is
// Config::tls_min_version (0: none given).
HandshakeProblem DiagnoseHandshake(const HandshakeFacts& facts, std::string_view detail, int tls_min_version);

struct ProblemWords {
  std::string text;    // for the status line
  std::string advice;  // what to do about it
};

// The words for `problem` (not kNone). `target` is "ADDRESS:PORT", `host` the --hostname, for the advice.
ProblemWords DescribeHandshakeProblem(HandshakeProblem problem, const HandshakeFacts& facts, int tls_min_version,
                                      const std::string& target, const std::string& host);

// "TLS 1.0" ... "TLS 1.3", "SSL 3.0" for a wire version; "version 0xHHHH" for any other.
std::string VersionWords(int version);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_HANDSHAKE_PROBLEM_H_
