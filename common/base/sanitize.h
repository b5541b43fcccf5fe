// Sanitising text before it reaches plugin output. Anything that came from the network (reason phrases,
// bodies, certificate names, error strings) and anything typed by a user passes through here: a '|'
// would start perfdata in Icinga2's parser, control bytes corrupt terminals and web UIs, and unbounded
// text floods the monitoring core (docs/plugin-contract.md, "Exit codes and output").
#ifndef DMK_COMMON_BASE_SANITIZE_H_
#define DMK_COMMON_BASE_SANITIZE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace dmk {

// Returns `raw` as one line of printable text of at most `max_bytes` bytes (plus "..." when cut):
// '|' becomes '/', control bytes (C0, DEL, C1) and invalid UTF-8 become '?', runs of whitespace fold to
// one space, leading and trailing whitespace is dropped. Valid UTF-8 (names with accents) is kept and
// never cut in the middle of a character.
std::string SanitizeLine(std::string_view raw, std::size_t max_bytes);

}  // namespace dmk

#endif  // DMK_COMMON_BASE_SANITIZE_H_
