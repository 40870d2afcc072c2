// What a run keeps, step by step: evaluation between a training forward and
// its backward changes no gradient.
#include <catch2/catch.hpp>
#include <cstring>

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
