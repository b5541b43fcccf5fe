# Warnings and sanitizers as INTERFACE targets that every target links (STYLE.md: no edits of CMAKE_CXX_FLAGS).
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
endif()

add_library(dmk_build_flags INTERFACE)
target_link_libraries(dmk_build_flags INTERFACE dmk_warnings dmk_sanitizers)
