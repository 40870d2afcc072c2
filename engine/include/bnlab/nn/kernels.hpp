// The one matrix kernel the dense layers need, for small matrices:
//   C(:, j) = bias + sum_k A(:, k) * B(k, j)      (A, C column-major)
// B is addressed through two strides so that x and x^T are both plain views.
// Also the lane helpers the per-feature loops of the layers share.
//
// Register blocks of 4 vectors (16 floats) of rows by 2 columns of C: one
// pass over A serves both columns (with AVX, as V8 emits for WASM, each A
// vector is loaded once; SSE2's two-operand multiply reloads it, which costs
// no more than a register copy), and C is written once per block instead of
// once per k. Every sum starts from the bias (or 0) and runs in
// k order in every build, with no reassociation (no fast-math): blocking only
// changes which sums are in flight together, never the order within one, so
// native and WASM results agree bit for bit wherever the math library does.
#pragma once
#include <cstddef>
#include <cstring>
#include <type_traits>

namespace bnlab {
namespace kernels {

// 16-byte vectors (GCC/Clang vector extensions): SSE natively, SIMD128 under
// em++ -msimd128. Element-wise only, so results equal the scalar loop's.
template <class T> struct V16;
template <> struct V16<float> { typedef float type __attribute__((vector_size(16))); };
template <> struct V16<double> { typedef double type __attribute__((vector_size(16))); };
template <class T> using vec = typename V16<T>::type;
template <class T> constexpr int lanes = int(16 / sizeof(T));

// Unaligned loads and stores (memcpy compiles to one movups / v128.load).
template <class T> inline vec<T> load(const T* p) {
  vec<T> v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
// X is a scalar T or a vector of T: code written once for a vector of
// features and for the features left over, one at a time (for_lanes).
template <class X, class T> inline X load_as(const T* p) {
  X v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class T, class X> inline void store(T* p, X v) { std::memcpy(p, &v, sizeof v); }

// body(i, X{}) for i = 0, L, 2L, ... with X = vec<T> while a whole vector of
// the n lanes is left, then for each remaining i with X = T.
// Bodies are lambdas marked BNLAB_INLINE: if clang (em++) does not inline
// one, its captures stay in memory that the body's stores might alias, and
// every one of them is reloaded per example (measured: batch norm 2x
// slower in WASM than natively). Loops step pointers, not j * stride, for
// the same reason: V8 does not strength-reduce the multiplications.
#define BNLAB_INLINE __attribute__((always_inline))
template <class T, class F> BNLAB_INLINE inline void for_lanes(int n, F&& body) {
  constexpr int L = lanes<T>;
  int i = 0;
  for (; i + L <= n; i += L) body(i, vec<T>{});
  for (; i < n; ++i) body(i, T{});
}

// Whether p[0..n) are all finite, in one read-only pass: x - x is 0 for
// finite x and NaN for NaN or +-Inf (no fast-math folds it away), and a NaN
// stays in the sums. Two accumulators halve the chain of dependent adds.
template <class T> inline bool all_finite(const T* p, int n) {
  constexpr int L = lanes<T>;
  vec<T> acc0{}, acc1{};
  int i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const vec<T> a = load(p + i), b = load(p + i + L);
    acc0 += a - a;
    acc1 += b - b;
  }
  T sum = 0;
  for (; i < n; ++i) sum += p[i] - p[i];
  const vec<T> acc = acc0 + acc1;
  for (int l = 0; l < L; ++l) sum += acc[l];
  return sum == T(0);
}

// where > 0 ? a : b, lane by lane, for X a scalar or a vector (NaN counts as
// not > 0, as in the scalar expression).
template <class X> inline X select_positive(X where, X a, X b) {
  if constexpr (std::is_arithmetic<X>::value) {
    return where > X(0) ? a : b;
  } else {
    using M = decltype(where > where);  // lanes of all ones where true
    const M m = where > X{};
    return (X)(((M)a & m) | ((M)b & ~m));
  }
}
// where > 0 ? v : +0 (the rectifier's mask; the compiler drops the `| 0`).
template <class X> inline X keep_positive(X v, X where) { return select_positive(where, v, X{}); }

// Rows [r0, r0 + NV*L*k) of NC consecutive columns of C, in blocks of NV
// vectors; returns the first row not done.
//   b points at B(0, j0); column c of the block reads B(k, j0 + c) = b[k*b_inner + c*b_col].
template <class T, int NV, int NC>
inline int gemm_rows(const T* A, int rows, int inner, const T* b, std::ptrdiff_t b_inner,
                     std::ptrdiff_t b_col, const T* bias, T* c0, int r0) {
  using V = vec<T>;
  constexpr int L = lanes<T>, R = NV * L;
  for (; r0 + R <= rows; r0 += R) {
    V acc[NC][NV];
    for (int v = 0; v < NV; ++v) {
      const V init = bias ? load(bias + r0 + v * L) : V{};
      for (int c = 0; c < NC; ++c) acc[c][v] = init;
    }
    const T* a = A + r0;
    const T* bk = b;
#ifndef __wasm__
#pragma GCC unroll 2  // halves the loop overhead on x86; V8 would spill accumulators
#endif
    for (int k = 0; k < inner; ++k, a += rows, bk += b_inner) {
      V av[NV];
      for (int v = 0; v < NV; ++v) av[v] = load(a + v * L);
      for (int c = 0; c < NC; ++c) {
        const T s = bk[c * b_col];
        for (int v = 0; v < NV; ++v) acc[c][v] += av[v] * s;
      }
    }
    for (int c = 0; c < NC; ++c)
      for (int v = 0; v < NV; ++v) store(c0 + std::ptrdiff_t(c) * rows + r0 + v * L, acc[c][v]);
  }
  return r0;
}

// The rows left over (fewer than one vector), one at a time, NC columns.
template <class T, int NC>
inline void gemm_tail(const T* A, int rows, int inner, const T* b, std::ptrdiff_t b_inner,
                      std::ptrdiff_t b_col, const T* bias, T* c0, int r0) {
  for (; r0 < rows; ++r0) {
    T acc[NC];
    for (int c = 0; c < NC; ++c) acc[c] = bias ? bias[r0] : T(0);
    for (int k = 0; k < inner; ++k) {
      const T a = A[std::ptrdiff_t(k) * rows + r0];
      for (int c = 0; c < NC; ++c) acc[c] += a * b[k * b_inner + c * b_col];
    }
    for (int c = 0; c < NC; ++c) c0[std::ptrdiff_t(c) * rows + r0] = acc[c];
  }
}

// NC columns of C starting at column j.
template <class T, int NC>
inline void gemm_cols(const T* A, int rows, int inner, const T* B, std::ptrdiff_t b_inner,
                      std::ptrdiff_t b_col, const T* bias, T* C, int j) {
  const T* b = B + j * b_col;
  T* c0 = C + std::ptrdiff_t(j) * rows;
  int r0 = gemm_rows<T, 4, NC>(A, rows, inner, b, b_inner, b_col, bias, c0, 0);
  r0 = gemm_rows<T, 1, NC>(A, rows, inner, b, b_inner, b_col, bias, c0, r0);
  gemm_tail<T, NC>(A, rows, inner, b, b_inner, b_col, bias, c0, r0);
}

// C (rows x cols) = bias + A (rows x inner) * B (inner x cols); bias may be null (0).
template <class T>
inline void gemm(const T* A, int rows, int inner, const T* B, std::ptrdiff_t b_inner, std::ptrdiff_t b_col,
                 int cols, const T* bias, T* C) {
  int j = 0;
  for (; j + 2 <= cols; j += 2) gemm_cols<T, 2>(A, rows, inner, B, b_inner, b_col, bias, C, j);
  if (j < cols) gemm_cols<T, 1>(A, rows, inner, B, b_inner, b_col, bias, C, j);
}

}  // namespace kernels
}  // namespace bnlab
