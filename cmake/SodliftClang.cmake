# Building with clang (scripts/sanitize.sh builds the sanitized trees with
# clang++-14: its -O0 compile of this code base costs about half of GCC's,
# bench/results/ci-time.md). Debian's clang uses GCC's libquadmath for
# float128 but does not search GCC's own include directory, where quadmath.h
# is; -idirafter, so that GCC's builtin headers there never shadow clang's.
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  file(GLOB _sodlift_quadmath /usr/lib/gcc/${CMAKE_LIBRARY_ARCHITECTURE}/*/include/quadmath.h)
  if(NOT _sodlift_quadmath)
    message(FATAL_ERROR "quadmath.h not found under /usr/lib/gcc: install gcc (scripts/setup.sh) to build with clang")
  endif()
  list(GET _sodlift_quadmath -1 _sodlift_quadmath)
  get_filename_component(_sodlift_quadmath_dir ${_sodlift_quadmath} DIRECTORY)
  add_compile_options("SHELL:-idirafter ${_sodlift_quadmath_dir}")
endif()
