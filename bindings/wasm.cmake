# The WebAssembly build (included by CMakeLists.txt under emcmake):
# bnlab.mjs (ES module factory createBnlab) + bnlab.wasm.
#
#   emcmake cmake -S . -B build/wasm -DEigen3_DIR=/usr/share/eigen3/cmake
#   NODE_PATH=/usr/share/nodejs cmake --build build/wasm
#
# No exceptions (-fno-exceptions): the engine returns errors as values, and
# exception support would slow every call. No fast-math anywhere: the numbers
# must match the native build's.
#
# How close they match: the engine's kernels are plain loops whose sums run in
# a fixed order (nn/kernels.hpp), so the two builds give the same float results
# (tests/node/native_parity.test.mjs compares the CLI's losses with this
# module's). Keep it so: Eigen 3.4 has no WebAssembly SIMD kernels, so any
# Eigen product or reduction runs its scalar path here but SSE2 packets
# natively, adding in a different order (about 1e-6 relative after a few
# hundred steps, measured when the dense layers still used Eigen's GEMM).
# Eigen's SSE path cannot be compiled through Emscripten's SSE emulation
# (-msse2): its headers carry x86 inline asm. -msimd128 lets clang vectorize
# the plain loops, which never reorders a floating-point sum.

set(BNLAB_WASM_COMPILE_OPTIONS -msimd128 -fno-exceptions)
target_compile_options(bnlab_engine PRIVATE ${BNLAB_WASM_COMPILE_OPTIONS})

add_executable(bnlab_wasm ${CMAKE_SOURCE_DIR}/bindings/bnlab_wasm.cpp)
target_link_libraries(bnlab_wasm PRIVATE bnlab_engine)
target_include_directories(bnlab_wasm PRIVATE ${BNLAB_PRIVATE_INCLUDE})
target_compile_options(bnlab_wasm PRIVATE ${BNLAB_WASM_COMPILE_OPTIONS} -Wall -Wextra)
set_target_properties(bnlab_wasm PROPERTIES OUTPUT_NAME bnlab SUFFIX ".mjs")

target_link_options(bnlab_wasm PRIVATE
  --bind
  -O3
  -msimd128
  -fno-exceptions
  -sMODULARIZE=1
  -sEXPORT_ES6=1
  -sEXPORT_NAME=createBnlab
  # node: the tests load the module there (tests/node).
  -sENVIRONMENT=web,worker,node
  # No eval/new Function in the glue: the page runs under a CSP without 'unsafe-eval'.
  -sDYNAMIC_EXECUTION=0
  -sALLOW_MEMORY_GROWTH=1
  # The engine does no file I/O; a smaller glue.
  -sFILESYSTEM=0
)
