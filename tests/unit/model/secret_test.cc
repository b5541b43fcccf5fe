#include "common/model/secret.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace dmk {
namespace {

TEST(SecretTest, SecretFormsOfBasicHoldThePasswordAndTheBase64OfUserColonPassword) {
  Secret secret;
  secret.type = AuthType::kBasic;
  secret.user = "user";
  secret.password = "pass";
  std::vector<std::string> forms = SecretForms(secret);
  // base64("user:pass") as in an Authorization: Basic header (RFC 7617).
  EXPECT_NE(std::find(forms.begin(), forms.end(), "dXNlcjpwYXNz"), forms.end());
  EXPECT_NE(std::find(forms.begin(), forms.end(), "pass"), forms.end());
  EXPECT_EQ(std::find(forms.begin(), forms.end(), ""), forms.end());
}

TEST(SecretTest, SecretFormsComeLongestFirst) {
  Secret secret;
  secret.type = AuthType::kBasic;
  secret.user = "monitoring";
  secret.password = "a-rather-long-password-indeed";
  std::vector<std::string> forms = SecretForms(secret);
  ASSERT_EQ(forms.size(), 2u);
  EXPECT_GE(forms[0].size(), forms[1].size());
}

TEST(SecretTest, SecretFormsOfBearerHoldTheToken) {
  Secret secret;
  secret.type = AuthType::kBearer;
  secret.token = "tok-123";
  EXPECT_EQ(SecretForms(secret), std::vector<std::string>{"tok-123"});
}
bool Has(const std::vector<std::string>& forms, const std::string& form) {
  return std::find(forms.begin(), forms.end(), form) != forms.end();
}

// Secrets an --extra-opts file may carry (docs/plugin-contract.md, "Standard options": this is how secrets stay
// out of argv) must be redacted like --auth secrets.
TEST(SecretTest, ConfigSecretFormsHoldAuthorizationHeaderCredentials) {
  Config config;
  config.headers = {"X-Probe: 1", "Authorization: Bearer tok-from-ini", "proxy-authorization: Basic cHg6cHc="};
  std::vector<std::string> forms = ConfigSecretForms(config);
  EXPECT_TRUE(Has(forms, "tok-from-ini")) << ::testing::PrintToString(forms);
  EXPECT_TRUE(Has(forms, "Bearer tok-from-ini")) << ::testing::PrintToString(forms);
  EXPECT_TRUE(Has(forms, "cHg6cHc=")) << ::testing::PrintToString(forms);
  EXPECT_FALSE(Has(forms, "1"));
  EXPECT_FALSE(Has(forms, ""));
}

TEST(SecretTest, ConfigSecretFormsHoldEachCookieValue) {
  Config config;
  config.headers = {"Cookie: session=abc123xyz; csrf=tok456"};
  std::vector<std::string> forms = ConfigSecretForms(config);
  EXPECT_TRUE(Has(forms, "abc123xyz")) << ::testing::PrintToString(forms);
  EXPECT_TRUE(Has(forms, "tok456")) << ::testing::PrintToString(forms);
}

TEST(SecretTest, ConfigSecretFormsHoldTheProxyPasswordAndItsBase64) {
  Config config;
  config.proxy = "http://user:pa55word@proxy.example:3128";
  std::vector<std::string> forms = ConfigSecretForms(config);
  EXPECT_TRUE(Has(forms, "pa55word")) << ::testing::PrintToString(forms);
  EXPECT_TRUE(Has(forms, "dXNlcjpwYTU1d29yZA==")) << ::testing::PrintToString(forms);  // base64("user:pa55word")
}

TEST(SecretTest, ConfigSecretFormsHoldAProxyPasswordWithAtSignsWhole) {
  Config config;
  config.proxy = "http://user:secret@tail9@127.0.0.1:9";
  std::vector<std::string> forms = ConfigSecretForms(config);
  EXPECT_TRUE(Has(forms, "secret@tail9")) << ::testing::PrintToString(forms);
  config.proxy = "http://user:p%40ss@127.0.0.1:9";
  forms = ConfigSecretForms(config);
  EXPECT_TRUE(Has(forms, "p%40ss")) << ::testing::PrintToString(forms);
  EXPECT_TRUE(Has(forms, "p@ss")) << ::testing::PrintToString(forms);
  EXPECT_TRUE(Has(forms, "dXNlcjpwQHNz")) << ::testing::PrintToString(forms);  // base64("user:p@ss")
}

TEST(SecretTest, ConfigSecretFormsAreEmptyWithoutSecrets) {
  Config config;
  config.headers = {"Accept: application/json"};
  config.proxy = "http://proxy.example:3128";
  EXPECT_TRUE(ConfigSecretForms(config).empty()) << ::testing::PrintToString(ConfigSecretForms(config));
}

TEST(SecretTest, SecretHeaderNamesAreOneListInAnyCase) {
  for (const char* name : {"Authorization", "authorization", " PROXY-Authorization ", "Cookie", "set-cookie"}) {
    EXPECT_TRUE(IsSecretHeaderName(name)) << name;
  }
  for (const char* name : {"X-Authorization-Hint", "Accept", "", "Set-Cookie2x"}) {
    EXPECT_FALSE(IsSecretHeaderName(name)) << name;
  }
}

}  // namespace
}  // namespace dmk
