// Batch norm forward values and running statistics against PyTorch's
// BatchNorm1d (reference numbers produced with torch 1.13 in float64:
// tests/reference/make_unit_references.py) and against the formulas written
// out independently.
#include <catch2/catch.hpp>

#include "bnlab/nn/batchnorm.hpp"

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
