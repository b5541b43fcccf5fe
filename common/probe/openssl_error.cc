#include "common/probe/openssl_error.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstddef>
#include <string>

namespace dmk {
namespace {

constexpr std::string_view kPrefix = "error:";
constexpr std::size_t kCodeDigits = 8;

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

// The position of the next "error:HHHHHHHH:" at or after `from`, or npos.
std::size_t FindError(std::string_view text, std::size_t from) {
  for (std::size_t at = text.find(kPrefix, from); at != std::string_view::npos; at = text.find(kPrefix, at + 1)) {
    const std::size_t code_at = at + kPrefix.size();
    if (code_at + kCodeDigits >= text.size() || text[code_at + kCodeDigits] != ':') continue;
    bool hex = true;
    for (std::size_t i = 0; i < kCodeDigits; ++i) hex = hex && IsHex(text[code_at + i]);
    if (hex) return at;
  }
  return std::string_view::npos;
}

// OpenSSL's placeholder for a reason it has no string for: "reason(N)".
bool IsPlaceholder(std::string_view reason) {
  return reason.size() > 8 && reason.substr(0, 7) == "reason(" && reason.back() == ')';
}

std::string DescribeUnnamed(unsigned long code) {
  const int library = ERR_GET_LIB(code);
  const int reason = ERR_GET_REASON(code);
  if (library == ERR_LIB_SSL && reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256) {
    return "the peer sent TLS alert " + std::to_string(reason - SSL_AD_REASON_OFFSET) +
           ", which no TLS version defines";
  }
  return "unknown reason " + std::to_string(reason);
}

}  // namespace

std::string DescribeOpenSslErrors(std::string_view text) {
  std::string out;
  std::size_t done = 0;
  for (std::size_t at = FindError(text, 0); at != std::string_view::npos;) {
    const std::string_view code_text = text.substr(at + kPrefix.size(), kCodeDigits);
    // LIBRARY and FUNCTION: two fields up to the next two ':'.
    std::size_t field = at + kPrefix.size() + kCodeDigits + 1;
    for (int skip = 0; skip < 2 && field != std::string_view::npos; ++skip) {
      const std::size_t colon = text.find(':', field);
      field = colon == std::string_view::npos ? std::string_view::npos : colon + 1;
    }
    if (field == std::string_view::npos) break;  // not OpenSSL's layout after all: keep the rest as it is
    const std::size_t next = FindError(text, field);
    std::size_t reason_end = next == std::string_view::npos ? text.size() : next;
    while (reason_end > field && (text[reason_end - 1] == ' ' || text[reason_end - 1] == ',')) --reason_end;
    const std::string_view reason = text.substr(field, reason_end - field);
    const unsigned long code = std::stoul(std::string(code_text), nullptr, 16);

    out.append(text.substr(done, at - done));
    out += reason.empty() || IsPlaceholder(reason) ? DescribeUnnamed(code) : std::string(reason);
    out += " (OpenSSL error ";
    out += code_text;
    out += ')';
    done = reason_end;
    at = next;
  }
  out.append(text.substr(done));
  return out;
}

}  // namespace dmk
