#include "common/cli/option_suggest.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace dmk {

namespace {

// Names other plugins use for what an option of ours does (monitoring-plugins' check_curl and check_http,
// check_ssl_cert), without dashes. Short options only where they do not clash with ours.
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"ca-cert", "--ca-file"},
    {"cacert", "--ca-file"},
    {"rootcert", "--ca-file"},
    {"rootcert-file", "--ca-file"},
    {"rootcert-dir", "--ca-path"},
    {"capath", "--ca-path"},
    {"certificate", "--cert-warning and --cert-critical"},
    {"C", "--cert-warning and --cert-critical"},
    {"clientcert", "--client-cert"},
    {"cert", "--client-cert"},
    {"J", "--client-cert"},
    {"private-key", "--client-key"},
    {"clientkey", "--client-key"},
    {"key", "--client-key"},
    {"K", "--client-key"},
    {"IP-address", "--address"},
    {"ip-address", "--address"},
    {"url", "--uri"},
    {"expect", "--expect-status"},
    {"e", "--expect-status"},
    {"string", "--expect-body"},
    {"s", "--expect-body"},
    {"regex", "--expect-body"},
    {"ereg", "--expect-body"},
    {"eregi", "--expect-body"},
    {"r", "--expect-body"},
    {"R", "--expect-body"},
    {"post", "--method POST --body"},
    {"P", "--method POST --body"},
    {"no-body", "--method HEAD"},
    {"onredirect", "--follow"},
    {"f", "--follow"},
    {"max-redirs", "--max-redirects"},
    {"authorization", "--auth with --credentials-file"},
    {"a", "--auth with --credentials-file"},
    {"proxy-authorization", "--proxy with user:password in an --extra-opts file"},
    {"b", "--proxy with user:password in an --extra-opts file"},
    {"ssl", "not needed here: HTTPS is the default (--no-tls for plain HTTP)"},
    {"S", "not needed here: HTTPS is the default (--no-tls for plain HTTP)"},
    {"tls", "not needed here: HTTPS is the default (--no-tls for plain HTTP)"},
    {"sni", "not needed here: SNI is always sent"},
    {"verify-cert", "not needed here: the certificate is always verified (--insecure turns that off)"},
    {"D", "not needed here: the certificate is always verified (--insecure turns that off)"},
    {"insecure-skip-verify", "--insecure"},
    {"k", "--header"},
    {"pagesize", "--max-body"},
    {"m", "--max-body"},
    {"j", "--method"},
    {"extra-opts-file", "--extra-opts SECTION@FILE"},
};

std::string_view WithoutDashes(std::string_view name) {
  while (!name.empty() && name.front() == '-') name.remove_prefix(1);
  if (size_t equals = name.find('='); equals != std::string_view::npos) name = name.substr(0, equals);
  return name;
}

}  // namespace

int EditDistance(const std::string& a, const std::string& b) {
  const size_t rows = a.size() + 1;
  const size_t cols = b.size() + 1;
  std::vector<int> d(rows * cols);
  auto at = [&](size_t i, size_t j) -> int& { return d[i * cols + j]; };
  for (size_t i = 0; i < rows; ++i) at(i, 0) = static_cast<int>(i);
  for (size_t j = 0; j < cols; ++j) at(0, j) = static_cast<int>(j);
  for (size_t i = 1; i < rows; ++i) {
    for (size_t j = 1; j < cols; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(rows - 1, cols - 1);
}

std::string SuggestOption(const std::string& given, const std::vector<std::string>& known) {
  const std::string name(WithoutDashes(given));
  if (name.empty()) return "";
  for (const auto& [alias, ours] : kAliases) {
    if (name != alias) continue;
    return ours.rfind("--", 0) == 0 ? "did you mean " + std::string(ours) + "?" : std::string(ours);
  }
  // A typo: at most one edit in a short name, two in a longer one, never more than a third of the name.
  const int limit = name.size() <= 4 ? 1 : 2;
  std::string best;
  int best_distance = limit + 1;
  for (const std::string& candidate : known) {
    int distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best.empty() ? "" : "did you mean --" + best + "?";
}

std::string ExtraOptsPathHint(const std::string& spec, const std::string& default_section) {
  bool looks_like_path = spec.find('/') != std::string::npos ||
                         (spec.size() > 4 && spec.compare(spec.size() - 4, 4, ".ini") == 0) ||
                         (spec.size() > 5 && spec.compare(spec.size() - 5, 5, ".conf") == 0);
  if (!looks_like_path) return "";
  return "'" + spec + "' looks like a file, but without '@' it names a section: give SECTION@FILE, e.g. --extra-opts=" +
         default_section + "@" + spec + " (or @" + spec + " for the default section)";
}

}  // namespace dmk
