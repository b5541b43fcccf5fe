#include "tests/integration/harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

extern char** environ;

namespace dmk::testing {

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kMaxCapture = 8 * 1024 * 1024;

std::string MakeTempDir(const char* prefix) {
  std::string pattern = std::string("/tmp/") + prefix + "XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) return "";
  return buffer.data();
}

pid_t Spawn(const std::string& program, const std::vector<std::string>& args, const std::vector<std::string>& env,
            int out_fd, int err_fd) {
  std::vector<std::string> argv_storage = {program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage;
  for (char** entry = environ; *entry != nullptr; ++entry) env_storage.emplace_back(*entry);
  env_storage.insert(env_storage.end(), env.begin(), env.end());
  std::vector<char*> envp;
  for (std::string& entry : env_storage) envp.push_back(entry.data());
  envp.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    setpgid(0, 0);
    execve(program.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

void Stop(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  auto deadline = Clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}
}  // namespace

std::string ProcessResult::FirstLine() const { return out.substr(0, out.find('\n')); }

std::string ProcessResult::StatusText() const {
  std::string line = FirstLine();
  size_t bar = line.find(" | ");
  return bar == std::string::npos ? line : line.substr(0, bar);
}

std::string ProcessResult::Perfdata() const {
  std::string line = FirstLine();
  size_t bar = line.find(" | ");
  return bar == std::string::npos ? "" : line.substr(bar + 3);
}

ProcessResult RunProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::vector<std::string>& env, double hard_limit_s) {
  ProcessResult result;
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) return result;
  auto start = Clock::now();
  pid_t pid = Spawn(program, args, env, out_pipe[1], err_pipe[1]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  bool killed = false;
  while (open_fds > 0) {
    double left = hard_limit_s - std::chrono::duration<double>(Clock::now() - start).count();
    if (left <= 0) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    if (poll(fds, 2, static_cast<int>(left * 1000) + 1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      char buffer[65536];
      ssize_t got = read(fds[i].fd, buffer, sizeof buffer);
      if (got <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else if (sinks[i]->size() < kMaxCapture) {
        sinks[i]->append(buffer, static_cast<size_t>(got));
      }
    }
  }
  for (pollfd& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.max_rss_kib = usage.ru_maxrss;
  result.exit_code = (!killed && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  return result;
}

bool SanitizerBuild() { return DMK_SANITIZER_BUILD != 0; }

std::string PluginPath() {
  const char* path = std::getenv("DMK_PLUGIN");
  return path != nullptr ? path : "check_dmk_community";
}

ProcessResult RunPlugin(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  return RunProcess(PluginPath(), args, env);
}

Simulator::Simulator(const std::vector<std::string>& listeners) {
  const char* sim = std::getenv("DMK_SIM");
  dir_ = MakeTempDir("dmk-sim.");
  std::vector<std::string> args = {"--dir", dir_};
  for (const std::string& listener : listeners) {
    args.push_back("--listen");
    args.push_back(listener);
  }
  int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  pid_ = Spawn(sim != nullptr ? sim : "dmk_sim", args, {}, null_fd, null_fd);
  close(null_fd);
  auto deadline = Clock::now() + std::chrono::seconds(15);
  while (Clock::now() < deadline) {
    if (access((dir_ + "/ready").c_str(), F_OK) == 0) {
      ready_ = true;
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Simulator::~Simulator() {
  Stop(pid_);
  if (!dir_.empty()) {
    std::string command = "rm -rf '" + dir_ + "'";
    if (std::system(command.c_str()) != 0) return;
  }
}

BackgroundProcess::BackgroundProcess(const std::string& program, const std::vector<std::string>& args) {
  int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  pid_ = Spawn(program, args, {}, null_fd, null_fd);
  close(null_fd);
}

BackgroundProcess::~BackgroundProcess() { Stop(pid_); }

bool BackgroundProcess::WaitForPort(int port) const {
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    if (connected) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::string Simulator::Pin(const std::string& certificate) const {
  std::ifstream in(dir_ + "/pin-" + certificate + ".txt");
  std::string pin;
  std::getline(in, pin);
  return pin;
}

std::string WriteTempFile(const std::string& name, const std::string& content, unsigned mode) {
  std::string path = MakeTempDir("dmk-file.") + "/" + name;
  {
    std::ofstream out(path, std::ios::binary);
    out << content;
  }
  chmod(path.c_str(), static_cast<mode_t>(mode));
  return path;
}

bool Has(const std::string& line, const std::string& needle) { return line.find(needle) != std::string::npos; }

std::vector<std::string> PerfdataLabels(const std::string& perfdata) {
  // Icinga2 accepts no commas and no "inf" in numbers; units from its list only; 'U' for unknown.
  static const std::regex kValue(
      R"(^('[^'=]+'|[^'= ]+)=(U|-?[0-9]+(\.[0-9]+)?(s|ms|us|%|B|KB|MB|TB|c)?)(;[^; ]*){0,4}$)");
  std::vector<std::string> labels;
  std::istringstream items(perfdata);
  std::string item;
  while (items >> item) {
    if (!std::regex_match(item, kValue)) return {};
    labels.push_back(item.substr(0, item.find('=')));
  }
  return labels;
}

}  // namespace dmk::testing
