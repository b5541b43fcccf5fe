// Parses the simulator's `--listen PORT:BEHAVIOR[=ARG][:plain]` argument into a ListenSpec: which port,
// which way the simulated DMK Community server behaves there, and whether it speaks TLS.
#ifndef DMK_TESTS_SIM_LISTEN_SPEC_H_
#define DMK_TESTS_SIM_LISTEN_SPEC_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dmk {

// One value per behaviour named in tests/sim/README.md.
enum class Behavior {
  kOk,
  kSlow,
  kSilent,
  kTlsStall,
  kHang,
  kDripHeaders,
  kDripBody,
  kReset,
  kResetAfterRequest,
  kAuthBasic,
  kAuthBearer,
  kStatus,
  kExpired,
  kNotYet,
  kSelfSigned,
  kWrongHost,
  kChain,
  kExpiring,
  kLifetime,  // lifetime=LIFE/AGE: a certificate of that lifetime, issued AGE ago (the ok answer)
  kMtls,
  kBigBody,
  kNoLengthBody,
  kHugeHeaders,
  kRedirect,
  kRedirectLoop,
  kRedirectOther,
  kRedirectHttp,
  kHostile,
  kHostile401,
  kEchoAuth,
  kGarbage,
  kShortBody,
  kMalformedStatus,
  kHalfStatus,
  kClose,
  // Hostile servers beyond the basic ones (tests/robustness/).
  kBadLength,
  kTwoLengths,
  kNoColon,
  kBadChunk,
  kHugeChunk,
  kEndlessChunks,
  kGzipBomb,
  kEndless1xx,
  kHugeStatus,
  kStatusLine,
  kSlowTls,
  kTlsAlert,
  kTlsGarbage,
  kPlain400,
  kHttpsPort,
  kHostileLocation,
  kNoLocation,
  kHostileCert,
  kEchoSecret,
  // Certificate chains the plugin must diagnose: the ok answer behind each.
  kMissingIntermediate,
  kUntrustedRoot,
  kNoSan,
  kSha1Intermediate,
  kWeakKey,
  kOutOfOrder,
  // Handshakes this host refuses and client certificates demanded over HTTP (handshake_behaviors.h).
  kTlsOnly,
  kWeakCipher,
  kWeakDh,
  kBigChain,
  kClientCert400,
  kClientCert403,
  // API answers for --expect-json, --reject-body and --expect-header: json=NAME.
  kJson,
};

struct ListenSpec {
  uint16_t port = 0;
  Behavior behavior = Behavior::kOk;
  std::string behavior_name;  // As written, e.g. "slow"; used in log lines.
  std::string text;           // The ARG after '=' (auth_basic: "USER:PASS"; auth_bearer: TOKEN).
  uint64_t number = 0;        // The ARG when numeric (slow, status, expiring, *_body, huge_headers, ...).
  bool plain = false;         // True for the ":plain" suffix: no TLS, same HTTP behaviour.
  int64_t life_s = 0;         // lifetime: the certificate's lifetime (notAfter - notBefore), seconds.
  int64_t age_s = 0;          // lifetime: how long ago it was issued (now - notBefore), seconds.
};

// Parses `PORT:BEHAVIOR[=ARG][:plain]`. ":plain" is recognised only as a trailing suffix because ARG may
// itself contain ':' (auth_basic=USER:PASS). On success fills *spec and returns true; on failure leaves
// *spec unspecified, sets *error to a one-line reason and returns false.
bool ParseListenSpec(std::string_view text, ListenSpec* spec, std::string* error);

// Name of the leaf certificate (see TestPki) that a TLS listener with this spec presents: "good",
// "expired", "notyet", "selfsigned", "wronghost", "chain", "hostile", "expiring=DAYS", "lifetime=LIFE/AGE", or
// the name of a
// chain-problem behaviour (missing_intermediate, untrusted_root, no_san, sha1_intermediate, weak_key,
// out_of_order), which is also its leaf's name.
std::string LeafNameFor(const ListenSpec& spec);

}  // namespace dmk

#endif  // DMK_TESTS_SIM_LISTEN_SPEC_H_
