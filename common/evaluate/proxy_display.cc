#include "common/evaluate/proxy_display.h"

#include "common/model/proxy_url.h"

namespace dmk {

std::string ProxyForDisplay(const std::string& proxy) { return ParseProxyUrl(proxy).display; }

std::optional<std::string> DescribeProxy(const Config& config) {
  if (!config.noproxy_match.empty()) {
    return "proxy: none, " + config.hostname + " matches '" + config.noproxy_match + "' of " + config.noproxy_source;
  }
  switch (config.proxy_source) {
    case ProxySource::kOption: return "proxy: " + ProxyForDisplay(config.proxy) + " (--proxy)";
    case ProxySource::kEnvironment:
      return "proxy: " + ProxyForDisplay(config.proxy) + " (from " + config.proxy_variable + ", --proxy-from-env)";
    case ProxySource::kNone: break;
  }
  if (config.proxy_from_env) return "proxy: none (--proxy-from-env, and no proxy variable is set)";
  if (!config.proxy_variable.empty()) {
    return "proxy: none; " + config.proxy_variable + " in the environment is ignored (--proxy-from-env uses it)";
  }
  return std::nullopt;
}

}  // namespace dmk
