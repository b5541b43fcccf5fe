// Client certificates demanded at the HTTP level: servers that ask for a client certificate during the TLS
// handshake but let the handshake finish without one answer the request with an error page instead. nginx
// answers 400 "No required SSL certificate was sent" (or "The SSL certificate error" for one it refused), IIS
// answers 403 with the substatus 403.7 (certificate required), 403.13 (revoked) or 403.16 (untrusted or
// invalid) in its error page. Read from the status and the first bytes of the body; pure.
#ifndef DMK_COMMON_EVALUATE_CLIENT_CERT_DEMAND_H_
#define DMK_COMMON_EVALUATE_CLIENT_CERT_DEMAND_H_

#include <optional>
#include <string_view>

#include "common/evaluate/handshake_problem.h"

namespace dmk {

enum class ClientCertDemand {
  kNone,      // the answer says nothing about a client certificate
  kRequired,  // none arrived: nginx 400 "No required SSL certificate was sent", nginx 496, IIS 403.7
  kRejected,  // ours was refused: nginx "The SSL certificate error", nginx 495, IIS 403.16
  kRevoked,   // ours is revoked: IIS 403.13
};

ClientCertDemand ReadClientCertDemand(int status, std::string_view body);

// The status-line words and advice for an answer that demands a client certificate; nullopt for kNone.
// `have_client_cert`: --client-cert was given.
std::optional<ProblemWords> DescribeClientCertDemand(int status, std::string_view body, bool have_client_cert);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_CLIENT_CERT_DEMAND_H_
