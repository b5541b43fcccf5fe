#include "common/base/ascii.h"
#include "common/cli/options_groups.h"

namespace dmk {

using enum OptionId;

Status FillAuth(const OptionValues& in, Config* config) {
  if (in.Has(kAuth)) {
    const std::string auth = AsciiLower(in.String(kAuth));
    if (auth == "basic") {
      config->auth = AuthType::kBasic;
    } else if (auth == "bearer") {
      config->auth = AuthType::kBearer;
    } else if (auth != "none") {
      return Status::Error(DashName(kAuth) + " '" + in.String(kAuth) + "' must be none, basic or bearer");
    }
  }
  config->credentials_file = in.String(kCredentialsFile);
  config->credentials_env = in.String(kCredentialsEnv);
  return Status::Ok();
}

}  // namespace dmk
