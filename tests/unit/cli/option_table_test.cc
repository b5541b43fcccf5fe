#include "common/cli/option_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/cli/options.h"
#include "tests/support/env.h"

#ifndef DMK_SOURCE_DIR
#error "DMK_SOURCE_DIR must name the source tree (tests/unit/CMakeLists.txt)"
#endif

namespace dmk {
namespace {

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(DMK_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `option` ("--tls", "-4") stands alone in `text`: "--tls" is not found in "--tls-min" or "--no-tls".
bool Mentions(const std::string& text, const std::string& option) {
  const auto is_name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; };
  for (std::size_t at = text.find(option); at != std::string::npos; at = text.find(option, at + 1)) {
    const std::size_t end = at + option.size();
    if ((at == 0 || !is_name_char(text[at - 1])) && (end == text.size() || !is_name_char(text[end]))) return true;
  }
  return false;
}

// The man page as plain text: roff's minus signs and font changes undone, as packaging/check-docs.sh reads it.
std::string ManPageText(const std::string& roff) {
  std::string text = std::regex_replace(roff, std::regex(R"(\\-)"), "-");
  return std::regex_replace(text, std::regex(R"(\\f(\[[A-Za-z]*\]|\([A-Za-z]{2}|[A-Za-z]))"), "");
}

// The operator's documents: the README and every Markdown file of docs/.
std::string OperatorDocs() {
  std::string text = ReadSource("README.md");
  for (const auto& entry : std::filesystem::directory_iterator(std::string(DMK_SOURCE_DIR) + "/docs")) {
    if (entry.path().extension() == ".md") text += ReadSource("docs/" + entry.path().filename().string());
  }
  return text;
}

// The documents every option of the table must be in.
struct Documents {
  std::string help;           // --help
  std::string docs;           // README.md and docs/*.md
  std::string man_page;       // packaging/check_dmk_community.1, as plain text
  std::string check_command;  // icinga-conf/dmk_community.conf
};

// "--name is missing in WHERE" for each option of the table a document leaves out; empty when none does. An
// option is in the CheckCommand when an argument is keyed by its long or its short name ("-H" = {, key = "-v").
std::vector<std::string> MissingOptions(const Documents& in) {
  std::vector<std::string> missing;
  for (const OptionSpec& spec : OptionTable()) {
    const std::string name = DashName(spec.id);
    const std::string short_name = ShortDashName(spec.id);
    const std::string help_syntax = spec.short_name == '\0' ? name : short_name + " [ " + name + " ]";
    if (!Mentions(in.help, help_syntax)) missing.push_back(name + " is missing in --help");
    if (!Mentions(in.docs, name)) missing.push_back(name + " is missing in README.md and docs/");
    if (!Mentions(in.man_page, name)) missing.push_back(name + " is missing in the man page");
    if (in.check_command.find('"' + name + '"') == std::string::npos &&
        in.check_command.find('"' + short_name + '"') == std::string::npos) {
      missing.push_back(name + " is missing in the CheckCommand");
    }
  }
  return missing;
}

Documents ShippedDocuments() {
  Documents documents{HelpText(), OperatorDocs(), ManPageText(ReadSource("packaging/check_dmk_community.1")),
                      ReadSource("icinga-conf/dmk_community.conf")};
  // A document that could not be read would make every option "missing"; say which one it was.
  EXPECT_GT(documents.docs.size(), 1000u) << "README.md and docs/ under " << DMK_SOURCE_DIR;
  EXPECT_GT(documents.man_page.size(), 1000u) << "packaging/check_dmk_community.1 under " << DMK_SOURCE_DIR;
  EXPECT_GT(documents.check_command.size(), 1000u) << "icinga-conf/dmk_community.conf under " << DMK_SOURCE_DIR;
  return documents;
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

TEST(OptionTableTest, EveryOptionIsInHelpTheDocsTheManPageAndTheCheckCommand) {
  ASSERT_GE(OptionTable().size(), 50u);
  const std::vector<std::string> missing = MissingOptions(ShippedDocuments());
  EXPECT_TRUE(missing.empty()) << Lines(missing);
}

// The check above finds an option a document leaves out: each document in turn loses every mention of one
// option, and that option, in that document, is reported.
TEST(OptionTableTest, AnOptionLeftOutOfADocumentIsReported) {
  const Documents shipped = ShippedDocuments();
  ASSERT_TRUE(MissingOptions(shipped).empty());
  for (const OptionId id : {OptionId::kCaFile, OptionId::kIpv4, OptionId::kVerbose}) {
    const std::string name = DashName(id);
    const std::string short_name = ShortDashName(id);
    auto without = [&](std::string text) {
      for (const std::string& word : {name, short_name}) {
        for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at)) {
          text.replace(at, word.size(), "--gone");
        }
      }
      return text;
    };
    Documents documents = shipped;
    documents.help = without(shipped.help);
    documents.docs = without(shipped.docs);
    documents.man_page = without(shipped.man_page);
    documents.check_command = without(shipped.check_command);
    const std::vector<std::string> missing = MissingOptions(documents);
    for (const char* where : {"--help", "README.md and docs/", "the man page", "the CheckCommand"}) {
      EXPECT_NE(std::find(missing.begin(), missing.end(), name + " is missing in " + where), missing.end())
          << name << " in " << where << "; reported:\n"
          << Lines(missing);
    }
  }
}

TEST(OptionTableTest, RowsAreKeyedByTheirIdAndNamesAreFound) {
  for (std::size_t i = 0; i < OptionTable().size(); ++i) {
    const OptionSpec& spec = OptionTable()[i];
    EXPECT_EQ(static_cast<std::size_t>(spec.id), i) << spec.name;
    EXPECT_EQ(&Spec(spec.id), &spec);
    EXPECT_EQ(FindOption(spec.name), spec.id);
    EXPECT_EQ(spec.value == OptionValue::kSwitch, spec.metavar.empty()) << spec.name << ": a metavar is a value's";
  }
  EXPECT_EQ(FindOption("ca-file"), OptionId::kCaFile);
  EXPECT_EQ(FindOption("--ca-file"), std::nullopt);
  EXPECT_EQ(FindOption("ca-fil"), std::nullopt);
  EXPECT_EQ(DashName(OptionId::kCaFile), "--ca-file");
  EXPECT_EQ(ShortDashName(OptionId::kIpv6), "-6");
  EXPECT_EQ(ShortDashName(OptionId::kNoTls), "--no-tls");
}

// --help's sections keep their captions and order, and each lists its options in the table's order.
TEST(OptionTableTest, HelpListsTheSectionsAndOptionsInTheTablesOrder) {
  const std::string help = HelpText();
  std::size_t last = 0;
  for (std::size_t i = 0; i < kHelpSectionCount; ++i) {
    const std::string caption = "\n" + std::string(SectionCaption(static_cast<HelpSection>(i))) + ":\n";
    const std::size_t at = help.find(caption);
    ASSERT_NE(at, std::string::npos) << caption;
    EXPECT_GT(at, last) << caption;
    last = at;
  }
  EXPECT_EQ(SectionCaption(HelpSection::kTarget), "Target");
  EXPECT_EQ(SectionCaption(HelpSection::kGeneral), "General");
  last = 0;
  for (const OptionSpec& spec : OptionTable()) {
    const std::string line = "\n  " + (spec.short_name == '\0' ? "" : ShortDashName(spec.id) + " [ ") +
                             DashName(spec.id) + (spec.short_name == '\0' ? "" : " ]") +
                             (spec.metavar.empty() ? "" : " " + std::string(spec.metavar));
    const std::size_t at = help.find(line);
    ASSERT_NE(at, std::string::npos) << line;
    EXPECT_GT(at, last) << line;
    last = at;
  }
}

// The parser knows every option of the table, by its long name and by its short one.
TEST(OptionTableTest, TheParserKnowsEveryOptionOfTheTable) {
  for (const OptionSpec& spec : OptionTable()) {
    for (const std::string& typed : {DashName(spec.id), ShortDashName(spec.id)}) {
      std::vector<std::string> args = {"-H", "dmk.test", typed};
      if (spec.value != OptionValue::kSwitch) args.push_back("1");
      CommandLine out;
      const Status status = ParseOptions(args, test_support::NoEnv(), &out);
      EXPECT_EQ(status.message().find("unrecognised"), std::string::npos) << typed << ": " << status.message();
      EXPECT_EQ(status.message().find("unexpected"), std::string::npos) << typed << ": " << status.message();
    }
  }
}

// `source` without its comments: a line's text from "//" on, where "//" starts the line or follows a space.
std::string CodeOnly(const std::string& source) {
  std::istringstream lines(source);
  std::string code;
  for (std::string line; std::getline(lines, line);) {
    for (std::size_t at = line.find("//"); at != std::string::npos; at = line.find("//", at + 2)) {
      if (at == 0 || line[at - 1] == ' ') {
        line.erase(at);
        break;
      }
    }
    code += line + "\n";
  }
  return code;
}

// The units that read options name them through the table only: no "ca-file" and no "--ca-file" in their code
// (comments may name options), so that renaming an option is one change of its row.
TEST(OptionTableTest, TheOptionUnitsNameOptionsOnlyThroughTheTable) {
  const std::vector<std::string> units = {
      "common/cli/options.cc",       "common/cli/options_api.cc",   "common/cli/options_auth.cc",
      "common/cli/options_http.cc",  "common/cli/options_proxy.cc", "common/cli/options_target.cc",
      "common/cli/options_time.cc",  "common/cli/options_tls.cc",   "common/cli/options_combinations.cc",
      "common/cli/option_values.cc", "common/base/help_format.cc"};
  // Words that are also the values of an option ("--reject-body-state warning"), compared as such.
  const std::set<std::string> also_values = {"warning", "critical"};
  for (const std::string& unit : units) {
    std::string code = CodeOnly(ReadSource(unit));
    // The paragraphs that close --help (ranges, exit codes, perfdata, secrets) are prose for operators.
    if (const std::size_t help = code.find("std::string HelpText() {"); help != std::string::npos) {
      code.erase(help, code.find("\n}\n", help) - help);
    }
    ASSERT_GT(code.size(), 100u) << unit << " under " << DMK_SOURCE_DIR;
    for (const OptionSpec& spec : OptionTable()) {
      const std::string name(spec.name);
      EXPECT_FALSE(Mentions(code, "--" + name)) << unit << " names --" << name << " outside the table";
      if (also_values.count(name) == 0) {
        EXPECT_EQ(code.find('"' + name + '"'), std::string::npos) << unit << " names \"" << name << "\"";
      }
    }
  }
}

// Messages in every layer name options in their words ("--ca-file must hold PEM CA certificates"); the layers
// below cli/ cannot include the table, so this scan holds them to it: every "--name" in a string literal of the
// library is an option of the table ("--json-*" the prefix of one), and renaming a row fails here until the
// words follow. option_suggest.cc is left out: it names check_curl's options, which are not ours.
bool IsOptionOrPrefix(const std::string& name, bool prefix) {
  if (!prefix) return FindOption(name).has_value();
  return std::any_of(OptionTable().begin(), OptionTable().end(),
                     [&](const OptionSpec& spec) { return spec.name.starts_with(name); });
}

TEST(OptionTableTest, EveryOptionNamedInTheLibrarysWordsIsInTheTable) {
  const std::regex literal(R"re("((\\.|[^"\\\n])*)")re");
  const std::regex named(R"((^|[^A-Za-z0-9-])--([a-z][a-z0-9-]*)(\*?))");
  std::size_t files = 0;
  std::size_t mentions = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(DMK_SOURCE_DIR) + "/common")) {
    const std::string path = entry.path().string();
    if (!entry.is_regular_file() || path.ends_with("option_suggest.cc")) continue;
    if (!path.ends_with(".cc") && !path.ends_with(".h")) continue;
    ++files;
    const std::string code = CodeOnly(ReadSource(path.substr(std::string(DMK_SOURCE_DIR).size() + 1)));
    for (std::sregex_iterator lit(code.begin(), code.end(), literal), end; lit != end; ++lit) {
      const std::string text = (*lit)[1].str();
      for (std::sregex_iterator it(text.begin(), text.end(), named); it != end; ++it) {
        ++mentions;
        EXPECT_TRUE(IsOptionOrPrefix((*it)[2].str(), (*it)[3].length() > 0))
            << path << " names --" << (*it)[2] << (*it)[3] << ", which is no option";
      }
    }
  }
  EXPECT_GT(files, 100u) << "common/ under " << DMK_SOURCE_DIR;
  EXPECT_GT(mentions, 50u);
}

// The scan above finds a name written out in code, and not one in a comment.
TEST(OptionTableTest, CodeOnlyDropsCommentsAndKeepsStrings) {
  const std::string code = CodeOnly("// --ca-file\nint x;  // --ca-path\nf(\"sha256//\", \"--ca-file\");\n");
  EXPECT_FALSE(Mentions(code, "--ca-path"));
  EXPECT_TRUE(Mentions(code, "--ca-file"));
  EXPECT_NE(code.find("sha256//"), std::string::npos);
}

}  // namespace
}  // namespace dmk
