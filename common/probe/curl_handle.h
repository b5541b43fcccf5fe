// Curl handle: sets up the libcurl easy handle of one probe with every option that does not change
// between redirects — the connection, the request and its credentials, the proxy, and TLS with our own
// verification (tls_verify.h) and observer (tls_observer.h). Part of the probe (probe.h); the callbacks that
// receive the answer, and the options set per hop (URL, time limits), stay there.
#ifndef DMK_COMMON_PROBE_CURL_HANDLE_H_
#define DMK_COMMON_PROBE_CURL_HANDLE_H_

#include <curl/curl.h>

#include <chrono>

#include "common/model/config.h"
#include "common/model/secret.h"
#include "common/probe/tls_observer.h"
#include "common/probe/tls_verify.h"

namespace dmk {

// What the TLS callbacks read and write during the transfers of one handle. libcurl sets up TLS only once
// the TCP connection is established, so `started_at` also marks the end of the TCP phase: libcurl reports
// no connect time when the handshake that follows times out.
struct TlsSetup {
  TlsVerifier verifier;
  TlsObserver observer;
  int tls_min_version = 0;  // --tls-min
  bool started = false;
  std::chrono::steady_clock::time_point started_at;
};

// Sets the options of `handle` for `config` and `secret` (libcurl copies the strings). `tls_setup`,
// `headers`, `resolve` (null: none) and `error_buffer` (CURL_ERROR_SIZE bytes) must outlive every transfer
// of `handle`.
void ConfigureHandle(CURL* handle, const Config& config, const Secret& secret, TlsSetup* tls_setup, curl_slist* headers,
                     curl_slist* resolve, char* error_buffer);

}  // namespace dmk

#endif  // DMK_COMMON_PROBE_CURL_HANDLE_H_
