// The whole-config limits: the cost estimate against what an experiment
// really allocates, presets and the page's controls well inside the limits,
// hostile configs rejected with a message naming what to reduce, a config at
// the limit accepted; and the layer plan as the network is built from it.
#include <catch2/catch.hpp>

#include <malloc.h>

#include <string>
#include <vector>

#include "bnlab/config.hpp"
#include "bnlab/experiment.hpp"
#include "bnlab/nn/network.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define BNLAB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BNLAB_ASAN 1
#endif
#endif
#if BNLAB_ASAN
#include <sanitizer/allocator_interface.h>
#endif

using namespace bnlab;

namespace {

Config parse_ok(const std::string& text) {
  Result<Config> r = parse_config(text);
  INFO(text << " -> " << r.error);
  REQUIRE(r.ok());
  return r.value;
}

std::string with_sets(const std::string& base, const std::vector<std::string>& sets) {
  Result<std::string> r = apply_sets(base, sets);
  INFO(r.error);
  REQUIRE(r.ok());
  return r.value;
}

std::string runs_json(int n) {
  std::string runs;
  for (int i = 0; i < n; ++i) runs += (i ? "," : "") + std::string(R"({"name":"r)") + std::to_string(i) + "\"}";
  return "[" + runs + "]";
}

// The issue's config: 4.6 GB and minutes per step before the limits.
const std::vector<std::string> kHostile = {"model.hidden=512,512,512,512,512,512,512,512,512,512,512,512",
                                           "data.points=20000", "data.test_fraction=0.05", "train.batch_size=19000"};

// Bytes the program has allocated and not freed: glibc's count, or under
// AddressSanitizer (./build.sh sanitize), whose allocator glibc does not see,
// the sanitizer's own.
size_t heap_in_use() {
#if BNLAB_ASAN
  return __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
#endif
}

}  // namespace

TEST_CASE("the layer plan is the network: order, sizes and the bias rule", "[config][cost]") {
  for (const char* variant : {"off", "before", "after", "off+dropout", "after+dropout"}) {
    INFO(variant);
    const std::string v = variant;
    ModelConfig m;
    m.dropout = v.find("dropout") != std::string::npos ? 0.25 : 0;
    m.hidden = {5, 3};
    m.batchnorm = v.rfind("off", 0) != 0;
    m.bn_placement = v.rfind("after", 0) == 0 ? BnPlacement::after : BnPlacement::before;
    m.activation = Activation::tanh;
    const std::vector<LayerSpec> plan = layer_plan(m, 2, 4);
    Network<float> net(m, 2, 4, 1, 8, 8);
    REQUIRE(plan.size() == net.layers().size());
    for (size_t k = 0; k < plan.size(); ++k) {
      const Layer<float>& L = *net.layers()[k];
      CHECK(L.out() == plan[k].out);
      if (plan[k].kind == LayerSpec::Kind::dense) {
        const auto* d = dynamic_cast<const Dense<float>*>(&L);
        REQUIRE(d != nullptr);
        CHECK(d->in() == plan[k].in);
        CHECK(d->has_bias() == plan[k].bias);
      } else if (plan[k].kind == LayerSpec::Kind::batchnorm) {
        CHECK(L.kind() == LayerKind::batchnorm);
      } else if (plan[k].kind == LayerSpec::Kind::dropout) {
        CHECK(L.kind() == LayerKind::dropout);
        CHECK(k + 1 < plan.size());  // never after the output layer
      } else {
        const auto* a = dynamic_cast<const ActivationLayer<float>*>(&L);
        REQUIRE(a != nullptr);
        CHECK(a->fn() == Activation::tanh);
      }
    }
    // The rule itself: no bias exactly where a BN follows the dense layer.
    for (size_t k = 0; k + 1 < plan.size(); ++k)
      if (plan[k].kind == LayerSpec::Kind::dense)
        CHECK(plan[k].bias == (plan[k + 1].kind != LayerSpec::Kind::batchnorm));
    CHECK(plan.back().kind == LayerSpec::Kind::dense);
    CHECK(plan.back().bias);
    CHECK(plan.back().out == 4);
  }
}

TEST_CASE("the byte estimate follows what an experiment allocates", "[config][cost]") {
  // Natively the buffers have the WASM build's sizes (float, int); pointers
  // and allocator overheads differ a little. The estimate may err high, not low.
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"model.hidden=256,256,256", "model.batchnorm=true"},
      {"model.hidden=64,64,64,64,64,64", "train.batch_size=1024", "data.points=4000", "train.optimizer=adam"},
      {"data.points=20000", "model.hidden=8", "train.batch_size=4000"},
      {"data.name=blobs", "model.hidden=128,128", "runs=" + runs_json(8)},
      {"model.hidden=128,128,128", "model.bn_affine=false", "model.bn_bias=true", "model.bn_formula=notes"},  // bn knobs
      {"model.hidden=128,128,128", "model.dropout=0.5", "train.batch_size=512", "data.points=2000"},
  };
  for (const auto& sets : cases) {
    Config c = parse_ok(with_sets("{}", sets));
    INFO(with_sets("{}", sets));
    malloc_trim(0);
    const size_t before = heap_in_use();
    {
      auto e = Experiment::create(c);
      REQUIRE(e.ok());
      e.value->step(3);
      e.value->report(0);
      e.value->grid(0, limits::grid_side, limits::grid_side, GridMode::inference);
      const double used = double(heap_in_use() - before);
      const Cost cost = estimate_cost(c);
      const double estimated = cost.bytes - cost.base_bytes;
      INFO("used " << used << " estimated " << estimated);
      CHECK(estimated >= 0.9 * used);
      CHECK(estimated <= 1.3 * used + 1e6);
    }
  }
}

