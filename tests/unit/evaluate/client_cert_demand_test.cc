#include "common/evaluate/client_cert_demand.h"

#include <gtest/gtest.h>

#include <string>

namespace dmk {
namespace {

// Page texts as nginx 1.22 (ngx_http_special_response.c) and IIS 10 write them.
const std::string kNginxNoCertificate =
    "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n<center><h1>400 Bad "
    "Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>nginx</center>";
const std::string kNginxCertificateError =
    "<html>\r\n<head><title>400 The SSL certificate error</title></head>\r\n<body>\r\n<center><h1>400 Bad "
    "Request</h1></center>\r\n<center>The SSL certificate error</center>";
const std::string kIis4037 =
    "<title>IIS 10.0 Detailed Error - 403.7 - Forbidden</title></head><body><div id=\"content\"><div "
    "class=\"content-container\"><h3>HTTP Error 403.7 - Forbidden</h3><h4>The page you are attempting to access "
    "requires your browser to have a Secure Sockets Layer (SSL) client certificate that the Web server "
    "recognizes.</h4>";
const std::string kIis40316 =
    "<title>IIS 10.0 Detailed Error - 403.16 - Forbidden</title><h3>HTTP Error 403.16 - Forbidden</h3><h4>Your client "
    "certificate is either not trusted or is invalid.</h4>";
const std::string kIis40313 =
    "<h3>HTTP Error 403.13 - Forbidden</h3><h4>The client certificate used for this request has been revoked";

TEST(ReadClientCertDemandTest, RecognisesNginxAndIisPagesAndNothingElse) {
  struct Case {
    const char* name;
    int status;
    std::string body;
    ClientCertDemand demand;
  };
  const Case cases[] = {
      {"nginx, none sent", 400, kNginxNoCertificate, ClientCertDemand::kRequired},
      {"nginx, refused", 400, kNginxCertificateError, ClientCertDemand::kRejected},
      {"nginx 496 passed through", 496, "", ClientCertDemand::kRequired},
      {"nginx 495 passed through", 495, "", ClientCertDemand::kRejected},
      {"IIS 403.7", 403, kIis4037, ClientCertDemand::kRequired},
      {"IIS 403.16", 403, kIis40316, ClientCertDemand::kRejected},
      {"IIS 403.13", 403, kIis40313, ClientCertDemand::kRevoked},
      {"a plain 400", 400, "bad request", ClientCertDemand::kNone},
      {"a plain 403", 403, "<h2>403 - Forbidden: Access is denied.</h2>", ClientCertDemand::kNone},
      {"nginx text with another status", 200, kNginxNoCertificate, ClientCertDemand::kNone},
      {"IIS substatus text with 400", 400, kIis4037, ClientCertDemand::kNone},
  };
  for (const Case& c : cases) EXPECT_EQ(ReadClientCertDemand(c.status, c.body), c.demand) << c.name;
}

TEST(DescribeClientCertDemandTest, SaysWhatToGiveOrThatOursWasRefused) {
  struct Case {
    const char* name;
    int status;
    std::string body;
    bool have_cert;
    std::string text;
  };
  const Case cases[] = {
      {"nginx, none given", 400, kNginxNoCertificate, false,
       "the server requires a client certificate: give --client-cert and --client-key (HTTP 400)"},
      {"IIS 403.7, none given", 403, kIis4037, false,
       "the server requires a client certificate: give --client-cert and --client-key (HTTP 403.7)"},
      {"IIS 403.7 with ours", 403, kIis4037, true,
       "the server rejected our client certificate: it did not receive it (HTTP 403.7)"},
      {"IIS 403.16", 403, kIis40316, true,
       "the server rejected our client certificate (HTTP 403.16: not trusted or invalid)"},
      {"IIS 403.13", 403, kIis40313, true, "the server rejected our client certificate (HTTP 403.13: revoked)"},
      {"nginx refused", 400, kNginxCertificateError, true,
       "the server rejected our client certificate (HTTP 400: not trusted or invalid)"},
  };
  for (const Case& c : cases) {
    const std::optional<ProblemWords> words = DescribeClientCertDemand(c.status, c.body, c.have_cert);
    ASSERT_TRUE(words.has_value()) << c.name;
    EXPECT_EQ(words->text, c.text) << c.name;
    EXPECT_FALSE(words->advice.empty()) << c.name;
  }
  EXPECT_FALSE(DescribeClientCertDemand(404, "not found", false).has_value());
}

}  // namespace
}  // namespace dmk
