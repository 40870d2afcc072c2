#include "bnlab/report_json.hpp"

#include <nlohmann/json.hpp>

namespace bnlab {
namespace {

using nlohmann::json;

// Run names and messages are UTF-8 by validation; should one not be, U+FFFD
// replaces the bytes instead of an exception (an abort in the WASM build).
std::string text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// nlohmann serializes NaN and +-Inf as null, which is what the page expects for
// a diverged run; no special casing needed here.
json to_json(const RunReport& r) {
  json preact = json::array();
  for (const Percentiles& p : r.preact) preact.push_back({p.p15, p.p50, p.p85});
  json z_before_bn = json::array();
  for (const Percentiles& p : r.z_before_bn) z_before_bn.push_back({p.p15, p.p50, p.p85});

  json bn = json::array();
  for (const BnReport& b : r.bn) {
    bn.push_back({{"layer", b.layer},
                  {"batchMean", b.batch_mean},
                  {"batchVar", b.batch_var},
                  {"runningMean", b.running_mean},
                  {"runningVar", b.running_var},
                  {"gamma", b.gamma},
                  {"beta", b.beta}});
  }

  return {{"name", r.name},
          {"step", r.step},
          {"epoch", r.epoch},
          {"diverged", r.diverged},
          {"divergedStep", r.diverged_step},
          {"lastGoodStep", r.last_good_step},
          {"trainLoss", r.train_loss},
          {"testLoss", r.test_loss},
          {"trainAcc", r.train_acc},
          {"testAcc", r.test_acc},
          {"batchLoss", r.batch_loss},
          {"preact", std::move(preact)},
          {"zBeforeBn", std::move(z_before_bn)},
          {"bn", std::move(bn)},
          {"standardized", r.standardized},
          {"inputMean", {r.input_mean[0], r.input_mean[1]}},
          {"inputStd", {r.input_std[0], r.input_std[1]}}};
}

// "inputs, inspector" -> ["inputs", "inspector"]
json split_views(const std::string& views) {
  json out = json::array();
  std::string item;
  for (size_t i = 0; i <= views.size(); ++i) {
    if (i == views.size() || views[i] == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (views[i] != ' ') {
      item += views[i];
    }
  }
  return out;
}

}  // namespace

std::string run_report_json(const RunReport& r) { return text(to_json(r)); }

std::string experiment_report_json(const Experiment& e) {
  json runs = json::array();
  for (int i = 0; i < e.num_runs(); ++i) runs.push_back(to_json(e.report(i)));
  return text(json{{"step", e.step_count()}, {"runs", std::move(runs)}});
}

std::string presets_json() {
  json out = json::array();
  for (const Preset& p : presets()) {
    json config = json::parse(p.json, nullptr, false);
    // A preset's JSON is part of the engine and covered by its tests; should one
    // ever fail to parse, show it as an empty object rather than abort.
    if (config.is_discarded()) config = json::object();
    out.push_back({{"name", p.name},
                   {"title", p.title},
                   {"description", p.description},
                   {"look", p.look},
                   {"views", split_views(p.views)},
                   {"lesson", p.lesson},
                   {"source", p.source},
                   {"formulaNote", p.formula_note},
                   {"compares", p.compares},
                   {"speed", p.speed > 0 ? json(p.speed) : json(nullptr)},
                   {"stop", p.stop > 0 ? json(p.stop) : json(nullptr)},
                   {"config", std::move(config)}});
  }
  return text(out);
}

std::string bn_inspect_json(const Result<BnInspect>& r) {
  if (!r.ok()) return text(json{{"error", r.error}});
  const BnInspect& b = r.value;
  return text(json{{"error", ""},
              {"layer", b.layer},
              {"unit", b.unit},
              {"examples", b.examples},
              {"z", b.z},
              {"zNorm", b.z_norm},
              {"zTilde", b.z_tilde},
              {"mu", b.mu},
              {"var", b.var},
              {"eps", b.eps},
              {"gamma", b.gamma},
              {"beta", b.beta},
              {"formula", b.formula},
              {"affine", b.affine},
              {"scaleProbe", b.scale_probe},
              {"zNormStd", b.z_norm_std},
              {"zNormStdScaled", b.z_norm_std_scaled},
              {"hasBias", b.has_bias},
              {"bias", b.bias},
              {"biasGrad", b.bias_grad},
              {"biasMoved", b.bias_moved},
              {"weightsMoved", b.weights_moved}});
}

std::string smoothness_json(const Result<Smoothness>& r) {
  if (!r.ok()) return text(json{{"error", r.error}});
  const Smoothness& s = r.value;
  return text(json{{"error", ""},
              {"loss", s.loss},
              {"stepSizes", s.step_sizes},
              {"losses", s.losses},
              {"lossVariation", s.loss_variation},
              {"gradNorm", s.grad_norm},
              {"gradChange", s.grad_change},
              {"beta", s.beta}});
}

std::string batch_noise_json(const Result<std::vector<double>>& r) {
  if (!r.ok()) return text(json{{"error", r.error}});
  return text(json{{"error", ""}, {"zNorm", r.value}});
}

}  // namespace bnlab
