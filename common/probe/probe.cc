#include "common/probe/probe.h"

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/base/ascii.h"
#include "common/probe/classify.h"
#include "common/probe/curl_handle.h"
#include "common/probe/openssl_error.h"
#include "common/probe/redirect.h"
#include "common/probe/resolve.h"

namespace dmk {

namespace {

using Clock = std::chrono::steady_clock;

// Bounds on what a server can make us hold: headers beyond this are a hostile or broken server.
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
// The body bytes kept for messages and -vvv when no body check (--expect-body, --expect-json) needs all of it.
constexpr std::size_t kBodySnippetBytes = 4096;
// With a body check the body is kept for the match, up to this much (options.cc, --help): a DMK API answer is
// a few KiB, and --max-body may allow up to 1 GiB.
constexpr std::size_t kBodyMatchBytes = 1024 * 1024;
constexpr std::size_t kMaxVerboseLines = 200;

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

Slist Append(Slist list, const std::string& item) {
  curl_slist* raw = curl_slist_append(list.get(), item.c_str());
  if (raw == nullptr) return list;
  (void)list.release();
  return Slist(raw);
}

// State the libcurl callbacks write into during one transfer.
struct Transfer {
  HttpFacts* http = nullptr;
  std::size_t max_body = 0;
  std::size_t keep_body = 0;
  bool keep_verbose = false;
  bool body_too_large = false;
  bool headers_too_large = false;
};

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  HttpFacts& http = *transfer->http;
  std::size_t length = size * count;
  http.header_bytes += length;
  if (http.header_bytes > kMaxHeaderBytes) {
    transfer->headers_too_large = true;
    return 0;
  }
  std::string line(data, length);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line: an interim (1xx) answer is replaced by the final one.
    http.response_started = true;
    http.headers_done = false;
    http.response_headers.clear();
    size_t space = line.find(' ');
    http.http_version = line.substr(5, space == std::string::npos ? std::string::npos : space - 5);
    if (space != std::string::npos && line.size() >= space + 4) {
      http.status = std::atoi(line.substr(space + 1, 3).c_str());
      http.reason_phrase = line.size() > space + 5 ? line.substr(space + 5) : "";
    }
  } else if (line.empty()) {
    // Only a final answer ends the headers: 1xx answers are interim (RFC 9110 section 15.2), and a
    // server that sends nothing but them has not answered.
    http.headers_done = http.status >= 200;
  } else {
    const std::string lower = AsciiLower(line.substr(0, line.find(':')));
    size_t colon = line.find(':');
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    if (lower == "location") http.location = value;
    if (lower == "www-authenticate") http.www_authenticate = value;
  }
  if (transfer->keep_verbose && http.response_headers.size() < kMaxVerboseLines && !line.empty()) {
    http.response_headers.push_back(line);
  }
  return length;
}

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  HttpFacts& http = *transfer->http;
  std::size_t length = size * count;
  http.body_bytes += length;
  if (http.body_bytes > transfer->max_body) {
    transfer->body_too_large = true;
    return 0;
  }
  if (http.body.size() < transfer->keep_body) {
    http.body.append(data, std::min(length, transfer->keep_body - http.body.size()));
  }
  return length;
}

int OnDebug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_OUT) return 0;
  auto* transfer = static_cast<Transfer*>(user);
  std::string text(data, size);
  size_t start = 0;
  while (start < text.size() && transfer->http->request_headers.size() < kMaxVerboseLines) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find(':') != std::string::npos && IsSecretHeaderName(line.substr(0, line.find(':')))) {
      line = line.substr(0, line.find(':')) + ": [redacted]";
    }
    if (!line.empty()) transfer->http->request_headers.push_back(line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return 0;
}

