// The vectorized kernels against plain loops that add in the same order: the
// results must be equal bit for bit (that is what keeps native and WASM
// builds identical), for float and double, every block shape and tail.
#include <catch2/catch.hpp>
#include <cstring>
#include <limits>
#include <vector>

#include "bnlab/nn/network.hpp"

using namespace bnlab;

namespace {

template <class T>
Mat<T> random_matrix(Rng& rng, int r, int c) {
  Mat<T> m(r, c);
  for (int j = 0; j < c; ++j)
    for (int i = 0; i < r; ++i) m(i, j) = T(rng.normal());
  return m;
}

// C = bias + A B, each sum from the bias (or 0) in k order.
template <class T>
Mat<T> reference_gemm(const Mat<T>& A, const Mat<T>& B, const T* bias) {
  Mat<T> C(A.rows(), B.cols());
  for (Eigen::Index j = 0; j < B.cols(); ++j)
    for (Eigen::Index r = 0; r < A.rows(); ++r) {
      T acc = bias ? bias[r] : T(0);
      for (Eigen::Index k = 0; k < A.cols(); ++k) acc += A(r, k) * B(k, j);
      C(r, j) = acc;
    }
  return C;
}

template <class T>
bool same_bits(const Mat<T>& a, const Mat<T>& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(T) * size_t(a.size())) == 0;
}

template <class T>
void check_gemm_shapes() {
  Rng rng(5);
  for (int rows : {1, 2, 3, 4, 5, 8, 15, 16, 17, 20, 33})
    for (int inner : {1, 2, 3, 16})
      for (int cols : {1, 2, 3, 32})
        for (bool with_bias : {false, true}) {
          Mat<T> A = random_matrix<T>(rng, rows, inner), B = random_matrix<T>(rng, inner, cols);
          Vec<T> bias = random_matrix<T>(rng, rows, 1);
          const T* b = with_bias ? bias.data() : nullptr;
          const Mat<T> expect = reference_gemm<T>(A, B, b);
          Mat<T> C(rows, cols);
          kernels::gemm<T>(A.data(), rows, inner, B.data(), 1, inner, cols, b, C.data());
          CHECK(same_bits(C, expect));
          // B given as the transpose of a stored matrix: B(k, j) = Bt(j, k).
          const Mat<T> Bt = B.transpose();
          Mat<T> C2(rows, cols);
          kernels::gemm<T>(A.data(), rows, inner, Bt.data(), cols, 1, cols, b, C2.data());
          CHECK(same_bits(C2, expect));
        }
}

// BatchNorm::forward_then / backward_through against BatchNorm then the
// activation layer as separate passes.
template <class T>
void check_fused_bn(Activation fn, int features, int batch) {
  Rng rng(17 + features + batch);
  std::vector<T> p(2 * size_t(features)), g1(p.size()), g2(p.size());
  for (auto& v : p) v = T(rng.normal() * 0.5 + 0.5);
  BatchNorm<T> bn1(features, T(1e-5), T(0.1)), bn2(features, T(1e-5), T(0.1));
  bn1.bind(p.data(), g1.data());
  bn2.bind(p.data(), g2.data());
  ActivationLayer<T> act(features, fn, T(0.01));
  const Mat<T> x = random_matrix<T>(rng, features, batch), da = random_matrix<T>(rng, features, batch);

  Mat<T> y1(features, batch), a1(features, batch), dy1(features, batch), dx1(features, batch);
  bn1.forward(x, y1, Mode::train);
  act.forward(y1, a1, Mode::train);
  act.backward(y1, a1, da, dy1, true);
  bn1.backward(x, y1, dy1, dx1, true);

  Mat<T> y2(features, batch), a2(features, batch), dx2(features, batch);
  const bool fused = act.with_piecewise_linear([&](auto gfn) {
    bn2.forward_then(x, y2, Mode::train, gfn, a2.data());
    bn2.backward_through(x, y2, gfn, da.data(), dx2, true);
  });
  REQUIRE(fused);
  CHECK(same_bits(y1, y2));
  CHECK(same_bits(a1, a2));
  CHECK(same_bits(dx1, dx2));
  CHECK(std::memcmp(g1.data(), g2.data(), sizeof(T) * g1.size()) == 0);
  CHECK(bn1.running_mean == bn2.running_mean);
  CHECK(bn1.running_var == bn2.running_var);
}

}  // namespace

TEST_CASE("gemm equals the in-order scalar loop bit for bit", "[kernels]") {
  check_gemm_shapes<float>();
  check_gemm_shapes<double>();
}

TEST_CASE("batch norm fused with its activation equals the two layers apart", "[kernels][bn]") {
  const Activation fn = GENERATE(Activation::relu, Activation::leaky_relu, Activation::linear);
  const int features = GENERATE(1, 3, 4, 16, 17);
  const int batch = GENERATE(2, 7, 32);
  check_fused_bn<float>(fn, features, batch);
  check_fused_bn<double>(fn, features, batch);
}

TEST_CASE("only piecewise-linear activations fuse", "[kernels]") {
  for (Activation fn : {Activation::tanh, Activation::sigmoid}) {
    ActivationLayer<float> act(4, fn, 0.01f);
    CHECK_FALSE(act.with_piecewise_linear([](auto) {}));
  }
}

namespace {
// all_finite on every length around the lane widths, with one bad value at
// every position.
template <class T>
void check_all_finite() {
  Rng rng(9);
  const T bad[] = {std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::infinity(),
                   -std::numeric_limits<T>::infinity()};
  for (int n = 0; n <= 19; ++n) {
    std::vector<T> v(static_cast<size_t>(n));
    for (auto& x : v) x = T(rng.normal() * 1e30);  // large but finite
    CHECK(kernels::all_finite(v.data(), n));
    for (int i = 0; i < n; ++i)
      for (T b : bad) {
        std::vector<T> w = v;
        w[size_t(i)] = b;
        CHECK_FALSE(kernels::all_finite(w.data(), n));
      }
  }
  // Only the first n values count.
  std::vector<T> tail = {T(1), T(2), std::numeric_limits<T>::quiet_NaN()};
  CHECK(kernels::all_finite(tail.data(), 2));
}
}  // namespace

TEST_CASE("all_finite finds any NaN or infinity", "[kernels]") {
  check_all_finite<float>();
  check_all_finite<double>();
}
