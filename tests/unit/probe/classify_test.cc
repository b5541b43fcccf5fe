#include "common/probe/classify.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <set>
#include <string>
#include <vector>

namespace dmk {
namespace {

// A transfer over TLS that stopped at `code`, as far as the stage: 0 nothing up, 1 TCP up, 2 handshake done
// (certificate seen and accepted), 3 request sent, 4 a status line arrived.
TransferEnd At(int stage, CURLcode code, std::string_view detail = "", int os_error = 0) {
  TransferEnd end;
  end.code = code;
  end.detail = detail;
  end.os_error = os_error;
  end.tls = true;
  end.connected = stage >= 1;
  end.handshake_done = stage >= 2;
  end.certificate_seen = stage >= 2;
  end.certificate_accepted = stage >= 2;
  end.request_sent = stage >= 3;
  end.response_started = stage >= 4;
  return end;
}

TransferEnd Plain(TransferEnd end) {
  end.tls = false;
  end.handshake_done = end.certificate_seen = end.certificate_accepted = false;
  return end;
}

TransferEnd ViaProxy(TransferEnd end) {
  end.via_proxy = true;
  return end;
}

// The handshake ran as far as the server's certificate, which our verification accepted or not.
TransferEnd CertificateSeen(TransferEnd end, bool accepted) {
  end.certificate_seen = true;
  end.certificate_accepted = accepted;
  return end;
}

TransferEnd WithClientCert(TransferEnd end) {
  end.client_cert_given = true;
  return end;
}

TransferEnd HeadersRefused(TransferEnd end) {
  end.headers_too_large = true;
  return end;
}

TransferEnd BodyRefused(TransferEnd end) {
  end.body_too_large = true;
  return end;
}

struct Case {
  const char* name;
  TransferEnd end;
  Failure failure;
  Layer timed_out_in = Layer::kDns;  // checked with Failure::kTimeout
};

// Every Failure Classify can return, each from every way the probe meets it. The DNS failures named by the
// resolver (resolve.h) and the redirect failures (the probe's redirect step) are not Classify's.
const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"success", At(4, CURLE_OK), Failure::kNone},
      {"success over plain HTTP", Plain(At(4, CURLE_OK)), Failure::kNone},
      // Timeouts name the layer that was still running.
      {"timeout before TCP was up", At(0, CURLE_OPERATION_TIMEDOUT), Failure::kTimeout, Layer::kTcp},
      {"timeout in the handshake", At(1, CURLE_OPERATION_TIMEDOUT), Failure::kTimeout, Layer::kTls},
      {"timeout waiting for the answer", At(3, CURLE_OPERATION_TIMEDOUT), Failure::kTimeout, Layer::kHttp},
      {"timeout in the body", At(4, CURLE_OPERATION_TIMEDOUT), Failure::kTimeout, Layer::kHttp},
      {"timeout after connect over plain HTTP", Plain(At(1, CURLE_OPERATION_TIMEDOUT)), Failure::kTimeout,
       Layer::kHttp},
      {"connect timed out in the kernel", At(0, CURLE_COULDNT_CONNECT, "Failed to connect", ETIMEDOUT),
       Failure::kTimeout, Layer::kTcp},
      // Proxies.
      {"proxy name unknown", ViaProxy(At(0, CURLE_COULDNT_RESOLVE_PROXY)), Failure::kProxyFailed},
      {"proxy refused the tunnel", ViaProxy(At(0, CURLE_PROXY)), Failure::kProxyFailed},
      {"proxy not reachable", ViaProxy(At(0, CURLE_COULDNT_CONNECT, "Failed to connect", ECONNREFUSED)),
       Failure::kProxyFailed},
      {"host name unknown to libcurl", At(0, CURLE_COULDNT_RESOLVE_HOST), Failure::kDnsError},
      // TCP.
      {"refused", At(0, CURLE_COULDNT_CONNECT, "Failed to connect", ECONNREFUSED), Failure::kTcpRefused},
      {"network unreachable", At(0, CURLE_COULDNT_CONNECT, "", ENETUNREACH), Failure::kTcpUnreachable},
      {"host unreachable", At(0, CURLE_COULDNT_CONNECT, "", EHOSTUNREACH), Failure::kTcpUnreachable},
      {"address not available", At(0, CURLE_COULDNT_CONNECT, "", EADDRNOTAVAIL), Failure::kTcpUnreachable},
      {"reset while connecting", At(0, CURLE_COULDNT_CONNECT, "", ECONNRESET), Failure::kTcpReset},
      {"gone before getpeername()",
       At(0, CURLE_COULDNT_CONNECT, "getpeername() failed with errno 107: Transport endpoint is not connected"),
       Failure::kTcpReset},
      {"other connect error", At(0, CURLE_COULDNT_CONNECT, "Failed to connect", EACCES), Failure::kTcpError},
      {"send error before connect", At(0, CURLE_SEND_ERROR, "Send failure"), Failure::kTcpError},
      // Our own settings.
      {"bad client certificate file", At(0, CURLE_SSL_CERTPROBLEM), Failure::kInternal},
      {"bad CA file", At(0, CURLE_SSL_CACERT_BADFILE), Failure::kTrustStoreUnusable},
      {"engine not found", At(0, CURLE_SSL_ENGINE_NOTFOUND), Failure::kInternal},
      {"engine not set", At(0, CURLE_SSL_ENGINE_SETFAILED), Failure::kInternal},
      {"bad argument", At(0, CURLE_BAD_FUNCTION_ARGUMENT), Failure::kInternal},
      {"unknown option", At(0, CURLE_UNKNOWN_OPTION), Failure::kInternal},
      {"not built in", At(0, CURLE_NOT_BUILT_IN), Failure::kInternal},
      {"init failed", At(0, CURLE_FAILED_INIT), Failure::kInternal},
      {"out of memory before the request", At(1, CURLE_OUT_OF_MEMORY), Failure::kInternal},
      // TLS.
      {"plain HTTP on the TLS port", At(1, CURLE_SSL_CONNECT_ERROR, "ssl3_get_record:wrong version number"),
       Failure::kTlsNotTls},
      {"a huge record", At(1, CURLE_SSL_CONNECT_ERROR, "packet length too long"), Failure::kTlsNotTls},
      {"an HTTP request answered", At(1, CURLE_SSL_CONNECT_ERROR, "http request"), Failure::kTlsNotTls},
      {"a reply that is not TLS", At(1, CURLE_WEIRD_SERVER_REPLY), Failure::kTlsHandshakeFailed},
      {"an unsupported protocol in the handshake", At(1, CURLE_UNSUPPORTED_PROTOCOL), Failure::kTlsHandshakeFailed},
      {"certificate refused by our verification",
       CertificateSeen(At(1, CURLE_PEER_FAILED_VERIFICATION, "SSL certificate problem"), false),
       Failure::kTlsCertificateRejected},
      {"client certificate demanded (TLS 1.3 alert)", At(2, CURLE_RECV_ERROR, "tlsv13 alert certificate required"),
       Failure::kTlsClientCertRequired},
      {"handshake failure alert after our certificate check",
       CertificateSeen(At(1, CURLE_SSL_CONNECT_ERROR, "sslv3 alert handshake failure"), true),
       Failure::kTlsClientCertRequired},
      {"handshake failure alert although we sent a certificate",
       WithClientCert(CertificateSeen(At(1, CURLE_SSL_CONNECT_ERROR, "sslv3 alert handshake failure"), true)),
       Failure::kTlsHandshakeFailed},
      {"handshake failure alert before any certificate", At(1, CURLE_SSL_CONNECT_ERROR, "alert handshake failure"),
       Failure::kTlsHandshakeFailed},
      {"below --tls-min", At(2, CURLE_ABORTED_BY_CALLBACK), Failure::kTlsHandshakeFailed},
      {"handshake failed otherwise", At(1, CURLE_SSL_CONNECT_ERROR, "bad record mac"), Failure::kTlsHandshakeFailed},
      {"handshake error after TCP, before TLS got going", At(1, CURLE_RECV_ERROR, "bad record mac"),
       Failure::kTlsHandshakeFailed},
      // Resets and closes during the handshake: before the certificate a TCP matter, after it a TLS one.
      {"reset before the certificate", At(1, CURLE_SSL_CONNECT_ERROR, "", ECONNRESET), Failure::kTcpReset},
      {"reset by peer in the text", At(1, CURLE_SSL_CONNECT_ERROR, "Connection reset by peer"), Failure::kTcpReset},
      {"gone before getpeername() in the handshake",
       At(1, CURLE_SSL_CONNECT_ERROR, "OpenSSL SSL_connect: Transport endpoint is not connected"), Failure::kTcpReset},
      {"closed before the certificate", At(1, CURLE_SSL_CONNECT_ERROR, "unexpected eof while reading"),
       Failure::kTcpReset},
      {"syscall error before the certificate", At(1, CURLE_SSL_CONNECT_ERROR, "SSL_ERROR_SYSCALL"), Failure::kTcpReset},
      {"reset after the certificate", CertificateSeen(At(1, CURLE_SSL_CONNECT_ERROR, "", ECONNRESET), true),
       Failure::kTlsReset},
      {"closed after the certificate",
       CertificateSeen(At(1, CURLE_SSL_CONNECT_ERROR, "unexpected eof while reading"), true), Failure::kTlsReset},
      // HTTP.
      {"nothing came back", At(3, CURLE_GOT_NOTHING), Failure::kHttpNoResponse},
      {"reset before the status line", At(3, CURLE_RECV_ERROR, "Recv failure: Connection reset by peer", ECONNRESET),
       Failure::kHttpNoResponse},
      {"reset before the status line over plain HTTP",
       Plain(At(3, CURLE_RECV_ERROR, "Recv failure: Connection reset by peer", ECONNRESET)), Failure::kHttpNoResponse},
      {"not HTTP", At(4, CURLE_WEIRD_SERVER_REPLY), Failure::kHttpMalformed},
      {"not HTTP over plain HTTP", Plain(At(1, CURLE_UNSUPPORTED_PROTOCOL)), Failure::kHttpMalformed},
      {"bogus chunk size", At(4, CURLE_RECV_ERROR, "invalid chunked-encoding"), Failure::kHttpMalformed},
      {"body cut short", At(4, CURLE_PARTIAL_FILE), Failure::kHttpTruncated},
      {"reset in the body", At(4, CURLE_RECV_ERROR, "Connection reset by peer", ECONNRESET), Failure::kHttpTruncated},
      {"reset in the body, errno only", At(4, CURLE_SEND_ERROR, "", ECONNRESET), Failure::kHttpTruncated},
      {"receive error in the body", At(4, CURLE_RECV_ERROR, "Recv failure"), Failure::kHttpTruncated},
      {"body above --max-body", BodyRefused(At(4, CURLE_WRITE_ERROR)), Failure::kHttpTooLarge},
      {"Content-Length above --max-body", At(4, CURLE_FILESIZE_EXCEEDED), Failure::kHttpTooLarge},
      {"headers above our limit", HeadersRefused(At(4, CURLE_WRITE_ERROR)), Failure::kHttpHeadersTooLarge},
      {"a header line above libcurl's limit", At(3, CURLE_OUT_OF_MEMORY), Failure::kHttpHeadersTooLarge},
      {"write error of ours", At(4, CURLE_WRITE_ERROR), Failure::kHttpError},
      {"send error after the status line", At(4, CURLE_SEND_ERROR, "Send failure"), Failure::kHttpError},
  };
  return cases;
}

