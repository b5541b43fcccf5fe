// check_dmk_community: a thin main. The work is in common/ (check.h); here we only hand over argv and the
// environment, and write the result once. Anything that escapes still ends as one UNKNOWN line, because a
// plugin that prints nothing shows as "NRPE: Unable to read output".
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "common/check/check.h"

namespace {

void WriteAll(const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t written = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (written <= 0) return;
    done += static_cast<size_t>(written);
  }
}

// Under AddressSanitizer the process ends through exit(), so that LeakSanitizer still checks it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kLeakChecked = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kLeakChecked = true;
#else
constexpr bool kLeakChecked = false;
#endif
#else
constexpr bool kLeakChecked = false;
#endif

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 3;
  std::string output;
  try {
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    dmk::PluginRun run = dmk::RunPlugin(args, [](const std::string& name) -> std::optional<std::string> {
      const char* value = std::getenv(name.c_str());
      if (value == nullptr) return std::nullopt;
      return std::string(value);
    });
    exit_code = run.exit_code;
    output = std::move(run.output);
  } catch (const std::exception& error) {
    output = std::string("DMK COMMUNITY UNKNOWN - internal error: ") + error.what() + "\n";
    exit_code = 3;
  } catch (...) {
    output = "DMK COMMUNITY UNKNOWN - internal error\n";
    exit_code = 3;
  }
  WriteAll(output);
  // Everything is written (with write(2), nothing is buffered) and the connection is closed. exit() would
  // now run OpenSSL's atexit clean-up and the static destructors: about 1.5 M instructions, 4% of a whole
  // check, that free memory the kernel reclaims anyway (bench/README.md).
  if (!kLeakChecked) std::_Exit(exit_code);
  return exit_code;
}
