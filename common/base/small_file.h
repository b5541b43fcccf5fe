// Reading a small configuration or secret file whole: the ini file of --extra-opts, the credentials file.
// Both are named by an administrator and read on every check, so a FIFO or device planted under that name
// must not hang the check, and the file is sized before it is read.
#ifndef DMK_COMMON_BASE_SMALL_FILE_H_
#define DMK_COMMON_BASE_SMALL_FILE_H_

#include <sys/types.h>

#include <cstddef>
#include <string>

namespace dmk {

enum class FileProblem {
  kNone,
  kCannotOpen,  // missing, no permission
  kNotRegular,  // a FIFO, a device, a directory
  kTooLarge,    // more than the caller's limit
  kCannotRead,  // read() failed
};

struct SmallFile {
  FileProblem problem = FileProblem::kNone;
  int error = 0;        // errno of the failed open() (kCannotOpen)
  mode_t mode = 0;      // st_mode of the file that was opened (set unless kCannotOpen)
  std::string content;  // the whole file when problem is kNone
};

// Opens `path` without blocking (O_NONBLOCK), checks that the descriptor is a regular file of at most
// `max_bytes` (fstat on the descriptor: what is checked is what is read) and reads it. A file that shrinks
// while it is read is read as it then is.
SmallFile ReadSmallFile(const std::string& path, size_t max_bytes);

// What went wrong, to follow the file's name in a message: "cannot be read", "is not a regular file",
// "is too large (over MAX_BYTES bytes)"; "" for kNone.
std::string DescribeFileProblem(FileProblem problem, size_t max_bytes);

}  // namespace dmk

#endif  // DMK_COMMON_BASE_SMALL_FILE_H_
