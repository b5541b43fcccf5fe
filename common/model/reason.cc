#include "common/model/reason.h"

#include <iterator>
#include <ostream>
#include <string_view>

#include "common/base/help_format.h"

namespace dmk {

namespace {

using enum ReasonCode;
constexpr Side kS = Side::kServer;
constexpr Side kM = Side::kMonitoring;

// The published list, one row per code in enum order. The side says who can fix it: the server's
// contractor (server) or we (monitoring: our resolvers, our network, our configuration of the check).
constexpr ReasonCodeInfo kTable[] = {
    {kOk, "ok", Side::kNone, "every layer is fine"},
    {kDnsNotFound, "dns.not_found", kS, "the name does not exist (NXDOMAIN)"},
    {kDnsNoAddress, "dns.no_address", kS, "the name has no address of the asked family"},
    {kDnsNoAnswer, "dns.no_answer", kM, "no DNS server answered this monitoring host"},
    {kDnsError, "dns.error", kM, "the DNS lookup failed otherwise"},
    {kDnsSlow, "dns.slow", kM, "the DNS lookup was slower than --dns-warning/--dns-critical"},
    {kTimeoutDns, "timeout.dns", kM, "the time limit ran out in the DNS lookup"},
    {kProxyFailed, "proxy.failed", kM, "the proxy could not be reached or refused the tunnel"},
    {kTcpRefused, "tcp.refused", kS, "the server refused the TCP connection"},
    {kTcpHostUnreachable, "tcp.host_unreachable", kS, "no route to the server's host"},
    {kTcpNetworkUnreachable, "tcp.network_unreachable", kM,
     "this monitoring host has no route to the server's network"},
    {kTcpReset, "tcp.reset", kS, "the connection was reset while connecting"},
    {kTcpError, "tcp.error", kS, "the TCP connection failed otherwise"},
    {kTcpSlow, "tcp.slow", kS, "the TCP connect was slower than its thresholds"},
    {kTimeoutTcp, "timeout.tcp", kS, "the time limit ran out while connecting (packets dropped or host down)"},
    {kTlsNotTls, "tls.not_tls", kS, "the server did not answer in TLS"},
    {kTlsPinMismatch, "tls.pin_mismatch", kS, "the server's key does not match --pin-sha256"},
    {kTlsCertificateExpired, "tls.certificate_expired", kS, "the server's certificate has expired"},
    {kTlsCertificateNotYetValid, "tls.certificate_not_yet_valid", kS, "the server's certificate is not valid yet"},
    {kTlsHostnameMismatch, "tls.hostname_mismatch", kS, "the certificate is for another name"},
    {kTlsChainExpired, "tls.chain_expired", kS, "a certificate of the presented chain has expired"},
    {kTlsChainOutOfOrder, "tls.chain_out_of_order", kS, "the server sends its certificate chain out of order"},
    {kTlsChainIncomplete, "tls.chain_incomplete", kS,
     "the server does not send the intermediate certificate of its chain"},
    {kTlsUntrustedRoot, "tls.untrusted_root", kS, "the chain the server sends ends in a root that is not trusted"},
    {kTlsSelfSigned, "tls.self_signed", kS, "the certificate is self-signed and not trusted"},
    {kTlsUntrustedIssuer, "tls.untrusted_issuer", kS, "the certificate's issuer is not trusted"},
    {kTlsWeakSignature, "tls.weak_signature", kS,
     "a certificate of the chain is signed with a digest too weak for this host"},
    {kTlsWeakKey, "tls.weak_key", kS, "a certificate of the chain has a key too small for this host"},
    {kTlsVerificationFailed, "tls.verification_failed", kS, "certificate verification failed otherwise"},
    {kTlsNameOnlyInCn, "tls.name_only_in_cn", kS,
     "the certificate names the host only in its Common Name (--cn-only-state)"},
    {kTlsCertificateExpiresSoon, "tls.certificate_expires_soon", kS,
     "the certificate expires within --cert-warning/--cert-critical (by default: by its lifetime)"},
    {kTlsClientCertificateRequired, "tls.client_certificate_required", kS, "the server demands a client certificate"},
    {kTlsClientCertificateRejected, "tls.client_certificate_rejected", kS,
     "the server rejected (or found revoked) our client certificate"},
    {kTlsProtocolTooOld, "tls.protocol_too_old", kS,
     "the server offers only a TLS version below this host's minimum (--tls-min)"},
    {kTlsNoSharedCipher, "tls.no_shared_cipher", kS, "the server offers no cipher this host accepts"},
    {kTlsDhKeyTooSmall, "tls.dh_key_too_small", kS, "the server's Diffie-Hellman key is too small for this host"},
    {kTlsChainTooLarge, "tls.chain_too_large", kS,
     "the server sends a certificate chain larger than this host accepts"},
    {kTlsUndefinedAlert, "tls.undefined_alert", kS,
     "the server ended the handshake with an alert no TLS version defines"},
    {kTlsHandshakeFailed, "tls.handshake_failed", kS, "the TLS handshake failed otherwise"},
    {kTlsReset, "tls.reset", kS, "the server closed the connection during the TLS handshake"},
    {kTlsSlow, "tls.slow", kS, "the TLS handshake was slower than its thresholds"},
    {kTimeoutTls, "timeout.tls", kS, "the time limit ran out in the TLS handshake"},
    {kHttpNoResponse, "http.no_response", kS, "the connection closed before a complete status line"},
    {kHttpMalformed, "http.malformed", kS, "the answer was not HTTP"},
    {kHttpTruncated, "http.truncated", kS, "the body ended before its Content-Length"},
    {kHttpTooLarge, "http.too_large", kS, "the body is larger than --max-body"},
    {kHttpHeadersTooLarge, "http.headers_too_large", kS, "the response headers are larger than 64 KiB"},
    {kHttpRedirectRefused, "http.redirect_refused", kS, "--follow met a redirect to another host or scheme"},
    {kHttpTooManyRedirects, "http.too_many_redirects", kS, "too many redirects"},
    {kHttpError, "http.error", kS, "the HTTP exchange failed otherwise"},
    {kHttpSlow, "http.slow", kS, "the first byte or the whole check was slower than its thresholds"},
    {kTimeoutHttp, "timeout.http", kS, "the time limit ran out waiting for the answer"},
    {kApiStatus, "api.status", kS, "the HTTP status is not the expected one (--expect-status)"},
    {kApiBodyMismatch, "api.body_mismatch", kS, "the body does not match --expect-body"},
    {kApiBodyRejected, "api.body_rejected", kS, "the body matches --reject-body (a maintenance page?)"},
    {kApiHeaderMismatch, "api.header_mismatch", kS, "a response header is missing or does not match --expect-header"},
    {kApiJson, "api.json", kS,
     "the JSON answer is not JSON, lacks a value, or fails --expect-json or a --json-* range"},
    {kAuthRejected, "auth.rejected", kS, "the server refused our credentials"},
    {kAuthRequired, "auth.required", kM, "the server requires credentials and the check gives none"},
    {kInternalError, "internal.error", kM, "libcurl refused our settings (a local file or a bug)"},
};

constexpr bool InEnumOrder() {
  for (std::size_t i = 0; i < std::size(kTable); ++i) {
    if (kTable[i].code != static_cast<ReasonCode>(i)) return false;
  }
  return true;
}

// Lower-case words joined by '_', a layer and a finding joined by one '.': what notification rules match on
// and notifications.conf splits to name the layer.
constexpr bool WellFormed(std::string_view name) {
  const std::size_t dot = name.find('.');
  if (name != "ok" && (dot == 0 || dot == std::string_view::npos || dot + 1 == name.size() ||
                       name.find('.', dot + 1) != std::string_view::npos)) {
    return false;
  }
  return name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.") == std::string_view::npos;
}

constexpr bool NamesUniqueAndWellFormed() {
  for (std::size_t i = 0; i < std::size(kTable); ++i) {
    if (!WellFormed(kTable[i].name)) return false;
    for (std::size_t j = 0; j < i; ++j) {
      if (std::string_view(kTable[i].name) == kTable[j].name) return false;
    }
  }
  return true;
}

// Only "ok" has no side: every problem is someone's to fix.
constexpr bool OnlyOkHasNoSide() {
  for (const ReasonCodeInfo& row : kTable) {
    if ((row.side == Side::kNone) != (row.code == kOk)) return false;
  }
  return true;
}

static_assert(std::size(kTable) == kReasonCodeCount, "one row per ReasonCode");
static_assert(InEnumOrder(), "the rows in the order of the enum, so a code is its row's index");
static_assert(NamesUniqueAndWellFormed(), "each published name once, in the form 'layer.finding'");
static_assert(OnlyOkHasNoSide(), "every code but ok has a side");

}  // namespace

std::span<const ReasonCodeInfo> ReasonCodes() { return kTable; }

const char* ReasonCodeName(ReasonCode code) { return kTable[static_cast<std::size_t>(code)].name; }

Side SideOf(ReasonCode code) { return kTable[static_cast<std::size_t>(code)].side; }

const char* SideName(Side side) {
  switch (side) {
    case Side::kServer: return "server";
    case Side::kMonitoring: return "monitoring";
    case Side::kNone: break;
  }
  return "none";
}

std::string ReasonLine(ReasonCode code) {
  return std::string("Reason: ") + ReasonCodeName(code) + "; side: " + SideName(SideOf(code));
}

std::string ReasonCodeHelp() {
  std::string text;
  for (const ReasonCodeInfo& row : kTable) {
    // Wrapped like the options (help_format.h): continuation lines indented under the code.
    text += "  " +
            WrapWords(std::string(row.name) + " (" + SideName(row.side) + "): " + row.meaning, 2, 6, kHelpWidth) + "\n";
  }
  return text;
}

std::ostream& operator<<(std::ostream& out, ReasonCode code) { return out << ReasonCodeName(code); }

}  // namespace dmk
