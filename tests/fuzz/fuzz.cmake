# libFuzzer targets (included from CMakeLists.txt in the sanitized clang build).
# One executable per tests/fuzz/fuzz_NAME.cpp; its seed corpus is
# tests/fuzz/corpus/NAME/, its dictionary tests/fuzz/NAME.dict if there is one,
# and every crash it ever found is a file in tests/fuzz/regressions/NAME/.
# Adding a target is adding those files: nothing to list here. See
# docs/RELIABILITY.md and `./build.sh fuzz`.
file(GLOB BNLAB_FUZZ_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.cpp)
foreach(source ${BNLAB_FUZZ_SOURCES})
  get_filename_component(target ${source} NAME_WE)  # fuzz_NAME
  string(REGEX REPLACE "^fuzz_" "" name ${target})
  add_executable(${target} ${source})
  target_compile_options(${target} PRIVATE -fsanitize=fuzzer)
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${target} PRIVATE bnlab_engine)
  # embind_stub lets a target compile the WASM bindings' own source natively.
  target_include_directories(${target} PRIVATE ${BNLAB_PRIVATE_INCLUDE} ${CMAKE_SOURCE_DIR}/tests/fuzz
                                               ${CMAKE_SOURCE_DIR}/tests/fuzz/embind_stub)
  # Every seed and every saved crash, run once (no fuzzing): crashes found once
  # stay regression tests. -runs=0 executes the given folders' inputs and stops.
  set(inputs ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name})
  if(EXISTS ${CMAKE_SOURCE_DIR}/tests/fuzz/regressions/${name})
    list(APPEND inputs ${CMAKE_SOURCE_DIR}/tests/fuzz/regressions/${name})
  endif()
  add_test(NAME fuzz.replay.${name}
           COMMAND ${target} -runs=0 -rss_limit_mb=2048 -timeout=30 -artifact_prefix=${CMAKE_BINARY_DIR}/fuzz-replay-${name}- ${inputs})
endforeach()
