# How the plugin is linked. Icinga starts one plugin process per community per interval, so process start is
# part of every check's cost (issue 6, bench/README.md). Dynamic linking of libstdc++ and Boost.ProgramOptions
# on top of libcurl's 33 shared objects costs 2,150 symbol lookups (3.2 M instructions) and 2.2 MiB of resident
# pages per run; linking the parts of them the plugin uses into it costs neither. libcurl, OpenSSL and glibc
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

# The plugin's own code (and the Boost templates it instantiates) compiled for size: a check runs each
# function about once, so what costs is the pages the code occupies, not the instructions in them. -Os makes
# the code one check runs a quarter smaller (257 KB instead of 343 KB) for 0.2% more
# instructions. Linked by dmk_common and the plugin; a later -Os overrides the build type's -O2.
option(DMK_OPTIMIZE_SIZE "Compile the plugin's code with -Os" ON)
add_library(dmk_code_size INTERFACE)
if(DMK_OPTIMIZE_SIZE AND NOT DMK_SANITIZE)
  target_compile_options(dmk_code_size INTERFACE -Os)
endif()

# Linked by the plugin only: drop unreferenced code and data (smaller binary, fewer resident pages) and
# shared objects nothing refers to; pack the relative relocations (DT_RELR: 2,593 of them in 456 bytes instead
# of 62 KiB; needs glibc 2.36's loader, which debian/control depends on).
add_library(dmk_plugin_link INTERFACE)
target_link_options(dmk_plugin_link INTERFACE LINKER:--gc-sections LINKER:--as-needed LINKER:-z,pack-relative-relocs)
if(DMK_STATIC_CXX_RUNTIME)
  target_link_options(dmk_plugin_link INTERFACE -static-libstdc++ -static-libgcc)
endif()

# The link map, for anyone asking where the plugin's bytes come from. Symbols as the
# object files name them (--no-demangle), which is how sections are named too.
target_link_options(dmk_plugin_link INTERFACE "LINKER:-Map=${PROJECT_BINARY_DIR}/plugin/check_dmk_community.map"
                                              LINKER:--no-demangle)
