# How the plugin is linked. Icinga starts one plugin process per community per interval, so process start is
# part of every check's cost (bench/README.md). Each choice below was measured on one check with the
# Debian package's flags (bench/package-flags.sh; callgrind, and peak RSS as the largest of 20 runs).
# The C++ runtime linked in: libstdc++, libgcc and Boost.ProgramOptions as shared objects cost 3.3 M more
# instructions (+11%) and 1.8 MiB more peak RSS per check. libcurl, OpenSSL and glibc
# stay shared: they carry the network-facing code whose security updates must reach the plugin without a
# rebuild. debian/control records the static parts in Built-Using so that a rebuild can be scheduled
# when gcc-12 or boost1.74 get a fix.
option(DMK_STATIC_CXX_RUNTIME
       "Link libstdc++, libgcc and Boost.ProgramOptions statically into check_dmk_community" ON)
if(DMK_SANITIZE)
  # The sanitizer runtimes interpose the C++ runtime; they need the shared one.
  set(DMK_STATIC_CXX_RUNTIME OFF)
endif()
if(DMK_STATIC_CXX_RUNTIME)
  # Read by find_package(Boost): every target gets libboost_program_options.a.
  set(Boost_USE_STATIC_LIBS ON)
endif()

# -Os for the plugin's own code (and the Boost templates it instantiates), where the package is built only
# (packaging/debian/rules, bench/package-flags.sh): a check runs each function about once, so the pages the
# code occupies cost more than the instructions in it. Measured with the package's flags (bench/README.md):
# 120-130 KiB less peak RSS and 148 KB less text per check for 0.18% more instructions. Off by default, so
# Debug and developer builds keep the build type's own optimisation. Linked by dmk_common and the plugin; a
# later -Os overrides the build type's -O2.
option(DMK_OPTIMIZE_SIZE "Compile the plugin's code with -Os (the Debian package turns it on)" OFF)
add_library(dmk_code_size INTERFACE)
if(DMK_OPTIMIZE_SIZE AND NOT DMK_SANITIZE)
  target_compile_options(dmk_code_size INTERFACE -Os)
endif()

# Linked by the plugin only. --gc-sections: drops unreferenced code and data, 1.43 -> 0.95 MB stripped,
# 0.05 M instructions and about 100 KiB of peak RSS less per check. --as-needed: no NEEDED entry for a library
# nothing uses. Packed relative relocations (DT_RELR; glibc 2.36's loader, which debian/control depends on):
# 2,593 relocations in 456 bytes instead of 62 KiB, 1.01 -> 0.95 MB stripped, 0.015 M instructions less.
add_library(dmk_plugin_link INTERFACE)
target_link_options(dmk_plugin_link INTERFACE LINKER:--gc-sections LINKER:--as-needed LINKER:-z,pack-relative-relocs)
if(DMK_STATIC_CXX_RUNTIME)
  target_link_options(dmk_plugin_link INTERFACE -static-libstdc++ -static-libgcc)
endif()

# The link map, for anyone asking where the plugin's bytes come from.
target_link_options(dmk_plugin_link INTERFACE "LINKER:-Map=${PROJECT_BINARY_DIR}/plugin/check_dmk_community.map")
