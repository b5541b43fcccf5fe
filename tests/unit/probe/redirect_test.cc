#include "common/probe/redirect.h"

#include <gtest/gtest.h>

#include <string>

namespace dmk {
namespace {

TEST(RedirectTest, FollowsOnlyToTheSameHostWithoutDowngrade) {
  struct Case {
    const char* from;
    const char* to;
    bool allowed;
    const char* why;
  };
  const Case cases[] = {
      {"https://dmk.test:443/", "https://dmk.test:443/redirected", true, ""},
      {"https://dmk.test:443/", "https://DMK.test:8443/other", true, ""},
      {"http://dmk.test:80/", "https://dmk.test/", true, ""},
      {"https://[::1]:443/", "https://[::1]:8443/", true, ""},
      {"https://dmk.test:443/", "http://dmk.test/", false, "it downgrades https to plain http"},
      {"https://dmk.test:443/", "https://elsewhere.test/", false, "it leads to another host"},
      {"https://dmk.test:443/", "ftp://dmk.test/", false, "only http and https redirects are followed"},
      {"https://dmk.test:443/", "not a url", false, "the Location is not a valid URL"},
  };
  for (const Case& c : cases) {
    std::string why;
    const std::string host = std::string(c.from).find("[::1]") != std::string::npos ? "::1" : "dmk.test";
    EXPECT_EQ(RedirectAllowed(c.from, c.to, host, &why), c.allowed) << c.to;
    EXPECT_EQ(why, c.why) << c.to;
  }
}

TEST(RedirectTest, NamesThePortARedirectConnectsTo) {
  EXPECT_EQ(RedirectPort("https://dmk.test:8443/x"), 8443);
  EXPECT_EQ(RedirectPort("https://dmk.test/x"), 443);
  EXPECT_EQ(RedirectPort("http://dmk.test/x"), 80);
  EXPECT_EQ(RedirectPort("not a url"), 0);
}

}  // namespace
}  // namespace dmk