std::string HostForUrl(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

double Seconds(curl_off_t microseconds) { return static_cast<double>(microseconds) / 1e6; }

curl_off_t TimeInfo(CURL* handle, CURLINFO info) {
  curl_off_t value = 0;
  if (curl_easy_getinfo(handle, info, &value) != CURLE_OK) return 0;
  return value;
}

double SecondsLeft(Clock::time_point deadline) {
  return std::chrono::duration<double>(deadline - Clock::now()).count();
}

// libcurl's CURLOPT_RESOLVE entry that sends `host`:`port` to the addresses we already resolved.
std::string ResolveEntry(const std::string& host, int port, const std::vector<std::string>& addresses) {
  std::string entry = host + ":" + std::to_string(port) + ":";
  for (size_t i = 0; i < addresses.size(); ++i) entry += (i > 0 ? "," : "") + HostForUrl(addresses[i]);
  return entry;
}

// Everything the libcurl handle of one probe points to, alive as long as the handle: declared last, the
// handle is cleaned up first.
struct Session {
  Slist resolve;
  Slist headers;
  TlsSetup tls;
  Transfer transfer;
  char error_buffer[CURL_ERROR_SIZE] = {};
  Clock::time_point perform_start;  // of the current hop
  CurlHandle handle;
};

// libcurl (and through it OpenSSL, with the system's openssl.cnf) is set up only once a connection will be
// made: --help, --version, usage errors and DNS failures never pay for it (2.3 M instructions).
// Reference-counted, so a caller that set libcurl up already loses nothing. Never cleaned up: the process
// ends right after the check.
// Before that, OpenSSL is told not to load libcrypto's 4,000 error strings, which it otherwise does the
// first time any error is recorded, success or not (1.0 M instructions a check). libssl loads its own
// strings, which name every TLS failure, when libcurl makes the TLS context; DescribeOpenSslErrors says
// the rest from the error code. A no-op when OpenSSL was set up before (then the strings are there).
CurlHandle StartLibcurl() {
  OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, nullptr);
  return CurlHandle(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? curl_easy_init() : nullptr);
}

// The callbacks that receive the answer (and, with -vv, the request headers sent) into `transfer`.
void AttachTransfer(CURL* handle, Transfer* transfer) {
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, transfer);
  if (transfer->keep_verbose) {
    curl_easy_setopt(handle, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, &OnDebug);
    curl_easy_setopt(handle, CURLOPT_DEBUGDATA, transfer);
  }
}

// Sets up `session`'s handle for `config`: what the callbacks keep, our TLS verification, and every option
// that stays the same across redirects.
void ConfigureSession(const Config& config, const Secret& secret, ProbeOutcome* outcome, Session* session) {
  session->tls.verifier.policy = {config.hostname, config.pins_sha256, config.insecure};
  session->tls.tls_min_version = config.tls_min_version;
  Transfer& transfer = session->transfer;
  transfer.http = &outcome->http;
  transfer.max_body = config.max_body;
  transfer.keep_body = !config.ChecksBody() ? kBodySnippetBytes : std::min(config.max_body, kBodyMatchBytes);
  transfer.keep_verbose = config.verbosity >= 2 || !config.expect_headers.empty();  // -vv or --expect-header
  session->headers = Append(Slist(), "Expect:");
  for (const std::string& header : config.headers) session->headers = Append(std::move(session->headers), header);
  if (!outcome->addresses.empty()) {
    session->resolve = Append(Slist(), ResolveEntry(config.hostname, config.EffectivePort(), outcome->addresses));
  }
  CURL* handle = session->handle.get();
  ConfigureHandle(handle, config, secret, &session->tls, session->headers.get(), session->resolve.get(),
                  session->error_buffer);
  AttachTransfer(handle, &transfer);
  // OpenSSL builds its random generator (and, with it, its cipher tables) on first use: about 5.7 M
  // instructions, 1-2 ms. libcurl would do that after the TCP connect, inside the TLS phase; done here, the
  // TLS phase measures the handshake rather than our own set-up. It costs nothing extra.
  if (config.tls) (void)RAND_status();
}

