#include "common/cli/proxy_policy.h"

#include <arpa/inet.h>

#include <cstdlib>
#include <cstring>

namespace dmk {

namespace {

// The value of the first of `names` that is set and not empty; its name goes to `*found`.
std::string FirstSet(const EnvLookup& env, std::initializer_list<const char*> names, std::string* found) {
  for (const char* name : names) {
    std::optional<std::string> value = env(name);
    if (value && !value->empty()) {
      *found = name;
      return *value;
    }
  }
  return "";
}

bool EqualNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Name rules of lib/noproxy.c: "example.com" matches example.com and www.example.com, not nonexample.com.
bool NameMatches(std::string_view token, std::string_view name) {
  if (!token.empty() && token.back() == '.') token.remove_suffix(1);
  if (!token.empty() && token.front() == '.') token.remove_prefix(1);
  if (token.empty()) return false;
  if (token.size() == name.size()) return EqualNoCase(token, name);
  return token.size() < name.size() && name[name.size() - token.size() - 1] == '.' &&
         EqualNoCase(token, name.substr(name.size() - token.size()));
}

// Address rules of lib/noproxy.c: "addr" or "addr/bits"; no bits (or /0) means the whole address.
bool AddressMatches(std::string_view token, int family, const unsigned char* host) {
  std::string text(token);
  unsigned bits = 0;
  if (size_t slash = text.find('/'); slash != std::string::npos) {
    bits = static_cast<unsigned>(std::atoi(text.c_str() + slash + 1));
    text.resize(slash);
  }
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  unsigned char wanted[16] = {};
  if (inet_pton(family, text.c_str(), wanted) != 1) return false;
  const unsigned all = family == AF_INET ? 32 : 128;
  if (bits == 0) bits = all;
  if (bits > all) return false;
  const unsigned whole = bits / 8;
  if (std::memcmp(wanted, host, whole) != 0) return false;
  const unsigned rest = bits % 8;
  if (rest == 0) return true;
  const unsigned mask = (0xffu << (8 - rest)) & 0xffu;
  return (wanted[whole] & mask) == (host[whole] & mask);
}

}  // namespace

bool NoProxyMatches(std::string_view list, std::string_view host, std::string* entry) {
  if (list.empty() || host.empty()) return false;
  if (list == "*") {
    *entry = "*";
    return true;
  }
  std::string name(host);
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  unsigned char address[16] = {};
  int family = 0;
  if (inet_pton(AF_INET, name.c_str(), address) == 1) {
    family = AF_INET;
  } else if (inet_pton(AF_INET6, name.c_str(), address) == 1) {
    family = AF_INET6;
  } else if (name.back() == '.') {
    name.pop_back();
  }
  size_t at = 0;
  while (at < list.size()) {
    size_t end = list.find_first_of(", \t", at);
    if (end == std::string_view::npos) end = list.size();
    std::string_view token = list.substr(at, end - at);
    at = end + 1;
    if (token.empty()) continue;
    bool match = family == 0 ? NameMatches(token, name) : AddressMatches(token, family, address);
    if (match) {
      *entry = std::string(token);
      return true;
    }
  }
  return false;
}

Status ChooseProxy(const ProxyRequest& request, const EnvLookup& env, Config* config) {
  if (!request.proxy.empty() && request.from_env) {
    return Status::Error("--proxy and --proxy-from-env contradict each other: give one");
  }
  if (!request.noproxy.empty() && request.proxy.empty() && !request.from_env) {
    return Status::Error("--noproxy needs --proxy or --proxy-from-env");
  }
  config->proxy_from_env = request.from_env;
  config->proxy = "";
  config->proxy_source = ProxySource::kNone;
  config->proxy_variable = "";
  config->noproxy = request.noproxy;
  config->noproxy_source = request.noproxy.empty() ? "" : "--noproxy";
  config->noproxy_match = "";
  // libcurl reads <scheme>_proxy, and for http only the lower-case form (HTTP_PROXY can be set by a CGI
  // request's "Proxy:" header, httpoxy), then all_proxy.
  std::string variable;
  std::string from_env = config->tls
                             ? FirstSet(env, {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}, &variable)
                             : FirstSet(env, {"http_proxy", "all_proxy", "ALL_PROXY"}, &variable);
  if (!request.proxy.empty()) {
    config->proxy = request.proxy;
    config->proxy_source = ProxySource::kOption;
  } else if (!request.from_env) {
    config->proxy_variable = variable;  // set, and ignored: the long output says so
    return Status::Ok();
  } else if (!from_env.empty()) {
    config->proxy = from_env.find("://") == std::string::npos ? "http://" + from_env : from_env;
    config->proxy_source = ProxySource::kEnvironment;
    config->proxy_variable = variable;
    if (config->noproxy.empty()) {
      std::string noproxy_variable;
      config->noproxy = FirstSet(env, {"no_proxy", "NO_PROXY"}, &noproxy_variable);
      config->noproxy_source = noproxy_variable;
    }
  }
  if (!config->proxy.empty() && NoProxyMatches(config->noproxy, config->hostname, &config->noproxy_match)) {
    config->proxy = "";
    config->proxy_source = ProxySource::kNone;
  }
  return Status::Ok();
}

}  // namespace dmk