TEST(ClassifyTest, NamesTheFailureOfEveryWayATransferEnds) {
  for (const Case& c : Cases()) {
    const Classification verdict = Classify(c.end);
    EXPECT_EQ(verdict.failure, c.failure) << c.name;
    if (c.failure == Failure::kTimeout) {
      EXPECT_EQ(verdict.timed_out_in, c.timed_out_in) << c.name;
    }
  }
}

TEST(ClassifyTest, CoversEveryFailureItCanReturn) {
  std::set<Failure> covered;
  for (const Case& c : Cases()) covered.insert(c.failure);
  const std::set<Failure> not_classifys = {Failure::kDnsNotFound, Failure::kDnsNoAnswer, Failure::kDnsNoAddress,
                                           Failure::kHttpRedirectRefused, Failure::kHttpTooManyRedirects};
  for (int f = static_cast<int>(Failure::kNone); f <= static_cast<int>(Failure::kInternal); ++f) {
    const Failure failure = static_cast<Failure>(f);
    EXPECT_NE(covered.count(failure) + not_classifys.count(failure), 0u) << "no case for Failure " << f;
  }
}

TEST(ClassifyTest, SaysWhyAHandshakeBelowTheMinimumStopped) {
  const Classification verdict = Classify(At(2, CURLE_ABORTED_BY_CALLBACK, "Operation was aborted"));
  ASSERT_NE(verdict.detail, nullptr);
  EXPECT_EQ(std::string(verdict.detail), "the handshake completed below --tls-min: stopped before sending the request");
  EXPECT_EQ(Classify(At(1, CURLE_SSL_CONNECT_ERROR, "bad record mac")).detail, nullptr);
}

