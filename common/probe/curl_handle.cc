#include "common/probe/curl_handle.h"

#include <openssl/ssl.h>

#include <string>

#include "common/model/proxy_url.h"

#ifndef DMK_VERSION
#error "DMK_VERSION must be defined by the build"
#endif

namespace dmk {

namespace {

constexpr const char* kSystemCaPath = "/etc/ssl/certs";

CURLcode OnSslContext(CURL*, void* ssl_context, void* user) {
  auto* setup = static_cast<TlsSetup*>(user);
  setup->started = true;
  setup->started_at = std::chrono::steady_clock::now();
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

void ConfigureConnection(CURL* handle, const Config& config, curl_slist* headers, curl_slist* resolve,
                         char* error_buffer) {
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
  curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(config.max_body));
}

void ConfigureRequest(CURL* handle, const Config& config, const Secret& secret) {
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
}

// Always set, both: libcurl reads http_proxy, https_proxy, all_proxy and no_proxy from the environment
// unless these are set; "" means no proxy, and no exceptions (CURLOPT_PROXY(3), CURLOPT_NOPROXY(3)). The
// proxy, and --noproxy, were decided once by the options (proxy_policy.h). libcurl gets the proxy as
// ParseProxyUrl splits it, so it connects where the messages say and sends the user and password the
// administrator wrote, whatever '@', ':' or '/' they hold.
void ConfigureProxy(CURL* handle, const Config& config) {
  const ProxyUrl proxy = ParseProxyUrl(config.proxy);
  curl_easy_setopt(handle, CURLOPT_PROXY, proxy.display.c_str());
  curl_easy_setopt(handle, CURLOPT_NOPROXY, "");
  if (proxy.has_userinfo) {
    curl_easy_setopt(handle, CURLOPT_PROXYUSERNAME, proxy.user.c_str());
    curl_easy_setopt(handle, CURLOPT_PROXYPASSWORD, proxy.password.c_str());
  }
}

void ConfigureTls(CURL* handle, const Config& config, TlsSetup* tls_setup) {
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
                   !config.ca_path.empty() ? config.ca_path.c_str()
                   : custom                ? nullptr
                                           : kSystemCaPath);
  if (!config.client_cert.empty()) {
    curl_easy_setopt(handle, CURLOPT_SSLCERT, config.client_cert.c_str());
    curl_easy_setopt(handle, CURLOPT_SSLKEY,
                     config.client_key.empty() ? config.client_cert.c_str() : config.client_key.c_str());
  }
}

}  // namespace

void ConfigureHandle(CURL* handle, const Config& config, const Secret& secret, TlsSetup* tls_setup, curl_slist* headers,
                     curl_slist* resolve, char* error_buffer) {
  ConfigureConnection(handle, config, headers, resolve, error_buffer);
  ConfigureRequest(handle, config, secret);
  ConfigureProxy(handle, config);
  if (config.tls) ConfigureTls(handle, config, tls_setup);
}

}  // namespace dmk
