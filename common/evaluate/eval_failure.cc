#include "common/evaluate/eval_failure.h"

#include <cerrno>
#include <string>

#include "common/evaluate/eval_policy.h"
#include "common/evaluate/eval_words.h"
#include "common/evaluate/handshake_problem.h"
#include "common/evaluate/proxy_display.h"

namespace dmk {

namespace {

// What every failure's words draw on.
struct Context {
  const Config& config;
  const ProbeOutcome& outcome;
  State state;         // StateForFailure
  std::string detail;  // the library's words, quoted
  std::string port;    // the port asked for
  StepResult* step;

  void Problem(Layer layer, std::string text, std::string advice, ReasonCode reason_code) const {
    step->Problem(layer, state, std::move(text), std::move(advice), reason_code);
    step->failure_reason_code = reason_code;
  }
  std::string TargetText() const { return Target(config, outcome); }
  const char* Ended() const { return outcome.reset ? "reset" : "closed"; }
};

ReasonCode TimeoutReasonCode(Layer layer) {
  switch (layer) {
    case Layer::kDns: return ReasonCode::kTimeoutDns;
    case Layer::kTcp: return ReasonCode::kTimeoutTcp;
    case Layer::kTls: return ReasonCode::kTimeoutTls;
    default: return ReasonCode::kTimeoutHttp;
  }
}

// The time limit ran out in the answer: how far the answer had come.
void HttpTimeout(const Context& c, const std::string& after) {
  const HttpFacts& http = c.outcome.http;
  const ReasonCode reason_code = TimeoutReasonCode(Layer::kHttp);
  if (!http.response_started && http.bytes_received) {
    c.Problem(Layer::kHttp, "response stalled before its status line was complete: timed out" + after,
              "The server started to answer and stalled within its first line: the service is overloaded or "
              "hung, or something other than HTTP answers on " +
                  c.TargetText() + ".",
              reason_code);
  } else if (!http.response_started) {
    c.Problem(Layer::kHttp,
              "no response to " + c.config.method + " " + Quote(c.config.uri, 80) + " (timed out" + after + ")",
              "The server took the request but did not answer: the DMK Community service is probably hung; "
              "ask the contractor to restart it and check its logs.",
              reason_code);
  } else if (!http.headers_done) {
    c.Problem(Layer::kHttp, "response headers stalled: timed out" + after,
              "The server started to answer and stalled: the service is overloaded or hung.", reason_code);
  } else {
    c.Problem(Layer::kHttp,
              "response body stalled: timed out" + after + " (received " + std::to_string(http.body_bytes) + " B)",
              "The server sends its answer too slowly: the service or the network path is overloaded.", reason_code);
  }
}

void Timeout(const Context& c) {
  const std::string after = " after " + TimeoutSecs(c.outcome.elapsed_s);
  const Layer layer = c.outcome.timed_out_in;
  const ReasonCode reason_code = TimeoutReasonCode(layer);
  switch (layer) {
    case Layer::kDns:
      c.Problem(Layer::kDns, "DNS lookup of " + c.config.hostname + " timed out" + after,
                "No DNS answer in time: check the resolvers of this monitoring host, or give --address.", reason_code);
      return;
    case Layer::kTcp:
      if (!c.config.proxy.empty()) {  // the proxy, not the server, did not answer or open the tunnel in time
        c.Problem(
            Layer::kTcp, "connecting through proxy " + Quote(ProxyForDisplay(c.config.proxy)) + " timed out" + after,
            "Check that the proxy/jump host is up and allows connections to " + c.config.hostname + ":" + c.port + ".",
            reason_code);
        return;
      }
      c.Problem(Layer::kTcp,
                "TCP connect to " + c.TargetText() + " timed out" + after +
                    " (no answer: firewall dropping packets or host down)",
                "Nothing answered on " + c.TargetText() +
                    ": check that the server is up and that its firewall/NAT "
                    "lets the cloud through on port " +
                    c.port + ".",
                reason_code);
      return;
    case Layer::kTls:
      c.Problem(Layer::kTls,
                "TLS handshake timed out" + after + " (the server accepted TCP but did not complete the handshake)",
                "The port accepts connections but no TLS answer comes: the service may be hung, or the port may "
                "be forwarded to something else; restart the DMK Community service.",
                reason_code);
      return;
    default: HttpTimeout(c, after);
  }
}

void DnsFailure(const Context& c) {
  const std::string& host = c.config.hostname;
  switch (c.outcome.failure) {
    case Failure::kDnsNotFound:
      c.Problem(Layer::kDns, "DNS: " + host + " does not exist (NXDOMAIN)",
                "Check the host name; if it is right, ask who runs the DNS zone whether the record was removed.",
                ReasonCode::kDnsNotFound);
      return;
    case Failure::kDnsNoAnswer:
      c.Problem(Layer::kDns, "DNS lookup of " + host + " failed: no DNS server answered (" + c.detail + ")",
                "Check the resolvers in /etc/resolv.conf of this monitoring host, or give --address.",
                ReasonCode::kDnsNoAnswer);
      return;
    case Failure::kDnsNoAddress: {
      const int family = c.config.ip_version;
      c.Problem(Layer::kDns,
                "DNS: " + host + " has no " +
                    (family == 4   ? "IPv4 "
                     : family == 6 ? "IPv6 "
                                   : "") +
                    "address",
                "The name exists but has no usable address record: check the DNS record (A/AAAA), or -4/-6.",
                ReasonCode::kDnsNoAddress);
      return;
    }
    default: c.Problem(Layer::kDns, "DNS lookup of " + host + " failed: " + c.detail, "", ReasonCode::kDnsError);
  }
}

void TcpFailure(const Context& c) {
  const std::string& port = c.port;
  switch (c.outcome.failure) {
    case Failure::kTcpRefused:
      c.Problem(Layer::kTcp, "TCP connect to " + c.TargetText() + " refused (server down or port not forwarded)",
                "The host answers but nothing listens on port " + port +
                    ": check that the DMK Community "
                    "service is running and that the firewall/NAT forwards port " +
                    port + " to it.",
                ReasonCode::kTcpRefused);
      return;
    case Failure::kTcpUnreachable:
      c.Problem(
          Layer::kTcp, "TCP connect to " + c.TargetText() + " failed: network or host unreachable (" + c.detail + ")",
          "There is no route from the cloud to this server: check the VPN/routing to the community network.",
          c.outcome.os_error == ENETUNREACH ? ReasonCode::kTcpNetworkUnreachable : ReasonCode::kTcpHostUnreachable);
      return;
    case Failure::kTcpReset:
      c.Problem(
          Layer::kTcp,
          "connection to " + c.TargetText() + " was " + c.Ended() + " by the server before the TLS handshake finished",
          "Something on port " + port +
              " accepts and drops connections (a firewall rule, or a crashed "
              "service): check what listens there.",
          ReasonCode::kTcpReset);
      return;
    case Failure::kProxyFailed:
      c.Problem(
          Layer::kTcp, "could not connect through proxy " + Quote(ProxyForDisplay(c.config.proxy)) + ": " + c.detail,
          "Check that the proxy/jump host is up and allows connections to " + c.config.hostname + ":" + port + ".",
          ReasonCode::kProxyFailed);
      return;
    default:
      c.Problem(Layer::kTcp, "TCP connect to " + c.TargetText() + " failed: " + c.detail, "", ReasonCode::kTcpError);
  }
}

ReasonCode HandshakeReasonCode(HandshakeProblem problem) {
  switch (problem) {
    case HandshakeProblem::kVersionTooOld: return ReasonCode::kTlsProtocolTooOld;
    case HandshakeProblem::kNoSharedCipher: return ReasonCode::kTlsNoSharedCipher;
    case HandshakeProblem::kDhKeyTooSmall: return ReasonCode::kTlsDhKeyTooSmall;
    case HandshakeProblem::kChainTooLarge: return ReasonCode::kTlsChainTooLarge;
    case HandshakeProblem::kUndefinedAlert: return ReasonCode::kTlsUndefinedAlert;
    case HandshakeProblem::kNone: break;
  }
  return ReasonCode::kTlsHandshakeFailed;
}

void HandshakeFailure(const Context& c) {
  const HandshakeProblem problem = DiagnoseHandshake(c.outcome.handshake, c.outcome.detail, c.config.tls_min_version);
  if (problem != HandshakeProblem::kNone) {
    ProblemWords words = DescribeHandshakeProblem(problem, c.outcome.handshake, c.config.tls_min_version,
                                                  c.TargetText(), c.config.hostname);
    c.Problem(Layer::kTls, words.text, words.advice, HandshakeReasonCode(problem));
    return;
  }
  c.Problem(Layer::kTls, "TLS handshake failed: " + c.detail,
            "Compare the server's TLS versions and ciphers with this host's OpenSSL: openssl s_client "
            "-connect " +
                c.TargetText() + " -servername " + c.config.hostname,
            HandshakeReasonCode(problem));
}

void TlsFailure(const Context& c) {
  const bool have_cert = !c.config.client_cert.empty();
  switch (c.outcome.failure) {
    case Failure::kTlsNotTls:
      c.Problem(Layer::kTls, "the server on port " + c.port + " does not speak TLS (plain HTTP? then use --no-tls)",
                "Port " + c.port +
                    " answers without TLS: check the port, or whether HTTPS is configured on the "
                    "server.",
                ReasonCode::kTlsNotTls);
      return;
    case Failure::kTlsClientCertRequired:
      c.Problem(Layer::kTls,
                have_cert ? "the server rejected our client certificate (" + c.detail + ")"
                          : "the server requires a client certificate (" + c.detail + ")",
                have_cert ? "Check that the client certificate is issued by a CA the server trusts and has not "
                            "expired."
                          : "Give --client-cert and --client-key.",
                have_cert ? ReasonCode::kTlsClientCertificateRejected : ReasonCode::kTlsClientCertificateRequired);
      return;
    case Failure::kTlsHandshakeFailed: HandshakeFailure(c); return;
    case Failure::kTlsReset:
      c.Problem(Layer::kTls, "the server closed the connection during the TLS handshake (" + c.detail + ")", "",
                ReasonCode::kTlsReset);
      return;
    case Failure::kTrustStoreUnusable:
      c.Problem(Layer::kTls, "could not load the trusted CA certificates (" + c.detail + ")",
                "--ca-file must hold PEM CA certificates OpenSSL can read (openssl x509 -in FILE -noout -subject "
                "prints the first), --ca-path a directory hashed with openssl rehash.",
                ReasonCode::kInternalError);
      return;
    default:  // kInternal
      c.Problem(Layer::kTls, "could not run the check: " + c.detail,
                "A local file or setting could not be used (client certificate, key or CA file?).",
                ReasonCode::kInternalError);
  }
}

// "; if the port speaks TLS, drop --no-tls": an answer that is no HTTP may be TLS on a plain connection.
std::string TlsHint(const Config& config) { return config.tls ? "" : "; if the port speaks TLS, drop --no-tls"; }

void HttpFailure(const Context& c) {
  const HttpFacts& http = c.outcome.http;
  switch (c.outcome.failure) {
    case Failure::kHttpNoResponse:
      c.Problem(Layer::kHttp,
                std::string("the server ") + c.Ended() + " the connection without answering " + c.config.method + " " +
                    Quote(c.config.uri, 80) + " (" + c.detail + ")" + TlsHint(c.config),
                "The service accepted the request and dropped it: it may be crashing; check its logs.",
                ReasonCode::kHttpNoResponse);
      return;
    case Failure::kHttpMalformed:
      c.Problem(Layer::kHttp, "the server's answer is not valid HTTP (" + c.detail + ")" + TlsHint(c.config),
                "Something other than the DMK Community web service answers on port " + c.port + ".",
                ReasonCode::kHttpMalformed);
      return;
    case Failure::kHttpTruncated:
      c.Problem(Layer::kHttp,
                "the response broke off after " + std::to_string(http.body_bytes) + " B of body (" + c.detail + ")",
                "The server or a middlebox cut the answer short: check the service and any proxy in between.",
                ReasonCode::kHttpTruncated);
      return;
    case Failure::kHttpTooLarge:
      c.Problem(Layer::kHttp, "response too large: more than " + std::to_string(c.config.max_body) + " B (--max-body)",
                "The answer is far larger than a DMK status reply: check --uri, or raise --max-body.",
                ReasonCode::kHttpTooLarge);
      return;
    case Failure::kHttpHeadersTooLarge:
      c.Problem(Layer::kHttp, "response headers too large: more than 64 KiB",
                "The server sends an absurd amount of headers: check what answers on this port.",
                ReasonCode::kHttpHeadersTooLarge);
      return;
    case Failure::kHttpRedirectRefused:
      c.Problem(Layer::kHttp, "redirect to " + Quote(http.location, 100) + " not followed: " + c.detail,
                "Point --uri (and -H/-p) directly at the final address of the DMK API.",
                ReasonCode::kHttpRedirectRefused);
      return;
    case Failure::kHttpTooManyRedirects:
      c.Problem(Layer::kHttp,
                "more than " + Plural(c.config.max_redirects, "redirect") + " (a redirect loop?), last to " +
                    Quote(c.outcome.detail, 100),
                "The server redirects in circles: ask the contractor to check its web server configuration.",
                ReasonCode::kHttpTooManyRedirects);
      return;
    default: c.Problem(Layer::kHttp, "HTTP exchange failed: " + c.detail, "", ReasonCode::kHttpError);
  }
}

}  // namespace

StepResult EvaluateFailure(const Config& config, const ProbeOutcome& outcome) {
  StepResult step;
  const Failure failure = outcome.failure;
  if (failure == Failure::kNone || failure == Failure::kTlsCertificateRejected) return step;
  const Context c{
      config, outcome, StateForFailure(failure, config), Quote(outcome.detail), std::to_string(config.EffectivePort()),
      &step};
  switch (failure) {
    case Failure::kTimeout: Timeout(c); break;
    case Failure::kDnsNotFound:
    case Failure::kDnsNoAnswer:
    case Failure::kDnsNoAddress:
    case Failure::kDnsError: DnsFailure(c); break;
    case Failure::kTcpRefused:
    case Failure::kTcpUnreachable:
    case Failure::kTcpReset:
    case Failure::kTcpError:
    case Failure::kProxyFailed: TcpFailure(c); break;
    case Failure::kTlsNotTls:
    case Failure::kTlsClientCertRequired:
    case Failure::kTlsHandshakeFailed:
    case Failure::kTlsReset:
    case Failure::kTrustStoreUnusable:
    case Failure::kInternal: TlsFailure(c); break;
    default: HttpFailure(c); break;
  }
  return step;
}

}  // namespace dmk
