#include "common/base/help_format.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace dmk {
namespace {

TEST(HelpFormatTest, WrapsAtSpacesAndNeverInsideAWord) {
  const std::string text =
      "read long options (default file: /etc/monitoring-plugins/monitoring-plugins.ini, "
      "/etc/monitoring-plugins.ini or $MP_CONFIG_FILE); the command line overrides the file";
  std::string wrapped = WrapWords(text, 33, 33, 80);
  EXPECT_EQ(wrapped,
            "read long options (default file:\n"
            "                                 /etc/monitoring-plugins/monitoring-plugins.ini,\n"
            "                                 /etc/monitoring-plugins.ini or\n"
            "                                 $MP_CONFIG_FILE); the command line overrides\n"
            "                                 the file");
}

TEST(HelpFormatTest, AWordLongerThanTheLineStandsAloneWhole) {
  const std::string word(60, 'x');
  EXPECT_EQ(WrapWords("a " + word + " b", 33, 33, 80),
            "a\n" + std::string(33, ' ') + word + "\n" + std::string(33, ' ') + "b");
  EXPECT_EQ(WrapWords(word, 33, 33, 80), word);
  EXPECT_EQ(WrapWords("", 33, 33, 80), "");
}

TEST(HelpFormatTest, LaysOutGroupsAndPutsALongSyntaxOnItsOwnLine) {
  std::string help = FormatHelp({{"Target", {{"-H [ --hostname ] HOST", "the host"}}},
                                 {"TLS", {{"--a-very-long-option-name VALUE_NAME", "text"}, {"--no-tls", "plain"}}}});
  EXPECT_EQ(help,
            "Target:\n"
            "  -H [ --hostname ] HOST         the host\n"
            "\n"
            "TLS:\n"
            "  --a-very-long-option-name VALUE_NAME\n"
            "                                 text\n"
            "  --no-tls                       plain\n");
}

}  // namespace
}  // namespace dmk
