// Reason codes: a stable, machine-readable code for why a check ended as it did, and on whose side the cause
// lies: the monitored server's (its contractor can fix it) or the monitoring host's (our resolvers, our
// network, our configuration). Notification rules route on the side and name the layer from the code
// (icinga-conf/templates/notifications.conf) instead of parsing words, so a code, once published, keeps its
// name; new findings get new codes. The list is in the README and --help.
//
// One name per concept: a "reason code" is a ReasonCode and its published name ("tcp.refused"); the "reason
// line" is the long-output line that carries it ("Reason: tcp.refused; side: server"); the words after the
// number on an HTTP status line are the "HTTP reason phrase" (HttpFacts::reason_phrase), which is neither.
//
// Like libcurl's option table keyed by CURLoption: every place that names a code names an enumerator, so a
// code missing from the list does not compile; its published name, side and meaning are one row of the table
// in reason.cc, which static_asserts prove complete, in enum order and with unique, well-formed names. The
// name appears only in the output: the reason line and the --help list. Each evaluation step names the code
// of what it finds, where it finds it (eval_*.cc); Evaluate picks the check's (CheckResult::reason_code).
#ifndef DMK_COMMON_MODEL_REASON_H_
#define DMK_COMMON_MODEL_REASON_H_

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>

namespace dmk {

// Every code the plugin can give, in the order of the layers. A new code goes into its layer's group here
// and gets its row at the same place in reason.cc; a code is never renamed. kInternalError stays last.
enum class ReasonCode : std::uint8_t {
  // Nothing is wrong.
  kOk,
  // DNS
  kDnsNotFound,
  kDnsNoAddress,
  kDnsNoAnswer,
  kDnsError,
  kDnsSlow,
  kTimeoutDns,
  // Connecting: through the proxy, then TCP
  kProxyFailed,
  kTcpRefused,
  kTcpHostUnreachable,
  kTcpNetworkUnreachable,
  kTcpReset,
  kTcpError,
  kTcpSlow,
  kTimeoutTcp,
  // TLS
  kTlsNotTls,
  kTlsPinMismatch,
  kTlsCertificateExpired,
  kTlsCertificateNotYetValid,
  kTlsHostnameMismatch,
  kTlsChainExpired,
  kTlsChainOutOfOrder,
  kTlsChainIncomplete,
  kTlsUntrustedRoot,
  kTlsSelfSigned,
  kTlsUntrustedIssuer,
  kTlsWeakSignature,
  kTlsWeakKey,
  kTlsVerificationFailed,
  kTlsNameOnlyInCn,
  kTlsCertificateExpiresSoon,
  kTlsClientCertificateRequired,
  kTlsClientCertificateRejected,
  kTlsProtocolTooOld,
  kTlsNoSharedCipher,
  kTlsDhKeyTooSmall,
  kTlsChainTooLarge,
  kTlsUndefinedAlert,
  kTlsHandshakeFailed,
  kTlsReset,
  kTlsSlow,
  kTimeoutTls,
  // HTTP
  kHttpNoResponse,
  kHttpMalformed,
  kHttpTruncated,
  kHttpTooLarge,
  kHttpHeadersTooLarge,
  kHttpRedirectRefused,
  kHttpTooManyRedirects,
  kHttpError,
  kHttpSlow,
  kTimeoutHttp,
  // The API's answer
  kApiStatus,
  kApiBodyMismatch,
  kApiBodyRejected,
  kApiHeaderMismatch,
  kApiJson,
  // Authentication
  kAuthRejected,
  kAuthRequired,
  // The check could not run as set up
  kInternalError,
};

inline constexpr std::size_t kReasonCodeCount = static_cast<std::size_t>(ReasonCode::kInternalError) + 1;

// Whose side the cause is on: what notifications route on (icinga-conf/templates/notifications.conf). A
// server cause engages the community's staff and, after dmk_contractor_delay, its IT contractor; a
// monitoring cause stays with our on-call (unless a community asks for them, dmk_staff_monitoring_faults).
// No code is routed on its own. kNone: nothing is wrong (kOk, and only it).
enum class Side { kNone, kServer, kMonitoring };

// One row of the published list.
struct ReasonCodeInfo {
  ReasonCode code;
  const char* name;  // published, never renamed: "tcp.refused"
  Side side;
  const char* meaning;  // plain words, for --help and the README
};

// The published list, in enum order: ReasonCodes()[static_cast<std::size_t>(code)].code == code.
std::span<const ReasonCodeInfo> ReasonCodes();

// "tcp.refused".
const char* ReasonCodeName(ReasonCode code);

Side SideOf(ReasonCode code);

// "server", "monitoring", "none".
const char* SideName(Side side);

// The long-output line: "Reason: tcp.refused; side: server".
std::string ReasonLine(ReasonCode code);

// The list for --help: one "  code (side): meaning" line per code, wrapped like the options.
std::string ReasonCodeHelp();

// The published name, so that a test that compares codes says which it got.
std::ostream& operator<<(std::ostream& out, ReasonCode code);

}  // namespace dmk

#endif  // DMK_COMMON_MODEL_REASON_H_
