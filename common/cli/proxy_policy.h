// Proxy policy: which proxy, if any, a check goes through. A check must test the path it was configured for,
// so the proxy variables that libcurl would otherwise read from the environment (http_proxy, https_proxy,
// all_proxy, no_proxy, and their upper-case forms) count only with --proxy-from-env. The choice is
// made here, once, and handed to libcurl explicitly (an empty CURLOPT_PROXY when there is none, which stops
// libcurl from reading the environment itself), so the long output can say which proxy was used.
#ifndef DMK_COMMON_CLI_PROXY_POLICY_H_
#define DMK_COMMON_CLI_PROXY_POLICY_H_

#include <optional>
#include <string>
#include <string_view>

#include "common/base/env_lookup.h"
#include "common/base/input_status.h"
#include "common/model/config.h"

namespace dmk {

// What the user asked for.
struct ProxyRequest {
  std::string proxy;      // --proxy URL (already checked by the options); empty: none
  std::string noproxy;    // --noproxy LIST
  bool from_env = false;  // --proxy-from-env
};

// Fills config->proxy, proxy_source, proxy_variable, noproxy and noproxy_match from `request`, the
// environment and config->hostname / config->tls: --proxy first; else, with --proxy-from-env, the variable
// libcurl 7.88 would read for the URL's scheme (https_proxy or HTTPS_PROXY for https, only the lower-case
// http_proxy for http, then all_proxy or ALL_PROXY; an empty value counts as unset; a value without a scheme
// means http://), with no_proxy or NO_PROXY as its exception list. A host that matches the exception list
// (--noproxy, or no_proxy with --proxy-from-env) is connected to directly. Without --proxy-from-env the
// first proxy variable that is set is remembered in proxy_variable, so the long output can say it was
// ignored. Fails only when the request contradicts itself (--proxy with --proxy-from-env, --noproxy with
// neither); a proxy from the environment that libcurl cannot use shows as a proxy failure of the check.
Status ChooseProxy(const ProxyRequest& request, const EnvLookup& env, Config* config);

// True when `host` matches an entry of the no-proxy `list`, by libcurl 7.88's rules (lib/noproxy.c): "*"
// alone matches every host; entries are separated by commas or blanks; a name matches itself and the names
// under it, case-insensitively, leading and trailing dots ignored; an IP address matches an equal address
// or a CIDR range (10.0.0.0/8, fd00::/8). The matching entry goes to `*entry`.
bool NoProxyMatches(std::string_view list, std::string_view host, std::string* entry);

}  // namespace dmk

#endif  // DMK_COMMON_CLI_PROXY_POLICY_H_