TEST(ResetByPeerTest, KnowsEveryWayAResetShows) {
  struct ResetCase {
    int os_error;
    const char* detail;
    bool reset;
  };
  const ResetCase cases[] = {
      {ECONNRESET, "", true},
      {0, "Recv failure: Connection reset by peer", true},
      // libcurl asks for the peer's address once connected; a server that resets at once makes that fail
      // with ENOTCONN, and libcurl keeps that first message (seen under valgrind).
      {0, "getpeername() failed with errno 107: Transport endpoint is not connected", true},
      {0, "OpenSSL SSL_connect: Transport endpoint is not connected in connection to dmk.test:443", true},
      {0, "OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to dmk.test:443", false},
      {ECONNREFUSED, "Failed to connect", false},
  };
  for (const ResetCase& c : cases) {
    EXPECT_EQ(ResetByPeer(c.os_error, c.detail), c.reset) << c.detail;
    // Classify records the same decision for Evaluate, whatever the failure it names.
    EXPECT_EQ(Classify(At(1, CURLE_SSL_CONNECT_ERROR, c.detail, c.os_error)).reset, c.reset) << c.detail;
    EXPECT_EQ(Classify(At(0, CURLE_COULDNT_CONNECT, c.detail, c.os_error)).reset, c.reset) << c.detail;
    EXPECT_EQ(Classify(At(4, CURLE_RECV_ERROR, c.detail, c.os_error)).reset, c.reset) << c.detail;
  }
  EXPECT_FALSE(Classify(At(4, CURLE_OK, "", ECONNRESET)).reset);
}

