#include "common/reason.h"

#include "common/cert_problem.h"
#include "common/client_cert_demand.h"
#include "common/handshake_problem.h"
#include "common/help_format.h"

#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cerrno>

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
    {"tls.certificate_expires_soon", kS, "the certificate expires within --cert-warning/--cert-critical days"},
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

Reason Make(const char* code) {
  for (const ReasonInfo& info : kCatalogue) {
    if (std::string(info.code) == code) return {info.code, info.side};
  }
  return {code, Side::kServer};  // unreachable for codes in the list (reason_test checks each)
}

// The cause cert_problem.h names, or nullptr where the OpenSSL code alone decides.
const char* CertProblemCode(CertProblem problem) {
  switch (problem) {
    case CertProblem::kOutOfOrder: return "tls.chain_out_of_order";
    case CertProblem::kIncompleteChain: return "tls.chain_incomplete";
    case CertProblem::kUntrustedIssuer: return "tls.untrusted_issuer";
    case CertProblem::kUntrustedRoot: return "tls.untrusted_root";
    case CertProblem::kSelfSigned: return "tls.self_signed";
    case CertProblem::kWeakSignature: return "tls.weak_signature";
    case CertProblem::kWeakKey: return "tls.weak_key";
    case CertProblem::kNone: break;
  }
  return nullptr;
}

// The same order of findings as evaluate.cc's TlsRejected, so the code names what the first words say.
const char* RejectedCertificateCode(const TlsFacts& tls, std::int64_t now) {
  if (tls.pin_checked && !tls.pin_matched) return "tls.pin_mismatch";
  const CertProblem problem = ClassifyCertificateProblem(tls);
  if (problem == CertProblem::kOutOfOrder) return CertProblemCode(problem);
  if (tls.leaf.not_after != 0 && tls.leaf.not_after < now) return "tls.certificate_expired";
  if (tls.leaf.not_before > now) return "tls.certificate_not_yet_valid";
  if (!tls.host_matches) return "tls.hostname_mismatch";
  if (tls.verify_error == X509_V_ERR_CERT_HAS_EXPIRED) return "tls.chain_expired";
  if (const char* code = CertProblemCode(problem)) return code;
  switch (tls.verify_error) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      return "tls.self_signed";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
      return "tls.untrusted_issuer";
    default:
      return "tls.verification_failed";
  }
}

const char* HandshakeCode(const ProbeOutcome& outcome, int tls_min_version) {
  switch (DiagnoseHandshake(outcome.handshake, outcome.detail, tls_min_version)) {
    case HandshakeProblem::kVersionTooOld: return "tls.protocol_too_old";
    case HandshakeProblem::kNoSharedCipher: return "tls.no_shared_cipher";
    case HandshakeProblem::kDhKeyTooSmall: return "tls.dh_key_too_small";
    case HandshakeProblem::kChainTooLarge: return "tls.chain_too_large";
    case HandshakeProblem::kUndefinedAlert: return "tls.undefined_alert";
    case HandshakeProblem::kNone: break;
  }
  return "tls.handshake_failed";
}

const char* TimeoutCode(Layer layer) {
  switch (layer) {
    case Layer::kDns: return "timeout.dns";
    case Layer::kTcp: return "timeout.tcp";
    case Layer::kTls: return "timeout.tls";
    default: return "timeout.http";
  }
}

// A failure that stopped the probe short of a complete answer.
const char* FailureCode(const Config& config, const ProbeOutcome& outcome, std::int64_t now) {
  switch (outcome.failure) {
    case Failure::kNone: return "ok";
    case Failure::kDnsNotFound: return "dns.not_found";
    case Failure::kDnsNoAnswer: return "dns.no_answer";
    case Failure::kDnsNoAddress: return "dns.no_address";
    case Failure::kDnsError: return "dns.error";
    case Failure::kTcpRefused: return "tcp.refused";
    case Failure::kTcpUnreachable:
      return outcome.os_error == ENETUNREACH ? "tcp.network_unreachable" : "tcp.host_unreachable";
    case Failure::kTcpReset: return "tcp.reset";
    case Failure::kTcpError: return "tcp.error";
    case Failure::kProxyFailed: return "proxy.failed";
    case Failure::kTlsNotTls: return "tls.not_tls";
    case Failure::kTlsCertificateRejected: return RejectedCertificateCode(outcome.tls, now);
    case Failure::kTlsClientCertRequired:
      return config.client_cert.empty() ? "tls.client_certificate_required" : "tls.client_certificate_rejected";
    case Failure::kTlsHandshakeFailed: return HandshakeCode(outcome, config.tls_min_version);
    case Failure::kTlsReset: return "tls.reset";
    case Failure::kHttpNoResponse: return "http.no_response";
    case Failure::kHttpMalformed: return "http.malformed";
    case Failure::kHttpTruncated: return "http.truncated";
    case Failure::kHttpTooLarge: return "http.too_large";
    case Failure::kHttpHeadersTooLarge: return "http.headers_too_large";
    case Failure::kHttpRedirectRefused: return "http.redirect_refused";
    case Failure::kHttpTooManyRedirects: return "http.too_many_redirects";
    case Failure::kHttpError: return "http.error";
    case Failure::kTimeout: return TimeoutCode(outcome.timed_out_in);
    case Failure::kInternal: return "internal.error";
  }
  return "internal.error";
}

