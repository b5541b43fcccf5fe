#include "common/evaluate/header_evaluate.h"

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

TEST(HeaderEvaluateTest, MatchesNamesInAnyCase) {
  EXPECT_FALSE(EvaluateHeader(MustParse("content-type: ^text/html"), kLines).has_value());
  EXPECT_FALSE(EvaluateHeader(MustParse("X-DMK-VERSION: ^6\\.2\\.1$"), kLines).has_value());  // blanks trimmed
  EXPECT_FALSE(EvaluateHeader(MustParse("X-DMK-Version:"), kLines).has_value());
  EXPECT_FALSE(EvaluateHeader(MustParse("Set-Cookie: ^lang="), kLines).has_value());  // any of several
}

TEST(HeaderEvaluateTest, NamesTheHeaderAndWhatCameInstead) {
  EXPECT_EQ(EvaluateHeader(MustParse("Content-Type: ^application/json"), kLines),
            "response header Content-Type is \"text/html; charset=utf-8\" (expected '^application/json')");
  EXPECT_EQ(EvaluateHeader(MustParse("X-Frame-Options: DENY"), kLines),
            "response header X-Frame-Options is missing (expected 'DENY')");
  EXPECT_EQ(EvaluateHeader(MustParse("X-Frame-Options:"), kLines),
            "response header X-Frame-Options is missing (expected to be there)");
  EXPECT_EQ(EvaluateHeader(MustParse("X-Hostile: ^ok$"), kLines),
            "response header X-Hostile is \"a/b?[31m\" (expected '^ok$')");
}

TEST(HeaderEvaluateTest, RedactsSecretBearingHeaders) {
  const std::string problem = EvaluateHeader(MustParse("Set-Cookie: ^theme="), kLines).value_or("");
  EXPECT_EQ(problem, "response header Set-Cookie is \"[redacted], [redacted]\" (expected '^theme=')");
  EXPECT_EQ(problem.find("SECRET"), std::string::npos);
}

}  // namespace
}  // namespace dmk
