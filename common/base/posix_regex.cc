#include "common/base/posix_regex.h"

#include <regex.h>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace dmk {

namespace {

constexpr std::size_t kMaxPatternBytes = 512;
// regcomp copies what '+' and {n,m} repeat, and its work grows with the square of the copies: measured, a
// pattern of 4096 items once expanded compiles in well under 0.2 s, ((.*){4095}) (8190) takes 5 s and
// (a{0,255}b*){255} (65535) 9 s.
constexpr double kMaxExpandedItems = 1024;
// A larger count ({0,4095}: 1.3 s) costs seconds even alone; 255 is POSIX's RE_DUP_MAX minimum.
constexpr double kMaxRepeatCount = 255;
constexpr int kMaxRepetitionDepth = 2;

// The index just past the bracket expression that starts at `open` ('['): a ']' first (or after '^') is a
// member, and so are the ']' inside "[:alpha:]", "[.x.]" and "[=x=]".
std::size_t SkipBracket(const std::string& pattern, std::size_t open) {
  std::size_t i = open + 1;
  if (i < pattern.size() && pattern[i] == '^') ++i;
  if (i < pattern.size() && pattern[i] == ']') ++i;
  while (i < pattern.size() && pattern[i] != ']') {
    const char c = pattern[i];
    if (c == '[' && i + 1 < pattern.size() &&
        (pattern[i + 1] == ':' || pattern[i + 1] == '.' || pattern[i + 1] == '=')) {
      const std::size_t close = pattern.find(std::string{pattern[i + 1], ']'}, i + 2);
      i = close == std::string::npos ? pattern.size() : close + 2;
    } else {
      ++i;
    }
  }
  return std::min(i + 1, pattern.size());
}

// The shapes glibc cannot bound, found in one pass: a repetition of a repetition ("a**", "a+*", "(x)*{3}"),
// repetitions nested deeper than kMaxRepetitionDepth ("((a*)*)*"), back-references ("\1"), and the size of
// the pattern once regcomp has copied what '+' and {n,m} repeat.
struct Shape {
  bool stacked = false;
  bool back_reference = false;
  double largest_count = 0;  // the largest n or m of any {n,m}
  int depth = 0;             // the deepest nesting of repetitions
  double expanded = 0;       // items once every repetition is copied out
};

// An atom (a character, a bracket expression, a group) or the items of a group so far.
struct Piece {
  int depth = 0;
  double size = 0;
};

bool IsInterval(const std::string& pattern, std::size_t i) {
  return pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] >= '0' && pattern[i + 1] <= '9';
}

// The largest number in the interval that starts at `open` ('{'), and the index of its '}' in `*close`.
double IntervalCount(const std::string& pattern, std::size_t open, std::size_t* close) {
  double largest = 0;
  double number = 0;
  std::size_t i = open + 1;
  for (; i < pattern.size() && pattern[i] != '}'; ++i) {
    number = pattern[i] >= '0' && pattern[i] <= '9' ? std::min(number * 10 + (pattern[i] - '0'), 1e9) : 0;
    largest = std::max(largest, number);
  }
  *close = i;
  return largest;
}

// A repetition of `atom` at `*i`: '*' and '?' keep one copy, '+' makes two, {n,m} max(n,m).
void Repeat(const std::string& pattern, std::size_t* i, const Piece& atom, Piece* group, Shape* shape) {
  double copies = pattern[*i] == '+' ? 2 : 1;
  if (pattern[*i] == '{') {
    const double count = IntervalCount(pattern, *i, i);
    shape->largest_count = std::max(shape->largest_count, count);
    copies = std::max(count, 1.0);
  }
  group->depth = std::max(group->depth, atom.depth + 1);
  group->size += atom.size * (copies - 1);
}

Shape ShapeOf(const std::string& pattern) {
  Shape shape;
  std::vector<Piece> groups(1);
  Piece atom;
  bool has_atom = false;  // false at the start, after '(' or '|', after an anchor
  bool after_repetition = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '*' || c == '+' || c == '?' || IsInterval(pattern, i)) {
      shape.stacked = shape.stacked || after_repetition;
      if (has_atom) Repeat(pattern, &i, atom, &groups.back(), &shape);
      after_repetition = true;
      continue;
    }
    after_repetition = false;
    has_atom = true;
    if (c == '(') {
      groups.emplace_back();
      has_atom = false;
    } else if (c == ')' && groups.size() > 1) {
      atom = groups.back();
      groups.pop_back();
      groups.back().depth = std::max(groups.back().depth, atom.depth);
      groups.back().size += atom.size;
    } else if (c == '|' || c == '^' || c == '$') {
      has_atom = false;
    } else {
      const bool back_reference = c == '\\' && i + 1 < pattern.size() && pattern[i + 1] >= '1' && pattern[i + 1] <= '9';
      shape.back_reference = shape.back_reference || back_reference;
      if (c == '\\') ++i;
      if (c == '[') i = SkipBracket(pattern, i) - 1;
      atom = Piece{0, 1};
      groups.back().size += 1;
    }
  }
  for (const Piece& open : groups) {
    shape.depth = std::max(shape.depth, open.depth);
    shape.expanded += open.size;
  }
  return shape;
}

// Why regcomp may not be given `pattern`, or "" when it may.
std::string BeyondBounds(const std::string& pattern) {
  if (pattern.size() > kMaxPatternBytes) return "the regular expression is longer than 512 bytes";
  const Shape shape = ShapeOf(pattern);
  if (shape.back_reference) {
    return "back-references (\\1 to \\9) are not supported: glibc matches them by backtracking, in exponential time";
  }
  if (shape.stacked) {
    return "a repetition ('*', '+', '?', {n,m}) is applied to another repetition ('a**', 'a+*'): write one";
  }
  if (shape.depth > kMaxRepetitionDepth) {
    return "the regular expression nests repeated groups more than 2 deep ('((a*)*)*')";
  }
  if (shape.largest_count > kMaxRepeatCount) return "a repetition count {n,m} is above 255";
  if (shape.expanded > kMaxExpandedItems) {
    return "the regular expression nests too many repetitions ('+', {n,m}): more than 1024 items once expanded";
  }
  return "";
}

}  // namespace

Status CheckRegex(const std::string& what, const std::string& pattern) {
  if (std::string why = BeyondBounds(pattern); !why.empty()) return Status::Error(what + why);
  regex_t compiled;
  if (::regcomp(&compiled, pattern.c_str(), REG_EXTENDED) != 0) {
    return Status::Error(what + "not a valid POSIX extended regular expression");
  }
  ::regfree(&compiled);
  return Status::Ok();
}

std::optional<std::string> FirstMatch(const std::string& pattern, std::string_view text) {
  regex_t compiled;
  if (!BeyondBounds(pattern).empty() || ::regcomp(&compiled, pattern.c_str(), REG_EXTENDED) != 0) {
    return std::nullopt;
  }
  regmatch_t range[1];
  range[0].rm_so = 0;
  range[0].rm_eo = static_cast<regoff_t>(text.size());
  std::optional<std::string> match;
  if (::regexec(&compiled, text.data(), 1, range, REG_STARTEND) == 0) {
    match = std::string(text.substr(static_cast<std::size_t>(range[0].rm_so),
                                    static_cast<std::size_t>(range[0].rm_eo - range[0].rm_so)));
  }
  ::regfree(&compiled);
  return match;
}

}  // namespace dmk
