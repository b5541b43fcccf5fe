#include "common/evaluate/eval_details.h"

#include <optional>

#include "common/evaluate/eval_words.h"
#include "common/evaluate/proxy_display.h"
#include "common/model/secret.h"

namespace dmk {

namespace {

void Certificate(const TlsFacts& tls, std::vector<std::string>* details) {
  const CertificateFacts& leaf = tls.leaf;
  std::string names;
  for (const std::string& name : leaf.names) names += (names.empty() ? "" : ", ") + name;
  details->push_back("certificate: subject " + Quote(leaf.subject, 200) + "; issuer " + Quote(leaf.issuer, 200));
  details->push_back("certificate names: " + Quote(names, 300));
  details->push_back("certificate valid " + Date(leaf.not_before) + " to " + Date(leaf.not_after) + "; chain of " +
                     std::to_string(tls.chain_length) + "; key sha256//" + leaf.spki_sha256);
  if (tls.verify_error != 0) details->push_back("chain verification: " + Quote(tls.verify_error_text));
}

// -v: the URL, the redirects, the certificate and the library's own words.
void Verbose(const ProbeOutcome& outcome, std::vector<std::string>* details) {
  details->push_back("URL: " + outcome.url);
  for (const std::string& redirect : outcome.http.redirects_followed) {
    details->push_back("redirected to: " + Quote(redirect, 200));
  }
  if (outcome.tls.certificate_seen) Certificate(outcome.tls, details);
  if (!outcome.detail.empty()) details->push_back("library said: " + Quote(outcome.detail, 300));
}

// -vv: the headers both ways; a server's Set-Cookie is a secret too.
void Headers(const HttpFacts& http, std::vector<std::string>* details) {
  for (const std::string& line : http.request_headers) details->push_back("> " + Quote(line, 300));
  for (const std::string& line : http.response_headers) {
    const std::string name = line.substr(0, line.find(':'));
    details->push_back("< " + (IsSecretHeaderName(name) ? Quote(name, 60) + ": [redacted]" : Quote(line, 300)));
  }
}

}  // namespace

std::vector<std::string> Details(const Config& config, const ProbeOutcome& outcome) {
  std::vector<std::string> details;
  if (std::optional<std::string> proxy = DescribeProxy(config)) details.push_back(*proxy);
  if (config.verbosity >= 1) Verbose(outcome, &details);
  if (config.verbosity >= 2) Headers(outcome.http, &details);
  if (config.verbosity >= 3 && !outcome.http.body.empty()) details.push_back("body: " + Quote(outcome.http.body, 1000));
  return details;
}

}  // namespace dmk
