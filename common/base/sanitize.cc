#include "common/base/sanitize.h"

namespace dmk {

namespace {

// Length of the valid UTF-8 sequence starting at `text[0]`, or 0 when it is not valid (overlong forms,
// surrogates and code points above U+10FFFF are invalid).
std::size_t Utf8SequenceLength(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  std::size_t length = 0;
  unsigned int code_point = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07u;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0u) != 0x80u) return 0;
    code_point = (code_point << 6) | (byte(i) & 0x3Fu);
  }
  if ((length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000) ||
      (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
    return 0;
  }
  if (code_point >= 0x80 && code_point <= 0x9F) return 0;  // C1 controls
  return length;
}

}  // namespace

std::string SanitizeLine(std::string_view raw, std::size_t max_bytes) {
  std::string out;
  out.reserve(raw.size() < max_bytes ? raw.size() : max_bytes);
  bool pending_space = false;
  bool truncated = false;
  std::size_t i = 0;
  while (i < raw.size()) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    std::string_view piece;
    std::size_t consumed = 1;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
      if (!out.empty()) pending_space = true;
      ++i;
      continue;
    }
    if (c == '|') {
      piece = "/";
    } else if (c < 0x20 || c == 0x7F) {
      piece = "?";
    } else if (c < 0x80) {
      piece = raw.substr(i, 1);
    } else if (std::size_t length = Utf8SequenceLength(raw.substr(i)); length > 0) {
      piece = raw.substr(i, length);
      consumed = length;
    } else {
      piece = "?";
    }
    std::size_t needed = piece.size() + (pending_space ? 1 : 0);
    if (out.size() + needed > max_bytes) {
      truncated = true;
      break;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(piece);
    i += consumed;
  }
  if (truncated) out += "...";
  return out;
}

}  // namespace dmk
