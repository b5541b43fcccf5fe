#include "common/base/posix_regex.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace dmk {
namespace {

std::string Times(const std::string& text, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += text;
  return out;
}

TEST(PosixRegexTest, AcceptsOrdinaryPatterns) {
  for (const std::string pattern :
       {"ok", "^6\\.[0-9]+", "maintenance|wartung", "[0-9]{1,3}(\\.[0-9]{1,3}){3}", "a+b+c+", "application/json",
        "x\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+", "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        "([a-z]+,)*[a-z]+", "(a*)*", "[*+]+", "[]*]+", "[[:alpha:]*]+", "a?b?", "(\"ok\"|\"up\")", "x{255}",
        "(a+)+(b+)+(c+)+(d+)+(e+)+(f+)+(g+)+(h+)+(i+)"}) {
    EXPECT_TRUE(CheckRegex("--x: ", pattern).ok()) << pattern << ": " << CheckRegex("--x: ", pattern).message();
  }
}

TEST(PosixRegexTest, RefusesPatternsThatCouldExplodeInRegcomp) {
  EXPECT_EQ(CheckRegex("--x 'p': ", "(x{0,255}){5}").message(),
            "--x 'p': the regular expression nests too many repetitions ('+', {n,m}): more than 1024 items once "
            "expanded");
  EXPECT_FALSE(CheckRegex("--x: ", Times("(.?){255}", 5)).ok());
  EXPECT_TRUE(CheckRegex("--x: ", Times("(.?){255}", 4)).ok());
  EXPECT_EQ(CheckRegex("--x: ", "x{256}").message(), "--x: a repetition count {n,m} is above 255");
  EXPECT_FALSE(CheckRegex("--x: ", "((.*){32767})").ok());  // regcomp overflows its stack on this one
  EXPECT_FALSE(CheckRegex("--x: ", std::string(513, 'a')).ok());
  EXPECT_EQ(CheckRegex("--x: ", "(").message(), "--x: not a valid POSIX extended regular expression");
  EXPECT_FALSE(CheckRegex("--x: ", "[z-a]").ok());
}

// A repetition of a repetition: the fuzzer's input '/a=~ad' followed by 48 '*' and 6 '+' kept regcomp busy
// for seconds (the '+' copy a tree of 48 nested stars).
TEST(PosixRegexTest, RefusesARepetitionOfARepetition) {
  const std::string words =
      "--x: a repetition ('*', '+', '?', {n,m}) is applied to another repetition ('a**', 'a+*'): write one";
  for (const std::string& pattern :
       {"ad" + std::string(48, '*') + std::string(6, '+'), std::string("a**"), std::string("a+*"), std::string("a*{2}"),
        std::string("(x)*{3}"), std::string("a{2}{3}"), std::string("a??"), "^." + std::string(30, '+')}) {
    EXPECT_EQ(CheckRegex("--x: ", pattern).message(), words) << pattern;
    EXPECT_FALSE(FirstMatch(pattern, "add").has_value()) << pattern;
  }
}

TEST(PosixRegexTest, RefusesRepeatedGroupsNestedDeeperThanTwo) {
  const std::string words = "--x: the regular expression nests repeated groups more than 2 deep ('((a*)*)*')";
  EXPECT_EQ(CheckRegex("--x: ", "((a*)*)*").message(), words);
  EXPECT_EQ(CheckRegex("--x: ", "(((a|b)*c)+d)*").message(), words);
  EXPECT_EQ(CheckRegex("--x: ", Times("(", 20) + "a*" + Times(")*", 20)).message(), words);
  EXPECT_TRUE(CheckRegex("--x: ", "((a|b)*c)+").ok());
  EXPECT_TRUE(CheckRegex("--x: ", "(((a)))*").ok());  // groups without repetitions do not count
}

TEST(PosixRegexTest, RefusesBackReferences) {
  EXPECT_EQ(CheckRegex("--x: ", "(a*)*b\\1").message(),
            "--x: back-references (\\1 to \\9) are not supported: glibc matches them by backtracking, in "
            "exponential time");
  EXPECT_FALSE(FirstMatch("(a)\\1", "aa").has_value());
  EXPECT_TRUE(CheckRegex("--x: ", "a\\.b\\\\1").ok());  // an escaped backslash, then '1'
}

// The worst patterns within the bounds found so far compile in well under a second (0.3 s measured on a
// loaded machine); the bound here is generous so that it holds under sanitizers and load.
TEST(PosixRegexTest, TheWorstPatternsWithinTheBoundsCompileQuickly) {
  for (const std::string& pattern : {Times("(.?){255}", 4), Times("(.*){255}", 4), Times("(.*.*){255}", 2),
                                     std::string("((.*.*.*.*){255})"), Times("(a*)*", 100), Times(".*", 256)}) {
    ASSERT_TRUE(CheckRegex("--x: ", pattern).ok()) << pattern;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(FirstMatch(pattern, "abc").has_value());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << pattern;
  }
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
