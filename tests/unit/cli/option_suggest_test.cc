#include "common/cli/option_suggest.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dmk {
namespace {

const std::vector<std::string> kKnown = {
    "hostname",      "address", "port",   "ca-file",       "ca-path", "client-cert", "client-key", "expect-body",
    "expect-status", "timeout", "follow", "max-redirects", "uri",     "no-tls",      "insecure",   "credentials-file"};

TEST(OptionSuggestTest, OtherPluginsNamesMapToOurs) {
  struct Case {
    const char* given;
    const char* advice;
  };
  for (const Case& c : std::vector<Case>{{"--ca-cert", "did you mean --ca-file?"},
                                         {"--rootcert", "did you mean --ca-file?"},
                                         {"--string", "did you mean --expect-body?"},
                                         {"-e", "did you mean --expect-status?"},
                                         {"--onredirect=follow", "did you mean --follow?"},
                                         {"--private-key", "did you mean --client-key?"},
                                         {"ca-cert", "did you mean --ca-file?"},  // an ini key has no dashes
                                         {"--ssl", "not needed here: HTTPS is the default (--no-tls for plain HTTP)"},
                                         {"-S", "not needed here: HTTPS is the default (--no-tls for plain HTTP)"}}) {
    EXPECT_EQ(SuggestOption(c.given, kKnown), c.advice) << c.given;
  }
}

TEST(OptionSuggestTest, TyposGetTheNearestOption) {
  EXPECT_EQ(SuggestOption("--hostnme", kKnown), "did you mean --hostname?");
  EXPECT_EQ(SuggestOption("--hsotname", kKnown), "did you mean --hostname?");  // a transposition is one edit
  EXPECT_EQ(SuggestOption("--expect-staus", kKnown), "did you mean --expect-status?");
  EXPECT_EQ(SuggestOption("--max-redirect", kKnown), "did you mean --max-redirects?");
  EXPECT_EQ(SuggestOption("--insecur", kKnown), "did you mean --insecure?");
  EXPECT_EQ(SuggestOption("--cafile", kKnown), "did you mean --ca-file?");
}

TEST(OptionSuggestTest, NothingWhenNothingIsClose) {
  EXPECT_EQ(SuggestOption("--frobnicate", kKnown), "");
  EXPECT_EQ(SuggestOption("--x", kKnown), "");
  EXPECT_EQ(SuggestOption("--", kKnown), "");
  EXPECT_EQ(SuggestOption("", kKnown), "");
}

TEST(OptionSuggestTest, EditDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("abc", ""), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("ab", "ba"), 1);
  EXPECT_EQ(EditDistance("port", "port"), 0);
}

TEST(OptionSuggestTest, AFileGivenAsTheExtraOptsSectionIsRecognised) {
  EXPECT_EQ(ExtraOptsPathHint("/etc/icinga2/dmk.ini", "check_dmk_community"),
            "'/etc/icinga2/dmk.ini' looks like a file, but without '@' it names a section: give SECTION@FILE, "
            "e.g. --extra-opts=check_dmk_community@/etc/icinga2/dmk.ini (or @/etc/icinga2/dmk.ini for the "
            "default section)");
  EXPECT_NE(ExtraOptsPathHint("dmk.ini", "s"), "");
  EXPECT_NE(ExtraOptsPathHint("./dmk", "s"), "");
  EXPECT_NE(ExtraOptsPathHint("dmk.conf", "s"), "");
  EXPECT_EQ(ExtraOptsPathHint("oak-park", "s"), "");
  EXPECT_EQ(ExtraOptsPathHint("", "s"), "");
  EXPECT_EQ(ExtraOptsPathHint("ini", "s"), "");
}

}  // namespace
}  // namespace dmk
