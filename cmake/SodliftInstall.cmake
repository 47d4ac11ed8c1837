# `cmake --install build --prefix P` (issue 24): the `sodlift` program, its
# scale-out scripts (Slurm, GNU parallel), the public headers, the libraries
# and a CMake package, so that another project can write
#   find_package(sodlift CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE sodlift::core)
# Targets: sodlift::support, ::core, ::proof (Arb ball arithmetic), ::lifted, ::experiments, ::study,
# ::validate; their third-party dependencies are found again by
# sodliftConfig.cmake (find_dependency). Layout under P:
#   bin/sodlift, bin/sodlift-study-parallel, share/sodlift/scripts/{slurm,...}
#   include/sodlift/<floor>/*.hpp, lib/libsodlift_*.a,
#   lib/cmake/sodlift/{sodliftConfig,sodliftConfigVersion,sodliftTargets}.cmake
# The instantiated scalars are those of SODLIFT_SCALARS (recorded in the
# package as SODLIFT_SCALARS); templates are declared in the headers and
# defined only in the libraries, so a consumer uses those scalars.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SODLIFT_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/sodlift CACHE STRING
    "Where sodliftConfig.cmake is installed, relative to the prefix")

set(_sodlift_floors support core proof lifted experiments study validate)
foreach(floor IN LISTS _sodlift_floors)
  set(tgt sodlift_${floor})
  # The floors' public include directories are source paths: valid in the
  # build tree only. The installed package uses <prefix>/include.
  get_target_property(_inc ${tgt} INTERFACE_INCLUDE_DIRECTORIES)
  set(_wrapped "")
  foreach(d IN LISTS _inc)
    list(APPEND _wrapped "$<BUILD_INTERFACE:${d}>")
  endforeach()
  set_property(TARGET ${tgt} PROPERTY INTERFACE_INCLUDE_DIRECTORIES "${_wrapped}")
  set_property(TARGET ${tgt} PROPERTY EXPORT_NAME ${floor})
  add_library(sodlift::${floor} ALIAS ${tgt})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${floor}/include/sodlift
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
          COMPONENT devel FILES_MATCHING PATTERN "*.hpp")
endforeach()

# study/ is an OBJECT library (its study types register themselves in static
# constructors): its object files are installed and linked whole.
install(TARGETS sodlift_support sodlift_core sodlift_proof sodlift_lifted sodlift_experiments sodlift_study
                sodlift_validate
        EXPORT sodliftTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT devel
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT devel
        OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/sodlift-objects COMPONENT devel
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT sodliftTargets NAMESPACE sodlift:: DESTINATION ${SODLIFT_INSTALL_CMAKEDIR}
        COMPONENT devel)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/sodliftConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/sodliftConfig.cmake
                              INSTALL_DESTINATION ${SODLIFT_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sodliftConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/sodliftConfig.cmake ${PROJECT_BINARY_DIR}/sodliftConfigVersion.cmake
        DESTINATION ${SODLIFT_INSTALL_CMAKEDIR} COMPONENT devel)

# The program and the scale-out scripts. The scripts find the program next
# to themselves (bin/) or through --bin / $SODLIFT_BIN.
install(TARGETS sodlift RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/scripts/study-parallel.sh
        DESTINATION ${CMAKE_INSTALL_DATADIR}/sodlift/scripts COMPONENT runtime)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scripts/slurm
        DESTINATION ${CMAKE_INSTALL_DATADIR}/sodlift/scripts COMPONENT runtime
        USE_SOURCE_PERMISSIONS)
