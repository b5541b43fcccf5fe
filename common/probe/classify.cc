#include "common/probe/classify.h"

#include <cerrno>
#include <optional>

#include "common/base/ascii.h"

namespace dmk {

namespace {

Classification Fails(Failure failure) { return {failure, Layer::kDns, nullptr}; }

Classification TimedOut(Layer layer) { return {Failure::kTimeout, layer, nullptr}; }

// Which layer was still running when the time ran out.
Layer TimedOutLayer(const TransferEnd& end) {
  if (!end.connected) return Layer::kTcp;
  if (end.tls && !end.handshake_done) return Layer::kTls;
  return Layer::kHttp;
}

// The TLS handshake had begun (the TCP connection was up) and not completed.
bool InTlsStage(const TransferEnd& end) { return end.tls && !end.handshake_done && end.connected; }

// CURLE_COULDNT_CONNECT: the socket's errno tells why.
Classification ConnectFailed(const TransferEnd& end) {
  if (end.via_proxy) return Fails(Failure::kProxyFailed);
  switch (end.os_error) {
    case ECONNREFUSED: return Fails(Failure::kTcpRefused);
    case ENETUNREACH:
    case EHOSTUNREACH:
    case EADDRNOTAVAIL: return Fails(Failure::kTcpUnreachable);
    case ETIMEDOUT: return TimedOut(Layer::kTcp);
    default: break;
  }
  // Accepted and reset at once, before libcurl saw the connection up: the same server behaviour as a reset
  // during the handshake, only earlier, so the same words.
  return Fails(ResetByPeer(end.os_error, end.detail) ? Failure::kTcpReset : Failure::kTcpError);
}

// The result codes that decide the failure alone (or with one fact); nullopt for the rest.
std::optional<Classification> ByCode(const TransferEnd& end) {
  switch (end.code) {
    case CURLE_OK: return Fails(Failure::kNone);
    case CURLE_OPERATION_TIMEDOUT: return TimedOut(TimedOutLayer(end));
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY: return Fails(Failure::kProxyFailed);
    case CURLE_COULDNT_RESOLVE_HOST: return Fails(Failure::kDnsError);
    case CURLE_COULDNT_CONNECT: return ConnectFailed(end);
    case CURLE_SSL_CACERT_BADFILE: return Fails(Failure::kTrustStoreUnusable);
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
    case CURLE_NOT_BUILT_IN:
    case CURLE_FAILED_INIT: return Fails(Failure::kInternal);
    // libcurl 7.88 reports a response header line above its 100 KiB limit (a 10 MiB status line) as out of
    // memory: once the request is out, that is the server's doing, not ours.
    case CURLE_OUT_OF_MEMORY: return Fails(end.request_sent ? Failure::kHttpHeadersTooLarge : Failure::kInternal);
    case CURLE_WRITE_ERROR:
      return Fails(end.headers_too_large ? Failure::kHttpHeadersTooLarge
                   : end.body_too_large  ? Failure::kHttpTooLarge
                                         : Failure::kHttpError);
    case CURLE_FILESIZE_EXCEEDED: return Fails(Failure::kHttpTooLarge);
    case CURLE_PARTIAL_FILE: return Fails(Failure::kHttpTruncated);
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return Fails(InTlsStage(end) ? Failure::kTlsHandshakeFailed : Failure::kHttpMalformed);
    case CURLE_GOT_NOTHING: return Fails(Failure::kHttpNoResponse);
    case CURLE_ABORTED_BY_CALLBACK:  // only the probe's pre-request callback aborts: the version is below --tls-min
      return Classification{Failure::kTlsHandshakeFailed, Layer::kDns,
                            "the handshake completed below --tls-min: stopped before sending the request"};
    default: return std::nullopt;
  }
}

// A handshake that failed for a reason other than our verification or a client certificate.
Failure HandshakeFailure(const TransferEnd& end) {
  if (ContainsIgnoreCase(end.detail, "wrong version number") ||
      ContainsIgnoreCase(end.detail, "packet length too long") || ContainsIgnoreCase(end.detail, "http request")) {
    return Failure::kTlsNotTls;
  }
  if (ResetByPeer(end.os_error, end.detail) || ContainsIgnoreCase(end.detail, "unexpected eof") ||
      ContainsIgnoreCase(end.detail, "syscall")) {
    return end.certificate_seen ? Failure::kTlsReset : Failure::kTcpReset;
  }
  return Failure::kTlsHandshakeFailed;
}

// What is left are TLS and receive/send errors; the words and our facts tell them apart.
Failure ByTextAndFacts(const TransferEnd& end) {
  if (ContainsIgnoreCase(end.detail, "certificate required") ||
      (ContainsIgnoreCase(end.detail, "alert handshake failure") && !end.client_cert_given && end.certificate_seen &&
       end.certificate_accepted)) {
    return Failure::kTlsClientCertRequired;
  }
  if (end.certificate_seen && !end.certificate_accepted) return Failure::kTlsCertificateRejected;
  if (InTlsStage(end) || end.code == CURLE_SSL_CONNECT_ERROR || end.code == CURLE_PEER_FAILED_VERIFICATION) {
    return HandshakeFailure(end);
  }
  if (!end.connected) return Failure::kTcpError;
  if (!end.response_started) return Failure::kHttpNoResponse;
  // A bogus chunk size, not a cut.
  if (ContainsIgnoreCase(end.detail, "chunked-encoding")) return Failure::kHttpMalformed;
  if (ResetByPeer(end.os_error, end.detail) || end.code == CURLE_RECV_ERROR) return Failure::kHttpTruncated;
  return Failure::kHttpError;
}

}  // namespace

TransferEnd EndOfTransfer(const Config& config, CURLcode code, const ProbeOutcome& outcome) {
  TransferEnd end;
  end.code = code;
  end.os_error = outcome.os_error;
  end.detail = outcome.detail;
  end.tls = config.tls;
  end.via_proxy = !config.proxy.empty();
  end.client_cert_given = !config.client_cert.empty();
  end.connected = outcome.phases.connect.has_value();
  end.handshake_done = outcome.tls.handshake_done;
  end.certificate_seen = outcome.tls.certificate_seen;
  end.certificate_accepted = outcome.tls.accepted;
  end.request_sent = outcome.http.request_sent;
  end.response_started = outcome.http.response_started;
  return end;
}

Classification Classify(const TransferEnd& end) {
  if (end.code == CURLE_OK) return Fails(Failure::kNone);
  std::optional<Classification> verdict = ByCode(end);
  if (!verdict) verdict = Fails(ByTextAndFacts(end));
  verdict->reset = ResetByPeer(end.os_error, end.detail);
  return *verdict;
}

bool ResetByPeer(int os_error, std::string_view detail) {
  return os_error == ECONNRESET || ContainsIgnoreCase(detail, "reset by peer") ||
         ContainsIgnoreCase(detail, "getpeername() failed with errno 107") ||
         ContainsIgnoreCase(detail, "transport endpoint is not connected");
}

}  // namespace dmk
