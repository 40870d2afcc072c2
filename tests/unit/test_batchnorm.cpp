// Batch norm forward values and running statistics against PyTorch's
// BatchNorm1d (reference numbers produced with torch 1.13 in float64:
// tests/reference/make_unit_references.py) and against the formulas written
// out independently; the reference functions (batchnorm_reference.hpp) against
// the same numbers and finite differences; the fast path against the reference.
#include <catch2/catch.hpp>
#include <cstring>
#include <functional>

#include "finite_difference.hpp"

#include "bnlab/nn/batchnorm.hpp"
#include "bnlab/nn/batchnorm_reference.hpp"
#include "bnlab/rng.hpp"

using namespace bnlab;
using M = Mat<double>;

namespace {
// PyTorch's input is (batch x features); ours is (features x batch).
M features_by_batch(std::initializer_list<std::initializer_list<double>> rows) {
  M m(3, int(rows.size()));
  int j = 0;
  for (auto& r : rows) {
    int i = 0;
    for (double v : r) m(i++, j) = v;
    ++j;
  }
  return m;
}
}  // namespace

TEST_CASE("batch norm matches PyTorch BatchNorm1d", "[bn]") {
  double p[6] = {1.0, 2.0, 0.5, 0.0, -1.0, 0.25}, g[6];
  BatchNorm<double> bn(3, 1e-5, 0.1);
  bn.bind(p, g);
  M x1 = features_by_batch({{0.5, -1.0, 2.0}, {1.5, 0.0, -2.0}, {-0.5, 3.0, 1.0}, {2.5, 1.0, 0.0}});
  M x2 = features_by_batch({{1.0, 1.0, 1.0}, {0.0, 2.0, -1.0}, {3.0, 0.5, 0.0}, {-1.0, 1.5, 2.0}});
  M y(3, 4);
  bn.forward(x1, y, Mode::train);
  bn.forward(x2, y, Mode::train);
  M y2 = features_by_batch({{0.16903046459079718, -1.8944128805083111, 0.4736059033281545},
                            {-0.5070913937723917, 1.683238641524932, -0.4208177099844635},
                            {1.5212741813171748, -3.683238641524933, 0.0263940966718455},
                            {-1.1832132521355805, -0.10558711949168953, 0.9208177099844634}});
  CHECK((y - y2).cwiseAbs().maxCoeff() < 1e-12);
  const double rm[3] = {0.16500000000000004, 0.1925, 0.07250000000000001};
  const double rv[3] = {1.2516666666666667, 1.1141666666666667, 1.2391666666666667};
  for (int i = 0; i < 3; ++i) {
    CHECK(bn.running_mean[i] == Approx(rm[i]).epsilon(1e-12));
    CHECK(bn.running_var[i] == Approx(rv[i]).epsilon(1e-12));
  }
  bn.forward(x1, y, Mode::infer);
  M ye = features_by_batch({{0.2994323569805032, -3.2594948396906123, 1.1157605200514749},
                            {1.1932602882655876, -1.3647402571408325, -0.6808890676039852},
                            {-0.5943955743045811, 4.319523490508506, 0.6665981231376098},
                            {2.087088219550672, 0.5300143254089471, 0.2174357262237448}});
  CHECK((y - ye).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("batch norm follows the corrected formulas", "[bn]") {
  // One feature, m = 5: mu, biased sigma^2 (with "- mu"), divide by sqrt(sigma^2 + eps).
  double p[2] = {1.5, -0.5}, g[2];
  const double eps = 1e-3, momentum = 0.25;
  BatchNorm<double> bn(1, eps, momentum);
  bn.bind(p, g);
  M x(1, 5);
  x << 1, 2, 4, 7, 11;
  const double mu = 25.0 / 5, var = (16 + 9 + 1 + 4 + 36) / 5.0;  // 13.2
  M y(1, 5);
  bn.forward(x, y, Mode::train);
  for (int j = 0; j < 5; ++j) CHECK(y(0, j) == Approx(1.5 * (x(0, j) - mu) / std::sqrt(var + eps) - 0.5));
  CHECK(bn.batch_mean[0] == Approx(mu));
  CHECK(bn.batch_var[0] == Approx(var));
  CHECK(bn.running_mean[0] == Approx(0.75 * 0 + 0.25 * mu));
  CHECK(bn.running_var[0] == Approx(0.75 * 1 + 0.25 * var * 5 / 4));  // unbiased in the running estimate

  SECTION("probe mode uses batch statistics and changes nothing") {
    M y2(1, 5);
    bn.forward(x * 2.0, y2, Mode::probe);
    CHECK(bn.running_mean[0] == Approx(0.25 * mu));
    CHECK(bn.batch_mean[0] == Approx(mu));
  }
  SECTION("last_batch mode normalizes with the saved training statistics") {
    M one(1, 1), out(1, 1);
    one << 7;
    bn.forward(one, out, Mode::last_batch);
    CHECK(out(0, 0) == Approx(1.5 * (7 - mu) / std::sqrt(var + eps) - 0.5));
  }
}

// ---- the reference (batchnorm_reference.hpp): the oracle of the fast path ----

TEST_CASE("reference batch norm matches PyTorch BatchNorm1d", "[bn][reference]") {
  // The numbers of the first test case, through the reference functions.
  const double gamma[3] = {1.0, 2.0, 0.5}, beta[3] = {0.0, -1.0, 0.25}, eps = 1e-5, momentum = 0.1;
  M x1 = features_by_batch({{0.5, -1.0, 2.0}, {1.5, 0.0, -2.0}, {-0.5, 3.0, 1.0}, {2.5, 1.0, 0.0}});
  M x2 = features_by_batch({{1.0, 1.0, 1.0}, {0.0, 2.0, -1.0}, {3.0, 0.5, 0.0}, {-1.0, 1.5, 2.0}});
  double rm[3] = {0, 0, 0}, rv[3] = {1, 1, 1}, mean[3], var[3], rstd[3];
  M y(3, 4);
  for (const M* x : {&x1, &x2}) {
    batchnorm_forward(y.data(), mean, var, rstd, x->data(), gamma, beta, eps, 4, 3);
    batchnorm_update_running(rm, rv, mean, var, momentum, 4, 3);
  }
  M y2 = features_by_batch({{0.16903046459079718, -1.8944128805083111, 0.4736059033281545},
                            {-0.5070913937723917, 1.683238641524932, -0.4208177099844635},
                            {1.5212741813171748, -3.683238641524933, 0.0263940966718455},
                            {-1.1832132521355805, -0.10558711949168953, 0.9208177099844634}});
  CHECK((y - y2).cwiseAbs().maxCoeff() < 1e-12);
  const double want_rm[3] = {0.16500000000000004, 0.1925, 0.07250000000000001};
  const double want_rv[3] = {1.2516666666666667, 1.1141666666666667, 1.2391666666666667};
  double running_rstd[3];
  for (int i = 0; i < 3; ++i) {
    CHECK(rm[i] == Approx(want_rm[i]).epsilon(1e-12));
    CHECK(rv[i] == Approx(want_rv[i]).epsilon(1e-12));
    running_rstd[i] = 1 / std::sqrt(rv[i] + eps);
  }
  batchnorm_normalize(y.data(), x1.data(), rm, running_rstd, gamma, beta, 4, 3);  // test time
  M ye = features_by_batch({{0.2994323569805032, -3.2594948396906123, 1.1157605200514749},
                            {1.1932602882655876, -1.3647402571408325, -0.6808890676039852},
                            {-0.5943955743045811, 4.319523490508506, 0.6665981231376098},
                            {2.087088219550672, 0.5300143254089471, 0.2174357262237448}});
  CHECK((y - ye).cwiseAbs().maxCoeff() < 1e-12);
}

namespace {

M random_matrix(Rng& rng, int r, int c, double scale, double offset) {
  M m(r, c);
  for (int j = 0; j < c; ++j)
    for (int i = 0; i < r; ++i) m(i, j) = offset + scale * rng.normal();
  return m;
}

using bnlab_test::fd_error;

}  // namespace

TEST_CASE("reference batch norm backward matches finite differences", "[bn][reference][grad]") {
  const int B = GENERATE(2, 3, 8, 33);
  const int C = GENERATE(1, 4);
  Rng rng(101 + B * 7 + C);
  M x = random_matrix(rng, C, B, 1.5, 0.7), R = random_matrix(rng, C, B, 1.0, 0.0);
  M gb = random_matrix(rng, C, 2, 0.4, 0.0);  // gamma (column 0) and beta (column 1)
  for (int c = 0; c < C; ++c) gb(c, 0) += 1;
  double* gamma = gb.data();
  double* beta = gb.data() + C;
  std::vector<double> mean(C), var(C), rstd(C);
  M out(C, B);
  auto loss = [&] {  // L = sum(out .* R)
    batchnorm_forward(out.data(), mean.data(), var.data(), rstd.data(), x.data(), gamma, beta, 1e-5, B, C);
    return (out.array() * R.array()).sum();
  };
  loss();
  M din(C, B);
  std::vector<double> dgamma(C), dbeta(C);
  batchnorm_backward(din.data(), dgamma.data(), dbeta.data(), R.data(), x.data(), mean.data(), rstd.data(), gamma,
                     B, C);
  CHECK(fd_error(x.data(), C * B, din.data(), loss) < 1e-7);
  CHECK(fd_error(gamma, C, dgamma.data(), loss) < 1e-7);
  CHECK(fd_error(beta, C, dbeta.data(), loss) < 1e-7);
}

namespace {

template <class T>
bool same_bits(const T* a, const T* b, int n) {
  return std::memcmp(a, b, sizeof(T) * size_t(n)) == 0;
}

// Largest |fast - ref| / (1 + |size|), size = ref unless given.
template <class T>
double worst_error(const T* fast, const T* ref, int n, const T* size = nullptr) {
  double worst = 0;
  for (int i = 0; i < n; ++i)
    worst = std::max(worst, std::abs(double(fast[i]) - double(ref[i])) /
                                (1 + std::abs(double(size ? size[i] : ref[i]))));
  return worst;
}

// The fast path (BatchNorm::forward_then / backward_through, fused with the
// activation fn, then an inference forward) against the reference functions
// and the activation layer on their own. tol: relative, for values the two
// compute in a different order; the statistics are computed in the same
// order and must agree bit for bit.
template <class T>
void check_fast_path(Activation fn, int C, int B, double tol) {
  using MT = Mat<T>;
  Rng rng(1000 + 31 * C + B + int(fn));
  const T eps = T(1e-5), momentum = T(0.1);
  std::vector<T> p(2 * size_t(C)), g(p.size());
  for (int c = 0; c < C; ++c) {
    p[size_t(c)] = T(1 + 0.5 * rng.normal());  // gamma
    p[size_t(C + c)] = T(0.3 * rng.normal());  // beta
  }
  const T* gamma = p.data();
  const T* beta = p.data() + C;
  BatchNorm<T> bn(C, eps, momentum);
  bn.bind(p.data(), g.data());
  ActivationLayer<T> act(C, fn, T(0.1));
  const MT x = random_matrix(rng, C, B, 2.0, 1.0).template cast<T>();
  const MT dgy = random_matrix(rng, C, B, 1.0, 0.0).template cast<T>();

  MT y(C, B), gy(C, B), dx(C, B);
  const bool fused = act.with_piecewise_linear([&](auto gfn) {
    bn.forward_then(x, y, Mode::train, gfn, gy.data());
    bn.backward_through(x, y, gfn, dgy.data(), dx, true);
  });
  REQUIRE(fused);

  MT out(C, B), a(C, B), dout(C, B), din(C, B);
  std::vector<T> mean(C), var(C), rstd(C), dgamma(C), dbeta(C), rm(C, T(0)), rv(C, T(1));
  batchnorm_forward(out.data(), mean.data(), var.data(), rstd.data(), x.data(), gamma, beta, eps, B, C);
  batchnorm_update_running(rm.data(), rv.data(), mean.data(), var.data(), momentum, B, C);
  act.forward(out, a, Mode::train);
  act.backward(out, a, dgy, dout, true);
  batchnorm_backward(din.data(), dgamma.data(), dbeta.data(), dout.data(), x.data(), mean.data(), rstd.data(),
                     gamma, B, C);

  CHECK(same_bits(bn.batch_mean.data(), mean.data(), C));
  CHECK(same_bits(bn.batch_var.data(), var.data(), C));
  CHECK(same_bits(bn.running_mean.data(), rm.data(), C));
  CHECK(same_bits(bn.running_var.data(), rv.data(), C));
  // The fast path computes y as x * scale + shift (scale = gamma * rstd, shift
  // = beta - mean * scale): rounding relative to the terms' size, not y's.
  MT size(C, B);
  for (int j = 0; j < B; ++j)
    for (int c = 0; c < C; ++c)
      size(c, j) = std::abs(gamma[c] * rstd[size_t(c)]) * (std::abs(x(c, j)) + std::abs(mean[size_t(c)])) +
                   std::abs(beta[c]);
  CHECK(worst_error(y.data(), out.data(), C * B, size.data()) < tol);
  CHECK(worst_error(gy.data(), a.data(), C * B, size.data()) < tol);
  CHECK(worst_error(g.data(), dgamma.data(), C) < tol * B);  // sums of B terms
  CHECK(worst_error(g.data() + C, dbeta.data(), C) < tol * B);
  CHECK(worst_error(dx.data(), din.data(), C * B) < tol * B);

  // Test time: the running averages, through the reference's normalize.
  for (int c = 0; c < C; ++c) rstd[size_t(c)] = T(1) / std::sqrt(rv[size_t(c)] + eps);
  MT yi(C, B), outi(C, B);
  bn.forward(x, yi, Mode::infer);
  batchnorm_normalize(outi.data(), x.data(), rm.data(), rstd.data(), gamma, beta, B, C);
  for (int j = 0; j < B; ++j)
    for (int c = 0; c < C; ++c)
      size(c, j) = std::abs(gamma[c] * rstd[size_t(c)]) * (std::abs(x(c, j)) + std::abs(rm[size_t(c)])) +
                   std::abs(beta[c]);
  CHECK(worst_error(yi.data(), outi.data(), C * B, size.data()) < tol);
}

}  // namespace

TEST_CASE("fast batch norm equals the reference", "[bn][reference][kernels]") {
  const Activation fn = GENERATE(Activation::relu, Activation::leaky_relu, Activation::linear);
  // Feature counts around the lane widths (4 floats, 2 doubles), so both the
  // vector blocks and the features left over are covered.
  const int C = GENERATE(1, 2, 3, 4, 5, 7, 8, 16, 17);
  const int B = GENERATE(2, 3, 8, 33, 256);
  INFO("activation " << int(fn) << ", " << C << " features, batch " << B);
  check_fast_path<float>(fn, C, B, 2e-6);
  check_fast_path<double>(fn, C, B, 1e-14);
}

TEST_CASE("batch norm backward uses the training forward's statistics, whatever ran since", "[bn]") {
  // Two layers, one training forward each on the same batch; one of them then
  // also normalizes other batches in every other mode before its backward.
  const Mode mode = GENERATE(Mode::probe, Mode::infer, Mode::last_batch);
  const int C = 5, B = 9;
  Rng rng(77);
  std::vector<double> p(2 * C), g1(p.size()), g2(p.size());
  for (auto& v : p) v = 1 + 0.3 * rng.normal();
  BatchNorm<double> bn1(C, 1e-5, 0.1), bn2(C, 1e-5, 0.1);
  bn1.bind(p.data(), g1.data());
  bn2.bind(p.data(), g2.data());
  const M x = random_matrix(rng, C, B, 2.0, 0.5), dy = random_matrix(rng, C, B, 1.0, 0.0);
  const M other = random_matrix(rng, C, 13, 5.0, -3.0);
  M y1(C, B), y2(C, B), dx1(C, B), dx2(C, B), scratch(C, 13);
  bn1.forward(x, y1, Mode::train);
  bn2.forward(x, y2, Mode::train);
  bn2.forward(other, scratch, mode);
  bn1.backward(x, y1, dy, dx1, true);
  bn2.backward(x, y2, dy, dx2, true);
  CHECK(same_bits(dx1.data(), dx2.data(), C * B));
  CHECK(same_bits(g1.data(), g2.data(), 2 * C));
}
