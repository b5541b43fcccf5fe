#include <algorithm>
#include <cctype>
#include <string_view>

#include "common/base/ascii.h"
#include "common/base/number.h"
#include "common/base/posix_regex.h"
#include "common/cli/options_groups.h"

namespace dmk {

using enum OptionId;

namespace {

Status ParseExpectStatus(const std::string& text, std::vector<StatusSpan>* spans) {
  spans->clear();
  for (std::string_view piece : SplitPieces(text, ',')) {
    const std::string item = AsciiLower(TrimAsciiSpace(piece));
    bool ok = false;
    if (item.size() == 3 && item[0] >= '1' && item[0] <= '5' && item.substr(1) == "xx") {
      int base = (item[0] - '0') * 100;
      spans->push_back({base, base + 99});
      ok = true;
    } else if (const long long code = ParseCount(item).value_or(0); code >= 100 && code <= 599) {
      // value_or rather than `code && *code >= 100`: GCC 12 may test the empty optional's payload first,
      // which valgrind reports as a jump on an uninitialised value.
      spans->push_back({static_cast<int>(code), static_cast<int>(code)});
      ok = true;
    }
    if (!ok) {
      return Status::Error(DashName(kExpectStatus) + " '" + text + "': '" + item +
                           "' is neither a status code (100-599) nor a class such as 2xx");
    }
  }
  if (spans->empty()) return Status::Error(DashName(kExpectStatus) + " '" + text + "' is empty");
  return Status::Ok();
}

Status ValidateHeader(const std::string& header) {
  size_t colon = header.find(':');
  std::string name = colon == std::string::npos ? "" : header.substr(0, colon);
  bool name_ok = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
  // RFC 9110 section 5.5: field values are visible characters, spaces and tabs; no other control byte,
  // DEL included.
  bool value_ok =
      std::none_of(header.begin(), header.end(), [](unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7F; });
  if (!name_ok || !value_ok) {
    return Status::Error(DashName(kHeader) + " '" + header + "' must look like 'Name: value' on one line");
  }
  return Status::Ok();
}

// --uri, --method, --header and --body: the request.
Status FillRequest(const OptionValues& in, Config* config) {
  if (in.Has(kUri)) config->uri = in.String(kUri);
  const std::string& uri = config->uri;
  if (uri.empty() || uri[0] != '/' ||
      std::any_of(uri.begin(), uri.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7F; })) {
    return Status::Error(DashName(kUri) + " '" + uri +
                         "' must start with '/' and hold no spaces or control characters");
  }
  if (in.Has(kMethod)) {
    const std::string method = AsciiUpper(in.String(kMethod));
    if (method != "GET" && method != "HEAD" && method != "POST") {
      return Status::Error(DashName(kMethod) + " '" + in.String(kMethod) + "' must be GET, HEAD or POST");
    }
    config->method = method;
  }
  for (const std::string& header : in.List(kHeader)) {
    if (Status s = ValidateHeader(header); !s.ok()) return s;
    config->headers.push_back(header);
  }
  if (in.Has(kBody)) config->body = in.String(kBody);
  return Status::Ok();
}

}  // namespace

Status FillHttp(const OptionValues& in, Config* config) {
  if (Status s = FillRequest(in, config); !s.ok()) return s;
  if (in.Has(kExpectStatus)) {
    config->expect_status_text = in.String(kExpectStatus);
    if (Status s = ParseExpectStatus(config->expect_status_text, &config->expect_status); !s.ok()) return s;
  }
  config->expect_body = in.String(kExpectBody);
  if (!config->expect_body.empty()) {
    if (Status s = CheckRegex(DashName(kExpectBody) + " '" + config->expect_body + "': ", config->expect_body); !s.ok())
      return s;
  }
  config->follow = in.Flag(kFollow);
  long long number = 0;
  if (Status s = in.Count(kMaxRedirects, 0, 20, &number); !s.ok()) return s;
  if (in.Has(kMaxRedirects)) config->max_redirects = static_cast<int>(number);
  if (Status s = in.Count(kMaxBody, 1, 1024LL * 1024 * 1024, &number); !s.ok()) return s;
  if (in.Has(kMaxBody)) config->max_body = static_cast<size_t>(number);
  return Status::Ok();
}

}  // namespace dmk
