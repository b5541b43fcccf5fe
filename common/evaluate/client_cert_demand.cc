#include "common/evaluate/client_cert_demand.h"

#include <string>

#include "common/base/ascii.h"

namespace dmk {

namespace {}  // namespace

ClientCertDemand ReadClientCertDemand(int status, std::string_view body) {
  // nginx's own codes (ngx_http_ssl_module), which it normally turns into 400 with these page texts.
  if (status == 496 || (status == 400 && ContainsIgnoreCase(body, "No required SSL certificate was sent"))) {
    return ClientCertDemand::kRequired;
  }
  if (status == 495 || (status == 400 && ContainsIgnoreCase(body, "The SSL certificate error"))) {
    return ClientCertDemand::kRejected;
  }
  if (status == 403) {
    // IIS substatus codes (Microsoft: "The HTTP status code in IIS"); its pages write "403.16 - Forbidden".
    if (ContainsIgnoreCase(body, "403.7")) return ClientCertDemand::kRequired;
    if (ContainsIgnoreCase(body, "403.16")) return ClientCertDemand::kRejected;
    if (ContainsIgnoreCase(body, "403.13")) return ClientCertDemand::kRevoked;
  }
  return ClientCertDemand::kNone;
}

std::optional<ProblemWords> DescribeClientCertDemand(int status, std::string_view body, bool have_client_cert) {
  const ClientCertDemand demand = ReadClientCertDemand(status, body);
  const std::string code = status == 403 && demand == ClientCertDemand::kRequired   ? "403.7"
                           : status == 403 && demand == ClientCertDemand::kRejected ? "403.16"
                           : status == 403 && demand == ClientCertDemand::kRevoked  ? "403.13"
                                                                                    : std::to_string(status);
  switch (demand) {
    case ClientCertDemand::kNone: return std::nullopt;
    case ClientCertDemand::kRequired:
      if (!have_client_cert) {
        return ProblemWords{
            "the server requires a client certificate: give --client-cert and --client-key (HTTP " + code + ")",
            "The server answers only clients that present a certificate: ask the contractor for "
            "one and give it with --client-cert and --client-key."};
      }
      return ProblemWords{"the server rejected our client certificate: it did not receive it (HTTP " + code + ")",
                          "The server asked for a client certificate but did not take ours: check with the "
                          "contractor which CA the server accepts client certificates from."};
    case ClientCertDemand::kRejected:
      return ProblemWords{"the server rejected our client certificate (HTTP " + code + ": not trusted or invalid)",
                          "Check that --client-cert is issued by a CA the server trusts, is in date and matches "
                          "--client-key."};
    case ClientCertDemand::kRevoked:
      return ProblemWords{"the server rejected our client certificate (HTTP " + code + ": revoked)",
                          "The client certificate was revoked: ask the contractor for a new one."};
  }
  return std::nullopt;
}

}  // namespace dmk
