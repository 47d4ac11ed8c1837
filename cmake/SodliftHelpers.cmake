# Shared helpers for sodlift targets.

# Common compile settings for every sodlift target.
function(sodlift_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter
                                           -Wno-deprecated-copy -Wno-maybe-uninitialized)
endfunction()

# Removes the explicit-instantiation sources (inst_<module>_<scalar>.cpp) of
# the scalars left out of SODLIFT_SCALARS from the list variable `var`.
function(sodlift_filter_scalar_sources var)
  set(kept)
  foreach(src IN LISTS ${var})
    get_filename_component(name ${src} NAME_WE)
    set(drop FALSE)
    foreach(s IN LISTS SODLIFT_OMITTED_SCALARS)
      if(name MATCHES "^inst_.*_${s}$")
        set(drop TRUE)
      endif()
    endforeach()
    if(NOT drop)
      list(APPEND kept ${src})
    endif()
  endforeach()
  set(${var} ${kept} PARENT_SCOPE)
endfunction()

# Code that names every scalar (the CLI's --precision dispatch, the tests'
# scalar lists) learns which ones were left out: SODLIFT_NO_<SCALAR>=1. Only
# on those targets, so that the libraries' translation units compile with the
# same flags whatever SODLIFT_SCALARS is (and ccache shares them).
function(sodlift_scalar_definitions target)
  foreach(s IN LISTS SODLIFT_OMITTED_SCALARS)
    string(TOUPPER ${s} S)
    target_compile_definitions(${target} PRIVATE SODLIFT_NO_${S}=1)
  endforeach()
endfunction()

# sodlift_add_test(NAME <name> SOURCES <files...> LIBS <libs...> [LABELS <labels...>])
# One Catch2 executable; each TEST_CASE is registered with CTest through
# catch_discover_tests so that `ctest -R` and labels work per test case.
function(sodlift_add_test)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SOURCES})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} sodlift_test_support)
  sodlift_target_defaults(${ARG_NAME})
  sodlift_scalar_definitions(${ARG_NAME})
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
