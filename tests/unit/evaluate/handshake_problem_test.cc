#include "common/evaluate/handshake_problem.h"

#include <gtest/gtest.h>
#include <openssl/tls1.h>

#include <cerrno>
#include <string>

namespace dmk {
namespace {

HandshakeFacts Facts(int version, int alert = -1, bool before_hello = false) {
  HandshakeFacts facts;
  facts.server_version = version;
  facts.alert_received = alert;
  facts.alert_before_server_hello = before_hello;
  return facts;
}

HandshakeFacts Dh(int bits, int required) {
  HandshakeFacts facts = Facts(TLS1_2_VERSION);
  facts.dh_bits = bits;
  facts.dh_bits_required = required;
  return facts;
}

TEST(DiagnoseHandshakeTest, NamesEachProblemFromTheWireAndTheLibraryText) {
  struct Case {
    const char* name;
    HandshakeFacts facts;
    std::string detail;
    int tls_min;
    HandshakeProblem expected;
  };
  HandshakeFacts below_minimum = Facts(TLS1_2_VERSION);
  below_minimum.below_minimum = true;
  const Case cases[] = {
      {"TLS 1.0 refused by this host", Facts(TLS1_VERSION), "legacy sigalg disallowed or unsupported", 0,
       HandshakeProblem::kVersionTooOld},
      {"TLS 1.1 refused by this host", Facts(TLS1_1_VERSION), "unexpected eof while reading", 0,
       HandshakeProblem::kVersionTooOld},
      {"TLS 1.2 below --tls-min 1.3", below_minimum, "operation aborted by pre-request callback", TLS1_3_VERSION,
       HandshakeProblem::kVersionTooOld},
      {"TLS 1.2 failing for another reason", Facts(TLS1_2_VERSION), "bad record mac", 0, HandshakeProblem::kNone},
      {"handshake_failure to the ClientHello", Facts(0, 40, true), "sslv3 alert handshake failure", 0,
       HandshakeProblem::kNoSharedCipher},
      {"insufficient_security to the ClientHello", Facts(0, 71, true), "tlsv1 alert insufficient security", 0,
       HandshakeProblem::kNoSharedCipher},
      {"handshake_failure later is something else", Facts(TLS1_2_VERSION, 40, false), "sslv3 alert handshake failure",
       0, HandshakeProblem::kNone},
      {"a 1024-bit group at level 2", Dh(1024, 2048), "dh key too small", 0, HandshakeProblem::kDhKeyTooSmall},
      {"dh key too small, size unknown", Facts(TLS1_2_VERSION),
       "OpenSSL/3.0.22: dh key too small (OpenSSL error 0A00018A)", 0, HandshakeProblem::kDhKeyTooSmall},
      {"a 2048-bit group is fine", Dh(2048, 2048), "bad record mac", 0, HandshakeProblem::kNone},
      {"a chain above the bound", Facts(TLS1_3_VERSION), "excessive message size (OpenSSL error 0A000098)", 0,
       HandshakeProblem::kChainTooLarge},
      {"alert 200", Facts(0, 200, true), "the peer sent TLS alert 200, which no TLS version defines", 0,
       HandshakeProblem::kUndefinedAlert},
      {"alert 255 after the ServerHello", Facts(TLS1_2_VERSION, 255), "reason(1255)", 0,
       HandshakeProblem::kUndefinedAlert},
      {"a defined alert is not undefined", Facts(0, 80, true), "tlsv1 alert internal error", 0,
       HandshakeProblem::kNone},
      {"nothing seen at all", Facts(0), "unexpected eof while reading", 0, HandshakeProblem::kNone},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(DiagnoseHandshake(c.facts, c.detail, c.tls_min), c.expected) << c.name;
  }
}

TEST(DescribeHandshakeProblemTest, SaysEachProblemInPlainWords) {
  struct Case {
    const char* name;
    HandshakeProblem problem;
    HandshakeFacts facts;
    int tls_min;
    std::string text;
    std::string advice_part;
  };
  const Case cases[] = {
      {"TLS 1.0", HandshakeProblem::kVersionTooOld, Facts(TLS1_VERSION), 0,
       "the server offers only TLS 1.0 (this host requires TLS 1.2 or newer)", "OpenSSL security level"},
      {"TLS 1.0 below --tls-min 1.2", HandshakeProblem::kVersionTooOld, Facts(TLS1_VERSION), TLS1_2_VERSION,
       "the server offers only TLS 1.0 (this host requires TLS 1.2 or newer)", "--tls-min 1.2"},
      {"TLS 1.2 below --tls-min 1.3", HandshakeProblem::kVersionTooOld, Facts(TLS1_2_VERSION), TLS1_3_VERSION,
       "the server offers only TLS 1.2 (this host requires TLS 1.3 or newer)", "--tls-min 1.3"},
      {"no cipher", HandshakeProblem::kNoSharedCipher, Facts(0, 40, true), 0,
       "the server offers no cipher this host accepts",
       "openssl s_client -connect 192.0.2.10:443 -servername dmk.test"},
      {"DH measured", HandshakeProblem::kDhKeyTooSmall, Dh(1024, 2048), 0,
       "the server's Diffie-Hellman key is too small (1024 bits; 2048 required)", "at least 2048 bits"},
      {"DH not measured", HandshakeProblem::kDhKeyTooSmall, Facts(TLS1_2_VERSION), 0,
       "the server's Diffie-Hellman key is too small", "at least 2048 bits"},
      {"chain", HandshakeProblem::kChainTooLarge, Facts(TLS1_3_VERSION), 0,
       "certificate chain too large: the server sends more than 1024 KiB of certificates", "fewer names"},
      {"alert 200", HandshakeProblem::kUndefinedAlert, Facts(0, 200, true), 0,
       "the server ended the TLS handshake with alert 200, which no TLS version defines", "192.0.2.10:443"},
  };
  for (const Case& c : cases) {
    const ProblemWords words = DescribeHandshakeProblem(c.problem, c.facts, c.tls_min, "192.0.2.10:443", "dmk.test");
    EXPECT_EQ(words.text, c.text) << c.name;
    EXPECT_NE(words.advice.find(c.advice_part), std::string::npos) << c.name << ": " << words.advice;
  }
}

TEST(VersionWordsTest, NamesVersionsForPeople) {
  EXPECT_EQ(VersionWords(SSL3_VERSION), "SSL 3.0");
  EXPECT_EQ(VersionWords(TLS1_VERSION), "TLS 1.0");
  EXPECT_EQ(VersionWords(TLS1_1_VERSION), "TLS 1.1");
  EXPECT_EQ(VersionWords(TLS1_2_VERSION), "TLS 1.2");
  EXPECT_EQ(VersionWords(TLS1_3_VERSION), "TLS 1.3");
  EXPECT_EQ(VersionWords(0x7f1c), "version 0x7F1C");
}

}  // namespace
}  // namespace dmk
