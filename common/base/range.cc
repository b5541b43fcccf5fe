#include "common/base/range.h"

#include "common/base/number.h"

namespace dmk {

bool Range::Alerts(double value) const {
  bool inside = (!start_ || value >= *start_) && (!end_ || value <= *end_);
  return alert_inside_ ? inside : !inside;
}

std::optional<double> Range::SimpleUpperBound() const {
  if (alert_inside_ || !end_ || !start_ || *start_ != 0) return std::nullopt;
  return end_;
}

Status ParseRange(std::string_view text, Range* range) {
  auto bad = [&](std::string_view why) {
    return Status::Error("malformed range '" + std::string(text) + "': " + std::string(why));
  };
  Range parsed;
  parsed.text_ = std::string(text);
  std::string_view rest = text;
  if (!rest.empty() && rest.front() == '@') {
    parsed.alert_inside_ = true;
    rest.remove_prefix(1);
  }
  if (rest.empty()) return bad("empty");
  std::string_view start_text;
  std::string_view end_text = rest;
  if (size_t colon = rest.find(':'); colon != std::string_view::npos) {
    start_text = rest.substr(0, colon);
    end_text = rest.substr(colon + 1);
    if (start_text.empty()) return bad("nothing before ':' (write 0:N or ~:N)");
  }
  parsed.start_ = 0.0;
  if (start_text == "~") {
    parsed.start_.reset();
  } else if (!start_text.empty()) {
    parsed.start_ = ParseDecimal(start_text);
    if (!parsed.start_) return bad("start is not a number");
  }
  if (end_text.empty()) {
    if (rest.find(':') == std::string_view::npos) return bad("empty");
    parsed.end_.reset();
  } else {
    parsed.end_ = ParseDecimal(end_text);
    if (!parsed.end_) return bad("end is not a number");
  }
  if (parsed.start_ && parsed.end_ && *parsed.start_ > *parsed.end_) {
    return bad("start is greater than end");
  }
  *range = std::move(parsed);
  return Status::Ok();
}

}  // namespace dmk
