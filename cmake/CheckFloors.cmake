# Checks that each floor includes only the floors below it (run as
# `cmake -DSOURCE_DIR=<repo> -P cmake/CheckFloors.cmake`; the ctest
# `architecture_floors` does). The floors, lowest first:
#   support      infrastructure, no mathematics       includes: support
#   core         the mathematics                      includes: support, core
#   lifted       explicit lifting (ground truth)      includes: support, core, lifted
#   experiments  the experiments' protocols           includes: support, core, experiments
#   proof        ball-arithmetic proofs (Arb)         includes: support, core, proof
#   study        the study runner + registrations     includes: ..., lifted, experiments, study
#   validate     claims, verdicts, reports            includes: everything but the program (proof too)
#   cli          the `sodlift` program                includes: everything
# A violation lists file, line and the included header.
cmake_minimum_required(VERSION 3.25)
if(NOT SOURCE_DIR)
  message(FATAL_ERROR "CheckFloors.cmake: pass -DSOURCE_DIR=<repository root>")
endif()
set(allowed_support support)
set(allowed_core support core)
set(allowed_lifted support core lifted)
set(allowed_experiments support core experiments)
set(allowed_proof support core proof)
set(allowed_study support core lifted experiments study)
set(allowed_validate support core lifted experiments proof study validate)
set(all_floors support core lifted experiments proof study validate)
set(violations "")
set(checked 0)
foreach(floor support core lifted experiments proof study validate)
  file(GLOB_RECURSE files ${SOURCE_DIR}/${floor}/*.hpp ${SOURCE_DIR}/${floor}/*.cpp)
  foreach(f IN LISTS files)
    math(EXPR checked "${checked} + 1")
    file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]sodlift/")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]sodlift/([a-z_0-9]+)/.*" "\\1" target "${line}")
      if(NOT target IN_LIST allowed_${floor})
        file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
        string(APPEND violations "  ${rel}: ${line}   (${floor}/ may include only: ${allowed_${floor}})\n")
      endif()
    endforeach()
  endforeach()
endforeach()
# The program is the only thing above validate: nothing may include cli/.
file(GLOB_RECURSE lib_files ${SOURCE_DIR}/support/* ${SOURCE_DIR}/core/* ${SOURCE_DIR}/lifted/*
     ${SOURCE_DIR}/experiments/* ${SOURCE_DIR}/proof/* ${SOURCE_DIR}/study/* ${SOURCE_DIR}/validate/*)
foreach(f IN LISTS lib_files)
  if(f MATCHES "\\.(hpp|cpp)$")
    file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"(\\.\\./)*cli/")
    foreach(line IN LISTS lines)
      file(RELATIVE_PATH rel ${SOURCE_DIR} ${f})
      string(APPEND violations "  ${rel}: ${line}   (only the program may include cli/)\n")
    endforeach()
  endif()
endforeach()
if(violations)
  message(FATAL_ERROR "architecture floors: an include goes up a floor:\n${violations}"
                      "Move the code to the floor it belongs to (README, architecture map).")
endif()
message(STATUS "architecture floors: ${checked} files, every include goes down or sideways within its floor")
