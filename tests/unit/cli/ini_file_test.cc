#include "common/cli/ini_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/support/env.h"

namespace dmk {
namespace {

std::vector<std::string> Flat(const std::vector<IniEntry>& entries) {
  std::vector<std::string> flat;
  for (const IniEntry& entry : entries) flat.push_back(entry.key + "=" + entry.value);
  return flat;
}

TEST(IniFileTest, ReadsEverySectionBlockOfTheNameInOrder) {
  const std::string ini =
      "# comment\n"
      "[other]\n"
      "hostname=elsewhere\n"
      "[ check_dmk_community ]\r\n"
      "  hostname = dmk.test \r\n"
      "; comment\n"
      "no-tls\n"
      "header=X-A: 1 # not a comment\n"
      "credentials-env=A=B;C\n"
      "[other]\n"
      "port=1\n"
      "[check_dmk_community]\n"
      "port=8443";  // the last line without a newline
  std::vector<IniEntry> entries;
  ASSERT_TRUE(ParseIniSection(ini, "check_dmk_community", "f.ini", &entries).ok());
  EXPECT_EQ(Flat(entries), (std::vector<std::string>{"hostname=dmk.test", "no-tls=", "header=X-A: 1 # not a comment",
                                                     "credentials-env=A=B;C", "port=8443"}));
}

TEST(IniFileTest, RefusesAMissingSectionAndAMalformedSectionLine) {
  std::vector<IniEntry> entries;
  EXPECT_EQ(ParseIniSection("[a]\nx=1\n", "b", "f.ini", &entries).message(), "--extra-opts: no section [b] in 'f.ini'");
  EXPECT_EQ(ParseIniSection("[a\nx=1\n", "a", "f.ini", &entries).message(),
            "--extra-opts: malformed section line in 'f.ini'");
  EXPECT_EQ(ParseIniSection("", "a", "f.ini", &entries).message(), "--extra-opts: no section [a] in 'f.ini'");
}

TEST(IniFileTest, ReadsAFileAndNamesOneThatCannotBeRead) {
  const std::string path = ::testing::TempDir() + "dmk_ini_file_test.ini";
  std::ofstream(path) << "[s]\nverbose\n";
  std::vector<IniEntry> entries;
  ASSERT_TRUE(ReadIniSection(path, "s", &entries).ok());
  EXPECT_EQ(Flat(entries), std::vector<std::string>{"verbose="});
  ::unlink(path.c_str());
  Status missing = ReadIniSection(path, "s", &entries);
  EXPECT_EQ(missing.message().rfind("--extra-opts: ini file '" + path + "' ", 0), 0u) << missing.message();
  EXPECT_FALSE(ReadIniSection(::testing::TempDir(), "s", &entries).ok());  // a directory
}

TEST(IniFileTest, TakesExtraOptsOutOfTheArguments) {
  std::vector<std::string> args = {"-H", "dmk.test",     "--extra-opts", "a@f.ini", "--extra-opts=b",
                                   "-v", "--extra-opts", "-t",           "5",       "--extra-opts"};
  EXPECT_EQ(TakeExtraOpts(&args), (std::vector<std::string>{"a@f.ini", "b", "", ""}));
  EXPECT_EQ(args, (std::vector<std::string>{"-H", "dmk.test", "-v", "-t", "5"}));
}

struct SourceCase {
  std::string spec;
  std::string section;
  std::string file;
};

TEST(IniFileTest, ResolvesSectionAndFile) {
  const std::vector<SourceCase> cases = {
      {"@/x/a.ini", "check_dmk_community", "/x/a.ini"},
      {"site@/x/a.ini", "site", "/x/a.ini"},
  };
  for (const SourceCase& c : cases) {
    IniSource source;
    ASSERT_TRUE(ResolveIniSource(c.spec, "check_dmk_community", test_support::NoEnv(), &source).ok()) << c.spec;
    EXPECT_EQ(source.section, c.section) << c.spec;
    EXPECT_EQ(source.file, c.file) << c.spec;
  }
  IniSource source;
  Status hint = ResolveIniSource("/x/a.ini", "check_dmk_community", test_support::NoEnv(), &source);
  EXPECT_EQ(hint.message().rfind("--extra-opts: '/x/a.ini' looks like a file", 0), 0u) << hint.message();
}

TEST(IniFileTest, FallsBackToMpConfigFileForTheFile) {
  if (::access("/etc/monitoring-plugins/monitoring-plugins.ini", F_OK) == 0 ||
      ::access("/etc/monitoring-plugins.ini", F_OK) == 0) {
    GTEST_SKIP() << "a system-wide monitoring-plugins.ini exists and takes precedence";
  }
  IniSource source;
  ASSERT_TRUE(ResolveIniSource("site", "d", test_support::Env({{"MP_CONFIG_FILE", "/x/mp.ini"}}), &source).ok());
  EXPECT_EQ(source.section, "site");
  EXPECT_EQ(source.file, "/x/mp.ini");
  Status none = ResolveIniSource("", "d", test_support::NoEnv(), &source);
  EXPECT_EQ(none.message().rfind("--extra-opts: no ini file given", 0), 0u) << none.message();
}

}  // namespace
}  // namespace dmk
