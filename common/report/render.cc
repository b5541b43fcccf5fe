#include "common/report/render.h"

#include "common/base/perfdata.h"
#include "common/base/sanitize.h"
#include "common/model/config.h"

namespace dmk {

namespace {
constexpr std::size_t kStatusLineBytes = 600;
constexpr std::size_t kLongLineBytes = 1200;
constexpr const char* kPrefix = "DMK COMMUNITY ";
}  // namespace

std::string Redact(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.size() < 3) continue;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "[redacted]");
      at += 10;
    }
  }
  return text;
}

std::string Render(const std::string& community, const CheckResult& result, const std::vector<std::string>& secrets) {
  auto clean = [&](const std::string& line, std::size_t max) { return SanitizeLine(Redact(line, secrets), max); };
  std::string out = kPrefix + std::string(StateName(result.state)) + " - " +
                    clean(community + ": " + result.summary, kStatusLineBytes);
  std::string perfdata = FormatPerfdata(result.perfdata);
  if (!perfdata.empty()) out += " | " + perfdata;
  out += "\n";
  for (const LayerReport& layer : result.layers) {
    std::string tag = layer.state ? "[" + std::string(StateName(*layer.state)) + "]" : "[--]";
    out += clean(tag + " " + LayerName(layer.layer) + ": " + layer.text, kLongLineBytes) + "\n";
  }
  if (!result.reason_line.empty()) out += clean(result.reason_line, kLongLineBytes) + "\n";
  if (!result.advice.empty()) {
    out += "What to do:\n";
    for (const std::string& advice : result.advice) out += clean("- " + advice, kLongLineBytes) + "\n";
  }
  for (const std::string& detail : result.details) out += clean(detail, kLongLineBytes) + "\n";
  return out;
}

std::string RenderUsageError(const Status& status) {
  return kPrefix + std::string("UNKNOWN - ") +
         SanitizeLine(status.message() + " (see " + kPluginName + " --help)", kStatusLineBytes) + "\n";
}

}  // namespace dmk
