#include "common/probe/openssl_error.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstdio>
#include <string>

namespace dmk {
namespace {

// libcurl 7.88's message for a handshake OpenSSL refused: "<version>: <ERR_error_string_n>". Without
// libcrypto's strings the library name reads "lib(20)"; with them, "SSL routines". Either way the reader
// gets the reason and the code.
TEST(OpenSslErrorTest, KeepsTheReasonAndTheCodeAndDropsTheLibraryName) {
  EXPECT_EQ(DescribeOpenSslErrors("OpenSSL/3.0.17: error:0A000410:lib(20)::sslv3 alert handshake failure"),
            "OpenSSL/3.0.17: sslv3 alert handshake failure (OpenSSL error 0A000410)");
  EXPECT_EQ(DescribeOpenSslErrors("OpenSSL/3.0.17: error:0A00010B:SSL routines::wrong version number"),
            "OpenSSL/3.0.17: wrong version number (OpenSSL error 0A00010B)");
}

// A system error: OpenSSL 3 words it from errno itself, whatever strings are loaded.
TEST(OpenSslErrorTest, SystemErrorsKeepTheirWords) {
  EXPECT_EQ(DescribeOpenSslErrors("OpenSSL SSL_connect: error:80000068:lib(2)::Connection reset by peer"),
            "OpenSSL SSL_connect: Connection reset by peer (OpenSSL error 80000068)");
}

// simulator behaviour tls_alert: a fatal alert with description 200, which no TLS version defines. OpenSSL
// has no string for it and writes reason(1200) (SSL_AD_REASON_OFFSET + 200).
TEST(OpenSslErrorTest, UndefinedAlertIsNamedByNumber) {
  char code[16];
  std::snprintf(code, sizeof code, "%08lX", ERR_PACK(ERR_LIB_SSL, 0, SSL_AD_REASON_OFFSET + 200));
  EXPECT_EQ(DescribeOpenSslErrors(std::string("OpenSSL/3.0.17: error:") + code + ":lib(20)::reason(1200)"),
            std::string("OpenSSL/3.0.17: the peer sent TLS alert 200, which no TLS version defines (OpenSSL error ") +
                code + ")");
}

TEST(OpenSslErrorTest, UnnamedReasonOfAnotherLibraryGivesTheNumber) {
  EXPECT_EQ(DescribeOpenSslErrors("error:1E00010C:lib(60)::reason(268)"),
            "unknown reason 268 (OpenSSL error 1E00010C)");
}

TEST(OpenSslErrorTest, SeveralErrorsAreEachDescribed) {
  EXPECT_EQ(DescribeOpenSslErrors("error:0A000086:lib(20)::certificate verify failed, "
                                  "error:0A00010B:lib(20)::wrong version number"),
            "certificate verify failed (OpenSSL error 0A000086), wrong version number (OpenSSL error 0A00010B)");
}

// Anything else passes through unchanged: libcurl's own messages, "error:" in other words, truncated codes.
TEST(OpenSslErrorTest, OtherTextIsUnchanged) {
  for (const char* text :
       {"", "Connection timed out after 2001 milliseconds", "error: not an OpenSSL error", "error:0A0004",
        "error:0A000410", "error:0A000410:", "error:0A000410:lib(20)", "error:ZZZZZZZZ:lib(20)::reason(1)"}) {
    EXPECT_EQ(DescribeOpenSslErrors(text), text) << text;
  }
}

}  // namespace
}  // namespace dmk
