#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "common/options_groups.h"

namespace dmk {

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
  config->hostname = in.String("hostname");
  if (config->hostname.empty()) return Status::Error("--hostname is required");
  if (!ValidHostname(config->hostname)) {
    return Status::Error("--hostname '" + config->hostname + "' is not a host name or IP address");
  }
  config->community = in.String("community");
  config->ip_version = in.Flag("ipv4") ? 4 : in.Flag("ipv6") ? 6 : 0;
  config->address = in.String("address");
  if (!config->address.empty() && !IsIpAddress(config->address)) {
    return Status::Error("--address '" + config->address + "' is not an IP address");
  }
  long long port = 0;
  if (Status s = in.Count("port", 1, 65535, &port); !s.ok()) return s;
  if (in.Has("port")) config->port = static_cast<int>(port);
  return Status::Ok();
}

}  // namespace dmk
