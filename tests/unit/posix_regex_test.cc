#include "common/posix_regex.h"

#include <gtest/gtest.h>

#include <string>

namespace dmk {
namespace {

TEST(PosixRegexTest, AcceptsOrdinaryPatterns) {
  for (const std::string pattern :
       {"ok", "^6\\.[0-9]+", "maintenance|wartung", "[0-9]{1,3}(\\.[0-9]{1,3}){3}", "a+b+c+", "application/json",
        "x\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+"}) {
    EXPECT_TRUE(CheckRegex("--x: ", pattern).ok()) << pattern;
  }
}

TEST(PosixRegexTest, RefusesPatternsThatCouldExplodeInRegcomp) {
  EXPECT_EQ(CheckRegex("--x 'p': ", "^.+++++++++++++++++++++++++++++++++").message(),
            "--x 'p': the regular expression nests too many repetitions ('+', {n,m})");
  EXPECT_FALSE(CheckRegex("--x: ", "(((x{255}){255}){255})").ok());
  EXPECT_FALSE(CheckRegex("--x: ", std::string(513, 'a')).ok());
  EXPECT_EQ(CheckRegex("--x: ", "(").message(), "--x: not a valid POSIX extended regular expression");
  EXPECT_FALSE(CheckRegex("--x: ", "[z-a]").ok());
}

// Text that would match is not matched by a pattern beyond the bounds: it never reaches regcomp, also when a
// caller did not run CheckRegex first.
TEST(PosixRegexTest, FirstMatchRefusesPatternsBeyondTheBounds) {
  EXPECT_FALSE(FirstMatch("a+++++++++++++++++", "aaaa").has_value());
  EXPECT_FALSE(FirstMatch(std::string(513, 'a'), std::string(600, 'a')).has_value());
  EXPECT_EQ(FirstMatch(std::string(512, 'a'), std::string(600, 'a')), std::string(512, 'a'));
}

TEST(PosixRegexTest, FindsTheFirstMatchPastNulBytes) {
  EXPECT_EQ(FirstMatch("main[a-z]+", "Down for maintenance now"), "maintenance");
  EXPECT_EQ(FirstMatch("c$", std::string("a\0b\0c", 5)), "c");
  EXPECT_EQ(FirstMatch("^$", ""), "");
  EXPECT_FALSE(FirstMatch("x", "abc").has_value());
  EXPECT_FALSE(FirstMatch("(", "(").has_value());
}

}  // namespace
}  // namespace dmk
