// Proxy URL: the one parser of --proxy's scheme://[user[:password]@]host[:port][/] used by every place that
// needs a piece of it: refusing credentials on the command line (options), redacting the password
// (credentials), showing the proxy in messages (evaluate) and handing it to libcurl (probe).
//
// The userinfo ends at the LAST '@' of the URL (RFC 3986 section 3.2.1 forbids a raw '@' in userinfo, but
// administrators write passwords as they are; a proxy URL has no path that could hold an '@'), so
// "http://user:se@cr/et@host:3128" is user "user", password "se@cr/et", host "host:3128". The user ends at
// the first ':' of the userinfo. User and password are percent-decoded ("%40" is '@').
#ifndef DMK_COMMON_MODEL_PROXY_URL_H_
#define DMK_COMMON_MODEL_PROXY_URL_H_

#include <string>

namespace dmk {

struct ProxyUrl {
  std::string scheme;         // as written, e.g. "http", "socks5h"; empty when the URL has no "://"
  bool has_userinfo = false;  // an '@' after "://"
  std::string raw_user;       // as written (percent-encoded)
  std::string raw_password;   // as written (percent-encoded); empty when there is no ':' in the userinfo
  std::string user;           // percent-decoded
  std::string password;       // percent-decoded
  std::string display;        // scheme://host[:port][/...]: the URL without any userinfo, safe to print
};

// Splits `url`. Never fails: a URL without "://" keeps everything in `display`; callers validate the scheme.
ProxyUrl ParseProxyUrl(const std::string& url);

}  // namespace dmk

#endif  // DMK_COMMON_MODEL_PROXY_URL_H_
