/* What loading the libraries costs, with nothing else: start, load, exit. bench/run.sh --profile builds
 * this twice, linked against libcurl (and so every library Debian's libcurl4 loads: 33 shared objects)
 * and against libssl and libcrypto only (5), and compares their CPU time. The difference is what the
 * libraries libcurl brings for protocols and features a check does not use (LDAP, RTMP with GnuTLS, SSH,
 * Kerberos, IDN, PSL, brotli, zstd, HTTP/2) cost every process that loads libcurl.
 */
#ifdef LOAD_CURL
#include <curl/curl.h>
#else
#include <openssl/ssl.h>
#endif
#include <unistd.h>

int main(void) {
#ifdef LOAD_CURL
  (void)curl_version_info(CURLVERSION_NOW);
#else
  (void)TLS_method();
#endif
  _exit(0);
}
