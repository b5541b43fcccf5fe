#include "common/model/proxy_url.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dmk {
namespace {

struct ProxyCase {
  const char* url;
  bool has_userinfo;
  const char* user;
  const char* password;
  const char* display;
};

TEST(ProxyUrlTest, SplitsUserPasswordAndHostAtTheLastAt) {
  const std::vector<ProxyCase> cases = {
      {"http://127.0.0.1:3128", false, "", "", "http://127.0.0.1:3128"},
      {"http://proxy.example:3128/", false, "", "", "http://proxy.example:3128/"},
      {"http://user:pw@proxy:3128", true, "user", "pw", "http://proxy:3128"},
      {"http://user@proxy:3128", true, "user", "", "http://proxy:3128"},
      // '@' in the password: the last '@' ends the userinfo (a password with an '@' once leaked through here).
      {"http://user:secret@tail9@127.0.0.1:9", true, "user", "secret@tail9", "http://127.0.0.1:9"},
      // ':' in the password: the user ends at the first ':'.
      {"https://user:a:b:c@proxy:443", true, "user", "a:b:c", "https://proxy:443"},
      // '/' in user and password.
      {"http://dom/user:pa/ss@proxy:3128", true, "dom/user", "pa/ss", "http://proxy:3128"},
      {"socks5h://u:p/@proxy:1080/", true, "u", "p/", "socks5h://proxy:1080/"},
      // Percent-encoded '@' and ':' are decoded, in user and password.
      {"http://us%40er:p%40ss%3Aw@proxy:3128", true, "us@er", "p@ss:w", "http://proxy:3128"},
      {"http://u:100%zz@proxy:3128", true, "u", "100%zz", "http://proxy:3128"},
      {"http://u:50%@proxy:3128", true, "u", "50%", "http://proxy:3128"},
      {"http://:pw@proxy:3128", true, "", "pw", "http://proxy:3128"},
      // No "://": nothing is split; callers refuse the scheme.
      {"user:pw@proxy:3128", false, "", "", "user:pw@proxy:3128"},
  };
  for (const ProxyCase& c : cases) {
    ProxyUrl parsed = ParseProxyUrl(c.url);
    EXPECT_EQ(parsed.has_userinfo, c.has_userinfo) << c.url;
    EXPECT_EQ(parsed.user, c.user) << c.url;
    EXPECT_EQ(parsed.password, c.password) << c.url;
    EXPECT_EQ(parsed.display, c.display) << c.url;
  }
}

TEST(ProxyUrlTest, KeepsTheRawFormsForRedaction) {
  ProxyUrl parsed = ParseProxyUrl("http://us%40er:p%40ss@proxy:3128");
  EXPECT_EQ(parsed.raw_user, "us%40er");
  EXPECT_EQ(parsed.raw_password, "p%40ss");
  EXPECT_EQ(parsed.scheme, "http");
}

TEST(ProxyUrlTest, DisplayNeverHoldsAnyPartOfThePassword) {
  for (const char* url : {"http://user:secret@tail9@127.0.0.1:9", "http://user:se/cr@et@host:1",
                          "http://user:s%40ecret@host:1", "socks5://a:b@c@d@host:1"}) {
    ProxyUrl parsed = ParseProxyUrl(url);
    EXPECT_EQ(parsed.display.find('@'), std::string::npos) << url << " -> " << parsed.display;
    EXPECT_EQ(parsed.display.find(parsed.raw_password), std::string::npos) << url << " -> " << parsed.display;
  }
}

}  // namespace
}  // namespace dmk
