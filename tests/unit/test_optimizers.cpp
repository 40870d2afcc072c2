// The first three updates of each optimizer against PyTorch 1.13 (float64),
// for p0 = (1, -2, 0.5) and gradients g_t = (0.1 (t+1), -0.3, 0.05 (t-1));
// the L2 mask of a real network.
#include <catch2/catch.hpp>

#include <vector>

#include "bnlab/nn/network.hpp"
#include "bnlab/nn/optimizer.hpp"

using namespace bnlab;

namespace {
void expect_steps(TrainConfig c, double l2, const double (&want)[3][3]) {
  Vec<double> decay = Vec<double>::Constant(3, l2);
  Optimizer<double> opt(c, decay);
  double p[3] = {1.0, -2.0, 0.5};
  for (int t = 0; t < 3; ++t) {
    const double g[3] = {0.1 * (t + 1), -0.3, 0.05 * (t - 1)};
    opt.step(p, g);
    for (int i = 0; i < 3; ++i) CHECK(p[i] == Approx(want[t][i]).epsilon(1e-12).margin(1e-14));
  }
}
}  // namespace

TEST_CASE("optimizers match PyTorch's first steps", "[optim]") {
  TrainConfig c;
  SECTION("sgd") {
    c.optimizer = OptimizerKind::sgd;
    c.learning_rate = 0.1;
    expect_steps(c, 0, {{0.99, -1.97, 0.505}, {0.97, -1.94, 0.505}, {0.94, -1.91, 0.5}});
  }
  SECTION("sgd with l2") {
    c.optimizer = OptimizerKind::sgd;
    c.learning_rate = 0.1;
    expect_steps(c, 0.01, {{0.989, -1.968, 0.5045},
                           {0.968011, -1.936032, 0.5039954999999999},
                           {0.9370429889999999, -1.904095968, 0.4984915044999999}});
  }
  SECTION("momentum") {
    c.optimizer = OptimizerKind::momentum;
    c.learning_rate = 0.1;
    c.momentum = 0.9;
    expect_steps(c, 0, {{0.99, -1.97, 0.505}, {0.961, -1.913, 0.5095}, {0.9048999999999999, -1.8317, 0.50855}});
  }
  SECTION("rmsprop") {
    c.optimizer = OptimizerKind::rmsprop;
    c.learning_rate = 0.01;
    c.rms_alpha = 0.99;
    c.eps = 1e-8;
    expect_steps(c, 0, {{0.9000000999999, -1.9000000333333222, 0.5999998000004},
                        {0.8104678438728734, -1.8291119295829035, 0.5999998000004},
                        {0.7301174159932009, -1.7710870323293906, 0.5289347901042355}});
  }
  SECTION("adam") {
    c.optimizer = OptimizerKind::adam;
    c.learning_rate = 0.01;
    expect_steps(c, 0, {{0.9900000009999999, -1.9900000003333334, 0.5099999980000004},
                        {0.9803481813521252, -1.9800000006666667, 0.5167005786456812},
                        {0.9707681695544842, -1.970000001, 0.5158419017115364}});
  }
  SECTION("adam with l2 (coupled, as PyTorch weight_decay)") {
    c.optimizer = OptimizerKind::adam;
    c.learning_rate = 0.01;
    expect_steps(c, 0.1, {{0.9900000005, -1.9900000002, 0.5},
                          {0.9800897048601188, -1.9800005272453174, 0.4925586338685401},
                          {0.9702142066503179, -1.9700019324517586, 0.4842660918042803}});
  }
}

// L2 decays dense weights only: not biases, not batch norm's gamma and beta.
// The expected mask is built from each layer's own views into the flat buffer.
TEST_CASE("the L2 mask covers dense weights and nothing else", "[optim][l2]") {
  ModelConfig m;
  m.hidden = {5, 3};
  m.batchnorm = GENERATE(false, true);
  m.bn_placement = GENERATE(BnPlacement::before, BnPlacement::after);
  INFO("batchnorm " << m.batchnorm << ", placement " << to_string(m.bn_placement));
  Network<double> net(m, 2, 3, /*seed=*/4, /*train_capacity=*/8, /*eval_capacity=*/8);
  const double l2 = 0.25;
  const Vec<double> mask = net.decay_mask(l2);
  const double* base = net.params().data();
  REQUIRE(mask.size() == net.params().size());

  std::vector<double> expected(size_t(mask.size()), -1);  // -1: no layer claims it
  auto claim = [&](const double* p, double value) {
    const std::ptrdiff_t i = p - base;
    REQUIRE(i >= 0);
    REQUIRE(i < mask.size());
    CHECK(expected[size_t(i)] == -1);  // each parameter belongs to one layer
    expected[size_t(i)] = value;
  };
  int weights = 0, others = 0;
  for (const auto& layer : net.layers()) {
    if (auto* d = dynamic_cast<Dense<double>*>(layer.get())) {
      for (int o = 0; o < d->out(); ++o)
        for (int i = 0; i < d->in(); ++i, ++weights) claim(&d->W(o, i), l2);
      if (d->has_bias())
        for (int o = 0; o < d->out(); ++o, ++others) claim(&d->b[o], 0);
    } else if (auto* bn = dynamic_cast<BatchNorm<double>*>(layer.get())) {
      for (int f = 0; f < bn->in(); ++f, others += 2) {
        claim(&bn->gamma[f], 0);
        claim(&bn->beta[f], 0);
      }
    }
  }
  CHECK(weights == 2 * 5 + 5 * 3 + 3 * 3);
  CHECK(others == mask.size() - weights);
  for (Eigen::Index i = 0; i < mask.size(); ++i) {
    INFO("parameter " << i);
    CHECK(mask[i] == expected[size_t(i)]);
  }

  // And through the optimizer: with zero gradients, SGD shrinks exactly the
  // dense weights by (1 - lr * l2); gamma (1 at the start) and the rest stay.
  TrainConfig c;
  c.optimizer = OptimizerKind::sgd;
  c.learning_rate = 0.1;
  Optimizer<double> opt(c, mask);
  const Vec<double> before = net.params();
  const Vec<double> zero = Vec<double>::Zero(before.size());
  opt.step(net.params().data(), zero.data());
  for (Eigen::Index i = 0; i < before.size(); ++i) {
    INFO("parameter " << i);
    CHECK(net.params()[i] == Approx(before[i] * (1 - 0.1 * expected[size_t(i)])).epsilon(1e-15));
  }
  if (m.batchnorm) CHECK(net.batchnorms().front()->gamma[0] == 1.0);
}
