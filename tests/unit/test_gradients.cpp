// Finite-difference gradient checks in double precision: every layer, both
// losses, and whole networks with batch norm in training mode.
#include <catch2/catch.hpp>
#include <functional>

#include "finite_difference.hpp"

#include "bnlab/nn/network.hpp"

using namespace bnlab;
using M = Mat<double>;

namespace {

M random_matrix(Rng& rng, int r, int c, double scale = 1.0) {
  M m(r, c);
  for (int j = 0; j < c; ++j)
    for (int i = 0; i < r; ++i) m(i, j) = rng.normal() * scale;
  return m;
}

using bnlab_test::fd_error;

// L = sum(layer(x) .* R): checks dL/dx and dL/dparams of one layer.
void check_layer(Layer<double>& layer, int batch, uint64_t seed) {
  Rng rng(seed);
  std::vector<double> p(layer.num_params()), g(layer.num_params());
  for (auto& v : p) v = rng.normal() * 0.5 + 0.3;
  layer.bind(p.data(), g.data());
  M x = random_matrix(rng, layer.in(), batch), R = random_matrix(rng, layer.out(), batch);
  M y(layer.out(), batch), dx(layer.in(), batch);
  auto f = [&] {
    layer.forward(x, y, Mode::train);
    return (y.array() * R.array()).sum();
  };
  f();
  layer.backward(x, y, R, dx, true);
  const std::vector<double> dparams = g;
  const M dx_analytic = dx;
  CHECK(fd_error(x.data(), int(x.size()), dx_analytic.data(), f) < 1e-7);
  if (!p.empty()) CHECK(fd_error(p.data(), int(p.size()), dparams.data(), f) < 1e-7);
}

}  // namespace

TEST_CASE("dense layer gradients", "[grad]") {
  const int batch = GENERATE(1, 2, 7, 32);
  const bool bias = GENERATE(true, false);
  Dense<double> d(3, 5, bias);
  check_layer(d, batch, 11 + batch);
}

TEST_CASE("batch norm gradients in training mode", "[grad][bn]") {
  const int batch = GENERATE(2, 3, 8, 33);
  BatchNorm<double> bn(4, 1e-5, 0.1);
  check_layer(bn, batch, 21 + batch);
}

TEST_CASE("activation gradients", "[grad]") {
  const Activation fn = GENERATE(Activation::relu, Activation::leaky_relu, Activation::tanh,
                                 Activation::sigmoid, Activation::linear);
  const int batch = GENERATE(1, 5, 16);
  ActivationLayer<double> a(6, fn, 0.01);
  check_layer(a, batch, 31 + batch);
}

TEST_CASE("loss gradients, stable for large logits", "[grad][loss]") {
  const LossKind kind = GENERATE(LossKind::bce, LossKind::softmax_ce);
  const int k = kind == LossKind::bce ? 1 : 3;
  const double scale = GENERATE(1.0, 30.0);
  Rng rng(41);
  M z = random_matrix(rng, k, 9, scale), dz(k, 9);
  std::vector<int> y(9);
  for (auto& v : y) v = int(rng.below(kind == LossKind::bce ? 2 : 3));
  loss_grad<double>(kind, z, y.data(), dz);
  const M analytic = dz;
  M scratch(k, 9);
  auto f = [&] { return loss_grad<double>(kind, z, y.data(), scratch); };
  CHECK(fd_error(z.data(), int(z.size()), analytic.data(), f) < 1e-6);
  // Mean loss agrees with loss_sum / n, and stays finite for huge logits.
  CHECK(f() == Approx(loss_sum<double>(kind, z, y.data()).loss / 9).epsilon(1e-12));
  M huge = z * 1e4;
  CHECK(std::isfinite(loss_grad<double>(kind, huge, y.data(), scratch)));
  CHECK(scratch.allFinite());
}

TEST_CASE("bce loss matches the textbook formula", "[loss]") {
  M z(1, 3);
  z << 0.3, -2.0, 5.0;
  int y[3] = {1, 0, 0};
  double expect = 0;
  for (int j = 0; j < 3; ++j) {
    const double p = 1 / (1 + std::exp(-z(0, j)));
    expect -= y[j] ? std::log(p) : std::log(1 - p);
  }
  M dz(1, 3);
  CHECK(loss_grad<double>(LossKind::bce, z, y, dz) == Approx(expect / 3).epsilon(1e-12));
}

TEST_CASE("whole network gradients with batch norm in training mode", "[grad][network]") {
  const Activation fn = GENERATE(Activation::relu, Activation::tanh, Activation::sigmoid,
                                 Activation::leaky_relu);
  const int batch = GENERATE(2, 5, 32);
  const BnPlacement place = GENERATE(BnPlacement::before, BnPlacement::after);
  const int classes = GENERATE(2, 3);
  ModelConfig m;
  m.hidden = {5, 4, 3};
  m.activation = fn;
  m.batchnorm = true;
  m.bn_placement = place;
  m.init = Init::xavier;
  Network<double> net(m, 2, classes == 2 ? 1 : classes, 7, 64, 64);
  Rng rng(51 + batch);
  // Perturb BN parameters away from gamma = 1, beta = 0 so their gradients matter.
  for (auto* bn : net.batchnorms()) {
    for (int i = 0; i < bn->in(); ++i) {
      bn->gamma[i] = 1 + 0.3 * rng.normal();
      bn->beta[i] = 0.3 * rng.normal();
    }
  }
  M x = random_matrix(rng, 2, batch);
  std::vector<int> y(batch);
  for (int j = 0; j < batch; ++j) y[j] = j % classes;  // every class present
  const LossKind loss = classes == 2 ? LossKind::bce : LossKind::softmax_ce;
  auto f = [&] {
    net.input(Mode::train).leftCols(batch) = x;
    auto z = net.forward(batch, Mode::train);
    return loss_sum<double>(loss, z, y.data()).loss / batch;
  };
  net.input(Mode::train).leftCols(batch) = x;
  net.forward(batch, Mode::train);
  net.backward(loss, batch, y.data());
  const Vec<double> analytic = net.grads();
  CHECK(fd_error(net.params().data(), int(net.params().size()), analytic.data(), f) < 1e-6);
}
