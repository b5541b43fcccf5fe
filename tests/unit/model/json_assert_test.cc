#include "common/model/json_assert.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dmk {
namespace {

JsonAssertion MustParse(const std::string& text) {
  JsonAssertion assertion;
  Status status = ParseJsonAssertion(text, &assertion);
  EXPECT_TRUE(status.ok()) << text << ": " << status.message();
  return assertion;
}

struct AssertionCase {
  std::string text;
  std::string pointer;
  JsonOp op;
  JsonExpected::Kind kind;
  std::string value;  // JsonExpected::text
};

TEST(JsonAssertTest, ParsesEveryOperatorAndLiteral) {
  using Kind = JsonExpected::Kind;
  const std::vector<AssertionCase> cases = {
      {"/status", "/status", JsonOp::kExists, Kind::kNone, ""},
      {"/status=ok", "/status", JsonOp::kEqual, Kind::kString, "ok"},
      {"/status=\"42\"", "/status", JsonOp::kEqual, Kind::kString, "42"},
      {"/status=", "/status", JsonOp::kEqual, Kind::kString, ""},
      {"/count=42", "/count", JsonOp::kEqual, Kind::kNumber, "42"},
      {"/count=-1.5e3", "/count", JsonOp::kEqual, Kind::kNumber, "-1.5e3"},
      {"/up=true", "/up", JsonOp::kEqual, Kind::kBoolean, "true"},
      {"/up=false", "/up", JsonOp::kEqual, Kind::kBoolean, "false"},
      {"/error=null", "/error", JsonOp::kEqual, Kind::kNull, "null"},
      {"/status!=down", "/status", JsonOp::kNotEqual, Kind::kString, "down"},
      {"/encoders/online>=1", "/encoders/online", JsonOp::kGreaterEqual, Kind::kNumber, "1"},
      {"/a/b<=2", "/a/b", JsonOp::kLessEqual, Kind::kNumber, "2"},
      {"/a>0.5", "/a", JsonOp::kGreater, Kind::kNumber, "0.5"},
      {"/a<10", "/a", JsonOp::kLess, Kind::kNumber, "10"},
      {"/version=~^6\\.[0-9]+", "/version", JsonOp::kMatches, Kind::kRegex, "^6\\.[0-9]+"},
      {"/a=b=c", "/a", JsonOp::kEqual, Kind::kString, "b=c"},
      {"/x=01", "/x", JsonOp::kEqual, Kind::kString, "01"},  // not a JSON number: a string
  };
  for (const AssertionCase& c : cases) {
    JsonAssertion assertion = MustParse(c.text);
    EXPECT_EQ(assertion.pointer, c.pointer) << c.text;
    EXPECT_EQ(assertion.op, c.op) << c.text;
    EXPECT_EQ(assertion.expected.kind, c.kind) << c.text;
    EXPECT_EQ(assertion.expected.text, c.value) << c.text;
  }
  EXPECT_EQ(MustParse("/count=-1.5e3").expected.number, -1500);
  EXPECT_TRUE(MustParse("/up=true").expected.boolean);
}

TEST(JsonAssertTest, RefusesMalformedAssertionsNamingTheOption) {
  for (const std::string text : {"", "status=ok", "/a~2=1", "/a~=1", "/a>=x", "/a<", "/a>1e400", "/a!x", "/a=~(",
                                 "/a=~[z-a]", "/a>=NaN", "/a>=inf"}) {
    JsonAssertion assertion;
    Status status = ParseJsonAssertion(text, &assertion);
    EXPECT_FALSE(status.ok()) << text;
    EXPECT_EQ(status.message().rfind("--expect-json '" + text + "': ", 0), 0u) << status.message();
  }
}

TEST(JsonAssertTest, UnescapesPointerTokensAsRfc6901Says) {
  std::vector<std::string> tokens;
  ASSERT_TRUE(ParseJsonPointer("/a~1b/m~0n/", &tokens).ok());
  EXPECT_EQ(tokens, (std::vector<std::string>{"a/b", "m~n", ""}));
  ASSERT_TRUE(ParseJsonPointer("/", &tokens).ok());
  EXPECT_EQ(tokens, (std::vector<std::string>{""}));
  ASSERT_TRUE(ParseJsonPointer("/~01", &tokens).ok());  // "~01" is "~" then "1", not "/"
  EXPECT_EQ(tokens, (std::vector<std::string>{"~1"}));
  EXPECT_FALSE(ParseJsonPointer("a", &tokens).ok());
  EXPECT_FALSE(ParseJsonPointer("/a~", &tokens).ok());
}

TEST(JsonAssertTest, MergesWarningAndCriticalOfOnePointer) {
  std::vector<JsonThreshold> thresholds;
  ASSERT_TRUE(AddJsonThreshold("/encoders/offline=0", false, &thresholds).ok());
  ASSERT_TRUE(AddJsonThreshold("/encoders/offline=2", true, &thresholds).ok());
  ASSERT_TRUE(AddJsonThreshold("/load=@10:20", true, &thresholds).ok());
  ASSERT_EQ(thresholds.size(), 2u);
  EXPECT_EQ(thresholds[0].warning->text(), "0");
  EXPECT_EQ(thresholds[0].critical->text(), "2");
  EXPECT_FALSE(thresholds[1].warning.has_value());
  EXPECT_TRUE(thresholds[1].critical->Alerts(15));
}

TEST(JsonAssertTest, RefusesMalformedThresholds) {
  std::vector<JsonThreshold> thresholds;
  Status status = AddJsonThreshold("/a", false, &thresholds);
  EXPECT_EQ(status.message(), "--json-warning '/a': expected POINTER=RANGE, e.g. /encoders/offline=0");
  status = AddJsonThreshold("/a=20:10", true, &thresholds);
  EXPECT_EQ(status.message().rfind("--json-critical '/a=20:10': malformed range", 0), 0u) << status.message();
  EXPECT_FALSE(AddJsonThreshold("a=1", true, &thresholds).ok());
  ASSERT_TRUE(AddJsonThreshold("/a=1", true, &thresholds).ok());
  status = AddJsonThreshold("/a=2", true, &thresholds);
  EXPECT_EQ(status.message(), "--json-critical '/a=2': a second --json-critical for /a");
}

TEST(JsonAssertTest, LabelsAreStableSanitisedUniqueAndBounded) {
  std::vector<JsonThreshold> thresholds;
  for (const char* text : {"/encoders/offline=1", "/encoders/offline~1x=1", "/encoders/offline/x=1", "/a b|c'd=1",
                           "/"
                           "0123456789012345678901234567890123456789xyz=1",
                           "/"
                           "0123456789012345678901234567890123456789abc=1"}) {
    ASSERT_TRUE(AddJsonThreshold(text, true, &thresholds).ok()) << text;
  }
  // "/a b|c'd=1" splits at its first '=': pointer "/a b|c'd", range "e=1" is malformed; use another.
  AssignJsonPerfLabels(&thresholds);
  std::vector<std::string> labels;
  for (const JsonThreshold& t : thresholds) labels.push_back(t.label);
  EXPECT_EQ(labels, (std::vector<std::string>{
                        "json_encoders_offline", "json_encoders_offline_x", "json_encoders_offline_x_2", "json_a_b_c_d",
                        "json_01234567890123456789012345678901234", "json_01234567890123456789012345678901234_2"}));
}

TEST(JsonAssertTest, DescribesExpectationsWithSanitisedValues) {
  EXPECT_EQ(DescribeExpectation(MustParse("/a>=1")), "expected >= 1");
  EXPECT_EQ(DescribeExpectation(MustParse("/a=ok")), "expected \"ok\"");
  EXPECT_EQ(DescribeExpectation(MustParse("/a=42")), "expected 42");
  EXPECT_EQ(DescribeExpectation(MustParse("/a!=null")), "expected anything but null");
  EXPECT_EQ(DescribeExpectation(MustParse("/a=~x|y")), "expected to match 'x/y'");
  EXPECT_EQ(DescribeExpectation(MustParse("/a")), "expected to exist");
}

}  // namespace
}  // namespace dmk
