// Experiments: fair comparisons (same initial weights, same batches),
// determinism, divergence handling, reports and grids.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "bnlab/experiment.hpp"

using namespace bnlab;
using nlohmann::json;

namespace {
Config two_runs(uint64_t seed = 3) {
  Config c;
  c.seed = seed;
  c.data.name = DatasetKind::spiral;
  c.data.points = 300;
  RunConfig a, b;
  a.name = "without BN";
  b.name = "with BN";
  b.model.batchnorm = true;
  c.runs = {a, b};
  return c;
}
std::unique_ptr<Experiment> make(const Config& c, bool trace = false) {
  auto r = Experiment::create(c, trace);
  REQUIRE(r.ok());
  return std::move(r.value);
}
json dense_weights(const json& layers) {
  json w = json::array();
  for (auto& l : layers)
    if (l["type"] == "dense") w.push_back(l["weight"]);
  return w;
}
}  // namespace

TEST_CASE("runs start from identical dense weights and see identical batches", "[experiment]") {
  auto e = make(two_runs(), true);
  e->step(25);
  json t = json::parse(e->trace_json());
  const json& r0 = t["runs"][0];
  const json& r1 = t["runs"][1];
  CHECK(dense_weights(r0["layers"]) == dense_weights(r1["layers"]));
  REQUIRE(r0["steps"].size() == 25);
  for (int s = 0; s < 25; ++s) CHECK(r0["steps"][s]["batch"] == r1["steps"][s]["batch"]);
  // The BN run's dense layers feeding a BN have no bias.
  int biasless = 0;
  for (auto& l : r1["layers"])
    if (l["type"] == "dense" && l["bias"].is_null()) ++biasless;
  CHECK(biasless == 3);
}

TEST_CASE("every example is seen once per epoch, in a new order each epoch", "[experiment]") {
  Config c = two_runs();
  c.runs.resize(1);
  c.runs[0].train.batch_size = 30;  // 150 training points: 5 batches an epoch
  auto e = make(c, true);
  e->step(10);
  json steps = json::parse(e->trace_json())["runs"][0]["steps"];
  std::vector<int> epoch0, epoch1;
  for (int s = 0; s < 10; ++s)
    for (int i : steps[s]["batch"]) (s < 5 ? epoch0 : epoch1).push_back(i);
  CHECK(epoch0 != epoch1);
  std::sort(epoch0.begin(), epoch0.end());
  std::sort(epoch1.begin(), epoch1.end());
  for (int i = 0; i < 150; ++i) {
    CHECK(epoch0[i] == i);
    CHECK(epoch1[i] == i);
  }
}

TEST_CASE("the same seed gives an identical trace, another seed differs", "[experiment][determinism]") {
  auto a = make(two_runs(5), true), b = make(two_runs(5), true), c = make(two_runs(6), true);
  a->step(40);
  b->step(40);
  c->step(40);
  CHECK(a->trace_json() == b->trace_json());
  CHECK(a->trace_json() != c->trace_json());
}

TEST_CASE("a diverging run stops and is marked, the others go on", "[experiment][divergence]") {
  Config c = two_runs();
  c.runs[0].train.learning_rate = 1e4;  // without BN: explodes
  c.runs[0].model.activation = Activation::linear;
  c.runs[1].train.learning_rate = 0.1;
  auto e = make(c);
  e->step(200);
  RunReport bad = e->report(0), good = e->report(1);
  REQUIRE(bad.diverged);
  CHECK(bad.diverged_step >= 0);
  CHECK(bad.step == bad.diverged_step);  // no update after the non-finite loss
  CHECK(std::isnan(bad.test_loss));
  CHECK_FALSE(good.diverged);
  CHECK(good.step == 200);
  CHECK(std::isfinite(good.test_loss));
}

namespace {
// numpy's default percentile (linear between order statistics).
double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * double(v.size() - 1);
  const size_t lo = size_t(std::floor(pos));
  return lo + 1 < v.size() ? v[lo] + (pos - double(lo)) * (v[lo + 1] - v[lo]) : v[lo];
}

