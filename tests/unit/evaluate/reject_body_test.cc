#include "common/evaluate/reject_body.h"

#include <gtest/gtest.h>

#include <string>

namespace dmk {
namespace {

TEST(RejectBodyTest, NamesThePatternAndWhatMatched) {
  EXPECT_EQ(DescribeRejectedBody("[Mm]aintenance", "<h1>Down for maintenance</h1>"),
            "response body matches --reject-body '[Mm]aintenance' (found \"maintenance\")");
  EXPECT_FALSE(DescribeRejectedBody("[Mm]aintenance", R"({"status":"ok"})").has_value());
  EXPECT_FALSE(DescribeRejectedBody("x", "").has_value());
}

TEST(RejectBodyTest, SanitisesAndCutsWhatItQuotes) {
  const std::string body = "ok\nDown|for\x01" + std::string(300, 'x') + "\nend";
  EXPECT_EQ(DescribeRejectedBody("Down.*", body),
            "response body matches --reject-body 'Down.*' (found \"Down/for?" + std::string(51, 'x') + "...\")");
  EXPECT_EQ(DescribeRejectedBody("a|b", "b"), "response body matches --reject-body 'a/b' (found \"b\")");
  EXPECT_TRUE(DescribeRejectedBody("end$", std::string("\0\0end", 5)).has_value());  // past NUL bytes
}

}  // namespace
}  // namespace dmk
