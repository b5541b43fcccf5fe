#include "common/probe/redirect.h"

#include <curl/curl.h>
#include <strings.h>

#include <cstdlib>
#include <memory>

namespace dmk {

namespace {

using Url = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

}  // namespace

bool RedirectAllowed(const std::string& from_url, const std::string& to_url, const std::string& host,
                     std::string* why) {
  Url url(curl_url(), &curl_url_cleanup);
  if (!url || curl_url_set(url.get(), CURLUPART_URL, to_url.c_str(), 0) != CURLUE_OK) {
    *why = "the Location is not a valid URL";
    return false;
  }
  char* scheme = nullptr;
  char* to_host = nullptr;
  curl_url_get(url.get(), CURLUPART_SCHEME, &scheme, 0);
  curl_url_get(url.get(), CURLUPART_HOST, &to_host, 0);
  std::string scheme_text = scheme != nullptr ? scheme : "";
  std::string host_text = to_host != nullptr ? to_host : "";
  curl_free(scheme);
  curl_free(to_host);
  if (scheme_text != "http" && scheme_text != "https") {
    *why = "only http and https redirects are followed";
    return false;
  }
  if (from_url.rfind("https:", 0) == 0 && scheme_text == "http") {
    *why = "it downgrades https to plain http";
    return false;
  }
  std::string bare_host = host_text;
  if (bare_host.size() > 2 && bare_host.front() == '[') bare_host = bare_host.substr(1, bare_host.size() - 2);
  if (strcasecmp(bare_host.c_str(), host.c_str()) != 0) {
    *why = "it leads to another host";
    return false;
  }
  return true;
}

int RedirectPort(const std::string& url) {
  Url parsed(curl_url(), &curl_url_cleanup);
  char* port = nullptr;
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
      curl_url_get(parsed.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
    return 0;
  }
  const int number = std::atoi(port);
  curl_free(port);
  return number;
}

}  // namespace dmk
