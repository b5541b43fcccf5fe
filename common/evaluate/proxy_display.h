// Proxy display: how the proxy of a check is named in its output, without the user:password of its URL.
// Read by the evaluation steps; the decision itself is proxy_policy.h's, the URL's parts proxy_url.h's.
#ifndef DMK_COMMON_EVALUATE_PROXY_DISPLAY_H_
#define DMK_COMMON_EVALUATE_PROXY_DISPLAY_H_

#include <optional>
#include <string>

#include "common/model/config.h"

namespace dmk {

// The long-output line that says which proxy the check used and why: from --proxy, from which environment
// variable, none because the host matched a no-proxy list, or none although a proxy variable was set
// (ignored without --proxy-from-env). Nothing when no proxy was asked for or in sight.
std::optional<std::string> DescribeProxy(const Config& config);

// The URL of a proxy without its user:password, for messages.
std::string ProxyForDisplay(const std::string& proxy);

}  // namespace dmk

#endif  // DMK_COMMON_EVALUATE_PROXY_DISPLAY_H_
