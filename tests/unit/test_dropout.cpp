// model.dropout: inverted dropout as PyTorch's nn.Dropout does it (kept values
// scaled by 1 / (1 - p) in training, the identity in every other mode), its
// gradient against finite differences with the mask held fixed (double), the
// masks' stream (separate from the weights' and the batches'), and the
// smoothness measurement leaving a dropout run's trajectory unchanged.
#include <catch2/catch.hpp>
#include <algorithm>
#include <functional>

#include "finite_difference.hpp"
#include <nlohmann/json.hpp>

#include "bnlab/config.hpp"
#include "bnlab/experiment.hpp"
#include "bnlab/nn/network.hpp"
#include "bnlab/report_json.hpp"

using namespace bnlab;
using M = Mat<double>;

namespace {

M random_matrix(Rng& rng, int r, int c) {
  M m(r, c);
  for (int j = 0; j < c; ++j)
    for (int i = 0; i < r; ++i) m(i, j) = rng.normal();
  return m;
}

using bnlab_test::fd_error;

Config config_with(const std::vector<std::string>& sets, const std::string& preset = "default") {
  const Preset* p = find_preset(preset);
  REQUIRE(p != nullptr);
  Result<std::string> text = apply_sets(p->json, sets);
  REQUIRE(text.error == "");
  Result<Config> cfg = parse_config(text.value);
  REQUIRE(cfg.error == "");
  return cfg.value;
}

std::unique_ptr<Experiment> experiment(const Config& c, bool trace = false) {
  auto e = Experiment::create(c, trace);
  REQUIRE(e.error == "");
  return std::move(e.value);
}

}  // namespace

TEST_CASE("dropout keeps each value with probability 1 - p, scaled by 1 / (1 - p), in training only", "[dropout]") {
  const double p = GENERATE(0.1, 0.25, 0.5, 0.8);
  const int units = 6, n = 500;
  Rng stream(3);
  Dropout<double> d(units, p, n, &stream);
  Rng rng(5);
  const M x = random_matrix(rng, units, n);
  M y(units, n);
  d.forward(x, y, Mode::train);
  int kept = 0;
  for (int j = 0; j < n; ++j)
    for (int u = 0; u < units; ++u) {
      if (d.kept(u, j)) {
        ++kept;
        CHECK(y(u, j) == x(u, j) * (1.0 / (1.0 - p)));
      } else {
        CHECK(y(u, j) == 0.0);
      }
    }
  // 3000 Bernoulli draws: the kept share is within 0.04 of 1 - p (over 4.5 sd at p = 0.5).
  CHECK(std::abs(double(kept) / (units * n) - (1 - p)) < 0.04);
  // Another forward draws another mask.
  M y2(units, n);
  d.forward(x, y2, Mode::train);
  CHECK(y2 != y);
  // Every other mode is the identity and leaves the mask alone.
  const M mask = d.mask;
  for (Mode mode : {Mode::infer, Mode::probe, Mode::last_batch}) {
    M z(units, n);
    d.forward(x, z, mode);
    CHECK(z == x);
  }
  CHECK(d.mask == mask);
}

TEST_CASE("dropout gradient with the mask held fixed", "[grad][dropout]") {
  const int batch = GENERATE(1, 7, 32);
  Rng stream(17), rng(23 + batch);
  Dropout<double> d(5, 0.4, 32, &stream);
  M x = random_matrix(rng, 5, batch), R = random_matrix(rng, 5, batch), y(5, batch), dx(5, batch);
  const Rng start = stream;
  auto f = [&] {
    stream = start;  // the same mask every time
    d.forward(x, y, Mode::train);
    return (y.array() * R.array()).sum();
  };
  f();
  d.backward(x, y, R, dx, true);
  const M analytic = dx;
  CHECK(fd_error(x.data(), int(x.size()), analytic.data(), f) < 1e-7);
  // Dropped values pass no gradient, kept ones dy / (1 - p).
  for (int j = 0; j < batch; ++j)
    for (int u = 0; u < 5; ++u) CHECK(analytic(u, j) == (d.kept(u, j) ? R(u, j) * (1.0 / 0.6) : 0.0));
}

