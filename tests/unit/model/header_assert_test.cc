#include "common/model/header_assert.h"

#include <gtest/gtest.h>

#include <string>

namespace dmk {
namespace {

HeaderAssertion MustParse(const std::string& text) {
  HeaderAssertion assertion;
  Status status = ParseHeaderAssertion(text, &assertion);
  EXPECT_TRUE(status.ok()) << text << ": " << status.message();
  return assertion;
}

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

}  // namespace
}  // namespace dmk
