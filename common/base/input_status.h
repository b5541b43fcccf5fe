// Status: the outcome of an operation whose failure means *our* input or configuration is wrong
// (bad option, malformed range, unreadable credentials file). Such a failure ends the check as UNKNOWN.
// A bad monitored server is never a Status error: it is data in ProbeOutcome (see probe.h).
#ifndef DMK_COMMON_BASE_INPUT_STATUS_H_
#define DMK_COMMON_BASE_INPUT_STATUS_H_

#include <string>
#include <utility>

namespace dmk {

class Status {
 public:
  // Success.
  Status() = default;
  static Status Ok() { return Status(); }
  // A failure with a message fit to be shown to an operator (one line, no trailing period).
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !failed_; }
  const std::string& message() const { return message_; }

 private:
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}
  bool failed_ = false;
  std::string message_;
};

}  // namespace dmk

#endif  // DMK_COMMON_BASE_INPUT_STATUS_H_
