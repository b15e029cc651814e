# mmf_discover_gtests(TARGET PREFIX LABEL...)
# gtest_discover_tests with labels that survive: CMake 3.25 flattens
# PROPERTIES LABELS "a;b" into one list, so the labels are set after
# discovery, from a file CTest includes once the discovered list exists.
# Discovery runs at test time (PRE_TEST), so a test binary that crashes
# fails its tests rather than the build. Under an emulator (Wine, the windows
# preset) the first program run may create the Wine prefix, which takes far
# longer than gtest_discover_tests' default 5 s.
include(GoogleTest)

function(mmf_discover_gtests target prefix)
  set(discovery_timeout 5)
  if(CMAKE_CROSSCOMPILING_EMULATOR)
    set(discovery_timeout 300)
  endif()
  gtest_discover_tests(${target}
    TEST_PREFIX "${prefix}"
    TEST_LIST ${target}_TESTS
    DISCOVERY_MODE PRE_TEST
    DISCOVERY_TIMEOUT ${discovery_timeout}
    PROPERTIES TIMEOUT 120)
  set(labels_file ${CMAKE_CURRENT_BINARY_DIR}/${target}_labels.cmake)
  file(WRITE ${labels_file}
    "foreach(t IN LISTS ${target}_TESTS)\n  set_tests_properties(\"\${t}\" PROPERTIES LABELS \"${ARGN}\")\nendforeach()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${labels_file})
endfunction()
