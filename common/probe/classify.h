// Classify: names why a probe's transfer stopped short (a Failure, outcome.h) from what libcurl and our own
// callbacks left behind: libcurl's result code, the socket's errno, libcurl's error text, how far the
// connection got, and what TLS verification and the write callbacks saw. Part of the probe (probe.h), the
// only code that knows libcurl; a pure function apart from it, so every case can be tested without a socket.
#ifndef DMK_COMMON_PROBE_CLASSIFY_H_
#define DMK_COMMON_PROBE_CLASSIFY_H_

#include <curl/curl.h>

#include <string_view>

#include "common/model/config.h"
#include "common/model/outcome.h"

namespace dmk {

// What one finished curl_easy_perform() left behind. Plain data, filled by the probe.
struct TransferEnd {
  CURLcode code = CURLE_OK;
  int os_error = 0;         // CURLINFO_OS_ERRNO
  std::string_view detail;  // libcurl's error text, OpenSSL's codes already described (openssl_error.h)
  // The check's settings that change the verdict.
  bool tls = false;                // not --no-tls
  bool via_proxy = false;          // a proxy was used
  bool client_cert_given = false;  // --client-cert
  // How far the connection got.
  bool connected = false;             // the TCP connection was up (PhaseTimes::connect known)
  bool handshake_done = false;        // the TLS handshake completed
  bool certificate_seen = false;      // the server presented a certificate (TlsFacts)
  bool certificate_accepted = false;  // ... and our verification let it through
  bool request_sent = false;
  bool response_started = false;  // a status line arrived
  // What the write callbacks refused.
  bool headers_too_large = false;
  bool body_too_large = false;
};

struct Classification {
  Failure failure = Failure::kNone;
  Layer timed_out_in = Layer::kDns;  // with Failure::kTimeout: the layer that was still running
  const char* detail = nullptr;      // when set, replaces TransferEnd::detail as the outcome's detail
  bool reset = false;                // the peer reset the connection (ResetByPeer), for ProbeOutcome::reset
};

// The TransferEnd of a request that ended with `code`, from `config` and what the probe recorded in
// `outcome` so far (its os_error and detail, phases, TLS and HTTP facts). The write callbacks' flags are the
// caller's to set: they live outside the outcome.
TransferEnd EndOfTransfer(const Config& config, CURLcode code, const ProbeOutcome& outcome);

// The Failure `end` amounts to; Failure::kNone for CURLE_OK. Never fails.
Classification Classify(const TransferEnd& end);

// True when the connection was reset or gone under us: errno ECONNRESET, libcurl's "reset by peer", or
// "getpeername() failed with errno 107" (ENOTCONN: the peer reset the connection before libcurl could ask
// for its address). The only place that decides "reset": Classify records it, Evaluate reads the record.
bool ResetByPeer(int os_error, std::string_view detail);

}  // namespace dmk

#endif  // DMK_COMMON_PROBE_CLASSIFY_H_
