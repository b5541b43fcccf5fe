#include "common/base/help_format.h"

namespace dmk {

std::string WrapWords(std::string_view text, std::size_t first_column, std::size_t indent, std::size_t width) {
  std::string out;
  std::size_t column = first_column;
  bool line_has_word = false;
  std::size_t start = 0;
  while (start < text.size()) {
    if (text[start] == ' ') {
      ++start;
      continue;
    }
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    if (line_has_word && column + 1 + word.size() > width) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
      line_has_word = false;
    }
    if (line_has_word) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    line_has_word = true;
    start = end;
  }
  return out;
}

std::string FormatHelp(const std::vector<HelpGroup>& groups) {
  std::string out;
  for (const HelpGroup& group : groups) {
    if (!out.empty()) out += "\n";
    out += group.caption + ":\n";
    for (const HelpOption& option : group.options) {
      std::string line = "  " + option.syntax;
      if (line.size() + 1 > kHelpDescriptionColumn) {
        out += line + "\n";
        line.clear();
      }
      line.resize(kHelpDescriptionColumn, ' ');
      out += line + WrapWords(option.description, kHelpDescriptionColumn, kHelpDescriptionColumn, kHelpWidth) + "\n";
    }
  }
  return out;
}

}  // namespace dmk
