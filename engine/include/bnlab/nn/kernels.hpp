// The one matrix kernel the dense layers need, for small matrices:
//   C(:, j) = bias + sum_k A(:, k) * B(k, j)      (A, C column-major)
// B is addressed through two strides so that x and x^T are both plain views.
//
// Rows are processed in register blocks of 4 vectors (16 floats), so C is
// written once per block instead of once per k. Every sum runs
// in k order in every build, with no reassociation (no fast-math): native and
// WASM results agree bit for bit wherever the math library does.
#pragma once
#include <cstddef>
#include <cstring>

namespace bnlab {
namespace kernels {

// 16-byte vectors (GCC/Clang vector extensions): SSE natively, SIMD128 under
// em++ -msimd128. Element-wise only, so results equal the scalar loop's.
template <class T> struct V16;
template <> struct V16<float> { typedef float type __attribute__((vector_size(16))); };
template <> struct V16<double> { typedef double type __attribute__((vector_size(16))); };

template <class T, int NV>  // NV vectors of 16 bytes per register block
inline int gemm_rows(const T* A, int rows, int inner, const T* bj, std::ptrdiff_t b_inner, const T* bias,
                     T* cj, int r0) {
  using V = typename V16<T>::type;
  constexpr int L = int(16 / sizeof(T)), R = NV * L;
  for (; r0 + R <= rows; r0 += R) {
    V acc[NV];
    for (int v = 0; v < NV; ++v) {
      if (bias)
        std::memcpy(&acc[v], bias + r0 + v * L, sizeof(V));
      else
        acc[v] = V{};
    }
    const T* a = A + r0;
    for (int k = 0; k < inner; ++k, a += rows) {
      const T b = bj[k * b_inner];
      for (int v = 0; v < NV; ++v) {
        V av;
        std::memcpy(&av, a + v * L, sizeof(V));
        acc[v] += av * b;
      }
    }
    for (int v = 0; v < NV; ++v) std::memcpy(cj + r0 + v * L, &acc[v], sizeof(V));
  }
  return r0;
}

// The rows left over (fewer than one vector), one at a time.
template <class T>
inline void gemm_tail(const T* A, int rows, int inner, const T* bj, std::ptrdiff_t b_inner, const T* bias,
                      T* cj, int r0) {
  for (; r0 < rows; ++r0) {
    T acc = bias ? bias[r0] : T(0);
    for (int k = 0; k < inner; ++k) acc += A[std::ptrdiff_t(k) * rows + r0] * bj[k * b_inner];
    cj[r0] = acc;
  }
}

template <class T>
inline void gemm(const T* A, int rows, int inner, const T* B, std::ptrdiff_t b_inner, std::ptrdiff_t b_col,
                 int cols, const T* bias, T* C) {
  for (int j = 0; j < cols; ++j) {
    const T* bj = B + j * b_col;
    T* cj = C + std::ptrdiff_t(j) * rows;
    int r0 = gemm_rows<T, 4>(A, rows, inner, bj, b_inner, bias, cj, 0);
    r0 = gemm_rows<T, 1>(A, rows, inner, bj, b_inner, bias, cj, r0);
    gemm_tail<T>(A, rows, inner, bj, b_inner, bias, cj, r0);
  }
}

}  // namespace kernels
}  // namespace bnlab
