// Config: everything one check run was asked to do, as plain data. Filled by ParseOptions (options.h),
// read by the probe, the evaluation and the rendering; it holds no secret (see secret.h and credentials.h).
#ifndef DMK_COMMON_MODEL_CONFIG_H_
#define DMK_COMMON_MODEL_CONFIG_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/base/plugin_state.h"
#include "common/base/range.h"
#include "common/model/cert_life.h"
#include "common/model/header_assert.h"
#include "common/model/json_assert.h"

namespace dmk {

enum class AuthType { kNone, kBasic, kBearer };

// Where the proxy of a check came from (common/cli/proxy_policy.h).
enum class ProxySource { kNone, kOption, kEnvironment };

// One accepted status: a code (200..200) or a class such as 3xx (300..399).
struct StatusSpan {
  int low = 0;
  int high = 0;
};

struct Thresholds {
  std::optional<Range> warning;
  std::optional<Range> critical;
};

struct Config {
  // Target.
  std::string hostname;
  std::string address;  // --address: connect here, skip DNS
  int ip_version = 0;   // 0: any, 4 or 6
  int port = 0;         // 0: 443, or 80 with --no-tls
  std::string community;

  // TLS.
  bool tls = true;
  std::string ca_file;
  std::string ca_path;
  std::vector<std::string> pins_sha256;  // base64, without the "sha256//" prefix
  bool insecure = false;
  CertLimits cert_limits;                 // --cert-warning, --cert-critical; unset: the lifetime rule (cert_life.h)
  State cn_only_state = State::kWarning;  // the host name only in the certificate's Common Name
  std::string client_cert;
  std::string client_key;
  int tls_min_version = 0;  // --tls-min as a TLS wire version (0x0303: 1.2); 0: what this host's OpenSSL allows

  // HTTP and API.
  std::string uri = "/";
  std::string method = "GET";
  std::vector<std::string> headers;
  std::optional<std::string> body;
  std::vector<StatusSpan> expect_status = {{200, 299}};
  std::string expect_status_text = "2xx";
  std::string expect_body;  // POSIX extended regular expression; empty: no body check
  JsonChecks json;          // --expect-json, --json-warning, --json-critical
  std::string reject_body;  // POSIX extended regular expression; a match is a problem; empty: none
  State reject_body_state = State::kCritical;
  std::vector<HeaderAssertion> expect_headers;  // --expect-header
  AuthType auth = AuthType::kNone;
  std::string credentials_file;
  std::string credentials_env;
  bool follow = false;
  int max_redirects = 5;
  std::size_t max_body = 1024 * 1024;
  // The proxy decision (common/cli/proxy_policy.h), made once by the options and only read afterwards.
  std::string proxy;  // the proxy the check goes through; empty: a direct connection
  ProxySource proxy_source = ProxySource::kNone;
  std::string proxy_variable;   // kEnvironment: the variable `proxy` came from; kNone: one set and ignored
  bool proxy_from_env = false;  // --proxy-from-env
  std::string noproxy;          // --noproxy, or no_proxy / NO_PROXY with --proxy-from-env
  std::string noproxy_source;   // "--noproxy" or the variable's name
  std::string noproxy_match;    // the entry of `noproxy` that matched --hostname: the proxy was bypassed

  // Time.
  double timeout_s = 10;
  double connect_timeout_s = 0;  // 0: same as timeout_s
  State timeout_state = State::kCritical;

  // Thresholds on phase durations, seconds.
  Thresholds total;
  Thresholds dns;
  Thresholds connect;
  Thresholds tls_handshake;
  Thresholds ttfb;

  int verbosity = 0;

  // The checks that need the whole body (up to 1 MiB), not just the first bytes kept for messages.
  bool ChecksBody() const { return !expect_body.empty() || !reject_body.empty() || !json.empty(); }
  int EffectivePort() const { return port != 0 ? port : (tls ? 443 : 80); }
  const std::string& DisplayName() const { return community.empty() ? hostname : community; }
};

// Names the version in --version and the User-Agent.
inline constexpr const char* kPluginName = "check_dmk_community";

}  // namespace dmk

#endif  // DMK_COMMON_MODEL_CONFIG_H_
