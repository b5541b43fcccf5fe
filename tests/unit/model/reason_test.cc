#include "common/model/reason.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <set>
#include <sstream>
#include <string>

namespace dmk {
namespace {

// The table is complete, in enum order and unique by static_assert (reason.cc); what a rule matches on is
// the published name, which a rename would break.
TEST(ReasonTest, EachCodeIsItsRowAndKeepsItsPublishedName) {
  ASSERT_EQ(ReasonCodes().size(), kReasonCodeCount);
  for (std::size_t i = 0; i < ReasonCodes().size(); ++i) {
    EXPECT_EQ(ReasonCodes()[i].code, static_cast<ReasonCode>(i)) << ReasonCodes()[i].name;
    EXPECT_STREQ(ReasonCodeName(static_cast<ReasonCode>(i)), ReasonCodes()[i].name);
  }
  EXPECT_STREQ(ReasonCodeName(ReasonCode::kOk), "ok");
  EXPECT_STREQ(ReasonCodeName(ReasonCode::kTlsCertificateExpired), "tls.certificate_expired");
  EXPECT_STREQ(ReasonCodeName(ReasonCode::kTimeoutHttp), "timeout.http");
  EXPECT_STREQ(ReasonCodeName(ReasonCode::kInternalError), "internal.error");
  std::set<std::string> names;
  for (const ReasonCodeInfo& info : ReasonCodes()) names.insert(info.name);
  EXPECT_EQ(names.size(), kReasonCodeCount);
}

TEST(ReasonTest, LineIsCodeAndSide) {
  EXPECT_EQ(ReasonLine(ReasonCode::kTcpRefused), "Reason: tcp.refused; side: server");
  EXPECT_EQ(ReasonLine(ReasonCode::kDnsNoAnswer), "Reason: dns.no_answer; side: monitoring");
  std::ostringstream printed;
  printed << ReasonCode::kApiJson;
  EXPECT_EQ(printed.str(), "api.json");
}

TEST(ReasonTest, HelpListsEveryCode) {
  std::string help = ReasonCodeHelp();
  for (const ReasonCodeInfo& info : ReasonCodes()) {
    EXPECT_NE(help.find("  " + std::string(info.name) + " (" + SideName(info.side) + "): "), std::string::npos)
        << info.name;
  }
}

}  // namespace
}  // namespace dmk
