#include "common/evaluate/eval_words.h"

#include <ctime>

#include "common/base/number.h"
#include "common/base/sanitize.h"

namespace dmk {

std::string Quote(const std::string& raw, std::size_t max) { return SanitizeLine(raw, max); }

std::string Secs(double seconds) {
  if (seconds < 1) return FormatNumber(seconds * 1000, 1) + " ms";
  return FormatNumber(seconds, 2) + " s";
}

std::string TimeoutSecs(double seconds) { return FormatFixed(seconds, 1) + " s"; }

std::string Date(std::int64_t epoch) {
  std::time_t time = static_cast<std::time_t>(epoch);
  struct tm parts {};
  if (gmtime_r(&time, &parts) == nullptr) return "?";
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
  return text;
}

std::string DateTime(std::int64_t epoch) {
  std::time_t time = static_cast<std::time_t>(epoch);
  struct tm parts {};
  if (gmtime_r(&time, &parts) == nullptr) return "?";
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &parts);
  return text;
}

std::string Plural(long count, const char* word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

std::string Target(const Config& config, const ProbeOutcome& outcome) {
  std::string address = outcome.connected_address;
  if (address.empty()) address = outcome.addresses.empty() ? config.hostname : outcome.addresses.front();
  if (address.find(':') != std::string::npos) address = "[" + address + "]";
  int port = outcome.connected_port != 0 ? outcome.connected_port : config.EffectivePort();
  return address + ":" + std::to_string(port);
}

}  // namespace dmk
