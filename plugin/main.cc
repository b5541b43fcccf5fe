// check_dmk_community: a thin main. The work is in common/ (check.h); here we only set up libcurl, hand
// over argv and the environment, and write the result once. Anything that escapes still ends as one
// UNKNOWN line, because a plugin that prints nothing shows as "NRPE: Unable to read output".
#include <curl/curl.h>
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "common/check.h"

namespace {

void WriteAll(const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t written = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (written <= 0) return;
    done += static_cast<size_t>(written);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int exit_code = 3;
  std::string output;
  try {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      WriteAll("DMK COMMUNITY UNKNOWN - libcurl could not be initialised\n");
      return 3;
    }
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
  return exit_code;
}
