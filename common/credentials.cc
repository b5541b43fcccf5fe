#include "common/credentials.h"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <utility>

#include "common/file_access.h"
#include "common/proxy_url.h"
#include "common/small_file.h"

namespace dmk {

namespace {

constexpr size_t kMaxSecretBytes = 64 * 1024;

Status ReadSecretFile(const std::string& path, std::string* text) {
  SmallFile file = ReadSmallFile(path, kMaxSecretBytes);
  // Refused for its permissions before anything else: a secret others can read is already exposed.
  if (S_ISREG(file.mode) && (file.mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)) != 0) {
    return Status::Error("--credentials-file '" + path +
                         "' is readable or writable by group or others; chmod 600 it");
  }
  if (file.problem == FileProblem::kCannotOpen) {
    return Status::Error("--credentials-file '" + path + "' " +
                         DescribeAccessFailure(GatherAccessFacts(path, file.error)));
  }
  if (file.problem != FileProblem::kNone) {
    return Status::Error("--credentials-file '" + path + "' " + DescribeFileProblem(file.problem, kMaxSecretBytes));
  }
  *text = std::move(file.content);
  return Status::Ok();
}

bool HasControlBytes(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

std::string Base64(const std::string& raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(raw.size()));
  out.resize(static_cast<size_t>(length));
  return out;
}

}  // namespace

Status LoadSecret(const Config& config, const EnvLookup& env, Secret* secret) {
  *secret = Secret();
  if (config.auth == AuthType::kNone) return Status::Ok();
  std::string text;
  std::string source;
  if (!config.credentials_file.empty()) {
    source = "--credentials-file '" + config.credentials_file + "'";
    if (Status status = ReadSecretFile(config.credentials_file, &text); !status.ok()) return status;
  } else {
    source = "--credentials-env " + config.credentials_env;
    std::optional<std::string> value = env(config.credentials_env);
    if (!value) return Status::Error(source + ": the variable is not set");
    text = *value;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return Status::Error(source + " is empty");
  if (HasControlBytes(text)) return Status::Error(source + ": the secret must be one line");
  secret->type = config.auth;
  if (config.auth == AuthType::kBasic) {
    size_t colon = text.find(':');
    if (colon == std::string::npos || colon == 0) {
      return Status::Error(source + " must hold 'user:password' for --auth basic");
    }
    secret->user = text.substr(0, colon);
    secret->password = text.substr(colon + 1);
  } else {
    if (text.find(' ') != std::string::npos) {
      return Status::Error(source + " must hold the token alone for --auth bearer (no spaces)");
    }
    secret->token = text;
  }
  return Status::Ok();
}

std::vector<std::string> ConfigSecretForms(const Config& config) {
  std::vector<std::string> forms;
  auto add = [&](std::string form) {
    size_t begin = form.find_first_not_of(" \t");
    size_t end = form.find_last_not_of(" \t");
    if (begin != std::string::npos) forms.push_back(form.substr(begin, end - begin + 1));
  };
  for (const std::string& header : config.headers) {
    size_t colon = header.find(':');
    if (colon == std::string::npos) continue;
    std::string name = header.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!IsSecretHeaderName(name)) continue;
    std::string value = header.substr(colon + 1);
    add(value);
    if (name == "cookie") {
      for (size_t start = 0; start < value.size();) {
        size_t semicolon = value.find(';', start);
        std::string cookie = value.substr(start, semicolon == std::string::npos ? std::string::npos : semicolon - start);
        if (size_t equals = cookie.find('='); equals != std::string::npos) add(cookie.substr(equals + 1));
        if (semicolon == std::string::npos) break;
        start = semicolon + 1;
      }
    } else {
      size_t begin = value.find_first_not_of(" \t");
      size_t space = begin == std::string::npos ? std::string::npos : value.find(' ', begin);
      if (space != std::string::npos) add(value.substr(space + 1));
    }
  }
  // The password as written and decoded, and the base64 of user:password as a proxy's Basic
  // authentication sends it (decoded, as libcurl gets it from the probe).
  if (ProxyUrl proxy = ParseProxyUrl(config.proxy); proxy.has_userinfo) {
    add(proxy.raw_password);
    add(proxy.password);
    add(Base64(proxy.user + ":" + proxy.password));
  }
  forms.erase(std::remove(forms.begin(), forms.end(), std::string()), forms.end());
  return forms;
}

bool IsSecretHeaderName(std::string_view name) {
  size_t begin = name.find_first_not_of(" \t");
  size_t end = name.find_last_not_of(" \t");
  if (begin == std::string_view::npos) return false;
  std::string lower(name.substr(begin, end - begin + 1));
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "authorization" || lower == "proxy-authorization" || lower == "cookie" || lower == "set-cookie";
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
