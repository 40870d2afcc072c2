// The notes' "what ifs" for batch norm (model.bn_bias, model.bn_formula,
// model.bn_affine): the readable reference (batchnorm_reference.hpp) against
// finite differences in double, the fast path against the reference, whole
// networks against finite differences, and what each lesson claims of them:
// b learns nothing, the notes' formula divides 0 by 0 on a constant unit, and
// gamma = sqrt(sigma^2 + eps), beta = mu make a unit the identity.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <functional>

#include "finite_difference.hpp"

#include "bnlab/experiment.hpp"
#include "bnlab/nn/batchnorm.hpp"
#include "bnlab/nn/batchnorm_reference.hpp"
#include "bnlab/nn/network.hpp"
#include "bnlab/rng.hpp"
#include "run.hpp"

using namespace bnlab;
using M = Mat<double>;

namespace {

M random_matrix(Rng& rng, int r, int c, double scale, double shift) {
  M m(r, c);
  for (int j = 0; j < c; ++j)
    for (int i = 0; i < r; ++i) m(i, j) = rng.normal() * scale + shift;
  return m;
}

using bnlab_test::fd_error;

template <class T>
bool same_bits(const T* a, const T* b, int n) {
  return std::memcmp(a, b, sizeof(T) * size_t(n)) == 0;
}

template <class T>
double worst_error(const T* fast, const T* ref, int n) {
  double worst = 0;
  for (int i = 0; i < n; ++i)
    worst = std::max(worst, std::abs(double(fast[i]) - double(ref[i])) / (1 + std::abs(double(ref[i]))));
  return worst;
}

}  // namespace

TEST_CASE("the notes' batch norm: reference backward matches finite differences", "[bn][knobs][grad]") {
  const int B = GENERATE(2, 3, 8, 33);
  const int C = GENERATE(1, 4);
  Rng rng(301 + B * 7 + C);
  // Away from 0: the notes divide by the mean of z^2.
  M x = random_matrix(rng, C, B, 1.0, 1.2), R = random_matrix(rng, C, B, 1.0, 0.0);
  std::vector<double> gamma(C), beta(C), mean(C), var(C), rstd(C), dgamma(C), dbeta(C);
  for (int c = 0; c < C; ++c) gamma[c] = 1 + 0.4 * rng.normal(), beta[c] = 0.4 * rng.normal();
  M out(C, B), din(C, B);
  auto loss = [&] {
    batchnorm_forward_notes(out.data(), mean.data(), var.data(), rstd.data(), x.data(), gamma.data(), beta.data(), B, C);
    return (out.array() * R.array()).sum();
  };
  loss();
  // The forward as the notes write it, independently: sigma^2 = mean of z^2.
  for (int c = 0; c < C; ++c) {
    double s = 0, q = 0;
    for (int b = 0; b < B; ++b) s += x(c, b), q += x(c, b) * x(c, b);
    const double mu = s / B, sigma2 = q / B;
    for (int b = 0; b < B; ++b)
      CHECK(out(c, b) == Approx(gamma[c] * (x(c, b) - mu) / sigma2 + beta[c]).epsilon(1e-12));
  }
  batchnorm_backward_notes(din.data(), dgamma.data(), dbeta.data(), R.data(), x.data(), mean.data(), rstd.data(),
                           gamma.data(), B, C);
  CHECK(fd_error(x.data(), C * B, din.data(), loss) < 1e-7);
  CHECK(fd_error(gamma.data(), C, dgamma.data(), loss) < 1e-7);
  CHECK(fd_error(beta.data(), C, dbeta.data(), loss) < 1e-7);
}

