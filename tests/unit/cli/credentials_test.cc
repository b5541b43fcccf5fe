#include "common/cli/credentials.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "common/model/secret.h"
#include "tests/support/env.h"

namespace dmk {
namespace {

// A private temporary directory, removed with its files when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "dmk_credentials_XXXXXX";
    char* made = ::mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    for (const std::string& file : files_) ::unlink(file.c_str());
    for (const std::string& dir : dirs_) ::rmdir(dir.c_str());
    ::rmdir(path_.c_str());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `content` to `name` and gives it `mode` (explicitly, whatever the umask).
  std::string File(const std::string& name, const std::string& content, mode_t mode) {
    std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << content;
    EXPECT_EQ(::chmod(file.c_str(), mode), 0);
    files_.push_back(file);
    return file;
  }
  std::string Fifo(const std::string& name) {
    std::string file = path_ + "/" + name;
    EXPECT_EQ(::mkfifo(file.c_str(), 0600), 0);
    files_.push_back(file);
    return file;
  }
  std::string Dir(const std::string& name) {
    std::string dir = path_ + "/" + name;
    EXPECT_EQ(::mkdir(dir.c_str(), 0700), 0);
    dirs_.push_back(dir);
    return dir;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::vector<std::string> files_;
  std::vector<std::string> dirs_;
};

using test_support::Env;
using test_support::NoEnv;

Config FileConfig(AuthType auth, const std::string& file) {
  Config config;
  config.auth = auth;
  config.credentials_file = file;
  return config;
}

Config EnvConfig(AuthType auth, const std::string& name) {
  Config config;
  config.auth = auth;
  config.credentials_env = name;
  return config;
}

TEST(CredentialsTest, LoadsNothingWithoutAuth) {
  Secret secret;
  secret.token = "left over";
  ASSERT_TRUE(LoadSecret(Config(), NoEnv(), &secret).ok());
  EXPECT_EQ(secret.type, AuthType::kNone);
  EXPECT_EQ(secret.token, "");
  EXPECT_TRUE(SecretForms(secret).empty());
}

TEST(CredentialsTest, ReadsBasicCredentialsFromAPrivateFile) {
  TempDir dir;
  std::string file = dir.File("basic", "monitor:s3cret:with:colons\n", 0600);
  Secret secret;
  Status status = LoadSecret(FileConfig(AuthType::kBasic, file), NoEnv(), &secret);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(secret.type, AuthType::kBasic);
  EXPECT_EQ(secret.user, "monitor");
  EXPECT_EQ(secret.password, "s3cret:with:colons");  // only the first ':' separates
}

TEST(CredentialsTest, AcceptsAnOwnerReadOnlyFile) {
  TempDir dir;
  std::string file = dir.File("token", "tok-123", 0400);
  Secret secret;
  Status status = LoadSecret(FileConfig(AuthType::kBearer, file), NoEnv(), &secret);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(secret.token, "tok-123");
}

TEST(CredentialsTest, ReadsABearerTokenAndStripsTheTrailingNewline) {
  TempDir dir;
  for (const std::string ending : {"\n", "\r\n", "\n\n", ""}) {
    std::string file = dir.File("token" + std::to_string(ending.size()), "eyJhbGciOi.abc-def_ghi" + ending, 0600);
    Secret secret;
    Status status = LoadSecret(FileConfig(AuthType::kBearer, file), NoEnv(), &secret);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(secret.type, AuthType::kBearer);
    EXPECT_EQ(secret.token, "eyJhbGciOi.abc-def_ghi");
  }
}

// Like ssh with a private key: a secret that group or others may read or write is refused.
TEST(CredentialsTest, RefusesFilesOthersMayReadOrWrite) {
  TempDir dir;
  for (mode_t mode : {0640, 0644, 0604, 0620, 0602, 0660, 0666}) {
    std::string file = dir.File("mode" + std::to_string(mode), "user:hunter22\n", mode);
    Secret secret;
    Status status = LoadSecret(FileConfig(AuthType::kBasic, file), NoEnv(), &secret);
    EXPECT_FALSE(status.ok()) << std::oct << mode;
    EXPECT_NE(status.message().find(file), std::string::npos) << status.message();
    EXPECT_NE(status.message().find("chmod 600"), std::string::npos) << status.message();
    EXPECT_EQ(status.message().find("hunter22"), std::string::npos) << "the secret leaked into the message";
    EXPECT_EQ(secret.password, "");
  }
}

TEST(CredentialsTest, RefusesADirectory) {
  TempDir dir;
  std::string sub = dir.Dir("secrets");
  Secret secret;
  Status status = LoadSecret(FileConfig(AuthType::kBearer, sub), NoEnv(), &secret);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("not a regular file"), std::string::npos) << status.message();
}

// A FIFO planted in place of the file must not make the check hang until Icinga2 kills it (which loses
// the plugin's words: docs/plugin-contract.md, "Icinga 2", Timeout).
TEST(CredentialsTest, RefusesAFifoWithoutHanging) {
  TempDir dir;
  std::string fifo = dir.Fifo("pipe");
  Secret secret;
  std::future<Status> loading =
      std::async(std::launch::async, [&] { return LoadSecret(FileConfig(AuthType::kBearer, fifo), NoEnv(), &secret); });
  if (loading.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    ADD_FAILURE() << "LoadSecret blocked on a FIFO";
    // Unblock it by playing the writer, so the test fails instead of hanging.
    int writer = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (writer >= 0) ::close(writer);
  }
  Status status = loading.get();
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("not a regular file"), std::string::npos) << status.message();
}