TEST_CASE("whole network gradients with dropout", "[grad][network][dropout]") {
  const Activation fn = GENERATE(Activation::relu, Activation::tanh);
  const int bn = GENERATE(0, 1, 2);  // none, before g, after g
  const int classes = GENERATE(2, 3);
  const int batch = 9;
  ModelConfig m;
  m.hidden = {5, 4, 3};
  m.activation = fn;
  m.batchnorm = bn > 0;
  m.bn_placement = bn == 2 ? BnPlacement::after : BnPlacement::before;
  m.init = Init::xavier;
  m.dropout = 0.3;
  Network<double> net(m, 2, classes == 2 ? 1 : classes, 7, 64, 64);
  REQUIRE(net.dropouts().size() == 3);
  Rng rng(61);
  // Biases away from 0: an example whose inputs to a layer are all dropped has
  // z = b there, and at b = 0 a ReLU sits exactly on its kink, where finite
  // differences see half a slope (the gradient, like PyTorch's, takes 0).
  for (auto& L : net.layers())
    if (auto* d = dynamic_cast<Dense<double>*>(L.get()))
      if (d->has_bias())
        for (int i = 0; i < d->out(); ++i) d->b[i] = 0.3 * rng.normal();
  M x = random_matrix(rng, 2, batch);
  std::vector<int> y(batch);
  for (int j = 0; j < batch; ++j) y[j] = j % classes;
  const LossKind loss = classes == 2 ? LossKind::bce : LossKind::softmax_ce;
  const Rng start = net.dropout_stream();
  auto f = [&] {
    net.dropout_stream() = start;  // the same masks every time
    net.input(Mode::train).leftCols(batch) = x;
    auto z = net.forward(batch, Mode::train);
    return loss_sum<double>(loss, z, y.data()).loss / batch;
  };
  f();
  net.backward(loss, batch, y.data());
  const Vec<double> analytic = net.grads();
  CHECK(fd_error(net.params().data(), int(net.params().size()), analytic.data(), f) < 1e-6);
  // The masks drop something: this is not the network without dropout.
  int dropped = 0;
  for (const Dropout<double>* d : net.dropouts())
    for (int j = 0; j < batch; ++j)
      for (int u = 0; u < d->out(); ++u) dropped += !d->kept(u, j);
  CHECK(dropped > 0);
}

TEST_CASE("no dropout layer at p = 0, and the same initial weights at any p", "[dropout]") {
  ModelConfig m;
  Network<float> plain(m, 2, 1, 11, 32, 256);
  m.dropout = 0.5;
  Network<float> dropped(m, 2, 1, 11, 32, 256);
  CHECK(plain.dropouts().empty());
  CHECK(plain.layers().size() + 3 == dropped.layers().size());
  CHECK(plain.params() == dropped.params());
  // Where the layers sit: each hidden block ends with dropout, before the next dense layer.
  for (size_t k = 0; k + 1 < dropped.layers().size(); ++k)
    if (dropped.layers()[k]->kind() == LayerKind::dropout) {
      CHECK(dropped.layers()[k - 1]->kind() == LayerKind::activation);
      CHECK(dropped.layers()[k + 1]->kind() == LayerKind::dense);
    }
  // layer_plan (the diagram's and the cost model's source) says the same.
  const std::vector<LayerSpec> plan = layer_plan(m, 2, 1);
  REQUIRE(plan.size() == dropped.layers().size());
  for (size_t k = 0; k < plan.size(); ++k)
    CHECK((plan[k].kind == LayerSpec::Kind::dropout) == (dropped.layers()[k]->kind() == LayerKind::dropout));
}

TEST_CASE("runs that differ only in dropout start alike and see the same batches, and traces carry the masks",
          "[dropout][trace]") {
  // Two runs alike but for dropout (the default preset's second run has batch norm).
  const Config c = config_with({"run.1.model.batchnorm=false", "run.1.model.dropout=0.25", "data.points=300"});
  auto e = experiment(c, true);
  e->step(40);
  const nlohmann::json t = nlohmann::json::parse(e->trace_json());
  const auto& runs = t["runs"];
  REQUIRE(runs.size() == 2);
  CHECK(runs[0]["dropout"] == 0.0);
  CHECK(runs[1]["dropout"] == 0.25);
  CHECK(runs[0]["layers"] == runs[1]["layers"]);  // the same initial weights
  REQUIRE(runs[1]["steps"].size() == 40);
  size_t kept = 0, values = 0;
  for (size_t s = 0; s < 40; ++s) {
    const auto& a = runs[0]["steps"][s];
    const auto& b = runs[1]["steps"][s];
    CHECK(a["batch"] == b["batch"]);
    CHECK(!a.contains("dropout"));
    const auto& masks = b["dropout"];
    REQUIRE(masks.size() == 3);  // one per hidden layer
    for (const auto& layer : masks) {
      REQUIRE(layer.size() == b["batch"].size());
      for (const auto& row : layer) {
        REQUIRE(row.size() == 16);
        for (const auto& v : row) {
          CHECK((v == 0 || v == 1));
          kept += v.get<int>();
          ++values;
        }
      }
    }
  }
  CHECK(std::abs(double(kept) / double(values) - 0.75) < 0.02);  // 61,440 draws
  // Deterministic: the same config and seed give the same trace, masks included.
  auto again = experiment(c, true);
  again->step(40);
  CHECK(again->trace_json() == e->trace_json());
}

TEST_CASE("measuring smoothness leaves a dropout run's trajectory unchanged, bit for bit", "[dropout][smoothness]") {
  const Config c = config_with({"model.dropout=0.3"}, "smoothness");
  auto measured = experiment(c), plain = experiment(c);
  for (int k = 0; k < 10; ++k) {
    measured->step(10);
    plain->step(10);
    for (int run = 0; run < measured->num_runs(); ++run) {
      const Result<Smoothness> s = measured->smoothness(run);
      REQUIRE(s.error == "");
      // Every loss of one measurement uses the same masks: measuring twice gives the same numbers.
      CHECK(smoothness_json(measured->smoothness(run)) == smoothness_json(s));
      CHECK(run_report_json(measured->report(run)) == run_report_json(plain->report(run)));
    }
  }
}
