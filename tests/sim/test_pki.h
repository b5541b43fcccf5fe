// A throwaway PKI generated in memory at start-up: the "DMK Test CA", an intermediate CA, a client
// certificate for mutual TLS, and the server leaf certificates the simulator's listeners present.
// Nothing here is committed to the repository; every run makes fresh keys (EC P-256, fast to generate).
#ifndef DMK_TESTS_SIM_TEST_PKI_H_
#define DMK_TESTS_SIM_TEST_PKI_H_

#include <map>
#include <string>
#include <vector>

#include "tests/sim/openssl_ptr.h"

namespace dmk {

// What a TLS server needs to present one leaf: the leaf, its key, and the intermediate (if any) to send
// after it. Pointers other than `cert` are owned by the TestPki and live as long as it does.
struct LeafCredentials {
  X509Ptr cert;
  EVP_PKEY* key = nullptr;
  X509* intermediate = nullptr;  // the certificate sent after `cert`: an intermediate, or (see below) another
  bool weak = false;             // a SHA-1 signature or a small key: served at OpenSSL security level 0
};

class TestPki {
 public:
  // Generates the CA, the intermediate, the client certificate and the leaves "good", "expired",
  // "notyet", "selfsigned", "wronghost", "chain" and "hostile" (validity and names as in
  // tests/sim/README.md).
  // Also the chain-problem leaves of GenerateChainProblems below.
  // Returns false and sets *error if OpenSSL fails.
  bool Generate(std::string* error);

  // Adds leaf "expiring=DAYS" (good names, notAfter now + DAYS days) unless it exists: a long-lived
  // certificate (398 days, or now-1 d ... now+DAYS when DAYS is more), whose expiry thresholds are the
  // long-lived ones. All expiring and lifetime leaves share one key so that pin-expiring.txt holds for each.
  bool AddExpiring(uint64_t days, std::string* error);

  // Adds leaf `name` (good names) of `life_s` seconds, issued `age_s` seconds ago, unless it exists.
  bool AddWithLifetime(const std::string& name, int64_t life_s, int64_t age_s, std::string* error);

  // For the handshake behaviours (handshake_behaviors.h): adds leaf `name` (CA-signed, good names) unless it
  // exists, with an RSA key of `rsa_bits` (0: EC P-256) and, when `padded_size` is non-zero, as many more
  // DNS names ("nN.pad.dmk.test") as make its DER encoding at least `padded_size` bytes.
  bool AddHandshakeLeaf(const std::string& name, unsigned rsa_bits, size_t padded_size, std::string* error);

  // Writes ca.pem, ca-dir/<subject-hash>.0, client.pem, client.key (mode 0600) and pin-<leaf>.txt into
  // dir (which must exist). Each file is written to a temporary name and renamed into place.
  bool WriteFiles(const std::string& dir, std::string* error) const;

  // The leaf called name (see LeafNameFor), or nullptr if there is none.
  const LeafCredentials* Leaf(const std::string& name) const;

  X509* ca() const { return ca_cert_.get(); }

 private:
  // The leaves of the chain diagnoses (tests/sim/README.md): "missing_intermediate"
  // (issued by the intermediate, served without it), "untrusted_root" (issued by a root the clients do not
  // trust, served with it), "no_san" (dmk.test only in the CN), "sha1_intermediate" (its intermediate is
  // SHA-1-signed), "weak_key" (RSA 1024) and "out_of_order" (the intermediate sent first, then "chain").
  bool GenerateChainProblems(std::string* error);

  PkeyPtr ca_key_;
  X509Ptr ca_cert_;
  PkeyPtr intermediate_key_;
  X509Ptr intermediate_cert_;
  PkeyPtr client_key_;
  X509Ptr client_cert_;
  PkeyPtr expiring_key_;
  // Keys of the leaves, by leaf name (the "expiring=..." and "lifetime=..." leaves use expiring_key_).
  std::map<std::string, PkeyPtr> leaf_keys_;
  std::map<std::string, LeafCredentials> leaves_;
  // CAs and keys of GenerateChainProblems that are no leaf's own.
  std::vector<PkeyPtr> extra_keys_;
  std::vector<X509Ptr> extra_certs_;
};

}  // namespace dmk

#endif  // DMK_TESTS_SIM_TEST_PKI_H_
