#include "common/probe.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "common/classify.h"
#include "common/openssl_error.h"
#include "common/proxy_url.h"
#include "common/resolve.h"
#include "common/tls_observer.h"
#include "common/tls_verify.h"

#ifndef DMK_VERSION
#error "DMK_VERSION must be defined by the build"
#endif

namespace dmk {

namespace {

using Clock = std::chrono::steady_clock;

// Bounds on what a server can make us hold: headers beyond this are a hostile or broken server.
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
// The body bytes kept for messages and -vvv when --expect-body does not need all of it.
constexpr std::size_t kBodySnippetBytes = 4096;
// With --expect-body the body is kept for the match, up to this much (options.cc, --help): a DMK API answer is
// a few KiB, and --max-body may allow up to 1 GiB.
constexpr std::size_t kBodyMatchBytes = 1024 * 1024;
constexpr std::size_t kMaxVerboseLines = 200;
constexpr const char* kSystemCaPath = "/etc/ssl/certs";

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
      http.reason = line.size() > space + 5 ? line.substr(space + 5) : "";
    }
  } else if (line.empty()) {
    // Only a final answer ends the headers: 1xx answers are interim (RFC 9110 section 15.2), and a
    // server that sends nothing but them has not answered.
    http.headers_done = http.status >= 200;
  } else {
    std::string lower = line.substr(0, line.find(':'));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
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

// libcurl sets up TLS only once the TCP connection is established, so this callback also marks the end
// of the TCP phase: libcurl reports no connect time when the handshake that follows times out.
struct TlsSetup {
  TlsVerifier verifier;
  TlsObserver observer;
  int tls_min_version = 0;  // --tls-min
  bool started = false;
  Clock::time_point started_at;
};

CURLcode OnSslContext(CURL*, void* ssl_context, void* user) {
  auto* setup = static_cast<TlsSetup*>(user);
  setup->started = true;
  setup->started_at = Clock::now();
  InstallVerifier(static_cast<SSL_CTX*>(ssl_context), &setup->verifier);
  InstallObserver(static_cast<SSL_CTX*>(ssl_context), &setup->observer);
  return CURLE_OK;
}

// Called once the connection (and its handshake) is up, before the request is sent: a handshake that
// completed below --tls-min ends here, so nothing (credentials included) travels over it.
int OnConnected(void* user, char*, char*, int, int) {
  auto* setup = static_cast<TlsSetup*>(user);
  HandshakeFacts& facts = setup->observer.facts;
  if (facts.server_version == 0 || facts.server_version >= setup->tls_min_version) return CURL_PREREQFUNC_OK;
  facts.below_minimum = true;
  return CURL_PREREQFUNC_ABORT;
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

// Decides whether a redirect may be followed: http/https only, the same host, never https to http.
bool RedirectAllowed(const std::string& from_url, const std::string& to_url, const std::string& host,
                     std::string* why) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), &curl_url_cleanup);
  if (!url || curl_url_set(url.get(), CURLUPART_URL, to_url.c_str(), 0) != CURLUE_OK) {
    *why = "the Location is not a valid URL";
    return false;
  }
  char* scheme = nullptr;
  char* to_host = nullptr;
  curl_url_get(url.get(), CURLUPART_SCHEME, &scheme, 0);
  curl_url_get(url.get(), CURLUPART_HOST, &to_host, 0);
  std::string scheme_text = scheme != nullptr ? scheme : "";
  std::string host_text = to_host != nullptr ? to_host : "";
  curl_free(scheme);
  curl_free(to_host);
  if (scheme_text != "http" && scheme_text != "https") {
    *why = "only http and https redirects are followed";
    return false;
  }
  if (from_url.rfind("https:", 0) == 0 && scheme_text == "http") {
    *why = "it downgrades https to plain http";
    return false;
  }
  std::string bare_host = host_text;
  if (bare_host.size() > 2 && bare_host.front() == '[') bare_host = bare_host.substr(1, bare_host.size() - 2);
  if (strcasecmp(bare_host.c_str(), host.c_str()) != 0) {
    *why = "it leads to another host";
    return false;
  }
  return true;
}

