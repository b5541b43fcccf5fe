#include "common/model/proxy_url.h"

#include <string_view>

namespace dmk {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 section 2.1; a '%' not followed by two hex digits stays as it is.
std::string PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = HexValue(text[i + 1]);
      int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace

ProxyUrl ParseProxyUrl(const std::string& url) {
  ProxyUrl parsed;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    parsed.display = url;
    return parsed;
  }
  parsed.scheme = url.substr(0, scheme_end);
  size_t host_start = scheme_end + 3;
  size_t at = url.rfind('@');
  if (at == std::string::npos || at < host_start) {
    parsed.display = url;
    return parsed;
  }
  parsed.has_userinfo = true;
  std::string_view userinfo = std::string_view(url).substr(host_start, at - host_start);
  size_t colon = userinfo.find(':');
  parsed.raw_user = std::string(userinfo.substr(0, colon));
  if (colon != std::string_view::npos) parsed.raw_password = std::string(userinfo.substr(colon + 1));
  parsed.user = PercentDecode(parsed.raw_user);
  parsed.password = PercentDecode(parsed.raw_password);
  parsed.display = url.substr(0, host_start) + url.substr(at + 1);
  return parsed;
}

}  // namespace dmk