TEST_CASE("batch norm without gamma and beta: reference matches the standard one and finite differences",
          "[bn][knobs][grad]") {
  const int B = GENERATE(2, 5, 33);
  const int C = 3;
  Rng rng(401 + B);
  M x = random_matrix(rng, C, B, 1.5, 0.7), R = random_matrix(rng, C, B, 1.0, 0.0);
  std::vector<double> mean(C), var(C), rstd(C), ones(C, 1.0), zeros(C, 0.0), dg(C), db(C);
  M out(C, B), ref(C, B), din(C, B), dref(C, B);
  auto loss = [&] {
    batchnorm_forward_no_affine(out.data(), mean.data(), var.data(), rstd.data(), x.data(), 1e-5, B, C);
    return (out.array() * R.array()).sum();
  };
  loss();
  batchnorm_backward_no_affine(din.data(), R.data(), x.data(), mean.data(), rstd.data(), B, C);
  CHECK(fd_error(x.data(), C * B, din.data(), loss) < 1e-7);
  std::vector<double> m2(C), v2(C), r2(C);
  loss();  // out for x itself (fd_error's last call was at x - h)
  batchnorm_forward(ref.data(), m2.data(), v2.data(), r2.data(), x.data(), ones.data(), zeros.data(), 1e-5, B, C);
  batchnorm_backward(dref.data(), dg.data(), db.data(), R.data(), x.data(), m2.data(), r2.data(), ones.data(), B, C);
  CHECK(worst_error(out.data(), ref.data(), C * B) <= 1e-14);
  CHECK(worst_error(din.data(), dref.data(), C * B) <= 1e-13);
}

namespace {

// The fast layer (fused with ReLU, or alone) in a variant against the reference.
template <class T>
void check_variant(bool notes, bool affine, int C, int B, double tol) {
  using MT = Mat<T>;
  Rng rng(2000 + 31 * C + B + 7 * notes + 3 * affine);
  const T eps = T(1e-5), momentum = T(0.1);
  std::vector<T> p(affine ? 2 * size_t(C) : 0), g(p.size());
  for (size_t i = 0; i < p.size(); ++i) p[i] = T(i < size_t(C) ? 1 + 0.5 * rng.normal() : 0.3 * rng.normal());
  std::vector<T> gamma(C, T(1)), beta(C, T(0));
  if (affine) std::copy(p.begin(), p.begin() + C, gamma.begin()), std::copy(p.begin() + C, p.end(), beta.begin());
  BatchNorm<T> bn(C, eps, momentum, notes, affine);
  REQUIRE(bn.num_params() == int(p.size()));
  bn.bind(p.data(), g.data());
  ActivationLayer<T> act(C, Activation::relu, T(0));
  const MT x = random_matrix(rng, C, B, 1.0, 1.5).template cast<T>();
  const MT dgy = random_matrix(rng, C, B, 1.0, 0.0).template cast<T>();
  MT y(C, B), gy(C, B), dx(C, B);
  act.with_piecewise_linear([&](auto gfn) {
    bn.forward_then(x, y, Mode::train, gfn, gy.data());
    bn.backward_through(x, y, gfn, dgy.data(), dx, true);
  });

  MT out(C, B), a(C, B), dout(C, B), din(C, B);
  std::vector<T> mean(C), var(C), rstd(C), dgamma(C), dbeta(C), rm(C, T(0)), rv(C, T(1));
  if (notes) {
    batchnorm_forward_notes(out.data(), mean.data(), var.data(), rstd.data(), x.data(), gamma.data(), beta.data(), B, C);
    batchnorm_update_running_notes(rm.data(), rv.data(), mean.data(), var.data(), momentum, C);
  } else {
    batchnorm_forward(out.data(), mean.data(), var.data(), rstd.data(), x.data(), gamma.data(), beta.data(), eps, B, C);
    batchnorm_update_running(rm.data(), rv.data(), mean.data(), var.data(), momentum, B, C);
  }
  act.forward(out, a, Mode::train);
  act.backward(out, a, dgy, dout, true);
  if (notes)
    batchnorm_backward_notes(din.data(), dgamma.data(), dbeta.data(), dout.data(), x.data(), mean.data(), rstd.data(),
                             gamma.data(), B, C);
  else
    batchnorm_backward(din.data(), dgamma.data(), dbeta.data(), dout.data(), x.data(), mean.data(), rstd.data(),
                       gamma.data(), B, C);
  // Statistics in the same order: bit for bit.
  CHECK(same_bits(bn.batch_mean.data(), mean.data(), C));
  CHECK(same_bits(bn.batch_var.data(), var.data(), C));
  CHECK(same_bits(bn.running_mean.data(), rm.data(), C));
  CHECK(same_bits(bn.running_var.data(), rv.data(), C));
  CHECK(worst_error(y.data(), out.data(), C * B) < tol);
  CHECK(worst_error(dx.data(), din.data(), C * B) < tol * B);
  if (affine) {
    CHECK(worst_error(g.data(), dgamma.data(), C) < tol * B);
    CHECK(worst_error(g.data() + C, dbeta.data(), C) < tol * B);
  } else {  // nothing to learn: gamma and beta stay the fixed 1 and 0
    for (int c = 0; c < C; ++c) CHECK((bn.gamma[c] == T(1) && bn.beta[c] == T(0)));
  }
}

}  // namespace

