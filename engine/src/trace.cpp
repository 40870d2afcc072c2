// The --trace record (docs/DESIGN.md contract): enough to replay the experiment in
// another framework. Additive fields: each run's own "train_x" (runs may differ
// in input normalization), "slope" on leaky_relu, "rms_alpha" in the optimizer,
// and "diverged_step" (null, or the step from 1 that diverged: its entry is the
// last in "steps", its update was not kept, and "final_layers" hold the state
// after the step before); "dropout" on each run (model.dropout, 0: none) and,
// when it is not 0, on each step the masks of that step's training forward,
// one per hidden layer: batch x units of 1 (kept, scaled by 1 / (1 - p)) or 0.
#include <nlohmann/json.hpp>

#include "bnlab/experiment.hpp"
#include "run.hpp"

namespace bnlab {
namespace {

nlohmann::json points_json(const Mat<Real>& x) {
  nlohmann::json a = nlohmann::json::array();
  for (Eigen::Index j = 0; j < x.cols(); ++j) a.push_back({double(x(0, j)), double(x(1, j))});
  return a;
}

}  // namespace

std::string Experiment::trace_json() const {
  using nlohmann::json;
  json t;
  t["format"] = "bnlab-trace";
  t["version"] = 1;
  t["config"] = json::parse(config_to_json(cfg_), nullptr, false);
  t["data"] = {{"train_x", points_json(runs_.front()->train_x())},
               {"train_y", data_.train.y},
               {"classes", data_.classes}};
  json runs = json::array();
  for (const auto& run : runs_) {
    const TrainConfig& tc = run->config().train;
    json steps = json::array();
    for (const auto& s : run->trace_steps()) {
      json step = {{"batch", s.batch}, {"loss", s.loss}};
      if (!s.dropout.empty()) {
        json masks = json::array();
        const size_t examples = s.batch.size();
        for (const auto& kept : s.dropout) {
          const size_t units = kept.size() / examples;
          json rows = json::array();
          for (size_t j = 0; j < examples; ++j)
            rows.push_back(std::vector<int>(kept.begin() + long(j * units), kept.begin() + long((j + 1) * units)));
          masks.push_back(std::move(rows));
        }
        step["dropout"] = std::move(masks);
      }
      steps.push_back(std::move(step));
    }
    runs.push_back({
        {"name", run->config().name},
        {"loss", run->loss_kind() == LossKind::bce ? "bce" : "softmax_ce"},
        {"optimizer",
         {{"type", to_string(tc.optimizer)}, {"learning_rate", tc.learning_rate},
          {"momentum", tc.optimizer == OptimizerKind::momentum ? tc.momentum : 0.0},
          {"beta1", tc.beta1}, {"beta2", tc.beta2}, {"eps", tc.eps}, {"l2", tc.l2},
          {"rms_alpha", tc.rms_alpha}}},
        {"train_x", points_json(run->train_x())},
        {"dropout", run->config().model.dropout},
        {"layers", json::parse(run->initial_layers_json(), nullptr, false)},
        {"steps", std::move(steps)},
        {"final_layers", json::parse(run->layers_json(), nullptr, false)},
        {"diverged_step", run->diverged() ? json(run->diverged_step()) : json(nullptr)},
    });
  }
  t["runs"] = std::move(runs);
  return t.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace bnlab