// One request, to `url`, within `left` seconds in all and `connect_left` for the connection.
CURLcode Perform(Session* session, const std::string& url, double left, double connect_left) {
  CURL* handle = session->handle.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(left * 1000));
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(connect_left, left) * 1000));
  session->error_buffer[0] = '\0';
  session->perform_start = Clock::now();
  return curl_easy_perform(handle);
}

// The phase times of the request just made, into `outcome` (TCP and TLS: the first request's); returns
// the request's total time.
double ReadTimings(const Session& session, bool first_hop, bool tls, ProbeOutcome* outcome) {
  CURL* h = session.handle.get();
  curl_off_t connect_at = TimeInfo(h, CURLINFO_CONNECT_TIME_T);
  curl_off_t tls_at = TimeInfo(h, CURLINFO_APPCONNECT_TIME_T);
  curl_off_t pretransfer_at = TimeInfo(h, CURLINFO_PRETRANSFER_TIME_T);
  curl_off_t first_byte_at = TimeInfo(h, CURLINFO_STARTTRANSFER_TIME_T);
  curl_off_t lookup_at = TimeInfo(h, CURLINFO_NAMELOOKUP_TIME_T);
  const double total = Seconds(TimeInfo(h, CURLINFO_TOTAL_TIME_T));
  if (first_hop) {
    if (connect_at > 0) {
      outcome->phases.connect = Seconds(connect_at - lookup_at);
    } else if (session.tls.started) {
      outcome->phases.connect = std::chrono::duration<double>(session.tls.started_at - session.perform_start).count();
    }
    if (tls && tls_at > 0) {
      outcome->phases.tls = Seconds(tls_at - connect_at);
      outcome->tls.handshake_done = true;
    }
  }
  outcome->http.request_sent = pretransfer_at > 0;
  // libcurl stamps the start of the transfer at the first byte read from the server (once per request),
  // before any header line is complete.
  outcome->http.bytes_received = first_byte_at > 0;
  outcome->phases.ttfb.reset();
  if (first_byte_at > 0 && outcome->http.response_started)
    outcome->phases.ttfb = Seconds(first_byte_at - pretransfer_at);
  return total;
}

// What the TLS callbacks saw, and the peer and errno libcurl recorded, into `outcome`.
void ReadFacts(const Session& session, ProbeOutcome* outcome) {
  const TlsFacts& verified = session.tls.verifier.facts;
  outcome->tls.certificate_seen = verified.certificate_seen;
  if (verified.certificate_seen) {
    bool done = outcome->tls.handshake_done;
    outcome->tls = verified;
    outcome->tls.handshake_done = done;
  }
  // The version and cipher the server chose, from its ServerHello: during certificate verification,
  // OpenSSL does not yet name the cipher of a TLS 1.2 handshake.
  outcome->handshake = session.tls.observer.facts;
  if (!outcome->handshake.protocol.empty()) outcome->tls.protocol = outcome->handshake.protocol;
  if (!outcome->handshake.cipher.empty()) outcome->tls.cipher = outcome->handshake.cipher;
  CURL* h = session.handle.get();
  char* ip = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr && ip[0] != '\0') {
    outcome->connected_address = ip;
    long peer_port = 0;
    curl_easy_getinfo(h, CURLINFO_PRIMARY_PORT, &peer_port);
    outcome->connected_port = static_cast<int>(peer_port);
  }
  long os_error = 0;
  curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_error);
  outcome->os_error = static_cast<int>(os_error);
}

// libcurl's error text and the failure of the request just made, into `outcome`.
void ClassifyHop(const Config& config, CURLcode code, const Session& session, ProbeOutcome* outcome) {
  const char* text = session.error_buffer[0] != '\0' ? session.error_buffer : curl_easy_strerror(code);
  outcome->detail = DescribeOpenSslErrors(text);
  TransferEnd end = EndOfTransfer(config, code, *outcome);
  end.headers_too_large = session.transfer.headers_too_large;
  end.body_too_large = session.transfer.body_too_large;
  const Classification verdict = Classify(end);
  outcome->failure = verdict.failure;
  outcome->reset = verdict.reset;
  if (verdict.failure == Failure::kTimeout) outcome->timed_out_in = verdict.timed_out_in;
  if (verdict.detail != nullptr) outcome->detail = verdict.detail;
  if (code == CURLE_OK) outcome->detail.clear();
}

