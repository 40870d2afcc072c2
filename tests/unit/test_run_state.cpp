// What a run keeps, step by step: evaluation between a training forward and
// its backward changes no gradient; divergence is found at the first
// non-finite loss, parameter or statistic (or evaluation); and a diverged run
// keeps its last finite state, bit for bit the state of a twin run stopped
// there.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "bnlab/config.hpp"
#include "bnlab/experiment.hpp"
#include "run.hpp"

using namespace bnlab;

namespace {

// The default preset with "key=value" settings, as `bnlab run --set` builds it.
Config preset_with(std::vector<std::string> sets, const std::string& name = "default") {
  const Preset* p = find_preset(name);
  REQUIRE(p != nullptr);
  Result<std::string> text = apply_sets(p->json, sets);
  REQUIRE(text.ok());
  Result<Config> cfg = parse_config(text.value);
  REQUIRE(cfg.ok());
  return cfg.value;
}

template <class V>
bool same_bits(const V& a, const V& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(a[0]) * size_t(a.size())) == 0;
}

bool all_finite(const std::vector<double>& v) {
  for (double x : v)
    if (!std::isfinite(x)) return false;
  return true;
}

std::vector<float> grid_of(Run& run, const Dataset& d, GridMode mode, int channels) {
  std::vector<float> g(size_t(24 * 20 * channels));
  run.grid(d, 24, 20, mode, g.data());
  return g;
}

// Parameters and every BN statistic of two runs, bit for bit.
void check_same_state(Run& a, Run& b) {
  CHECK(same_bits(a.net().params(), b.net().params()));
  const auto &bna = a.net().batchnorms(), &bnb = b.net().batchnorms();
  REQUIRE(bna.size() == bnb.size());
  for (size_t i = 0; i < bna.size(); ++i) {
    CHECK(same_bits(bna[i]->running_mean, bnb[i]->running_mean));
    CHECK(same_bits(bna[i]->running_var, bnb[i]->running_var));
    CHECK(same_bits(bna[i]->batch_mean, bnb[i]->batch_mean));
    CHECK(same_bits(bna[i]->batch_var, bnb[i]->batch_var));
  }
}

// What every report of the CLI and the page relies on: a diverged run has no
// losses and a finite last state, a live run has finite losses.
void check_report(const RunReport& r) {
  INFO("run '" << r.name << "' at step " << r.step);
  if (r.diverged) {
    CHECK(r.diverged_step >= 1);
    CHECK(r.step == r.diverged_step);
    CHECK(r.last_good_step == r.diverged_step - 1);
    CHECK(std::isnan(r.train_loss));
    CHECK(std::isnan(r.test_loss));
    CHECK(std::isnan(r.batch_loss));
  } else {
    CHECK(r.diverged_step == -1);
    CHECK(r.last_good_step == r.step);
    CHECK(std::isfinite(r.train_loss));
    CHECK(std::isfinite(r.test_loss));
    CHECK(std::isfinite(r.batch_loss));
  }
  for (const Percentiles& p : r.preact) CHECK((std::isfinite(p.p15) && std::isfinite(p.p50) && std::isfinite(p.p85)));
  for (const BnReport& b : r.bn) {
    CHECK(all_finite(b.running_mean));
    CHECK(all_finite(b.running_var));
    CHECK(all_finite(b.batch_mean));
    CHECK(all_finite(b.batch_var));
    CHECK(all_finite(b.gamma));
    CHECK(all_finite(b.beta));
  }
}

}  // namespace

TEST_CASE("evaluating between a training forward and its backward changes no gradient", "[run][state]") {
  const std::vector<std::string> sets = GENERATE(
      std::vector<std::string>{"train.learning_rate=0.1"},
      std::vector<std::string>{"model.bn_placement=after", "model.activation=tanh"},
      // A mini-batch wider than an evaluation chunk (256 columns).
      std::vector<std::string>{"data.points=1000", "train.batch_size=300"},
      std::vector<std::string>{"data.name=blobs", "train.optimizer=adam", "train.learning_rate=0.01"});
  INFO(sets.back());
  const Config cfg = preset_with(sets);
  const Dataset data = make_dataset(cfg.data, cfg.seed);
  const int channels = data.classes == 2 ? 1 : data.classes;
  for (const RunConfig& rc : cfg.runs) {  // without and with batch norm
    INFO(rc.name);
    Run quiet(rc, data, cfg.seed, false), busy(rc, data, cfg.seed, false);
    const bool bn = !busy.net().batchnorms().empty();
    for (int s = 0; s < 12; ++s) {
      quiet.begin_step();
      busy.begin_step();
      for (GridMode m : {GridMode::inference, GridMode::last_batch, GridMode::single}) grid_of(busy, data, m, channels);
      busy.report();
      if (bn) {
        REQUIRE(busy.inspect(0, 1).ok());
        REQUIRE(busy.batch_noise(0, 1, 5, 3).ok());
      }
      quiet.end_step();
      busy.end_step();
      REQUIRE(!quiet.diverged());
      CHECK(same_bits(quiet.net().grads(), busy.net().grads()));
      check_same_state(quiet, busy);
    }
  }
}

