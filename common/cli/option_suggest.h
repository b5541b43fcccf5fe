// Option suggestions: the words that follow "unrecognised option '--x'" so a user coming from check_curl,
// check_http or check_ssl_cert, or one who made a typo, learns the option to use instead.
#ifndef DMK_COMMON_CLI_OPTION_SUGGEST_H_
#define DMK_COMMON_CLI_OPTION_SUGGEST_H_

#include <string>
#include <vector>

namespace dmk {

// The advice for an option `given` (as typed: "--ca-cert", "-S", "ca-cert" from an ini file) that is not
// one of `known` (long names without dashes). A name check_curl/check_http/check_ssl_cert use maps to ours
// through a fixed table ("did you mean --ca-file?"); otherwise the known name nearest by edit distance,
// when it is close enough to be a typo. "" when there is nothing to suggest.
std::string SuggestOption(const std::string& given, const std::vector<std::string>& known);

// Optimal string alignment distance (Levenshtein with adjacent transpositions) between `a` and `b`.
int EditDistance(const std::string& a, const std::string& b);

// When the --extra-opts value `spec` (no '@' in it) names a file rather than a section ("/etc/x.ini",
// "x.ini", "./x"), the advice to give SECTION@FILE instead; "" otherwise.
std::string ExtraOptsPathHint(const std::string& spec, const std::string& default_section);

}  // namespace dmk

#endif  // DMK_COMMON_CLI_OPTION_SUGGEST_H_
