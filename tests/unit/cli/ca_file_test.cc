#include "common/cli/ca_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

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

// A PEM certificate with its base64 changed: `edit` gets the lines between BEGIN and END.
std::string EditedPem(const std::function<void(std::vector<std::string>&)>& edit) {
  std::istringstream in(test_support::SelfSignedPem());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<std::string> body(lines.begin() + 1, lines.end() - 1);
  edit(body);
  std::string pem = lines.front() + "\n";
  for (const std::string& line : body) pem += line + "\n";
  return pem + lines.back() + "\n";
}

TEST(DescribeCaContentTest, AWholeBlockUnderEveryCertificateLabelIsACertificate) {
  const std::string pem = test_support::SelfSignedPem();
  EXPECT_EQ(DescribeCaContent(pem), "");
  EXPECT_EQ(DescribeCaContent("junk before\r\n" + pem + "junk after"), "");
  for (const char* label : {"X509 CERTIFICATE", "TRUSTED CERTIFICATE"}) {
    std::string other = pem;
    other.replace(other.find("CERTIFICATE"), 11, label);
    other.replace(other.rfind("CERTIFICATE"), 11, label);
    EXPECT_EQ(DescribeCaContent(other), "") << label;
  }
}

TEST(DescribeCaContentTest, ABlockWhoseBase64IsNotOneWholeDerSequenceIsDamaged) {
  const std::string damaged = "holds a PEM certificate block that does not parse (damaged or cut off)";
  // A line missing: the DER length no longer matches.
  EXPECT_EQ(DescribeCaContent(EditedPem([](auto& body) { body.erase(body.begin() + 2); })), damaged);
  // Characters outside base64.
  EXPECT_EQ(DescribeCaContent(EditedPem([](auto& body) { body[1].replace(4, 4, "!!!!"); })), damaged);
  // Not a SEQUENCE: the first byte changed (base64 'M' encodes 0x30's leading bits).
  EXPECT_EQ(DescribeCaContent(EditedPem([](auto& body) { body[0][0] = 'A'; })), damaged);
  // A line longer: base64 no longer a multiple of 4.
  EXPECT_EQ(DescribeCaContent(EditedPem([](auto& body) { body[0] += "A"; })), damaged);
  // BEGIN without END, and END without BEGIN.
  const std::string pem = test_support::SelfSignedPem();
  EXPECT_EQ(DescribeCaContent(pem.substr(0, pem.rfind("-----END"))), damaged);
  EXPECT_EQ(DescribeCaContent(pem.substr(pem.find('\n') + 1)),
            "holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)");
}

TEST_F(CaFileTest, AFifoIsRefusedWithoutHanging) {
  std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Status status = CheckCaFile(fifo);
  EXPECT_EQ(status.message(), "--ca-file '" + fifo + "' is not a regular file");
}

}  // namespace
}  // namespace dmk
