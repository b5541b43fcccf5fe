#include "common/base/small_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace dmk {
namespace {

class ScratchPath {
 public:
  explicit ScratchPath(const std::string& name)
      : path_(::testing::TempDir() + "dmk_small_file_" + name + "_" + std::to_string(::getpid())) {
    ::unlink(path_.c_str());
  }
  ~ScratchPath() { ::unlink(path_.c_str()); }
  ScratchPath(const ScratchPath&) = delete;
  ScratchPath& operator=(const ScratchPath&) = delete;
  const std::string& path() const { return path_; }
  void Write(const std::string& content) const { std::ofstream(path_, std::ios::binary) << content; }

 private:
  std::string path_;
};

TEST(SmallFileTest, ReadsARegularFileWhole) {
  ScratchPath file("whole");
  std::string content = "[section]\nkey=value\n" + std::string(100000, 'x');
  file.Write(content);
  SmallFile read = ReadSmallFile(file.path(), 1024 * 1024);
  EXPECT_EQ(read.problem, FileProblem::kNone);
  EXPECT_EQ(read.content, content);
  EXPECT_TRUE(S_ISREG(read.mode));
}

TEST(SmallFileTest, AcceptsAFileOfExactlyTheLimitAndAnEmptyFile) {
  ScratchPath file("limit");
  file.Write(std::string(4096, 'a'));
  EXPECT_EQ(ReadSmallFile(file.path(), 4096).problem, FileProblem::kNone);
  EXPECT_EQ(ReadSmallFile(file.path(), 4095).problem, FileProblem::kTooLarge);
  file.Write("");
  SmallFile empty = ReadSmallFile(file.path(), 4096);
  EXPECT_EQ(empty.problem, FileProblem::kNone);
  EXPECT_EQ(empty.content, "");
}

TEST(SmallFileTest, SaysWhenTheFileCannotBeOpened) {
  SmallFile read = ReadSmallFile("/nonexistent/dmk/file", 1024);
  EXPECT_EQ(read.problem, FileProblem::kCannotOpen);
  EXPECT_EQ(read.content, "");
}

// A FIFO with no writer would block a plain open() for ever; the check has a deadline to keep.
TEST(SmallFileTest, RefusesAFifoWithoutBlocking) {
  ScratchPath fifo("fifo");
  ASSERT_EQ(::mkfifo(fifo.path().c_str(), 0600), 0);
  SmallFile read = ReadSmallFile(fifo.path(), 1024);
  EXPECT_EQ(read.problem, FileProblem::kNotRegular);
  EXPECT_TRUE(S_ISFIFO(read.mode));
}

TEST(SmallFileTest, RefusesADirectoryAndADevice) {
  EXPECT_EQ(ReadSmallFile(::testing::TempDir(), 1024).problem, FileProblem::kNotRegular);
  EXPECT_EQ(ReadSmallFile("/dev/zero", 1024).problem, FileProblem::kNotRegular);
}

}  // namespace
}  // namespace dmk
