// Test harness for tests that run the real binaries: the plugin and the DMK simulator. Starts processes
// with fork/exec, captures stdout and stderr apart (Icinga2 merges stderr into the check output, so
// the plugin must write nothing there: docs/plugin-contract.md, "Exit codes and output"), and measures wall
// time and peak RSS. Networked tests must run inside tests/run_in_netns.sh.
#ifndef DMK_TESTS_INTEGRATION_HARNESS_H_
#define DMK_TESTS_INTEGRATION_HARNESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace dmk::testing {

struct ProcessResult {
  int exit_code = -1;  // -1: killed by a signal or by the harness
  std::string out;
  std::string err;
  double seconds = 0;    // wall time from exec to exit
  long max_rss_kib = 0;  // peak resident set size of the child

  std::string FirstLine() const;   // the status line, perfdata included
  std::string StatusText() const;  // the status line before " | "
  std::string Perfdata() const;    // the status line after " | "
};

// Runs `program` with `args` and extra "NAME=value" environment entries; kills it after `hard_limit_s`.
ProcessResult RunProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::vector<std::string>& env = {}, double hard_limit_s = 60);

// The bound on the plugin's peak RSS per run that the integration and robustness suites hold it to.
constexpr long kPeakRssLimitKib = 32 * 1024;

// True when this build has DMK_SANITIZE=ON (set by CMake on the harness): sanitizer builds map shadow memory
// and keep quarantines, so their peak RSS says nothing and tests leave the RSS bound out there.
bool SanitizerBuild();

// The plugin binary, from $DMK_PLUGIN (set by CTest with a generator expression).
std::string PluginPath();

// Runs the plugin with `args`.
ProcessResult RunPlugin(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// A DMK simulator process with the given listeners ("PORT:BEHAVIOR[=ARG][:plain]"), stopped on
// destruction. Its throwaway CA and pins live in dir().
class Simulator {
 public:
  explicit Simulator(const std::vector<std::string>& listeners);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  bool ready() const { return ready_; }
  const std::string& dir() const { return dir_; }
  std::string CaFile() const { return dir_ + "/ca.pem"; }
  std::string CaDir() const { return dir_ + "/ca-dir"; }
  std::string Pin(const std::string& certificate) const;  // base64 SHA-256 of that certificate's key

 private:
  pid_t pid_ = -1;
  bool ready_ = false;
  std::string dir_;
};

// Any other real daemon a test needs (a proxy, say), stopped with SIGTERM (then SIGKILL) on destruction.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::string& program, const std::vector<std::string>& args);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // True once something accepts TCP connections on 127.0.0.1:`port` (waits up to 10 s).
  bool WaitForPort(int port) const;

 private:
  pid_t pid_ = -1;
};

// Writes `content` to a new file in a fresh temp dir with `mode`; returns the path.
std::string WriteTempFile(const std::string& name, const std::string& content, unsigned mode);

// True when `line` holds `needle`.
bool Has(const std::string& line, const std::string& needle);

// Checks the perfdata text against the grammar 'label'=value[UOM];warn;crit;min;max with Icinga2's
// restrictions (docs/plugin-contract.md, "Perfdata"); returns the labels, or an empty list if malformed.
std::vector<std::string> PerfdataLabels(const std::string& perfdata);

}  // namespace dmk::testing

#endif  // DMK_TESTS_INTEGRATION_HARNESS_H_
