#include "common/base/small_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace dmk {

SmallFile ReadSmallFile(const std::string& path, size_t max_bytes) {
  SmallFile file;
  int fd = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    file.problem = FileProblem::kCannotOpen;
    file.error = errno;
    return file;
  }
  struct stat info {};
  if (::fstat(fd, &info) == 0) file.mode = info.st_mode;
  if (file.mode == 0) {
    file.problem = FileProblem::kCannotRead;
  } else if (!S_ISREG(info.st_mode)) {
    file.problem = FileProblem::kNotRegular;
  } else if (static_cast<unsigned long long>(info.st_size) > max_bytes) {
    file.problem = FileProblem::kTooLarge;
  } else {
    file.content.resize(static_cast<size_t>(info.st_size));
    size_t got = 0;
    while (got < file.content.size()) {
      ssize_t n = ::read(fd, file.content.data() + got, file.content.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        file.problem = FileProblem::kCannotRead;
        break;
      }
      if (n == 0) break;  // the file shrank meanwhile
      got += static_cast<size_t>(n);
    }
    file.content.resize(file.problem == FileProblem::kNone ? got : 0);
  }
  ::close(fd);
  return file;
}

std::string DescribeFileProblem(FileProblem problem, size_t max_bytes) {
  switch (problem) {
    case FileProblem::kNone: return "";
    case FileProblem::kNotRegular: return "is not a regular file";
    case FileProblem::kTooLarge: return "is too large (over " + std::to_string(max_bytes) + " bytes)";
    case FileProblem::kCannotOpen:
    case FileProblem::kCannotRead: break;
  }
  return "cannot be read";
}

}  // namespace dmk