// Sets every option that does not change between redirects.
void ConfigureHandle(CURL* handle, const Config& config, const Secret& secret, Transfer* transfer,
                     TlsSetup* tls_setup, curl_slist* headers, curl_slist* resolve, char* error_buffer) {
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(handle, CURLOPT_USERAGENT, "check_dmk_community/" DMK_VERSION);
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  if (resolve != nullptr) curl_easy_setopt(handle, CURLOPT_RESOLVE, resolve);
  curl_easy_setopt(handle, CURLOPT_IPRESOLVE,
                   config.ip_version == 4   ? CURL_IPRESOLVE_V4
                   : config.ip_version == 6 ? CURL_IPRESOLVE_V6
                                            : CURL_IPRESOLVE_WHATEVER);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, transfer);
  curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(config.max_body));
  if (config.verbosity >= 2) {
    curl_easy_setopt(handle, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, &OnDebug);
    curl_easy_setopt(handle, CURLOPT_DEBUGDATA, transfer);
  }
  if (config.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else if (config.method == "POST") {
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    const std::string& body = config.body ? *config.body : std::string();
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, body.c_str());
  }
  if (secret.type == AuthType::kBasic) {
    curl_easy_setopt(handle, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(handle, CURLOPT_USERNAME, secret.user.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, secret.password.c_str());
  } else if (secret.type == AuthType::kBearer) {
    curl_easy_setopt(handle, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
    curl_easy_setopt(handle, CURLOPT_XOAUTH2_BEARER, secret.token.c_str());
  }
  // Always set, both: libcurl reads http_proxy, https_proxy, all_proxy and no_proxy from the environment
  // unless these are set; "" means no proxy, and no exceptions (CURLOPT_PROXY(3), CURLOPT_NOPROXY(3)). The
  // proxy, and --noproxy, were decided once by the options (proxy_policy.h). libcurl gets the proxy as
  // ParseProxyUrl splits it, so it connects where the messages say and sends the user and password the
  // administrator wrote, whatever '@', ':' or '/' they hold.
  const ProxyUrl proxy = ParseProxyUrl(config.proxy);
  curl_easy_setopt(handle, CURLOPT_PROXY, proxy.display.c_str());
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "");
  if (proxy.has_userinfo) {
    curl_easy_setopt(handle, CURLOPT_PROXYUSERNAME, proxy.user.c_str());
    curl_easy_setopt(handle, CURLOPT_PROXYPASSWORD, proxy.password.c_str());
  }
  if (config.tls) {
    // Verification is ours (tls_verify.h): libcurl must let our callback decide, and must not check the
    // host name a second time, or a pinned certificate for another name would be refused.
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(handle, CURLOPT_SSL_CTX_FUNCTION, &OnSslContext);
    curl_easy_setopt(handle, CURLOPT_SSL_CTX_DATA, tls_setup);
    if (config.tls_min_version != 0) {
      curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, &OnConnected);
      curl_easy_setopt(handle, CURLOPT_PREREQDATA, tls_setup);
    }
    // The system store is used as a hashed directory: a lookup by subject hash costs almost nothing,
    // where parsing the whole bundle file costs tens of milliseconds of CPU on every check.
    bool custom = !config.ca_file.empty() || !config.ca_path.empty();
    curl_easy_setopt(handle, CURLOPT_CAINFO, config.ca_file.empty() ? nullptr : config.ca_file.c_str());
    curl_easy_setopt(handle, CURLOPT_CAPATH,
                     !config.ca_path.empty() ? config.ca_path.c_str() : custom ? nullptr : kSystemCaPath);
    if (!config.client_cert.empty()) {
      curl_easy_setopt(handle, CURLOPT_SSLCERT, config.client_cert.c_str());
      curl_easy_setopt(handle, CURLOPT_SSLKEY,
                       config.client_key.empty() ? config.client_cert.c_str() : config.client_key.c_str());
    }
  }
}

}  // namespace