// With --follow, after an answer: the URL of the next request, or nullopt when there is none to make (no
// redirect, or one refused: then the failure is recorded in `outcome`). `hop` counts the requests made.
std::optional<std::string> FollowRedirect(const Config& config, int hop, const std::string& url, Session* session,
                                          ProbeOutcome* outcome) {
  const int status = outcome->http.status;
  if (!config.follow || status < 300 || status > 399 || outcome->http.location.empty()) return std::nullopt;
  CURL* h = session->handle.get();
  char* next = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &next) != CURLE_OK || next == nullptr) return std::nullopt;
  std::string next_url = next;
  std::string why;
  if (hop >= config.max_redirects) {
    outcome->failure = Failure::kHttpTooManyRedirects;
    outcome->detail = next_url;
    return std::nullopt;
  }
  if (!RedirectAllowed(url, next_url, config.hostname, &why)) {
    outcome->failure = Failure::kHttpRedirectRefused;
    outcome->detail = why;
    return std::nullopt;
  }
  // The same host, maybe another port: tell libcurl the addresses we already resolved for it.
  if (const int port = outcome->addresses.empty() ? 0 : RedirectPort(next_url); port > 0) {
    session->resolve = Append(std::move(session->resolve), ResolveEntry(config.hostname, port, outcome->addresses));
    curl_easy_setopt(h, CURLOPT_RESOLVE, session->resolve.get());
  }
  std::vector<std::string> redirects = std::move(outcome->http.redirects_followed);
  redirects.push_back(next_url);
  outcome->http = HttpFacts();
  outcome->http.redirects_followed = std::move(redirects);
  return next_url;
}

}  // namespace

ProbeOutcome RunProbe(const Config& config, const Secret& secret, Clock::time_point deadline) {
  ProbeOutcome outcome;
  const Clock::time_point start = Clock::now();
  const double connect_limit = config.connect_timeout_s > 0 ? config.connect_timeout_s : config.timeout_s;
  outcome.url = std::string(config.tls ? "https://" : "http://") + HostForUrl(config.hostname) + ":" +
                std::to_string(config.EffectivePort()) + config.uri;
  double dns_seconds = 0;
  if (!ResolveTarget(config, std::min(connect_limit, SecondsLeft(deadline)), &outcome, &dns_seconds)) {
    outcome.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
    outcome.phases.total = outcome.elapsed_s;
    return outcome;
  }
  Session session;
  session.handle = StartLibcurl();
  if (!session.handle) {
    outcome.failure = Failure::kInternal;
    outcome.detail = "libcurl could not be initialised";
    return outcome;
  }
  ConfigureSession(config, secret, &outcome, &session);

  std::string url = outcome.url;
  double transfer_seconds = 0;
  for (int hop = 0;; ++hop) {
    const double left = SecondsLeft(deadline);
    if (left <= 0.001) {
      outcome.failure = Failure::kTimeout;
      outcome.timed_out_in = Layer::kHttp;
      break;
    }
    const CURLcode code = Perform(&session, url, left, std::max(0.001, connect_limit - dns_seconds));
    transfer_seconds += ReadTimings(session, hop == 0, config.tls, &outcome);
    ReadFacts(session, &outcome);
    ClassifyHop(config, code, session, &outcome);
    if (outcome.failure != Failure::kNone) break;
    std::optional<std::string> next = FollowRedirect(config, hop, url, &session, &outcome);
    if (!next) break;
    url = std::move(*next);
  }
  outcome.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  outcome.phases.total = dns_seconds + transfer_seconds;
  if (outcome.failure == Failure::kTimeout) outcome.phases.total = outcome.elapsed_s;
  return outcome;
}

}  // namespace dmk
