#include "common/base/ascii.h"
#include "common/cli/options_groups.h"
#include "common/cli/proxy_policy.h"
#include "common/model/proxy_url.h"

namespace dmk {

using enum OptionId;

namespace {

// The proxy schemes --proxy accepts, in any case; socks5h is socks5 with the name resolved by the proxy.
bool KnownProxyScheme(const std::string& scheme) {
  for (const char* known : {"http", "https", "socks5", "socks5h"}) {
    if (EqualsIgnoreCase(scheme, known)) return true;
  }
  return false;
}

}  // namespace

Status FillProxy(const OptionValues& in, const EnvLookup& env, Config* config) {
  const std::string proxy = in.String(kProxy);
  if (!proxy.empty() && !KnownProxyScheme(ParseProxyUrl(proxy).scheme)) {
    return Status::Error(DashName(kProxy) + " '" + proxy + "' must start with http://, https:// or socks5://");
  }
  return ChooseProxy({proxy, in.String(kNoproxy), in.Flag(kProxyFromEnv)}, env, config);
}

}  // namespace dmk
