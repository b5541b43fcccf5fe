// libFuzzer target: ParseOptions (common/cli/options.h): the command line and the --extra-opts ini parser.
// Input: command-line arguments separated by '\n', then optionally a NUL byte and the content of an ini
// file. The ini file lives in a memfd; an argument's "@INI" becomes "@/proc/self/fd/N", and
// $MP_CONFIG_FILE names it too (for a bare --extra-opts). Asserts: nothing throws; an error renders as
// one clean UNKNOWN line; an accepted configuration keeps the documented invariants.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/cli/options.h"
#include "common/report/render.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

// Paths that could block or read without end (a FIFO, a terminal, stdin) are not what this target is
// about: it fuzzes parsing, and the plugin's own tests cover unusual files.
bool TouchesSpecialFiles(std::string_view input) {
  for (std::string_view prefix : {"/dev", "/proc", "/sys", "/run", "/tmp", "/var"}) {
    if (input.find(prefix) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using dmk::fuzz::Check;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (size > 64 * 1024 || TouchesSpecialFiles(input)) return 0;
  const size_t nul = input.find('\0');
  const std::string_view arg_text = input.substr(0, nul);
  const int fd = memfd_create("dmk-fuzz.ini", MFD_CLOEXEC);
  if (fd < 0) return 0;
  if (nul != std::string_view::npos) {
    const std::string_view ini = input.substr(nul + 1);
    if (!ini.empty() && write(fd, ini.data(), ini.size()) != static_cast<ssize_t>(ini.size())) {
      close(fd);
      return 0;
    }
  }
  const std::string ini_path = "/proc/self/fd/" + std::to_string(fd);
  std::vector<std::string> args;
  for (size_t start = 0; start <= arg_text.size();) {
    size_t end = arg_text.find('\n', start);
    std::string arg(arg_text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    for (size_t at = arg.find("@INI"); at != std::string::npos; at = arg.find("@INI", at + ini_path.size() + 1)) {
      arg.replace(at + 1, 3, ini_path);
    }
    args.push_back(std::move(arg));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  const dmk::EnvLookup env = [&](const std::string& name) -> std::optional<std::string> {
    if (name == "MP_CONFIG_FILE") return ini_path;
    return std::nullopt;
  };

  dmk::CommandLine command_line;
  const dmk::Status status = dmk::ParseOptions(args, env, &command_line);  // must not throw
  close(fd);
  if (!status.ok()) {
    Check(!status.message().empty(), "an error has a message", "");
    const std::string line = dmk::RenderUsageError(status);
    Check(line.rfind("DMK COMMUNITY UNKNOWN - ", 0) == 0 && line.back() == '\n', "usage error line", line);
    Check(line.find('\n') == line.size() - 1, "one line", line);
    Check(line.find('|') == std::string::npos, "no '|' in a usage error", line);
    Check(dmk::fuzz::NoControlBytes(line, true) && dmk::fuzz::CleanUtf8(line), "clean usage error", line);
    return 0;
  }
  if (command_line.request != dmk::Request::kCheck) return 0;
  const dmk::Config& config = command_line.config;
  Check(!config.hostname.empty(), "a check has a host name", arg_text);
  Check(config.timeout_s > 0 && config.timeout_s <= 3600, "timeout in (0, 3600]", arg_text);
  Check(config.connect_timeout_s >= 0 && config.connect_timeout_s <= config.timeout_s, "connect timeout", arg_text);
  Check(config.port >= 0 && config.port <= 65535, "port range", arg_text);
  Check(config.verbosity >= 0 && config.verbosity <= 3, "verbosity 0..3", arg_text);
  Check(config.max_body >= 1, "max body", arg_text);
  Check(config.max_redirects >= 0 && config.max_redirects <= 20, "max redirects", arg_text);
  Check(config.method == "GET" || config.method == "HEAD" || config.method == "POST", "method", arg_text);
  Check(!config.expect_status.empty(), "expected statuses", arg_text);
  for (const std::string& header : config.headers) {
    bool visible = true;  // RFC 9110 section 5.5: visible characters, spaces and tabs only
    for (char c : header) visible = visible && (c == '\t' || (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F));
    Check(visible, "a header is one line of visible characters", header);
  }
  Check(!(config.insecure && !config.pins_sha256.empty()), "--insecure and pins exclude each other", arg_text);
  return 0;
}
