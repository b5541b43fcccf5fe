#include "common/base/file_access.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace dmk {

namespace {

std::string UserName(uid_t uid) {
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    return found->pw_name;
  }
  return std::to_string(uid);
}

std::string Octal(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", mode & 07777U);
  return text;
}

}  // namespace

AccessFacts GatherAccessFacts(const std::string& path, int error) {
  AccessFacts facts;
  facts.error = error;
  facts.runner = UserName(::geteuid());
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    facts.stat_ok = true;
    facts.owner = UserName(info.st_uid);
    facts.mode = info.st_mode & 07777U;
  }
  return facts;
}

std::string DescribeAccessFailure(const AccessFacts& facts) {
  if (facts.error == ENOENT) return "does not exist";
  if (facts.error == ENOTDIR) return "does not exist (a part of its path is not a directory)";
  if (facts.error == EACCES || facts.error == EPERM) {
    if (!facts.stat_ok) {
      return "cannot be read: permission denied (a directory on its path is closed to " + facts.runner +
             ", the user the check runs as)";
    }
    return "cannot be read: permission denied (owned by " + facts.owner + ", mode " + Octal(facts.mode) +
           "; the check runs as " + facts.runner + ")";
  }
  if (facts.error == 0) return "cannot be read";
  std::string reason = std::strerror(facts.error);
  if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  return "cannot be read: " + reason;
}

}  // namespace dmk