TEST(ClassifyTest, ReadsTheTransferFromWhatTheProbeRecorded) {
  Config config;
  config.tls = true;
  config.proxy = "http://proxy.test:3128";
  config.client_cert = "/etc/dmk/client.pem";
  ProbeOutcome outcome;
  outcome.os_error = ECONNRESET;
  outcome.detail = "Recv failure";
  outcome.phases.connect = 0.01;
  outcome.tls.handshake_done = true;
  outcome.tls.certificate_seen = true;
  outcome.http.request_sent = true;
  const TransferEnd end = EndOfTransfer(config, CURLE_RECV_ERROR, outcome);
  EXPECT_EQ(end.code, CURLE_RECV_ERROR);
  EXPECT_EQ(end.os_error, ECONNRESET);
  EXPECT_EQ(end.detail, "Recv failure");
  EXPECT_TRUE(end.tls && end.via_proxy && end.client_cert_given);
  EXPECT_TRUE(end.connected && end.handshake_done && end.certificate_seen && end.request_sent);
  EXPECT_FALSE(end.certificate_accepted || end.response_started || end.headers_too_large || end.body_too_large);
  EXPECT_FALSE(EndOfTransfer(Config(), CURLE_OK, ProbeOutcome()).connected);
}

}  // namespace
}  // namespace dmk