// The probe forward recomputed in double from a trace's final parameters,
// independently of the engine's layers: the first `probe` training inputs,
// batch norm with that batch's own statistics (biased variance). Returns each
// hidden layer's pre-activations (the input of its activation), pooled.
std::vector<std::vector<double>> probe_preactivations(const json& run, int probe) {
  const json& x = run["train_x"];
  auto a = std::vector<std::vector<double>>(size_t(probe));  // a[j]: example j's current values
  for (int j = 0; j < probe; ++j) a[size_t(j)] = {x[j][0].get<double>(), x[j][1].get<double>()};
  std::vector<std::vector<double>> pre;
  for (const json& layer : run["final_layers"]) {
    const std::string type = layer["type"];
    if (type == "dense") {
      for (auto& v : a) {
        std::vector<double> out;
        for (size_t o = 0; o < layer["weight"].size(); ++o) {
          double z = layer["bias"].is_null() ? 0.0 : layer["bias"][o].get<double>();
          for (size_t i = 0; i < v.size(); ++i) z += layer["weight"][o][i].get<double>() * v[i];
          out.push_back(z);
        }
        v = out;
      }
    } else if (type == "batchnorm") {
      const double eps = layer["eps"];
      for (size_t f = 0; f < a[0].size(); ++f) {
        double mu = 0, var = 0;
        for (auto& v : a) mu += v[f];
        mu /= probe;
        for (auto& v : a) var += (v[f] - mu) * (v[f] - mu);
        var /= probe;
        for (auto& v : a)
          v[f] = layer["gamma"][f].get<double>() * (v[f] - mu) / std::sqrt(var + eps) + layer["beta"][f].get<double>();
      }
    } else {
      REQUIRE(layer["fn"] == "relu");
      pre.emplace_back();
      for (auto& v : a)
        for (double& z : v) pre.back().push_back(z), z = std::max(z, 0.0);
    }
  }
  return pre;
}
}  // namespace

TEST_CASE("reports: losses, accuracy, percentiles, BN statistics", "[experiment]") {
  auto e = make(two_runs(), /*trace=*/true);
  RunReport before = e->report(1);
  e->step(300);
  RunReport r = e->report(1);
  CHECK(r.step == 300);
  CHECK(r.epoch == Approx(300.0 * 32 / 150));
  CHECK(r.train_loss < before.train_loss);
  CHECK(r.train_acc >= 0.0);
  CHECK(r.train_acc <= 1.0);
  REQUIRE(r.preact.size() == 3);
  for (auto& p : r.preact) {
    CHECK(p.p15 <= p.p50);
    CHECK(p.p50 <= p.p85);
  }
  REQUIRE(r.bn.size() == 3);
  CHECK(r.bn[0].gamma.size() == 16);
  CHECK(r.bn[0].running_var[0] > 0);
  CHECK(e->report(0).bn.empty());
  // The percentiles are those of the layers' own outputs on the probe batch
  // (with BN before the activation: gamma * z_norm + beta, with the probe
  // batch's statistics), recomputed from the trace's parameters.
  const json trace = json::parse(e->trace_json());
  for (int run = 0; run < 2; ++run) {
    const RunReport rep = e->report(run);
    const auto pre = probe_preactivations(trace["runs"][run], 150);  // 150 training points
    REQUIRE(pre.size() == rep.preact.size());
    for (size_t h = 0; h < pre.size(); ++h) {
      INFO("run " << run << ", hidden layer " << h);
      const Percentiles& p = rep.preact[h];
      CHECK(p.p15 == Approx(percentile(pre[h], 0.15)).epsilon(1e-4).margin(1e-4));
      CHECK(p.p50 == Approx(percentile(pre[h], 0.50)).epsilon(1e-4).margin(1e-4));
      CHECK(p.p85 == Approx(percentile(pre[h], 0.85)).epsilon(1e-4).margin(1e-4));
    }
  }
}

