// Option groups: one step per group of options that reads them from OptionValues into the Config and checks
// each value on its own: its syntax, its range, a file it names. Which options a step reads is the fill column
// of the option table (option_table.h, FillStep); a step reads exactly those (options_groups_test.cc checks).
// How options combine (--no-tls with a certificate option, --body without POST, ...) is checked once, after
// every group, by CheckCombinations (options_combinations.h).
//
// Each step fills only its own fields of `*config` and returns the first bad value as an error that names
// the option and the value as written; `*config` may then be partly filled and must not be used.
#ifndef DMK_COMMON_CLI_OPTIONS_GROUPS_H_
#define DMK_COMMON_CLI_OPTIONS_GROUPS_H_

#include "common/base/env_lookup.h"
#include "common/base/input_status.h"
#include "common/cli/option_values.h"
#include "common/model/config.h"

namespace dmk {

// --hostname (required), --address, -4, -6, --port, --community (options_target.cc).
Status FillTarget(const OptionValues& in, Config* config);

// --no-tls, --ca-file, --ca-path, --pin-sha256, --insecure, --cert-warning, --cert-critical, --cn-only-state,
// --client-cert, --client-key, --tls-min (options_tls.cc). The files named must be readable. With --no-tls
// only config->tls is set: the rest is left alone for CheckCombinations to refuse.
Status FillTls(const OptionValues& in, Config* config);

// --uri, --method, --header, --body, --expect-status, --expect-body, --follow, --max-redirects, --max-body
// (options_http.cc).
Status FillHttp(const OptionValues& in, Config* config);

// --expect-json, --json-warning, --json-critical, --expect-header, --reject-body, --reject-body-state
// (options_api.cc).
Status FillApiChecks(const OptionValues& in, Config* config);

// --auth, --credentials-file, --credentials-env (options_auth.cc). The secret itself is read later
// (credentials.h).
Status FillAuth(const OptionValues& in, Config* config);

// --proxy, --noproxy, --proxy-from-env, and the proxy decision of proxy_policy.h over `env`; after FillTarget
// and FillTls, whose --hostname and --no-tls the decision reads (options_proxy.cc).
Status FillProxy(const OptionValues& in, const EnvLookup& env, Config* config);

// --timeout, --connect-timeout, --timeout-state or --timeout-result (options_time.cc).
Status FillTime(const OptionValues& in, Config* config);

// -w, -c and the --dns-, --connect-, --tls-, --ttfb- warning and critical ranges (options_time.cc).
Status FillThresholds(const OptionValues& in, Config* config);

}  // namespace dmk

#endif  // DMK_COMMON_CLI_OPTIONS_GROUPS_H_
