#include "common/header_assert.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dmk {
namespace {

HeaderAssertion MustParse(const std::string& text) {
  HeaderAssertion assertion;
  Status status = ParseHeaderAssertion(text, &assertion);
  EXPECT_TRUE(status.ok()) << text << ": " << status.message();
  return assertion;
}

const std::vector<std::string> kLines = {"Content-Type: text/html; charset=utf-8",
                                         "Content-Length: 131",
                                         "Set-Cookie: session=SECRET-1; HttpOnly",
                                         "set-cookie: lang=de",
                                         "X-DMK-Version:  6.2.1 ",
                                         "X-Hostile: a|b\x1b[31m"};

TEST(HeaderAssertTest, ParsesNameAndPattern) {
  HeaderAssertion assertion = MustParse("  Content-Type :  ^application/json ");
  EXPECT_EQ(assertion.name, "Content-Type");
  EXPECT_EQ(assertion.pattern, "^application/json");
  EXPECT_EQ(MustParse("X-DMK-Version:").pattern, "");
  EXPECT_EQ(MustParse("A: b: c").pattern, "b: c");
}

TEST(HeaderAssertTest, RefusesMalformedAssertionsNamingTheOption) {
  for (const std::string text : {"Content-Type", ": x", "Bad Name: x", "X: (", "X: a{99999}{99999}"}) {
    HeaderAssertion assertion;
    Status status = ParseHeaderAssertion(text, &assertion);
    EXPECT_FALSE(status.ok()) << text;
    EXPECT_EQ(status.message().rfind("--expect-header '" + text + "': ", 0), 0u) << status.message();
  }
}

TEST(HeaderAssertTest, MatchesNamesInAnyCase) {
  EXPECT_FALSE(CheckHeader(MustParse("content-type: ^text/html"), kLines).has_value());
  EXPECT_FALSE(CheckHeader(MustParse("X-DMK-VERSION: ^6\\.2\\.1$"), kLines).has_value());  // blanks trimmed
  EXPECT_FALSE(CheckHeader(MustParse("X-DMK-Version:"), kLines).has_value());
  EXPECT_FALSE(CheckHeader(MustParse("Set-Cookie: ^lang="), kLines).has_value());  // any of several
}

TEST(HeaderAssertTest, NamesTheHeaderAndWhatCameInstead) {
  EXPECT_EQ(CheckHeader(MustParse("Content-Type: ^application/json"), kLines),
            "response header Content-Type is \"text/html; charset=utf-8\" (expected '^application/json')");
  EXPECT_EQ(CheckHeader(MustParse("X-Frame-Options: DENY"), kLines),
            "response header X-Frame-Options is missing (expected 'DENY')");
  EXPECT_EQ(CheckHeader(MustParse("X-Frame-Options:"), kLines),
            "response header X-Frame-Options is missing (expected to be there)");
  EXPECT_EQ(CheckHeader(MustParse("X-Hostile: ^ok$"), kLines),
            "response header X-Hostile is \"a/b?[31m\" (expected '^ok$')");
}

TEST(HeaderAssertTest, RedactsSecretBearingHeaders) {
  const std::string problem = CheckHeader(MustParse("Set-Cookie: ^theme="), kLines).value_or("");
  EXPECT_EQ(problem, "response header Set-Cookie is \"[redacted], [redacted]\" (expected '^theme=')");
  EXPECT_EQ(problem.find("SECRET"), std::string::npos);
}

}  // namespace
}  // namespace dmk
