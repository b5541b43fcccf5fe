#include "common/evaluate/http_hints.h"

#include <gtest/gtest.h>

namespace dmk {
namespace {

TEST(HttpHintsTest, RecognisesNginxAndApacheSayingThePortSpeaksTls) {
  EXPECT_TRUE(SaysPlainHttpToTlsPort(
      400, "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>"));
  EXPECT_TRUE(SaysPlainHttpToTlsPort(
      400,
      "<p>Your browser sent a request that this server could not understand.<br />\nReason: You're speaking "
      "plain HTTP to an SSL-enabled server port.<br />"));
}

TEST(HttpHintsTest, OtherAnswersAreNotRecognised) {
  EXPECT_FALSE(SaysPlainHttpToTlsPort(400, "<html>400 Bad Request</html>"));
  EXPECT_FALSE(SaysPlainHttpToTlsPort(404, "The plain HTTP request was sent to HTTPS port"));
  EXPECT_FALSE(SaysPlainHttpToTlsPort(400, ""));
}

}  // namespace
}  // namespace dmk
