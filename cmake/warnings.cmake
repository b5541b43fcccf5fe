# Warnings and sanitizers as INTERFACE targets that every target links (docs/code-style.md: no edits of CMAKE_CXX_FLAGS).
add_library(dmk_warnings INTERFACE)
target_compile_options(dmk_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                              -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast)
if(DMK_WERROR)
  target_compile_options(dmk_warnings INTERFACE -Werror)
endif()

add_library(dmk_sanitizers INTERFACE)
if(DMK_SANITIZE)
  target_compile_options(dmk_sanitizers INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                  -fno-sanitize-recover=all)
  target_link_options(dmk_sanitizers INTERFACE -fsanitize=address,undefined)
  # GCC 12's flow analysis is unreliable under -fsanitize (its manual says so for -Wmaybe-uninitialized):
  # it flags std::function inside std::regex as uninitialised. The normal build keeps the warning as an
  # error; only the sanitizer build, whose job is to find such bugs at run time, drops it.
  target_compile_options(dmk_sanitizers INTERFACE -Wno-maybe-uninitialized)
endif()

# Every function and object in its own section, so that the plugin's link (cmake/link.cmake) can drop
# what nothing uses.
add_library(dmk_sections INTERFACE)
target_compile_options(dmk_sections INTERFACE -ffunction-sections -fdata-sections)

add_library(dmk_build_flags INTERFACE)
target_link_libraries(dmk_build_flags INTERFACE dmk_warnings dmk_sanitizers dmk_sections)