TEST_CASE("fast batch norm variants equal the reference", "[bn][knobs][reference][kernels]") {
  const bool notes = GENERATE(false, true);
  const bool affine = GENERATE(false, true);
  const int C = GENERATE(1, 3, 4, 5, 8, 17);
  const int B = GENERATE(2, 8, 33);
  INFO((notes ? "notes" : "standard") << (affine ? "" : ", affine off") << ", " << C << " features, batch " << B);
  // float: y = x * scale + shift rounds relative to its terms, not to y
  check_variant<float>(notes, affine, C, B, 2e-5);
  check_variant<double>(notes, affine, C, B, 1e-13);
}

TEST_CASE("whole networks with the knobs match finite differences", "[grad][network][knobs]") {
  const int variant = GENERATE(0, 1, 2, 3);  // bias before BN, notes, affine off, notes + after
  const Activation fn = GENERATE(Activation::relu, Activation::tanh);
  const int batch = GENERATE(5, 32);
  ModelConfig m;
  m.hidden = {5, 4, 3};
  m.activation = fn;
  m.batchnorm = true;
  m.init = Init::xavier;
  m.bn_bias = variant == 0;
  m.bn_formula = variant == 1 || variant == 3 ? BnFormula::notes : BnFormula::standard;
  m.bn_affine = variant != 2;
  if (variant == 3) {
    // After g, a ReLU unit dead on the whole batch gives the notes 0 / 0
    // (the lessons' divergence, tested below): leaky ReLU keeps z nonzero.
    m.bn_placement = BnPlacement::after;
    if (fn == Activation::relu) m.activation = Activation::leaky_relu;
  }
  INFO("variant " << variant << " activation " << int(fn) << " batch " << batch);
  Network<double> net(m, 2, 1, 7, 64, 64);
  Rng rng(61 + batch + variant);
  for (auto* bn : net.batchnorms())
    for (int i = 0; i < bn->in() && bn->affine(); ++i) {
      bn->gamma[i] = 1 + 0.3 * rng.normal();
      bn->beta[i] = 0.3 * rng.normal();
    }
  // Biases away from 0, so that a wrong gradient for b shows.
  for (auto& L : net.layers())
    if (auto* d = dynamic_cast<Dense<double>*>(L.get()))
      if (d->has_bias())
        for (int o = 0; o < d->out(); ++o) d->b[o] = 0.5 * rng.normal();
  M x = random_matrix(rng, 2, batch, 1.0, 0.3);
  std::vector<int> y(batch);
  for (int j = 0; j < batch; ++j) y[j] = j % 2;
  auto f = [&] {
    net.input(Mode::train).leftCols(batch) = x;
    auto z = net.forward(batch, Mode::train);
    return loss_sum<double>(LossKind::bce, z, y.data()).loss / batch;
  };
  f();
  net.backward(LossKind::bce, batch, y.data());
  const Vec<double> analytic = net.grads();
  CHECK(analytic.allFinite());
  CHECK(fd_error(net.params().data(), int(net.params().size()), analytic.data(), f) < 1e-6);
  // b before a batch norm: its gradient is 0 up to rounding.
  if (variant == 0) {
    const auto& layers = net.layers();
    for (size_t k = 0; k + 1 < layers.size(); ++k)
      if (auto* d = dynamic_cast<Dense<double>*>(layers[k].get()))
        if (layers[k + 1]->kind() == LayerKind::batchnorm) {
          REQUIRE(d->has_bias());
          for (int o = 0; o < d->out(); ++o) CHECK(std::abs(d->db[o]) < 1e-12);
        }
  }
  // Affine off: no parameters in the batch norms at all.
  if (variant == 2) {
    ModelConfig on = m;
    on.bn_affine = true;
    Network<double> with(on, 2, 1, 7, 64, 64);
    CHECK(with.params().size() - net.params().size() == 2 * (5 + 4 + 3));
  }
}

