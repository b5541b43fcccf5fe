#include "common/base/file_access.h"

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>

namespace dmk {
namespace {

TEST(FileAccessTest, PermissionDeniedNamesOwnerModeAndTheUserTheCheckRunsAs) {
  AccessFacts facts;
  facts.error = EACCES;
  facts.stat_ok = true;
  facts.owner = "root";
  facts.mode = 0600;
  facts.runner = "nagios";
  EXPECT_EQ(DescribeAccessFailure(facts),
            "cannot be read: permission denied (owned by root, mode 0600; the check runs as nagios)");
  facts.stat_ok = false;
  EXPECT_EQ(DescribeAccessFailure(facts),
            "cannot be read: permission denied (a directory on its path is closed to nagios, the user the check "
            "runs as)");
}

TEST(FileAccessTest, MissingAndOtherErrorsHaveTheirOwnWords) {
  AccessFacts facts;
  facts.error = ENOENT;
  EXPECT_EQ(DescribeAccessFailure(facts), "does not exist");
  facts.error = ENOTDIR;
  EXPECT_EQ(DescribeAccessFailure(facts), "does not exist (a part of its path is not a directory)");
  facts.error = ELOOP;
  EXPECT_EQ(DescribeAccessFailure(facts).rfind("cannot be read: too many levels of symbolic links", 0), 0u)
      << DescribeAccessFailure(facts);
  facts.error = 0;
  EXPECT_EQ(DescribeAccessFailure(facts), "cannot be read");
}

TEST(FileAccessTest, GathersTheOwnerModeAndRunnerOfARealFile) {
  std::string path = ::testing::TempDir() + "dmk_file_access_" + std::to_string(::getpid());
  std::ofstream(path) << "x";
  ::chmod(path.c_str(), 0640);
  AccessFacts facts = GatherAccessFacts(path, EACCES);
  ::unlink(path.c_str());
  passwd* me = ::getpwuid(::geteuid());
  ASSERT_NE(me, nullptr);
  EXPECT_TRUE(facts.stat_ok);
  EXPECT_EQ(facts.owner, me->pw_name);
  EXPECT_EQ(facts.runner, me->pw_name);
  EXPECT_EQ(facts.mode, 0640u);
  EXPECT_FALSE(GatherAccessFacts(path, ENOENT).stat_ok);
}

}  // namespace
}  // namespace dmk
