// A German C locale (decimal comma) for the lifetime of the object, for tests that output numbers the same
// whatever the locale (docs/plugin-contract.md, "Exit codes and output"). scripts/deps.sh installs de_DE.UTF-8.
#ifndef DMK_TESTS_SUPPORT_GERMAN_LOCALE_H_
#define DMK_TESTS_SUPPORT_GERMAN_LOCALE_H_

#include <clocale>
#include <string>

namespace dmk::test_support {

class GermanCLocale {
 public:
  GermanCLocale() {
    const char* previous = std::setlocale(LC_ALL, nullptr);
    saved_ = previous != nullptr ? previous : "C";
    for (const char* name : {"de_DE.UTF-8", "de_DE.utf8", "de_DE"}) {
      if (std::setlocale(LC_ALL, name) != nullptr) {
        active_ = true;
        break;
      }
    }
  }
  ~GermanCLocale() { std::setlocale(LC_ALL, saved_.c_str()); }
  GermanCLocale(const GermanCLocale&) = delete;
  GermanCLocale& operator=(const GermanCLocale&) = delete;

  // False when no German locale is installed (then the C locale is unchanged).
  bool active() const { return active_; }

 private:
  std::string saved_;
  bool active_ = false;
};

}  // namespace dmk::test_support

#endif  // DMK_TESTS_SUPPORT_GERMAN_LOCALE_H_