TEST_CASE("decision grids hold probabilities, BN modes differ", "[experiment][grid]") {
  auto e = make(two_runs());
  e->step(50);
  const int w = 40, h = 30;
  std::vector<float> inf(e->grid(1, w, h, GridMode::inference), e->grid(1, w, h, GridMode::inference) + w * h);
  const float* last = e->grid(1, w, h, GridMode::last_batch);
  double diff = 0;
  for (int i = 0; i < w * h; ++i) {
    REQUIRE(inf[i] >= 0.0f);
    REQUIRE(inf[i] <= 1.0f);
    diff = std::max(diff, double(std::abs(inf[i] - last[i])));
  }
  CHECK(diff > 1e-4);
  // Three classes: three probabilities per cell summing to one.
  Config c = two_runs();
  c.data.name = DatasetKind::blobs;
  auto b = make(c);
  b->step(20);
  REQUIRE(b->grid_channels() == 3);
  const float* g = b->grid(0, 8, 8, GridMode::inference);
  for (int i = 0; i < 64; ++i) CHECK(g[3 * i] + g[3 * i + 1] + g[3 * i + 2] == Approx(1.0).epsilon(1e-5));
}

TEST_CASE("batch-norm inspector writes out one unit on the last batch", "[experiment][lessons]") {
  auto e = make(two_runs());
  e->step(30);
  auto r = e->inspect(1, 2, 5);
  REQUIRE(r.ok());
  const BnInspect& b = r.value;
  REQUIRE(b.z.size() == 32);
  double mu = 0;
  for (double v : b.z) mu += v;
  mu /= 32;
  double var = 0;
  for (double v : b.z) var += (v - mu) * (v - mu);
  var /= 32;
  CHECK(b.mu == Approx(mu));
  CHECK(b.var == Approx(var));
  for (size_t j = 0; j < 32; ++j) {
    CHECK(b.z_norm[j] == Approx((b.z[j] - mu) / std::sqrt(var + b.eps)));
    CHECK(b.z_tilde[j] == Approx(b.gamma * b.z_norm[j] + b.beta));
  }
  RunReport rep = e->report(1);
  CHECK(b.gamma == Approx(rep.bn[2].gamma[5]));
  // Bad selections are messages, not crashes.
  CHECK(e->inspect(0, 0, 0).error.rfind("bn:", 0) == 0);  // run without BN
  CHECK(e->inspect(1, 3, 0).error.rfind("bn:", 0) == 0);
  CHECK(e->inspect(1, 0, 16).error.rfind("unit:", 0) == 0);
  CHECK(e->inspect(7, 0, 0).error.rfind("run:", 0) == 0);
}

TEST_CASE("batch noise: small batches move an example's z_norm more", "[experiment][lessons]") {
  auto spread = [](int batch) {
    Config c = two_runs();
    for (auto& r : c.runs) r.train.batch_size = batch;
    auto e = make(c);
    e->step(50);
    auto r = e->batch_noise(1, 0, 3, 7, 200);
    REQUIRE(r.ok());
    double m = 0, s = 0;
    for (double v : r.value) m += v;
    m /= double(r.value.size());
    for (double v : r.value) s += (v - m) * (v - m);
    return std::sqrt(s / double(r.value.size()));
  };
  const double small = spread(4), large = spread(128);
  CHECK(small > 2 * large);
  CHECK(large > 0);
}

TEST_CASE("single-example grid: batch norm with a batch of one predicts a constant", "[experiment][lessons]") {
  auto e = make(two_runs());
  e->step(100);
  const float* g = e->grid(1, 16, 16, GridMode::single);
  std::vector<float> single(g, g + 256);
  for (float v : single) CHECK(v == Approx(single[0]).margin(1e-6));
  const float* inf = e->grid(1, 16, 16, GridMode::inference);
  float lo = 1, hi = 0;
  for (int i = 0; i < 256; ++i) lo = std::min(lo, inf[i]), hi = std::max(hi, inf[i]);
  CHECK(hi - lo > 0.2f);  // the real boundary is not constant
}

TEST_CASE("reports carry the input statistics", "[experiment][lessons]") {
  Config c = two_runs();
  c.data.shift[0] = 50;
  c.data.scale[0] = 10;
  c.runs[1].standardize = false;
  auto e = make(c);
  RunReport a = e->report(0), b = e->report(1);
  CHECK(a.standardized);
  CHECK_FALSE(b.standardized);
  CHECK(a.input_mean[0] == Approx(b.input_mean[0]));
  CHECK(a.input_mean[0] > 40);
  CHECK(a.input_std[0] > 5 * a.input_std[1]);
}
