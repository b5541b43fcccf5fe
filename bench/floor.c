/* The floor: the least a program that makes one HTTPS check with Debian's libcurl can cost.
 *
 * bench/run.sh builds this next to check_dmk_community, with the same compiler and linker flags, and
 * measures it beside both tools. It does what a check cannot do without: set libcurl up, GET the URL with
 * certificate and host-name verification against the given trust store, and report whether the answer
 * was 200. Nothing else: no options to parse, no findings, no perfdata, no clean-up (_exit), and, like
 * check_dmk_community, no libcrypto error strings. Whatever it costs is paid by every libcurl program on
 * this machine: exec, the 33 shared objects libcurl and OpenSSL load, OpenSSL's set-up, the handshake.
 * How far check_dmk_community is above it is what the plugin itself adds.
 *
 *   usage: dmk_bench_floor URL --ca-file FILE | --ca-path DIR
 *   exit:  0 when the transfer worked and the status was 200, 2 otherwise.
 */
#include <curl/curl.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static size_t Discard(char* data, size_t size, size_t count, void* user) {
  (void)data;
  (void)user;
  return size * count;
}

int main(int argc, char** argv) {
  if (argc != 4 || (strcmp(argv[2], "--ca-file") != 0 && strcmp(argv[2], "--ca-path") != 0)) {
    fputs("usage: dmk_bench_floor URL --ca-file FILE | --ca-path DIR\n", stderr);
    return 2;
  }
  const int ca_file = strcmp(argv[2], "--ca-file") == 0;
  OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, NULL);
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 2;
  CURL* handle = curl_easy_init();
  if (handle == NULL) return 2;
  curl_easy_setopt(handle, CURLOPT_URL, argv[1]);
  curl_easy_setopt(handle, CURLOPT_CAINFO, ca_file ? argv[3] : NULL);
  curl_easy_setopt(handle, CURLOPT_CAPATH, ca_file ? NULL : argv[3]);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, Discard);
  const CURLcode result = curl_easy_perform(handle);
  long status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  char line[128];
  const int length = snprintf(line, sizeof line, "%s, HTTP %ld\n", curl_easy_strerror(result), status);
  if (length > 0) (void)!write(STDOUT_FILENO, line, (size_t)length);
  _exit(result == CURLE_OK && status == 200 ? 0 : 2);
}