TEST_CASE("a diverged run keeps its last finite state", "[run][divergence]") {
  // L2 1 at learning rate 10 multiplies the weights by about -9 a step: the BN
  // run's running variance overflows while its batch loss stays finite.
  const Config cfg = preset_with({"train.l2=1", "train.learning_rate=10"});
  const Dataset data = make_dataset(cfg.data, cfg.seed);
  const int channels = data.classes == 2 ? 1 : data.classes;
  for (const RunConfig& rc : cfg.runs) {
    INFO(rc.name);
    Run run(rc, data, cfg.seed, false);
    run.train(100);
    REQUIRE(run.diverged());
    const RunReport r = run.report();
    check_report(r);
    REQUIRE(r.last_good_step >= 1);

    // A twin stopped at the last good step: the same state, grids, inspector.
    Run twin(rc, data, cfg.seed, false);
    twin.train(int(r.last_good_step));
    REQUIRE(!twin.diverged());
    check_same_state(run, twin);
    for (GridMode m : {GridMode::inference, GridMode::last_batch}) {
      const std::vector<float> g = grid_of(run, data, m, channels);
      CHECK(g == grid_of(twin, data, m, channels));
      for (float v : g) REQUIRE(std::isfinite(v));
    }
    if (!run.net().batchnorms().empty()) {
      auto a = run.inspect(0, 2), b = twin.inspect(0, 2);
      REQUIRE(a.ok());
      CHECK(a.value.examples == b.value.examples);
      CHECK(a.value.z == b.value.z);
      CHECK(a.value.z_tilde == b.value.z_tilde);
    }
    // It takes no more steps.
    run.train(10);
    CHECK(run.report().step == r.step);
  }
}

TEST_CASE("divergence regressions: the commands that printed nan", "[run][divergence]") {
  struct Case {
    std::vector<std::string> sets;
    int steps;
    std::vector<int> diverged;  // runs expected to diverge
  };
  const Case c = GENERATE(
      // bnlab run --steps 4 --set train.learning_rate=10 --set model.activation=linear
      Case{{"train.learning_rate=10", "model.activation=linear"}, 4, {0}},
      // bnlab run --steps 30 --set train.l2=1 --set train.learning_rate=10
      Case{{"train.l2=1", "train.learning_rate=10"}, 30, {0, 1}});
  INFO(c.sets[0] << " " << c.sets[1]);
  auto created = Experiment::create(preset_with(c.sets), true);
  REQUIRE(created.ok());
  Experiment& e = *created.value;
  // The CLI's cadence: a report at step 0, then every 10 steps and at the end.
  for (int i = 0; i < e.num_runs(); ++i) check_report(e.report(i));
  for (int done = 0; done < c.steps;) {
    const int k = std::min(10, c.steps - done);
    e.step(k);
    done += k;
    for (int i = 0; i < e.num_runs(); ++i) check_report(e.report(i));
  }
  for (int i = 0; i < e.num_runs(); ++i)
    CHECK(e.report(i).diverged == (std::find(c.diverged.begin(), c.diverged.end(), i) != c.diverged.end()));
  // The trace says where each run diverged; its final layers are the last finite state.
  const nlohmann::json t = nlohmann::json::parse(e.trace_json());
  for (int i = 0; i < e.num_runs(); ++i) {
    const RunReport r = e.report(i);
    const nlohmann::json& run = t["runs"][size_t(i)];
    if (r.diverged) {
      CHECK(run["diverged_step"] == r.diverged_step);
      CHECK(run["steps"].size() >= size_t(r.diverged_step));
    } else {
      CHECK(run["diverged_step"].is_null());
    }
    for (const auto& layer : run["final_layers"])  // NaN would be null
      for (const char* key : {"weight", "bias", "gamma", "beta", "running_mean", "running_var"})
        if (layer.contains(key) && !(key == std::string("bias") && layer[key].is_null()))
          CHECK(layer[key].dump().find("null") == std::string::npos);
  }
}

TEST_CASE("a finite state that evaluates to a non-finite loss has diverged", "[run][divergence]") {
  const Config cfg = preset_with({"model.batchnorm=false"});
  const Dataset data = make_dataset(cfg.data, cfg.seed);
  const RunConfig& rc = cfg.runs[0];
  Run run(rc, data, cfg.seed, false), twin(rc, data, cfg.seed, false);
  run.train(5);
  twin.train(4);
  // Finite weights so large that the first layer's outputs overflow.
  Vec<Real>& p = run.net().params();
  for (Eigen::Index i = 0; i < p.size(); ++i) p[i] = p[i] >= 0 ? Real(3e38) : Real(-3e38);
  const RunReport r = run.report();
  CHECK(r.diverged);
  CHECK(r.diverged_step == 5);
  CHECK(r.last_good_step == 4);
  check_report(r);
  check_same_state(run, twin);  // the state before, restored
}
