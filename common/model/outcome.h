// ProbeOutcome: what one probe found out about the server, as data. A broken server is not an error of
// ours: refused connections, expired certificates and HTTP 500s are recorded here and turned into states
// by Evaluate (evaluate.h). Text that came from the network is stored raw; it is sanitised when rendered.
#ifndef DMK_COMMON_MODEL_OUTCOME_H_
#define DMK_COMMON_MODEL_OUTCOME_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dmk {

// The layer a connection failed in, in the order a connection climbs them.
enum class Layer { kDns, kTcp, kTls, kHttp, kApi, kAuth };

// Why the probe stopped short of a complete HTTP response. kNone: a response was received.
enum class Failure {
  kNone,
  kDnsNotFound,   // the name does not exist
  kDnsNoAnswer,   // no DNS server answered (or none reachable)
  kDnsNoAddress,  // the name exists but has no address of the asked family
  kDnsError,
  kTcpRefused,
  kTcpUnreachable,  // no route to the network or host
  kTcpReset,
  kTcpError,
  kProxyFailed,             // the proxy could not be reached or refused the tunnel
  kTlsNotTls,               // the server did not answer in TLS (plain HTTP on a TLS port?)
  kTlsCertificateRejected,  // our verification refused the certificate: see TlsFacts for why
  kTlsClientCertRequired,   // the server refused the handshake for want of a client certificate
  kTlsHandshakeFailed,
  kTlsReset,        // the server closed or reset the connection during the handshake
  kHttpNoResponse,  // connection closed or reset before a complete status line
  kHttpMalformed,   // the answer was not HTTP
  kHttpTruncated,   // the body ended before its Content-Length
  kHttpTooLarge,    // body above --max-body
  kHttpHeadersTooLarge,
  kHttpRedirectRefused,  // --follow met a redirect to another host or scheme
  kHttpTooManyRedirects,
  kHttpError,
  kTimeout,             // the time limit ran out; `timed_out_in` names the layer
  kTrustStoreUnusable,  // libcurl could not load the CA certificates of --ca-file or --ca-path
  kInternal,            // libcurl refused our settings (a bug or an unusable local file)
};

// Durations of each phase, seconds; nullopt when the phase was not reached or does not apply.
struct PhaseTimes {
  std::optional<double> dns;
  std::optional<double> connect;
  std::optional<double> tls;
  std::optional<double> ttfb;
  std::optional<double> total;
};

struct CertificateFacts {
  std::string subject;  // RFC 2253 form, "CN=dmk.test"
  std::string issuer;
  std::vector<std::string> names;  // subjectAltName DNS names and IP addresses
  std::int64_t not_before = 0;     // seconds since the epoch, UTC
  std::int64_t not_after = 0;
  bool self_signed = false;
  std::string spki_sha256;  // base64, the form of --pin-sha256
};

// What chain verification found beyond its error code, so that the first line can name the cause: which
// certificate of the chain the error is about and what is wrong with it (tls_verify.cc reads these).
struct ChainFacts {
  int error_depth = -1;          // position in the verified chain of the certificate the error is about; 0: leaf
  std::string error_subject;     // that certificate's subject
  std::string error_issuer;      // its issuer: the certificate that was missing, for a missing issuer
  std::string issuer_url;        // where that certificate says its issuer can be fetched (AIA caIssuers), raw
  std::string signature_digest;  // digest of that certificate's signature: "SHA-1", "MD5", "SHA-256"
  std::string key_type;          // that certificate's key: "RSA", "EC", "DSA", ...
  int key_bits = 0;
  int security_level = 0;            // the OpenSSL security level the chain was verified at
  std::string top_subject;           // the last certificate of the chain as verified (an untrusted root)
  std::string out_of_order_subject;  // set: the first certificate sent issued this other one that was sent
  bool name_only_in_cn = false;      // the host name matched only the Common Name: no subjectAltName covers it
};