TEST_CASE("bn_bias: a dense bias only before a batch norm, starting at 0, and after g it changes nothing",
          "[knobs][config]") {
  ModelConfig m;
  m.batchnorm = true;
  m.bn_bias = true;
  for (const LayerSpec& L : layer_plan(m, 2, 1))
    if (L.kind == LayerSpec::Kind::dense) CHECK(L.bias);
  m.bn_placement = BnPlacement::after;
  ModelConfig off = m;
  off.bn_bias = false;
  const auto a = layer_plan(m, 2, 1), b = layer_plan(off, 2, 1);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) CHECK((a[i].kind == b[i].kind && a[i].bias == b[i].bias));
  // Before g: identical initial W, b = 0.
  m.bn_placement = BnPlacement::before;
  off.bn_placement = BnPlacement::before;
  Network<float> nb(m, 2, 1, 5, 8, 8), n0(off, 2, 1, 5, 8, 8);
  int dense = 0;
  for (size_t k = 0; k < nb.layers().size(); ++k) {
    auto* d1 = dynamic_cast<Dense<float>*>(nb.layers()[k].get());
    auto* d0 = dynamic_cast<Dense<float>*>(n0.layers()[k].get());
    if (!d1) continue;
    ++dense;
    REQUIRE(d0);
    CHECK(same_bits(d1->W.data(), d0->W.data(), int(d1->W.size())));
    if (d1->has_bias()) CHECK(d1->b.isZero());
  }
  CHECK(dense == 4);
}

TEST_CASE("bias-before-bn: after 1,000 steps b has moved < 1e-5 while W moved > 0.1, and the losses agree",
          "[knobs][lessons]") {
  const Preset* p = find_preset("bias-before-bn");
  REQUIRE(p);
  Result<Config> c = parse_config(p->json);
  REQUIRE(c.ok());
  REQUIRE(c.value.runs.size() == 2);
  REQUIRE(c.value.runs[1].model.bn_bias);
  const Dataset data = make_dataset(c.value.data, c.value.seed);
  Run nob(c.value.runs[0], data, c.value.seed, false), withb(c.value.runs[1], data, c.value.seed, false);
  const Vec<Real> start = withb.net().params();
  nob.train(1000);
  withb.train(1000);
  double b_moved = 0, w_moved = 0;
  const auto& layers = withb.net().layers();
  for (size_t k = 0; k + 1 < layers.size(); ++k) {
    auto* d = dynamic_cast<Dense<Real>*>(layers[k].get());
    if (!d || layers[k + 1]->kind() != LayerKind::batchnorm) continue;
    REQUIRE(d->has_bias());
    const Real* b0 = start.data() + (d->b.data() - withb.net().params().data());
    const Real* w0 = start.data() + (d->W.data() - withb.net().params().data());
    for (int o = 0; o < d->out(); ++o) b_moved = std::max(b_moved, std::abs(double(d->b[o]) - double(b0[o])));
    for (int i = 0; i < int(d->W.size()); ++i)
      w_moved = std::max(w_moved, std::abs(double(d->W.data()[i]) - double(w0[i])));
  }
  INFO("b moved " << b_moved << ", W moved " << w_moved);
  CHECK(b_moved < 1e-5);
  CHECK(w_moved > 0.1);
  const RunReport a = nob.report(), b = withb.report();
  CHECK(std::abs(a.train_loss - b.train_loss) < 1e-5 * std::max(a.train_loss, b.train_loss));
  CHECK(std::abs(a.test_loss - b.test_loss) < 1e-5 * std::max(a.test_loss, b.test_loss));
  // The inspector reports the same: b's gradient, how far b and the unit's W moved.
  Result<BnInspect> in = withb.inspect(0, 3);
  REQUIRE(in.ok());
  CHECK(in.value.has_bias);
  CHECK(std::abs(in.value.bias_grad) < 1e-6);
  CHECK(in.value.bias_moved < 1e-5);
  CHECK(in.value.weights_moved > 0.01);
  CHECK_FALSE(nob.inspect(0, 3).value.has_bias);
}

