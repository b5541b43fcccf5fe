#include "common/probe/resolve.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

namespace dmk {

namespace {

struct Lookup {
  std::mutex mutex;
  std::condition_variable done_signal;
  bool done = false;
  int error = 0;
  int system_errno = 0;
  std::vector<std::string> addresses;
};

void RunLookup(std::shared_ptr<Lookup> lookup, std::string host, int ip_version) {
  addrinfo hints{};
  hints.ai_family = ip_version == 4 ? AF_INET : ip_version == 6 ? AF_INET6 : AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  int error = getaddrinfo(host.c_str(), nullptr, &hints, &result);
  int system_errno = errno;
  std::vector<std::string> addresses;
  for (addrinfo* entry = result; error == 0 && entry != nullptr; entry = entry->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    if (entry->ai_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(entry->ai_addr)->sin_addr, text, sizeof text);
    } else if (entry->ai_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(entry->ai_addr)->sin6_addr, text, sizeof text);
    }
    if (text[0] != '\0' && std::find(addresses.begin(), addresses.end(), text) == addresses.end()) {
      addresses.emplace_back(text);
    }
  }
  if (result != nullptr) freeaddrinfo(result);
  std::lock_guard<std::mutex> lock(lookup->mutex);
  lookup->error = error;
  lookup->system_errno = system_errno;
  lookup->addresses = std::move(addresses);
  lookup->done = true;
  lookup->done_signal.notify_all();
}

}  // namespace

Resolution Resolve(const std::string& host, int ip_version, double timeout_s) {
  Resolution resolution;
  auto start = std::chrono::steady_clock::now();
  auto lookup = std::make_shared<Lookup>();
  std::thread(RunLookup, lookup, host, ip_version).detach();
  std::unique_lock<std::mutex> lock(lookup->mutex);
  bool finished =
      lookup->done_signal.wait_for(lock, std::chrono::duration<double>(timeout_s), [&] { return lookup->done; });
  resolution.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!finished) {
    resolution.failure = Failure::kTimeout;
    resolution.detail = "no answer from the resolver";
    return resolution;
  }
  switch (lookup->error) {
    case 0:
      resolution.addresses = lookup->addresses;
      if (resolution.addresses.empty()) resolution.failure = Failure::kDnsNoAddress;
      break;
    case EAI_NONAME: resolution.failure = Failure::kDnsNotFound; break;
    case EAI_AGAIN: resolution.failure = Failure::kDnsNoAnswer; break;
#ifdef EAI_NODATA
    case EAI_NODATA:
#endif
    case EAI_ADDRFAMILY: resolution.failure = Failure::kDnsNoAddress; break;
    default: resolution.failure = Failure::kDnsError; break;
  }
  if (lookup->error != 0) {
    resolution.detail = lookup->error == EAI_SYSTEM ? std::strerror(lookup->system_errno) : gai_strerror(lookup->error);
  }
  return resolution;
}

bool ResolveTarget(const Config& config, double time_limit, ProbeOutcome* outcome, double* dns_seconds) {
  in6_addr literal{};
  if (!config.address.empty()) {
    outcome->dns_skipped = true;
    outcome->addresses = {config.address};
    return true;
  }
  if (inet_pton(AF_INET, config.hostname.c_str(), &literal) == 1 ||
      inet_pton(AF_INET6, config.hostname.c_str(), &literal) == 1 || !config.proxy.empty()) {
    outcome->dns_skipped = true;
    return true;
  }
  Resolution resolution = Resolve(config.hostname, config.ip_version, time_limit);
  *dns_seconds = resolution.seconds;
  outcome->addresses = std::move(resolution.addresses);
  outcome->detail = std::move(resolution.detail);
  if (resolution.failure != Failure::kNone) {
    outcome->failure = resolution.failure;
    outcome->timed_out_in = Layer::kDns;
    return false;
  }
  outcome->phases.dns = resolution.seconds;
  return true;
}

}  // namespace dmk
