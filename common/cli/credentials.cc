#include "common/cli/credentials.h"

#include <sys/stat.h>

#include <algorithm>
#include <utility>

#include "common/base/ascii.h"
#include "common/base/file_access.h"
#include "common/base/small_file.h"

namespace dmk {

namespace {

constexpr size_t kMaxSecretBytes = 64 * 1024;

Status ReadSecretFile(const std::string& path, std::string* text) {
  SmallFile file = ReadSmallFile(path, kMaxSecretBytes);
  // Refused for its permissions before anything else: a secret others can read is already exposed.
  if (S_ISREG(file.mode) && (file.mode & (S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)) != 0) {
    return Status::Error("--credentials-file '" + path + "' is readable or writable by group or others; chmod 600 it");
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

}  // namespace dmk