// A TLS layer in a problem state although the handshake went through: certificate dates or a slow
// handshake (evaluate.cc's CertificateDays and CheckPhase).
const char* AcceptedTlsCode(const Config& config, const ProbeOutcome& outcome, State state, std::int64_t now) {
  const TlsFacts& tls = outcome.tls;
  if (!tls.accepted) return RejectedCertificateCode(tls, now);
  // An HTTP answer that demands a client certificate is reported in the TLS layer (evaluate.cc's Api).
  switch (ReadClientCertDemand(outcome.http.status, outcome.http.body)) {
    case ClientCertDemand::kRequired:
      return config.client_cert.empty() ? "tls.client_certificate_required" : "tls.client_certificate_rejected";
    case ClientCertDemand::kRejected:
    case ClientCertDemand::kRevoked: return "tls.client_certificate_rejected";
    case ClientCertDemand::kNone: break;
  }
  if (tls.leaf.not_before > now) return "tls.certificate_not_yet_valid";
  // Reported before the certificate's days: the first problem in the worst state names the cause.
  if (tls.chain.name_only_in_cn && config.cn_only_state == state) return "tls.name_only_in_cn";
  if (tls.earliest_not_after != 0) {
    if (tls.earliest_not_after < now) {
      return tls.earliest_not_after == tls.leaf.not_after ? "tls.certificate_expired" : "tls.chain_expired";
    }
    if (static_cast<double>(tls.earliest_not_after - now) / 86400.0 < config.cert_warning_days) {
      return "tls.certificate_expires_soon";
    }
  }
  return "tls.slow";
}

// A complete answer, and a layer in a problem state: the first one in the worst state decides.
const char* LayerCode(const Config& config, const ProbeOutcome& outcome, Layer layer, State state, std::int64_t now) {
  switch (layer) {
    case Layer::kDns: return "dns.slow";
    case Layer::kTcp: return "tcp.slow";
    case Layer::kTls: return AcceptedTlsCode(config, outcome, state, now);
    case Layer::kHttp: return "http.slow";
    case Layer::kApi: {
      const int status = outcome.http.status;
      bool expected = std::any_of(config.expect_status.begin(), config.expect_status.end(),
                                  [&](const StatusSpan& span) { return status >= span.low && status <= span.high; });
      return expected ? "api.body_mismatch" : "api.status";
    }
    case Layer::kAuth: return config.auth == AuthType::kNone ? "auth.required" : "auth.rejected";
  }
  return "internal.error";
}

}  // namespace

const std::vector<ReasonInfo>& ReasonCatalogue() { return kCatalogue; }

Reason ReasonFor(const Config& config, const ProbeOutcome& outcome, const CheckResult& result, std::int64_t now) {
  // A failure names its cause even when --timeout-state ok made it OK.
  if (outcome.failure != Failure::kNone) return Make(FailureCode(config, outcome, now));
  if (result.state == State::kOk) return Make("ok");
  for (const LayerReport& report : result.layers) {
    if (report.state && *report.state == result.state && !report.reason.empty()) return Make(report.reason.c_str());
    if (report.state && *report.state == result.state) return Make(LayerCode(config, outcome, report.layer, result.state, now));
  }
  return Make("internal.error");
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
    text += "  " + WrapWords(std::string(info.code) + " (" + SideName(info.side) + "): " + info.meaning, 2, 6,
                             kHelpWidth) + "\n";
  }
  return text;
}

}  // namespace dmk
