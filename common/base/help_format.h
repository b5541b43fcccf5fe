// Help format: lays out the option list of --help. Descriptions wrap at spaces only, never inside a word,
// so a path such as /etc/monitoring-plugins/monitoring-plugins.ini can be copied from a terminal whole
// (Boost.ProgramOptions' own layout breaks a word when the last space is in the first half of the line).
#ifndef DMK_COMMON_BASE_HELP_FORMAT_H_
#define DMK_COMMON_BASE_HELP_FORMAT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dmk {

struct HelpOption {
  std::string syntax;       // "-H [ --hostname ] HOST"
  std::string description;  // one paragraph
};

struct HelpGroup {
  std::string caption;  // "Target"
  std::vector<HelpOption> options;
};

inline constexpr std::size_t kHelpWidth = 80;
inline constexpr std::size_t kHelpDescriptionColumn = 33;

// `text` wrapped at spaces into lines of at most `width` columns, the first starting at column
// `first_column` and the others indented to `indent`; a word longer than a line stands alone on its own
// line, whole. No line ends in a space; the result ends without a newline.
std::string WrapWords(std::string_view text, std::size_t first_column, std::size_t indent, std::size_t width);

// "CAPTION:\n" then each option as "  SYNTAX" with its description from kHelpDescriptionColumn (on the next
// line when the syntax reaches that column), groups separated by a blank line.
std::string FormatHelp(const std::vector<HelpGroup>& groups);

}  // namespace dmk

#endif  // DMK_COMMON_BASE_HELP_FORMAT_H_