ProbeOutcome RunProbe(const Config& config, const Secret& secret, Clock::time_point deadline) {
  ProbeOutcome outcome;
  const Clock::time_point start = Clock::now();
  auto remaining = [&] { return std::chrono::duration<double>(deadline - Clock::now()).count(); };
  const double connect_limit = config.connect_timeout_s > 0 ? config.connect_timeout_s : config.timeout_s;
  const int port = config.EffectivePort();
  outcome.url = std::string(config.tls ? "https://" : "http://") + HostForUrl(config.hostname) + ":" +
                std::to_string(port) + config.uri;

  // DNS. With --address there is nothing to look up; behind a proxy, the proxy resolves.
  double dns_seconds = 0;
  Slist resolve;
  in6_addr literal{};
  const bool host_is_ip = inet_pton(AF_INET, config.hostname.c_str(), &literal) == 1 ||
                          inet_pton(AF_INET6, config.hostname.c_str(), &literal) == 1;
  if (!config.address.empty()) {
    outcome.dns_skipped = true;
    outcome.addresses = {config.address};
  } else if (host_is_ip) {
    outcome.dns_skipped = true;  // libcurl connects to the literal itself
  } else if (!config.proxy.empty()) {
    outcome.dns_skipped = true;
  } else {
    Resolution resolution = Resolve(config.hostname, config.ip_version, std::min(connect_limit, remaining()));
    dns_seconds = resolution.seconds;
    outcome.addresses = resolution.addresses;
    outcome.detail = resolution.detail;
    if (resolution.failure != Failure::kNone) {
      outcome.failure = resolution.failure;
      outcome.timed_out_in = Layer::kDns;
      outcome.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
      outcome.phases.total = outcome.elapsed_s;
      return outcome;
    }
    outcome.phases.dns = dns_seconds;
  }
  auto resolve_entry = [&](int entry_port) {
    std::string entry = config.hostname + ":" + std::to_string(entry_port) + ":";
    for (size_t i = 0; i < outcome.addresses.size(); ++i) {
      entry += (i > 0 ? "," : "") + HostForUrl(outcome.addresses[i]);
    }
    return entry;
  };
  if (!outcome.addresses.empty()) resolve = Append(std::move(resolve), resolve_entry(port));

  Slist headers = Append(Slist(), "Expect:");
  for (const std::string& header : config.headers) headers = Append(std::move(headers), header);

  // libcurl (and through it OpenSSL, with the system's openssl.cnf) is set up only now that a connection
  // will be made: --help, --version, usage errors and DNS failures never pay for it (2.3 M instructions).
  // Reference-counted, so a caller that set libcurl up already loses nothing. Never cleaned up: the
  // process ends right after the check.
  // Before that, OpenSSL is told not to load libcrypto's 4,000 error strings, which it otherwise does the
  // first time any error is recorded, success or not (1.0 M instructions a check). libssl loads its own
  // strings, which name every TLS failure, when libcurl makes the TLS context; DescribeOpenSslErrors says
  // the rest from the error code. A no-op when OpenSSL was set up before (then the strings are there).
  OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, nullptr);
  CurlHandle handle(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? curl_easy_init() : nullptr);
  if (!handle) {
    outcome.failure = Failure::kInternal;
    outcome.detail = "libcurl could not be initialised";
    return outcome;
  }
  TlsSetup tls_setup;
  TlsVerifier& verifier = tls_setup.verifier;
  verifier.policy = {config.hostname, config.pins_sha256, config.insecure};
  tls_setup.tls_min_version = config.tls_min_version;
  Transfer transfer;
  transfer.http = &outcome.http;
  transfer.max_body = config.max_body;
  transfer.keep_body = config.expect_body.empty() ? kBodySnippetBytes : std::min(config.max_body, kBodyMatchBytes);
  transfer.keep_verbose = config.verbosity >= 2;
  char error_buffer[CURL_ERROR_SIZE] = {};
  ConfigureHandle(handle.get(), config, secret, &transfer, &tls_setup, headers.get(), resolve.get(), error_buffer);

  // OpenSSL builds its random generator (and, with it, its cipher tables) on first use: about 5.7 M
  // instructions, 1-2 ms. libcurl would do that after the TCP connect, inside the TLS phase; done here, the
  // TLS phase measures the handshake rather than our own set-up. It costs nothing extra.
  if (config.tls) (void)RAND_status();

  std::string url = outcome.url;
  double transfer_seconds = 0;
  for (int hop = 0;; ++hop) {
    double left = remaining();
    if (left <= 0.001) {
      outcome.failure = Failure::kTimeout;
      outcome.timed_out_in = Layer::kHttp;
      break;
    }
    double connect_left = std::max(0.001, connect_limit - dns_seconds);
    curl_easy_setopt(handle.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(left * 1000));
    curl_easy_setopt(handle.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(connect_left, left) * 1000));
    error_buffer[0] = '\0';
    const Clock::time_point perform_start = Clock::now();
    CURLcode code = curl_easy_perform(handle.get());

    CURL* h = handle.get();
    curl_off_t connect_at = TimeInfo(h, CURLINFO_CONNECT_TIME_T);
    curl_off_t tls_at = TimeInfo(h, CURLINFO_APPCONNECT_TIME_T);
    curl_off_t pretransfer_at = TimeInfo(h, CURLINFO_PRETRANSFER_TIME_T);
    curl_off_t first_byte_at = TimeInfo(h, CURLINFO_STARTTRANSFER_TIME_T);
    curl_off_t lookup_at = TimeInfo(h, CURLINFO_NAMELOOKUP_TIME_T);
    transfer_seconds += Seconds(TimeInfo(h, CURLINFO_TOTAL_TIME_T));
    if (hop == 0) {
      if (connect_at > 0) {
        outcome.phases.connect = Seconds(connect_at - lookup_at);
      } else if (tls_setup.started) {
        outcome.phases.connect = std::chrono::duration<double>(tls_setup.started_at - perform_start).count();
      }
      if (config.tls && tls_at > 0) {
        outcome.phases.tls = Seconds(tls_at - connect_at);
        outcome.tls.handshake_done = true;
      }
    }
    outcome.tls.certificate_seen = verifier.facts.certificate_seen;
    if (verifier.facts.certificate_seen) {
      bool done = outcome.tls.handshake_done;
      outcome.tls = verifier.facts;
      outcome.tls.handshake_done = done;
    }
    // The version and cipher the server chose, from its ServerHello: during certificate verification,
    // OpenSSL does not yet name the cipher of a TLS 1.2 handshake.
    outcome.handshake = tls_setup.observer.facts;
    if (!outcome.handshake.protocol.empty()) outcome.tls.protocol = outcome.handshake.protocol;
    if (!outcome.handshake.cipher.empty()) outcome.tls.cipher = outcome.handshake.cipher;
    outcome.http.request_sent = pretransfer_at > 0;
    // libcurl stamps the start of the transfer at the first byte read from the server (once per request),
    // before any header line is complete.
    outcome.http.bytes_received = first_byte_at > 0;
    outcome.phases.ttfb.reset();
    if (first_byte_at > 0 && outcome.http.response_started) outcome.phases.ttfb = Seconds(first_byte_at - pretransfer_at);
    char* ip = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr && ip[0] != '\0') {
      outcome.connected_address = ip;
      long peer_port = 0;
      curl_easy_getinfo(h, CURLINFO_PRIMARY_PORT, &peer_port);
      outcome.connected_port = static_cast<int>(peer_port);
    }
    long os_error = 0;
    curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_error);
    outcome.os_error = static_cast<int>(os_error);
    outcome.detail = DescribeOpenSslErrors(error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code));
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
    end.headers_too_large = transfer.headers_too_large;
    end.body_too_large = transfer.body_too_large;
    const Classification verdict = Classify(end);
    outcome.failure = verdict.failure;
    outcome.reset = verdict.reset;
    if (verdict.failure == Failure::kTimeout) outcome.timed_out_in = verdict.timed_out_in;
    if (verdict.detail != nullptr) outcome.detail = verdict.detail;
    if (code == CURLE_OK) outcome.detail.clear();
    if (outcome.failure != Failure::kNone) break;

    const int status = outcome.http.status;
    if (!config.follow || status < 300 || status > 399 || outcome.http.location.empty()) break;
    char* next = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &next) != CURLE_OK || next == nullptr) break;
    std::string next_url = next;
    std::string why;
    if (hop >= config.max_redirects) {
      outcome.failure = Failure::kHttpTooManyRedirects;
      outcome.detail = next_url;
      break;
    }
    if (!RedirectAllowed(url, next_url, config.hostname, &why)) {
      outcome.failure = Failure::kHttpRedirectRefused;
      outcome.detail = why;
      break;
    }
    outcome.http.redirects_followed.push_back(next_url);
    // The same host, maybe another port: tell libcurl the addresses we already resolved for it.
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
    char* next_port = nullptr;
    if (parsed && curl_url_set(parsed.get(), CURLUPART_URL, next_url.c_str(), 0) == CURLUE_OK &&
        curl_url_get(parsed.get(), CURLUPART_PORT, &next_port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
      if (!outcome.addresses.empty()) {
        resolve = Append(std::move(resolve), resolve_entry(std::atoi(next_port)));
        curl_easy_setopt(h, CURLOPT_RESOLVE, resolve.get());
      }
      curl_free(next_port);
    }
    url = next_url;
    std::vector<std::string> redirects = std::move(outcome.http.redirects_followed);
    outcome.http = HttpFacts();
    outcome.http.redirects_followed = std::move(redirects);
  }
  outcome.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  outcome.phases.total = dns_seconds + transfer_seconds;
  if (outcome.failure == Failure::kTimeout) outcome.phases.total = outcome.elapsed_s;
  return outcome;
}

}  // namespace dmk
