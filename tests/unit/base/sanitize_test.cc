#include "common/base/sanitize.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/output_checks.h"

namespace dmk {
namespace {

using namespace std::string_literals;

constexpr std::size_t kWide = 1000;

// True when `text` is well-formed UTF-8 (RFC 3629) with no control characters (C0, DEL, C1).
bool IsCleanUtf8(const std::string& text) {
  return test_support::CleanUtf8(text) && test_support::NoControlBytes(text, false);
}

// docs/plugin-contract.md, "Exit codes and output": Icinga2 reads perfdata from any line where '|' is followed
// by '=', so a '|' in text from the network corrupts perfdata.
TEST(SanitizeTest, ReplacesPipesSoNoPerfdataCanBeInjected) {
  std::string out = SanitizeLine("error | evil=1;2;3", kWide);
  EXPECT_EQ(out.find('|'), std::string::npos);
  EXPECT_EQ(out, "error / evil=1;2;3");
}

struct ControlCase {
  std::string name;
  std::string raw;
};

// docs/plugin-contract.md, "Exit codes and output": no control bytes in text from the network.
TEST(SanitizeTest, ReplacesControlBytes) {
  const std::vector<ControlCase> cases = {
      {"NUL", "a\0b"s},
      {"ESC", "a\x1b[31mb"s},
      {"BEL",
       "a\x07"
       "b"s},
      {"DEL",
       "a\x7f"
       "b"s},
      {"backspace", "a\bb"s},
      {"C1 NEL raw",
       "a\x85"
       "b"s},
      {"C1 CSI raw",
       "a\x9b"
       "b"s},
      {"C1 NEL encoded",
       "a\xc2\x85"
       "b"s},
      {"C1 CSI encoded",
       "a\xc2\x9b"
       "b"s},
  };
  for (const ControlCase& c : cases) {
    std::string out = SanitizeLine(c.raw, kWide);
    EXPECT_TRUE(IsCleanUtf8(out)) << c.name;
    EXPECT_EQ(out.front(), 'a') << c.name;
    EXPECT_EQ(out.back(), 'b') << c.name;
    EXPECT_NE(out.find('?'), std::string::npos) << c.name << ": " << out;
  }
  EXPECT_EQ(SanitizeLine("a\0b"s, kWide), "a?b");
  EXPECT_EQ(SanitizeLine("\x1b[2J", kWide), "?[2J");
}

TEST(SanitizeTest, ReplacesInvalidAndOverlongUtf8) {
  const std::vector<ControlCase> cases = {
      {"lone continuation", "a\x80z"},
      {"overlong slash", "a\xc0\xafz"},
      {"overlong NUL", "a\xc0\x80z"},
      {"overlong three bytes", "a\xe0\x80\xafz"},
      {"overlong four bytes", "a\xf0\x80\x80\xafz"},
      {"surrogate", "a\xed\xa0\x80z"},
      {"above U+10FFFF", "a\xf4\x90\x80\x80z"},
      {"F5 lead", "a\xf5\x80\x80\x80z"},
      {"FF byte", "a\xffz"},
      {"truncated sequence", "a\xe2\x82z"},
      {"truncated at end", "az\xe2\x82"},
  };
  for (const ControlCase& c : cases) {
    std::string out = SanitizeLine(c.raw, kWide);
    EXPECT_TRUE(IsCleanUtf8(out)) << c.name << ": " << out;
    EXPECT_NE(out.find('?'), std::string::npos) << c.name << ": " << out;
    EXPECT_NE(out.find('a'), std::string::npos) << c.name;
    EXPECT_NE(out.find('z'), std::string::npos) << c.name;
  }
  // The bytes of an overlong '/' must not come out as '/' or anything else but placeholders.
  EXPECT_EQ(SanitizeLine("a\xc0\xafz", kWide), "a??z");
}

TEST(SanitizeTest, KeepsValidUtf8) {
  for (const std::string text : {"Gemeinschaft Köln-Süd", "Ærø ☕ 東京", "emoji 🚀 ok", "\u00a0nbsp", "€100"}) {
    EXPECT_EQ(SanitizeLine(text, kWide), text);
  }
}

TEST(SanitizeTest, FoldsWhitespaceRunsAndTrimsTheEnds) {
  EXPECT_EQ(SanitizeLine("  a \t\r\n b\n\nc \v\f d  ", kWide), "a b c d");
  EXPECT_EQ(SanitizeLine("line one\r\nline two", kWide), "line one line two");
  EXPECT_EQ(SanitizeLine(" \t\n ", kWide), "");
  EXPECT_EQ(SanitizeLine("", kWide), "");
}

TEST(SanitizeTest, KeepsShortTextWhole) { EXPECT_EQ(SanitizeLine("abcdef", 6), "abcdef"); }

TEST(SanitizeTest, CutsAtTheBoundAndMarksTheCut) {
  EXPECT_EQ(SanitizeLine("abcdefgh", 5), "abcde...");
  std::string long_text(100000, 'x');
  std::string out = SanitizeLine(long_text, 600);
  EXPECT_EQ(out, std::string(600, 'x') + "...");
}

TEST(SanitizeTest, NeverCutsAUtf8CharacterInTwo) {
  const std::string text = "ééééé";  // 2 bytes each
  const std::string euro = "€€€€";   // 3 bytes each
  const std::string rocket = "🚀🚀🚀";  // 4 bytes each
  for (const std::string& raw : {text, euro, rocket}) {
    for (std::size_t bound = 0; bound < raw.size(); ++bound) {
      std::string out = SanitizeLine(raw, bound);
      ASSERT_GE(out.size(), 3u);
      ASSERT_EQ(out.substr(out.size() - 3), "...") << bound;
      std::string kept = out.substr(0, out.size() - 3);
      EXPECT_LE(kept.size(), bound);
      EXPECT_TRUE(IsCleanUtf8(kept)) << "bound " << bound << " split a character";
      EXPECT_EQ(raw.rfind(kept, 0), 0u) << "kept text is not a prefix";
    }
  }
}

TEST(SanitizeTest, RespectsTheBoundWithHostileInput) {
  std::string hostile;
  for (int i = 0; i < 5000; ++i)
    hostile +=
        "|\x1b\xc3\xa9 \xff\t\x85"
        "a";
  for (std::size_t bound : {0u, 1u, 2u, 7u, 120u, 600u}) {
    std::string out = SanitizeLine(hostile, bound);
    EXPECT_LE(out.size(), bound + 3) << bound;
    EXPECT_EQ(out.find('|'), std::string::npos);
    std::string kept = out.size() >= 3 && out.substr(out.size() - 3) == "..." ? out.substr(0, out.size() - 3) : out;
    EXPECT_TRUE(IsCleanUtf8(kept)) << bound;
  }
}

TEST(SanitizeTest, DoesNotCountFoldedWhitespaceBeyondTheBound) {
  // Trailing whitespace is dropped, so "abc   " fits in 3 bytes without a cut mark.
  EXPECT_EQ(SanitizeLine("abc   ", 3), "abc");
}

}  // namespace
}  // namespace dmk
