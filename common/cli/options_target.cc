#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "common/cli/options_groups.h"

namespace dmk {

using enum OptionId;

namespace {

bool ValidHostname(const std::string& host) {
  if (host.empty() || host.size() > 253) return false;
  in6_addr ip6;
  if (::inet_pton(AF_INET6, host.c_str(), &ip6) == 1) return true;
  return std::all_of(host.begin(), host.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-' || c == '_'; });
}

bool IsIpAddress(const std::string& text) {
  in_addr ip4;
  in6_addr ip6;
  return ::inet_pton(AF_INET, text.c_str(), &ip4) == 1 || ::inet_pton(AF_INET6, text.c_str(), &ip6) == 1;
}

}  // namespace

Status FillTarget(const OptionValues& in, Config* config) {
  config->hostname = in.String(kHostname);
  if (config->hostname.empty()) return Status::Error(DashName(kHostname) + " is required");
  if (!ValidHostname(config->hostname)) {
    return Status::Error(DashName(kHostname) + " '" + config->hostname + "' is not a host name or IP address");
  }
  config->community = in.String(kCommunity);
  config->ip_version = in.Flag(kIpv4) ? 4 : in.Flag(kIpv6) ? 6 : 0;
  config->address = in.String(kAddress);
  if (!config->address.empty() && !IsIpAddress(config->address)) {
    return Status::Error(DashName(kAddress) + " '" + config->address + "' is not an IP address");
  }
  long long port = 0;
  if (Status s = in.Count(kPort, 1, 65535, &port); !s.ok()) return s;
  if (in.Has(kPort)) config->port = static_cast<int>(port);
  return Status::Ok();
}

}  // namespace dmk
