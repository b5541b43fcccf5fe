// The evaluation's policy: which state each kind of finding gets, decided here and nowhere else, apart
// from its wording (eval_*.cc). Thresholds and the --*-state options are read here. Pure.
//
// Default policy: DNS failure, refused, unreachable, TLS failure, an untrusted/expired/not-yet-valid/
// mismatched certificate, a pin mismatch, an unexpected status, a body or header mismatch, rejected or
// missing credentials and a too-large response are CRITICAL; a timeout takes --timeout-state, a page
// --reject-body names --reject-body-state, a name only in the Common Name --cn-only-state; certificate
// days and slow phases follow their thresholds; a local setting libcurl refused is UNKNOWN.
#ifndef DMK_COMMON_EVALUATE_EVAL_POLICY_H_
#define DMK_COMMON_EVALUATE_EVAL_POLICY_H_

#include <cstdint>
#include <optional>

#include "common/base/plugin_state.h"
#include "common/model/cert_life.h"
#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

// A failure that stopped the probe short of a complete answer (not kNone).
State StateForFailure(Failure failure, const Config& config);

// A phase that took `seconds`: kCritical or kWarning in that range of `limits`, nullopt within both.
std::optional<State> StateForPhase(double seconds, const Thresholds& limits);

// The expiry thresholds for the certificate that expires first (docs/certificates.md): the leaf's follow
// its lifetime; a chain certificate that expires first is replaced by hand (no ACME client renews an
// intermediate the server sends), so its defaults are the long-lived 30 and 14 days.
CertThresholds CertificateThresholds(const Config& config, const TlsFacts& tls);

// The certificate that expires first, `seconds_left` from now (negative: expired): nullopt when it is
// not within the WARNING threshold.
std::optional<State> StateForCertificateLeft(std::int64_t seconds_left, const CertThresholds& thresholds);

enum class CertificateFinding {
  kRefused,       // our verification refused the certificate (any cause, pins included)
  kNotYetValid,   // accepted (--insecure) but not valid yet
  kNameOnlyInCn,  // accepted, but the host name is only in the Common Name
};
State StateForCertificate(CertificateFinding finding, const Config& config);

enum class ApiFinding {
  kClientCertDemand,     // an HTTP answer that asks for (another) client certificate
  kCredentialsRejected,  // 401/403 with --auth
  kCredentialsRequired,  // 401 without --auth
  kUnexpectedStatus,     // not one of --expect-status
  kBodyMismatch,         // --expect-body did not match
  kHeaderMismatch,       // an --expect-header failed
  kBodyRejected,         // --reject-body matched
};
State StateForApi(ApiFinding finding, const Config& config);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_EVAL_POLICY_H_
