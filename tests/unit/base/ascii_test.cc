#include "common/base/ascii.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace dmk {
namespace {

TEST(AsciiTest, LowersAndUppersOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLower("Content-Type: ÄÖ 1@[`{"), "content-type: ÄÖ 1@[`{");
  EXPECT_EQ(AsciiUpper("post /ä?q=1@[`{"), "POST /ä?Q=1@[`{");
  EXPECT_EQ(AsciiLower(std::string("A\0B", 3)), std::string("a\0b", 3));
  EXPECT_EQ(AsciiLower('Z'), 'z');
  EXPECT_EQ(AsciiLower('@'), '@');  // the byte before 'A'
  EXPECT_EQ(AsciiLower('['), '[');  // the byte after 'Z'
  EXPECT_EQ(AsciiLower(static_cast<char>(0xC4)), static_cast<char>(0xC4));
}

struct CompareCase {
  std::string a;
  std::string b;
  bool equal;
  bool contains;  // a holds b
};

TEST(AsciiTest, ComparesIgnoringAsciiCaseOnly) {
  const std::vector<CompareCase> cases = {
      {"Set-Cookie", "set-cookie", true, true},
      {"SOCKS5H", "socks5h", true, true},
      {"", "", true, true},
      {"abc", "", false, true},
      {"", "abc", false, false},
      {"abc", "abcd", false, false},
      {"Connection Reset by peer", "RESET BY PEER", false, true},
      {"Ä", "ä", false, false},  // UTF-8 letters are not folded
      {"[", "{", false, false},  // 0x5B and 0x7B differ by 0x20 but are not letters
      {"@", "`", false, false},
  };
  for (const CompareCase& c : cases) {
    EXPECT_EQ(EqualsIgnoreCase(c.a, c.b), c.equal) << c.a << " / " << c.b;
    EXPECT_EQ(ContainsIgnoreCase(c.a, c.b), c.contains) << c.a << " / " << c.b;
  }
}

TEST(AsciiTest, TrimsSpacesTabsAndLineEnds) {
  EXPECT_EQ(TrimAsciiSpace(" \t key = value \r\n"), "key = value");
  EXPECT_EQ(TrimAsciiSpace(" \r\n\t"), "");
  EXPECT_EQ(TrimAsciiSpace(""), "");
  EXPECT_EQ(TrimAsciiSpace("\vx\f"), "\vx\f");  // only the four blanks of an ini line
}

TEST(AsciiTest, TrimsOnlySpacesAndTabsAsBlanks) {
  EXPECT_EQ(TrimBlanks(" \t text/html; charset=utf-8 \t"), "text/html; charset=utf-8");
  EXPECT_EQ(TrimBlanks(" \t "), "");
  EXPECT_EQ(TrimBlanks(""), "");
  EXPECT_EQ(TrimBlanks("\r x \n"), "\r x \n");  // a line's CR or LF is not a blank
}

TEST(AsciiTest, SplitsAsGetlineWould) {
  using Pieces = std::vector<std::string_view>;
  EXPECT_EQ(SplitPieces("a,b,,c", ','), (Pieces{"a", "b", "", "c"}));
  EXPECT_EQ(SplitPieces("a\nb\n", '\n'), (Pieces{"a", "b"}));  // nothing after a trailing separator
  EXPECT_EQ(SplitPieces(",a", ','), (Pieces{"", "a"}));
  EXPECT_EQ(SplitPieces("", ','), Pieces{});
  EXPECT_EQ(SplitPieces(",", ','), (Pieces{""}));
}

}  // namespace
}  // namespace dmk
