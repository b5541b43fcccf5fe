#include "common/ascii.h"
#include "common/options_groups.h"

namespace dmk {

Status FillAuth(const OptionValues& in, Config* config) {
  if (in.Has("auth")) {
    const std::string auth = AsciiLower(in.String("auth"));
    if (auth == "basic") {
      config->auth = AuthType::kBasic;
    } else if (auth == "bearer") {
      config->auth = AuthType::kBearer;
    } else if (auth != "none") {
      return Status::Error("--auth '" + in.String("auth") + "' must be none, basic or bearer");
    }
  }
  config->credentials_file = in.String("credentials-file");
  config->credentials_env = in.String("credentials-env");
  return Status::Ok();
}

}  // namespace dmk
