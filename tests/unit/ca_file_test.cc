#include "common/ca_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "tests/support/test_cert.h"

namespace dmk {
namespace {

class CaFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "dmk_ca_file_" + std::to_string(::getpid());
    ::mkdir(dir_.c_str(), 0700);
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  std::string Write(const std::string& name, const std::string& content) const {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::string dir_;
};

TEST_F(CaFileTest, AcceptsAPemCertificateAndABundleWithOtherBlocksFirst) {
  EXPECT_TRUE(CheckCaFile(Write("ca.pem", test_support::SelfSignedPem())).ok());
  std::string bundle = "# comment\n-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n" +
                       test_support::SelfSignedPem("one") + test_support::SelfSignedPem("two");
  Status status = CheckCaFile(Write("bundle.pem", bundle));
  EXPECT_TRUE(status.ok()) << status.message();
}

TEST_F(CaFileTest, MissingDirectoryAndNonPemFilesGetDistinctWords) {
  struct Case {
    std::string path;
    std::string words;
  };
  const std::string der("\x30\x82\x01\x0a\x02\x82\x01\x01", 8);
  for (const Case& c : {
           Case{dir_ + "/missing.pem", "' does not exist"},
           Case{dir_, "' is a directory: give a PEM file, or the directory as --ca-path (hashed with openssl rehash)"},
           Case{Write("empty.pem", ""), "' is empty (expected PEM CA certificates)"},
           Case{Write("notes.txt", "hello\n"), "' holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)"},
           Case{Write("ca.der", der), "' holds no PEM certificate; it looks like DER (binary)"},
           Case{Write("key.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
                "' holds a private key, not a CA certificate"},
           Case{Write("cut.pem", test_support::SelfSignedPem().substr(0, 200)),
                "' holds a PEM certificate block that does not parse (damaged or cut off)"},
       }) {
    Status status = CheckCaFile(c.path);
    ASSERT_FALSE(status.ok()) << c.path;
    EXPECT_EQ(status.message().rfind("--ca-file '" + c.path + c.words, 0), 0u) << status.message();
  }
}

TEST_F(CaFileTest, AFifoIsRefusedWithoutHanging) {
  std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Status status = CheckCaFile(fifo);
  EXPECT_EQ(status.message(), "--ca-file '" + fifo + "' is not a regular file");
}

}  // namespace
}  // namespace dmk
