#include "common/model/secret.h"

#include <openssl/evp.h>

#include <algorithm>

#include "common/base/ascii.h"
#include "common/model/proxy_url.h"

namespace dmk {

namespace {

std::string Base64(const std::string& raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(raw.size()));
  out.resize(static_cast<size_t>(length));
  return out;
}

// Adds `form` without surrounding blanks, unless nothing is left of it.
void AddTrimmed(std::string_view form, std::vector<std::string>* forms) {
  size_t begin = form.find_first_not_of(" \t");
  size_t end = form.find_last_not_of(" \t");
  if (begin != std::string_view::npos) forms->emplace_back(form.substr(begin, end - begin + 1));
}

// The value of each cookie of a Cookie header's `value` ("a=1; b=2").
void AddCookieValues(std::string_view value, std::vector<std::string>* forms) {
  for (size_t start = 0; start < value.size();) {
    size_t semicolon = value.find(';', start);
    const size_t length = semicolon == std::string_view::npos ? semicolon : semicolon - start;
    const std::string_view cookie = value.substr(start, length);
    const size_t equals = cookie.find('=');
    if (equals != std::string_view::npos) AddTrimmed(cookie.substr(equals + 1), forms);
    if (semicolon == std::string_view::npos) break;
    start = semicolon + 1;
  }
}

// A --header that carries a secret: its value whole, and each cookie's value (Cookie) or the credentials
// after the scheme (Authorization, Proxy-Authorization).
void AddHeaderSecretForms(const std::string& header, std::vector<std::string>* forms) {
  size_t colon = header.find(':');
  if (colon == std::string::npos) return;
  const std::string_view name = std::string_view(header).substr(0, colon);
  if (!IsSecretHeaderName(name)) return;
  const std::string_view value = std::string_view(header).substr(colon + 1);
  AddTrimmed(value, forms);
  if (EqualsIgnoreCase(name, "cookie")) {
    AddCookieValues(value, forms);
    return;
  }
  size_t begin = value.find_first_not_of(" \t");
  size_t space = begin == std::string_view::npos ? begin : value.find(' ', begin);
  if (space != std::string_view::npos) AddTrimmed(value.substr(space + 1), forms);
}

// The password of a --proxy URL as written and decoded, and the base64 of user:password as a proxy's Basic
// authentication sends it (decoded, as libcurl gets it from the probe).
void AddProxySecretForms(const std::string& url, std::vector<std::string>* forms) {
  ProxyUrl proxy = ParseProxyUrl(url);
  if (!proxy.has_userinfo) return;
  AddTrimmed(proxy.raw_password, forms);
  AddTrimmed(proxy.password, forms);
  AddTrimmed(Base64(proxy.user + ":" + proxy.password), forms);
}

}  // namespace

std::vector<std::string> ConfigSecretForms(const Config& config) {
  std::vector<std::string> forms;
  for (const std::string& header : config.headers) AddHeaderSecretForms(header, &forms);
  AddProxySecretForms(config.proxy, &forms);
  return forms;
}

bool IsSecretHeaderName(std::string_view name) {
  size_t begin = name.find_first_not_of(" \t");
  size_t end = name.find_last_not_of(" \t");
  if (begin == std::string_view::npos) return false;
  const std::string_view trimmed = name.substr(begin, end - begin + 1);
  for (std::string_view secret : {"authorization", "proxy-authorization", "cookie", "set-cookie"}) {
    if (EqualsIgnoreCase(trimmed, secret)) return true;
  }
  return false;
}

std::vector<std::string> SecretForms(const Secret& secret) {
  std::vector<std::string> forms;
  auto add = [&](const std::string& form) {
    if (!form.empty()) forms.push_back(form);
  };
  if (secret.type == AuthType::kBasic) {
    add(secret.password);
    add(Base64(secret.user + ":" + secret.password));
  }
  add(secret.token);
  // The longest first, so a redaction pass never leaves part of a longer form behind.
  std::sort(forms.begin(), forms.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return forms;
}

}  // namespace dmk
