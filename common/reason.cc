#include "common/reason.h"

#include "common/help_format.h"

namespace dmk {

namespace {

constexpr Side kS = Side::kServer;
constexpr Side kM = Side::kMonitoring;

// The published list. The side says who can fix it: the server's contractor (server) or we
// (monitoring: our resolvers, our network, our configuration of the check).
const std::vector<ReasonInfo> kCatalogue = {
    {"ok", Side::kNone, "every layer is fine"},
    {"dns.not_found", kS, "the name does not exist (NXDOMAIN)"},
    {"dns.no_address", kS, "the name has no address of the asked family"},
    {"dns.no_answer", kM, "no DNS server answered this monitoring host"},
    {"dns.error", kM, "the DNS lookup failed otherwise"},
    {"dns.slow", kM, "the DNS lookup was slower than --dns-warning/--dns-critical"},
    {"timeout.dns", kM, "the time limit ran out in the DNS lookup"},
    {"proxy.failed", kM, "the proxy could not be reached or refused the tunnel"},
    {"tcp.refused", kS, "the server refused the TCP connection"},
    {"tcp.host_unreachable", kS, "no route to the server's host"},
    {"tcp.network_unreachable", kM, "this monitoring host has no route to the server's network"},
    {"tcp.reset", kS, "the connection was reset while connecting"},
    {"tcp.error", kS, "the TCP connection failed otherwise"},
    {"tcp.slow", kS, "the TCP connect was slower than its thresholds"},
    {"timeout.tcp", kS, "the time limit ran out while connecting (packets dropped or host down)"},
    {"tls.not_tls", kS, "the server did not answer in TLS"},
    {"tls.pin_mismatch", kS, "the server's key does not match --pin-sha256"},
    {"tls.certificate_expired", kS, "the server's certificate has expired"},
    {"tls.certificate_not_yet_valid", kS, "the server's certificate is not valid yet"},
    {"tls.hostname_mismatch", kS, "the certificate is for another name"},
    {"tls.chain_expired", kS, "a certificate of the presented chain has expired"},
    {"tls.chain_out_of_order", kS, "the server sends its certificate chain out of order"},
    {"tls.chain_incomplete", kS, "the server does not send the intermediate certificate of its chain"},
    {"tls.untrusted_root", kS, "the chain the server sends ends in a root that is not trusted"},
    {"tls.self_signed", kS, "the certificate is self-signed and not trusted"},
    {"tls.untrusted_issuer", kS, "the certificate's issuer is not trusted"},
    {"tls.weak_signature", kS, "a certificate of the chain is signed with a digest too weak for this host"},
    {"tls.weak_key", kS, "a certificate of the chain has a key too small for this host"},
    {"tls.verification_failed", kS, "certificate verification failed otherwise"},
    {"tls.name_only_in_cn", kS, "the certificate names the host only in its Common Name (--cn-only-state)"},
    {"tls.certificate_expires_soon", kS,
     "the certificate expires within --cert-warning/--cert-critical (by default: by its lifetime)"},
    {"tls.client_certificate_required", kS, "the server demands a client certificate"},
    {"tls.client_certificate_rejected", kS, "the server rejected (or found revoked) our client certificate"},
    {"tls.protocol_too_old", kS, "the server offers only a TLS version below this host's minimum (--tls-min)"},
    {"tls.no_shared_cipher", kS, "the server offers no cipher this host accepts"},
    {"tls.dh_key_too_small", kS, "the server's Diffie-Hellman key is too small for this host"},
    {"tls.chain_too_large", kS, "the server sends a certificate chain larger than this host accepts"},
    {"tls.undefined_alert", kS, "the server ended the handshake with an alert no TLS version defines"},
    {"tls.handshake_failed", kS, "the TLS handshake failed otherwise"},
    {"tls.reset", kS, "the server closed the connection during the TLS handshake"},
    {"tls.slow", kS, "the TLS handshake was slower than its thresholds"},
    {"timeout.tls", kS, "the time limit ran out in the TLS handshake"},
    {"http.no_response", kS, "the connection closed before a complete status line"},
    {"http.malformed", kS, "the answer was not HTTP"},
    {"http.truncated", kS, "the body ended before its Content-Length"},
    {"http.too_large", kS, "the body is larger than --max-body"},
    {"http.headers_too_large", kS, "the response headers are larger than 64 KiB"},
    {"http.redirect_refused", kS, "--follow met a redirect to another host or scheme"},
    {"http.too_many_redirects", kS, "too many redirects"},
    {"http.error", kS, "the HTTP exchange failed otherwise"},
    {"http.slow", kS, "the first byte or the whole check was slower than its thresholds"},
    {"timeout.http", kS, "the time limit ran out waiting for the answer"},
    {"api.status", kS, "the HTTP status is not the expected one (--expect-status)"},
    {"api.body_mismatch", kS, "the body does not match --expect-body"},
    {"api.body_rejected", kS, "the body matches --reject-body (a maintenance page?)"},
    {"api.header_mismatch", kS, "a response header is missing or does not match --expect-header"},
    {"api.json", kS, "the JSON answer is not JSON, lacks a value, or fails --expect-json or a --json-* range"},
    {"auth.rejected", kS, "the server refused our credentials"},
    {"auth.required", kM, "the server requires credentials and the check gives none"},
    {"internal.error", kM, "libcurl refused our settings (a local file or a bug)"},
};

}  // namespace

const std::vector<ReasonInfo>& ReasonCatalogue() { return kCatalogue; }

std::optional<Reason> LookUpReason(const std::string& code) {
  for (const ReasonInfo& info : kCatalogue) {
    if (code == info.code) return Reason{info.code, info.side};
  }
  return std::nullopt;
}

const char* SideName(Side side) {
  switch (side) {
    case Side::kServer: return "server";
    case Side::kMonitoring: return "monitoring";
    case Side::kNone: break;
  }
  return "none";
}

std::string ReasonLine(const Reason& reason) { return "Reason: " + reason.code + "; side: " + SideName(reason.side); }

std::string ReasonHelp() {
  std::string text;
  for (const ReasonInfo& info : kCatalogue) {
    // Wrapped like the options (help_format.h): continuation lines indented under the code.
    text += "  " +
            WrapWords(std::string(info.code) + " (" + SideName(info.side) + "): " + info.meaning, 2, 6, kHelpWidth) +
            "\n";
  }
  return text;
}

}  // namespace dmk