TEST(CredentialsTest, RefusesAMissingFileNamingIt) {
  TempDir dir;
  std::string missing = dir.path() + "/nope";
  Secret secret;
  Status status = LoadSecret(FileConfig(AuthType::kBasic, missing), NoEnv(), &secret);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("--credentials-file '" + missing + "'"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("does not exist"), std::string::npos) << status.message();
}

TEST(CredentialsTest, RefusesAnEmptyFile) {
  TempDir dir;
  std::string file = dir.File("empty", "\n", 0600);
  Secret secret;
  Status status = LoadSecret(FileConfig(AuthType::kBearer, file), NoEnv(), &secret);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("empty"), std::string::npos) << status.message();
}

TEST(CredentialsTest, RefusesASecretOfSeveralLines) {
  TempDir dir;
  std::string file = dir.File("two", "user:pass\nsecond line\n", 0600);
  Secret secret;
  Status status = LoadSecret(FileConfig(AuthType::kBasic, file), NoEnv(), &secret);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("one line"), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find("pass"), std::string::npos) << status.message();
}

TEST(CredentialsTest, BasicNeedsUserColonPassword) {
  for (const char* text : {"justapassword", ":password-without-user"}) {
    Secret secret;
    Status status = LoadSecret(EnvConfig(AuthType::kBasic, "DMK_SECRET"), Env({{"DMK_SECRET", text}}), &secret);
    ASSERT_FALSE(status.ok()) << text;
    EXPECT_NE(status.message().find("user:password"), std::string::npos) << status.message();
    EXPECT_EQ(status.message().find("password-without-user"), std::string::npos) << "the secret leaked";
    EXPECT_EQ(status.message().find("justapassword"), std::string::npos) << "the secret leaked";
  }
}

TEST(CredentialsTest, AcceptsAnEmptyPasswordForBasic) {
  Secret secret;
  ASSERT_TRUE(LoadSecret(EnvConfig(AuthType::kBasic, "S"), Env({{"S", "user:"}}), &secret).ok());
  EXPECT_EQ(secret.user, "user");
  EXPECT_EQ(secret.password, "");
}

TEST(CredentialsTest, BearerTokenMustBeTheTokenAlone) {
  Secret secret;
  Status status = LoadSecret(EnvConfig(AuthType::kBearer, "S"), Env({{"S", "Bearer abc"}}), &secret);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("token alone"), std::string::npos) << status.message();
}

TEST(CredentialsTest, ReadsTheSecretFromASetEnvironmentVariable) {
  Secret secret;
  Status status = LoadSecret(EnvConfig(AuthType::kBearer, "DMK_TOKEN"), Env({{"DMK_TOKEN", "tok-env\n"}}), &secret);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(secret.token, "tok-env");
}

TEST(CredentialsTest, RefusesAnUnsetEnvironmentVariableNamingIt) {
  Secret secret;
  Status status = LoadSecret(EnvConfig(AuthType::kBearer, "DMK_TOKEN"), Env({{"OTHER", "x"}}), &secret);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("DMK_TOKEN"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("not set"), std::string::npos) << status.message();
}

TEST(CredentialsTest, RefusesAnEmptyEnvironmentVariable) {
  Secret secret;
  Status status = LoadSecret(EnvConfig(AuthType::kBearer, "DMK_TOKEN"), Env({{"DMK_TOKEN", ""}}), &secret);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("empty"), std::string::npos) << status.message();
}

TEST(CredentialsTest, SecretFormsOfLoadedBasicCredentialsIncludeTheBase64) {
  Secret secret;
  ASSERT_TRUE(LoadSecret(EnvConfig(AuthType::kBasic, "S"), Env({{"S", "Aladdin:open sesame"}}), &secret).ok());
  std::vector<std::string> forms = SecretForms(secret);
  // The example of RFC 7617, section 2.
  EXPECT_NE(std::find(forms.begin(), forms.end(), "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="), forms.end());
  EXPECT_NE(std::find(forms.begin(), forms.end(), "open sesame"), forms.end());
}

}  // namespace
}  // namespace dmk
