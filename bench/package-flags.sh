# Sourced by bench/run.sh: the compiler and linker flags the Debian package is built
# with (packaging/debian/rules): dpkg-buildflags with every hardening feature (PIE, bind-now, relro, stack
# protector, fortify), CPPFLAGS folded in as debhelper does for CMake, -fstack-clash-protection and -Os
# (DMK_OPTIMIZE_SIZE). Sets
# package_cmake_flags for `cmake -S ... -B ...` (explicit, so that a reconfigured build tree takes them too).
eval "$(DEB_BUILD_MAINT_OPTIONS='hardening=+all' dpkg-buildflags --export=sh)"
package_cmake_flags=(
  -DCMAKE_BUILD_TYPE=None
  "-DCMAKE_CXX_FLAGS=$CXXFLAGS $CPPFLAGS -fstack-clash-protection"
  "-DCMAKE_EXE_LINKER_FLAGS=$LDFLAGS"
  -DDMK_OPTIMIZE_SIZE=ON
)
