// File access: why a file named by an option (--credentials-file, --ca-file, the --extra-opts ini file)
// cannot be opened, in words an operator can act on at 3 a.m.: "does not exist", or "permission denied"
// with the file's owner and mode and the user the check runs as (Icinga2 and NRPE run it as nagios, while
// the administrator tried it as root, where every file is readable).
#ifndef DMK_COMMON_BASE_FILE_ACCESS_H_
#define DMK_COMMON_BASE_FILE_ACCESS_H_

#include <string>

namespace dmk {

// What is known about a file that could not be opened.
struct AccessFacts {
  int error = 0;         // errno of the failed open()
  bool stat_ok = false;  // stat() of the path worked (false when a directory on the way is closed too)
  std::string owner;     // the file's owner: a user name, or the uid in digits
  unsigned mode = 0;     // permission bits (07777) when stat_ok
  std::string runner;    // the effective user of this process: a user name, or the uid in digits
};

// Looks the facts up for `path` after open() failed with `error` (stat() and the user database).
AccessFacts GatherAccessFacts(const std::string& path, int error);

// The words that follow the file's name: "does not exist", "cannot be read: permission denied (owned by
// root, mode 0600; the check runs as nagios)", "cannot be read: <strerror>". Pure.
std::string DescribeAccessFailure(const AccessFacts& facts);

}  // namespace dmk

#endif  // DMK_COMMON_BASE_FILE_ACCESS_H_