struct TlsFacts {
  bool certificate_seen = false;  // the server presented a certificate
  bool handshake_done = false;
  std::string protocol;  // "TLSv1.3"
  std::string cipher;
  CertificateFacts leaf;
  std::size_t chain_length = 0;          // certificates the server presented
  std::int64_t earliest_not_after = 0;   // over the presented chain
  std::int64_t earliest_not_before = 0;  // of the same certificate: its lifetime sets the thresholds
  std::string earliest_subject;          // whose not-after that is
  int verify_error = 0;                  // OpenSSL X509_V_* code of chain verification; 0: trusted
  std::string verify_error_text;
  ChainFacts chain;           // details of verify_error, chain order, names
  bool host_matches = false;  // the leaf is valid for --hostname
  bool pin_checked = false;
  bool pin_matched = false;
  bool verification_skipped = false;  // --insecure
  bool accepted = false;              // the handshake was let through by our verification
};

// The largest Certificate message (the server's whole chain) this check accepts: OpenSSL's default is 100 KiB,
// which a certificate with a few thousand subjectAltNames exceeds. A larger chain is "certificate chain too
// large". The observer enforces it and the evaluation names it, so it sits with the facts they share.
// Documented in the README (TLS) and the man page.
inline constexpr std::size_t kMaxCertificateChainBytes = 1024 * 1024;

// What the TLS observer (tls_observer.h) saw of the handshake on the wire, complete or not: the server's
// choices and the way it ended, so that a failed handshake can be named (handshake_problem.h).
struct HandshakeFacts {
  int server_version = 0;                  // the version the server's ServerHello chose (0x0301: TLS 1.0 ... 0x0304:
                                           // TLS 1.3); 0: no ServerHello arrived
  std::string protocol;                    // its OpenSSL name, "TLSv1.2"
  std::string cipher;                      // the cipher suite it chose, OpenSSL's name; empty: none or unknown here
  int alert_received = -1;                 // description of the fatal alert the server sent (RFC 8446 6.2); -1: none
  bool alert_before_server_hello = false;  // ... in answer to our ClientHello
  int dh_bits = 0;                         // size of the server's Diffie-Hellman group; 0: it sent none
  int dh_bits_required = 0;                // the least this host's OpenSSL accepts at its security level
  bool below_minimum = false;              // completed below --tls-min: stopped before the request was sent
};

struct HttpFacts {
  bool request_sent = false;
  bool bytes_received = false;    // some of an answer arrived, maybe less than a whole status line
  bool response_started = false;  // a status line arrived
  bool headers_done = false;
  std::string http_version;  // "1.1", "2"
  int status = 0;
  std::string reason_phrase;     // the HTTP reason phrase of the status line, raw: "Service Unavailable"
  std::string location;          // raw Location header of a redirect
  std::string www_authenticate;  // raw
  std::size_t header_bytes = 0;
  std::size_t body_bytes = 0;
  std::string body;  // raw, the first bytes only (all of it up to --max-body with --expect-body)
  std::vector<std::string> redirects_followed;  // URLs
  std::vector<std::string> request_headers;     // secrets already redacted, for -vv
  std::vector<std::string> response_headers;    // raw lines, for -vv
};

struct ProbeOutcome {
  std::string url;                     // the first URL asked for
  std::vector<std::string> addresses;  // what DNS returned (or --address)
  bool dns_skipped = false;            // --address, or the proxy resolves
  std::string connected_address;       // the peer's IP, once connected
  int connected_port = 0;
  PhaseTimes phases;
  TlsFacts tls;
  HandshakeFacts handshake;
  HttpFacts http;
  Failure failure = Failure::kNone;
  Layer timed_out_in = Layer::kDns;  // with kTimeout
  std::string detail;                // library error text (raw; may quote the server)
  int os_error = 0;                  // errno of the failed socket call, when known
  bool reset = false;                // the peer reset the connection: decided once, by Classify (classify.h)
  double elapsed_s = 0;              // wall time of the whole probe
};

}  // namespace dmk

#endif  // DMK_COMMON_MODEL_OUTCOME_H_
