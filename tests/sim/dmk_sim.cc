// dmk_sim: a DMK (dormakaba) Community server simulator for the plugin's tests and demo. It serves,
// per listening port, a healthy server or one of many broken ones; see tests/sim/README.md.
//
// Start-up: generate a throwaway PKI in memory, write its public parts into --dir, bind every
// listener, then write DIR/ready (our PID) and print READY. SIGTERM or SIGINT ends the process.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tests/sim/atomic_file.h"
#include "tests/sim/handshake_behaviors.h"
#include "tests/sim/listen_spec.h"
#include "tests/sim/server.h"
#include "tests/sim/test_pki.h"
#include "tests/sim/tls_server_context.h"

namespace dmk {
namespace {

constexpr const char* kUsage =
    "usage: dmk_sim --dir DIR --listen SPEC [--listen SPEC ...] [--exit-after SECONDS] [--bind ADDRESS]\n"
    "  SPEC = PORT:BEHAVIOR[=ARG][:plain], e.g. 18443:ok 18444:slow=1500 18080:ok:plain\n"
    "  Behaviours: ok slow[=MS] silent tls_stall hang drip_headers drip_body reset\n"
    "    reset_after_request auth_basic=USER:PASS auth_bearer=TOKEN status=CODE expired notyet\n"
    "    selfsigned wronghost chain expiring=DAYS lifetime=LIFE/AGE mtls big_body=BYTES no_length_body=BYTES\n"
    "    huge_headers=BYTES redirect redirect_loop redirect_other redirect_http hostile hostile401\n"
    "    echo_auth garbage short_body malformed_status half_status close\n"
    "  Hostile: bad_length two_lengths no_colon bad_chunk huge_chunk endless_chunks gzip_bomb[=BYTES]\n"
    "    endless_1xx[=MS] huge_status[=BYTES] status_line=TEXT slow_tls tls_alert tls_garbage plain_400 https_port\n"
    "    hostile_location no_location hostile_cert echo_secret\n"
    "  Certificate chains: missing_intermediate untrusted_root no_san sha1_intermediate weak_key\n"
    "    out_of_order\n"
    "  Handshake: tls_only=1.0|1.1|1.2 weak_cipher weak_dh big_chain=BYTES client_cert_400\n"
    "    client_cert_403=SUBSTATUS\n"
    "  --bind ADDRESS: listen on this local address only (default: 127.0.0.1 and ::1)\n";

struct SimulatorOptions {
  std::string dir;
  std::vector<ListenSpec> listeners;
  unsigned exit_after_seconds = 0;  // 0: run until SIGTERM/SIGINT.
  std::string bind_address;         // Empty: loopback (127.0.0.1 and ::1).
  bool help = false;
};

// Accepts "--name VALUE" and "--name=VALUE".
bool ParseCommandLine(int argc, char** argv, SimulatorOptions* options, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      options->help = true;
      return true;
    }
    std::string_view name = arg;
    std::string_view value;
    bool has_value = false;
    if (const size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    if (name != "--dir" && name != "--listen" && name != "--exit-after" && name != "--bind") {
      *error = "unknown argument '" + std::string(arg) + "'";
      return false;
    }
    if (!has_value) {
      if (i + 1 >= argc) {
        *error = std::string(name) + " needs a value";
        return false;
      }
      value = argv[++i];
    }
    if (name == "--dir") {
      if (value.empty()) {
        *error = "--dir needs a directory";
        return false;
      }
      options->dir = std::string(value);
    } else if (name == "--bind") {
      options->bind_address = std::string(value);
    } else if (name == "--listen") {
      ListenSpec spec;
      if (!ParseListenSpec(value, &spec, error)) return false;
      options->listeners.push_back(std::move(spec));
    } else {
      const std::string text(value);
      char* end = nullptr;
      errno = 0;
      const unsigned long seconds = std::strtoul(text.c_str(), &end, 10);
      if (text.empty() || text.front() == '-' || *end != '\0' || errno != 0 || seconds > 86'400) {
        *error = "--exit-after needs a number of seconds in 0..86400";
        return false;
      }
      options->exit_after_seconds = static_cast<unsigned>(seconds);
    }
  }
  if (options->dir.empty()) {
    *error = "--dir is required";
    return false;
  }
  if (options->listeners.empty()) {
    *error = "at least one --listen is required";
    return false;
  }
  std::set<uint16_t> ports;
  for (const ListenSpec& spec : options->listeners) {
    if (!ports.insert(spec.port).second) {
      *error = "port " + std::to_string(spec.port) + " is given twice";
      return false;
    }
  }
  return true;
}

// Waits for SIGTERM or SIGINT (blocked in every thread, so only this wait receives them), or for the
// --exit-after time.
int WaitForStopSignal(const sigset_t& stop_signals, unsigned exit_after_seconds) {
  if (exit_after_seconds == 0) {
    int signal_number = 0;
    while (sigwait(&stop_signals, &signal_number) != 0) {
    }
    return signal_number;
  }
  timespec timeout{static_cast<time_t>(exit_after_seconds), 0};
  for (;;) {
    const int signal_number = sigtimedwait(&stop_signals, nullptr, &timeout);
    if (signal_number > 0) return signal_number;
    if (errno == EAGAIN) return 0;
  }
}

int RunSimulator(const SimulatorOptions& options) {
  // Block the stop signals before any thread exists so that every thread inherits the mask and the
  // main thread can take them synchronously with sigwait (no work in a signal handler).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  if (pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr) != 0) {
    LogLine("cannot block SIGTERM/SIGINT");
    return 1;
  }
  // A client that leaves mid-write must cost an EPIPE, not the process.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, nullptr);

  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) {
    LogLine("cannot create " + options.dir + ": " + ec.message());
    return 1;
  }
  // A ready file left by an earlier run would announce us before we are ready.
  const std::string ready_path = options.dir + "/ready";
  unlink(ready_path.c_str());

  std::string error;
  TestPki pki;
  bool ok = pki.Generate(&error);
  for (const ListenSpec& spec : options.listeners) {
    if (ok && spec.behavior == Behavior::kExpiring) ok = pki.AddExpiring(spec.number, &error);
    if (ok && spec.behavior == Behavior::kLifetime) {
      ok = pki.AddWithLifetime(LeafNameFor(spec), spec.life_s, spec.age_s, &error);
    }
  }
  if (!ok || !pki.WriteFiles(options.dir, &error)) {
    LogLine(error);
    return 1;
  }

  std::vector<std::unique_ptr<Listener>> listeners;
  for (const ListenSpec& spec : options.listeners) {
    auto listener = std::make_unique<Listener>();
    listener->spec = spec;
    if (!spec.plain) {
      const LeafCredentials* leaf = pki.Leaf(LeafNameFor(spec));
      if (leaf == nullptr) {
        LogLine("internal: no certificate " + LeafNameFor(spec));
        return 1;
      }
      listener->tls = IsHandshakeBehavior(spec.behavior)
                          ? MakeHandshakeContext(spec, &pki, &error)
                          : MakeServerContext(*leaf, spec.behavior == Behavior::kMtls ? pki.ca() : nullptr, &error);
      if (!listener->tls) {
        LogLine(error);
        return 1;
      }
    }
    std::string warning;
    const bool bound = options.bind_address.empty() ? BindLoopback(listener.get(), &error, &warning)
                                                    : BindAddress(listener.get(), options.bind_address, &error);
    if (!bound) {
      LogLine(error);
      return 1;
    }
    if (!warning.empty()) LogLine(warning);
    listeners.push_back(std::move(listener));
  }

  // From the first accept thread on, listeners and pki are in use by other threads: leave only by
  // _exit(), which runs no destructors.
  try {
    for (const auto& listener : listeners) StartAccepting(*listener);
  } catch (const std::exception& e) {
    LogLine(std::string("cannot start accept threads: ") + e.what());
    std::fflush(stdout);
    _exit(1);
  }
  if (!WriteFileAtomically(ready_path, std::to_string(getpid()) + "\n", 0644, &error)) {
    LogLine(error);
    _exit(1);
  }
  std::fputs("READY\n", stdout);
  std::fflush(stdout);
  LogLine("ready, pid " + std::to_string(getpid()) + ", " + std::to_string(listeners.size()) + " listener(s)");

  const int signal_number = WaitForStopSignal(stop_signals, options.exit_after_seconds);
  LogLine(signal_number > 0 ? std::string("stopping on ") + strsignal(signal_number)
                            : std::string("stopping: --exit-after time is up"));
  // Connection threads may be blocked in I/O; _exit ends them with the process without running
  // destructors under their feet (and without a leak report for their in-flight buffers).
  _exit(0);
}

}  // namespace
}  // namespace dmk

int main(int argc, char** argv) {
  dmk::SimulatorOptions options;
  std::string error;
  if (!dmk::ParseCommandLine(argc, argv, &options, &error)) {
    std::fprintf(stderr, "dmk_sim: %s (see dmk_sim --help)\n", error.c_str());
    return 2;
  }
  if (options.help) {
    std::fputs(dmk::kUsage, stdout);
    return 0;
  }
  try {
    return dmk::RunSimulator(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dmk_sim: internal error: %s\n", e.what());
    return 1;
  }
}