TEST_CASE("every preset stays well inside the limits", "[config][cost]") {
  for (const Preset& p : presets()) {
    INFO(p.name);
    const Cost c = estimate_cost(parse_ok(p.json));
    CHECK(c.bytes <= 0.25 * limits::max_bytes);
    CHECK(c.step_flops <= 0.25 * limits::max_step_flops);
    CHECK(c.snapshot_flops() <= 0.25 * limits::max_snapshot_flops);
  }
}

TEST_CASE("the page's controls at their maxima fit where they are meant to be usable", "[config][cost]") {
  // web/controls.js: points up to 2000, test fraction from 0.1, batch size up
  // to the whole train set, on every preset; the network editor's test shape.
  for (const Preset& p : presets()) {
    INFO(p.name);
    const std::string all = with_sets(p.json, {"data.points=2000", "data.test_fraction=0.1", "train.batch_size=1800"});
    Result<Config> c = parse_config(all);
    // Presets whose runs set their own batch size keep it; the shared one is at the maximum.
    INFO(c.error);
    CHECK(c.ok());
  }
  CHECK(parse_config(with_sets(find_preset("default")->json, {"model.hidden=64,64,64,64,64,64,64,64"})).ok());
  CHECK(parse_config(with_sets(find_preset("default")->json, {"model.hidden=128,128,128,128"})).ok());
  CHECK(parse_config(with_sets(find_preset("default")->json, {"model.hidden=256,256"})).ok());
}

TEST_CASE("configs too large as a whole are rejected, naming what to reduce", "[config][cost]") {
  const std::string hostile = with_sets("{}", kHostile);
  std::string error = parse_config(hostile).error;
  INFO(error);
  CHECK(error.rfind("experiment: too large: about ", 0) == 0);
  CHECK(error.find("GB of memory") != std::string::npos);
  CHECK(error.find("reduce model.hidden, train.batch_size, data.points or the number of runs") != std::string::npos);
  CHECK(error.find('\n') == std::string::npos);
  CHECK(parse_config(with_sets(hostile, {"runs=" + runs_json(16)})).error.rfind("experiment: too large", 0) == 0);
  // One axis at a time from the default: each alone can be too much.
  CHECK(parse_config(with_sets("{}", {"model.hidden=512,512,512,512,512,512,512,512,512,512,512,512"})).error.rfind(
            "experiment: too large", 0) == 0);
  CHECK(parse_config(with_sets("{}", {"model.hidden=512,512", "data.points=20000", "train.batch_size=9000"}))
            .error.rfind("experiment: too large", 0) == 0);
  // The lenient hash path keeps the rest and names the setting.
  LenientResult lenient = apply_sets_lenient("{}", {"data.name=xor", kHostile[0]});
  REQUIRE(lenient.errors.size() == 1);
  CHECK(lenient.errors[0].rfind("model.hidden: [512,", 0) == 0);
  CHECK(lenient.errors[0].find("experiment: too large") != std::string::npos);
  CHECK(parse_ok(lenient.json).data.name == DatasetKind::xor_);
}

TEST_CASE("a config at the limit is accepted, one a little larger is not", "[config][cost]") {
  // Grow one knob until the limit: batch size (the step), points (the report), width (everything).
  struct Knob {
    std::string base;
    std::string key;
    int lo, hi;
  };
  const std::vector<Knob> knobs = {
      {with_sets("{}", {"model.hidden=128,128,128", "model.batchnorm=true", "data.points=20000", "data.test_fraction=0.05"}), "train.batch_size", 2,
       19000},
      {with_sets("{}", {"model.hidden=64,64,64,64", "runs=" + runs_json(16)}), "data.points", 100, 20000},
      {with_sets("{}", {"data.points=4000"}), "model.hidden", 1, 512},
  };
  for (const Knob& k : knobs) {
    INFO(k.key);
    auto accepted = [&](int v) {
      std::string value = std::to_string(v);
      if (k.key == "model.hidden") value = value + "," + value + "," + value;
      return parse_config(with_sets(k.base, {k.key + "=" + value})).ok();
    };
    REQUIRE(accepted(k.lo));
    REQUIRE_FALSE(accepted(k.hi));
    int lo = k.lo, hi = k.hi;  // accepted(lo), !accepted(hi)
    while (hi - lo > 1) {
      int mid = (lo + hi) / 2;
      (accepted(mid) ? lo : hi) = mid;
    }
    INFO("largest accepted " << lo);
    std::string value = std::to_string(lo);
    if (k.key == "model.hidden") value = value + "," + value + "," + value;
    const Cost c = estimate_cost(parse_ok(with_sets(k.base, {k.key + "=" + value})));
    // At the limit: some limit is nearly used up, none exceeded.
    const double used = std::max({c.bytes / limits::max_bytes, c.step_flops / limits::max_step_flops,
                                  c.snapshot_flops() / limits::max_snapshot_flops});
    CHECK(used <= 1.0);
    CHECK(used >= 0.97);
  }
}
