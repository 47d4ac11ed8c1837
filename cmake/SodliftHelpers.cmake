# Shared helpers for sodlift targets.

# Common compile settings for every sodlift target.
function(sodlift_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter
                                           -Wno-deprecated-copy -Wno-maybe-uninitialized)
endfunction()

# sodlift_add_test(NAME <name> SOURCES <files...> LIBS <libs...> [LABELS <labels...>])
# One Catch2 executable; each TEST_CASE is registered with CTest through
# catch_discover_tests so that `ctest -R` and labels work per test case.
function(sodlift_add_test)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} sodlift_test_support)
  sodlift_target_defaults(${ARG_NAME})
  set(labels ${ARG_LABELS})
  if(NOT labels)
    set(labels unit)
  endif()
  # --warn NoTests: a ctest entry whose filter matches no test case fails
  # instead of passing silently (a ';' in a test name once truncated the
  # filter CMake passes, and those test cases never ran).
  catch_discover_tests(${ARG_NAME}
    TEST_PREFIX "${ARG_NAME}:"
    EXTRA_ARGS --warn NoTests
    PROPERTIES LABELS "${labels}"
    DISCOVERY_TIMEOUT 60)
endfunction()