TEST_CASE("the notes' formula: a unit whose z is 0 on the batch divides 0 by 0, and the run diverges",
          "[knobs][lessons]") {
  const bool notes = GENERATE(false, true);
  Config c;
  c.data.name = DatasetKind::circle;
  RunConfig r;
  r.name = notes ? "as written" : "corrected";
  r.model.batchnorm = true;
  r.model.bn_formula = notes ? BnFormula::notes : BnFormula::standard;
  const Dataset data = make_dataset(c.data, 3);
  Run run(r, data, 3, false);
  run.train(5);
  // Unit 2 of the first layer: W row 2 = 0, so z = W x = 0 for every example.
  auto* d = dynamic_cast<Dense<Real>*>(run.net().layers()[0].get());
  REQUIRE(d);
  d->W.row(2).setZero();
  run.train(5);
  const RunReport rep = run.report();
  CHECK(rep.diverged == notes);
  if (notes) {
    CHECK(rep.diverged_step == 6);  // the first step after the change
    CHECK(std::isnan(rep.train_loss));
  } else {
    CHECK(std::isfinite(rep.train_loss));
  }
}

TEST_CASE("the inspector: z_norm's spread depends on the scale of z only with the notes' formula",
          "[knobs][lessons]") {
  const bool notes = GENERATE(false, true);
  Config c;
  RunConfig r;
  r.name = "run";
  r.model.batchnorm = true;
  r.model.bn_formula = notes ? BnFormula::notes : BnFormula::standard;
  const Dataset data = make_dataset(c.data, 2);
  Run run(r, data, 2, false);
  run.train(20);
  Result<BnInspect> in = run.inspect(1, 5);
  REQUIRE(in.ok());
  const BnInspect& b = in.value;
  CHECK(b.formula == (notes ? "notes" : "standard"));
  CHECK(b.scale_probe == 2);
  if (notes) {
    CHECK(b.z_norm_std_scaled == Approx(b.z_norm_std / 2).epsilon(1e-12));
  } else {
    CHECK(b.z_norm_std == Approx(1).epsilon(1e-3));
    CHECK(b.z_norm_std_scaled == Approx(b.z_norm_std).epsilon(1e-3));
  }
}

TEST_CASE("make this unit the identity: gamma = sqrt(sigma^2 + eps), beta = mu give z_tilde = z",
          "[knobs][experiment]") {
  Result<Config> c = parse_config(find_preset("gamma-beta")->json);
  REQUIRE(c.ok());
  auto e = Experiment::create(c.value);
  REQUIRE(e.ok());
  Experiment& x = *e.value;
  x.step(50);
  Result<BnInspect> before = x.inspect(1, 2, 7);
  REQUIRE(before.ok());
  Result<BnInspect> id = x.make_identity(1, 2, 7);
  REQUIRE(id.ok());
  const BnInspect& b = id.value;
  CHECK(float(b.gamma) == float(std::sqrt(before.value.var + before.value.eps)));
  CHECK(float(b.beta) == float(before.value.mu));
  CHECK(b.mu == before.value.mu);  // nothing else changed
  for (size_t j = 0; j < b.z.size(); ++j)
    CHECK(std::abs(b.z_tilde[j] - b.z[j]) <= 1e-6 * (1 + std::abs(b.z[j])));
  // The parameters are the run's now: a report shows them, and training goes on.
  CHECK(float(x.report(1).bn[2].gamma[7]) == float(b.gamma));
  x.step(10);
  CHECK_FALSE(x.report(1).diverged);
  // Refused: affine off (run 0), a run without BN, a bad unit; nothing changes.
  Result<BnInspect> off = x.make_identity(0, 0, 0);
  CHECK(off.error.find("bn_affine") != std::string::npos);
  CHECK(x.report(0).bn[0].gamma[0] == 1);
  CHECK_FALSE(x.make_identity(1, 0, 99).ok());
  CHECK_FALSE(x.make_identity(5, 0, 0).ok());
  Result<Config> plain = parse_config(R"({"runs": [{"name": "plain", "set": {"model.batchnorm": false}}]})");
  REQUIRE(plain.ok());
  auto e2 = Experiment::create(plain.value);
  REQUIRE(e2.ok());
  CHECK(e2.value->make_identity(0, 0, 0).error.find("no batch-norm") != std::string::npos);
}
