#include "bnlab/experiment.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "run.hpp"

namespace bnlab {
namespace {

// The config's checks that depend on the number of points, again for custom
// points (the config was validated with its own data.points).
std::string check_custom_split(const Config& c) {
  const int n = c.data.points, n_train = c.train_size(), n_test = n - n_train;
  if (n_train < 1 || n_test < 1) {
    char fraction[32];
    std::snprintf(fraction, sizeof fraction, "%.10g", c.data.test_fraction);
    return std::string("data.test_fraction: ") + fraction + " leaves " + (n_test < 1 ? "no test" : "no train") +
           " points out of the data's " + std::to_string(n) +
           " (allowed: a fraction that leaves both sets non-empty)";
  }
  for (size_t i = 0; i < c.runs.size(); ++i) {
    const RunConfig& run = c.runs[i];
    if (run.train.batch_size <= n_train) continue;
    bool own = std::any_of(run.overrides.begin(), run.overrides.end(),
                           [](const auto& o) { return o.first == "train.batch_size"; });
    return (own ? "runs[" + std::to_string(i) + "].set.train.batch_size" : std::string("train.batch_size")) +
           ": " + std::to_string(run.train.batch_size) + " is larger than the train set (allowed: 1 <= x <= " +
           std::to_string(n_train) + ", the train set size for the data's " + std::to_string(n) + " points)";
  }
  return "";
}

}  // namespace

Result<std::unique_ptr<Experiment>> Experiment::create(const Config& cfg, bool record_trace) {
  if (cfg.data.name == DatasetKind::custom) {
    Result<std::unique_ptr<Experiment>> r;
    r.error = "data.name: \"custom\" has no points here (allowed: a generated dataset, or \"custom\" "
              "with the learner's points: bnlab run --data FILE, lab.configureWithData)";
    return r;
  }
  return create_from(cfg, make_dataset(cfg.data, cfg.seed), record_trace);
}

Result<std::unique_ptr<Experiment>> Experiment::create(const Config& cfg, const CustomPoints& points,
                                                      bool record_trace) {
  Result<std::unique_ptr<Experiment>> r;
  r.error = check_custom_points(points);
  if (!r.ok()) return r;
  Config c = cfg;
  c.data.name = DatasetKind::custom;
  c.data.points = points.points.size();
  r.error = check_custom_split(c);
  if (!r.ok()) return r;
  return create_from(c, make_custom_dataset(c.data, points, c.seed), record_trace);
}

Result<std::unique_ptr<Experiment>> Experiment::create_from(const Config& cfg, Dataset data, bool record_trace) {
  Result<std::unique_ptr<Experiment>> r;
  if (cfg.runs.empty()) {
    r.error = "runs: at least one run is needed";
    return r;
  }
  std::unique_ptr<Experiment> e(new Experiment());
  e->cfg_ = cfg;
  e->trace_ = record_trace;
  e->data_ = std::move(data);
  if (e->data_.train.size() < 1 || e->data_.test.size() < 1) {
    r.error = "data.points: too few points for a train and a test set";
    return r;
  }
  for (const RunConfig& rc : cfg.runs) {
    if (rc.train.batch_size > e->data_.train.size()) {
      r.error = "train.batch_size: " + std::to_string(rc.train.batch_size) +
                " is larger than the training set (" + std::to_string(e->data_.train.size()) + ")";
      return r;
    }
    e->runs_.push_back(std::make_unique<Run>(rc, e->data_, cfg.seed, record_trace));
  }
  r.value = std::move(e);
  return r;
}

Experiment::~Experiment() = default;

void Experiment::step(int n) {
  if (n <= 0) return;
  for (auto& run : runs_) run->train(n);
  steps_ += n;
}

// Out-of-range run indices give an empty report / a zero grid rather than a
// crash: callers across the WASM boundary check num_runs() to say why.
RunReport Experiment::report(int run) const {
  if (run < 0 || run >= num_runs()) return RunReport{};
  return runs_[size_t(run)]->report();
}


int Experiment::grid_channels() const { return data_.classes == 2 ? 1 : data_.classes; }

const float* Experiment::grid(int run, int w, int h, GridMode mode) {
  grid_buf_.resize(size_t(std::max(w, 0)) * size_t(std::max(h, 0)) * size_t(grid_channels()));
  std::fill(grid_buf_.begin(), grid_buf_.end(), 0.0f);
  if (w > 0 && h > 0 && run >= 0 && run < num_runs()) runs_[size_t(run)]->grid(data_, w, h, mode, grid_buf_.data());
  return grid_buf_.data();
}

const float* Experiment::grid_rows(int run, int w, int h, int r0, int r1, GridMode mode) {
  r0 = std::max(r0, 0);
  r1 = std::min(r1, h);
  const int rows = std::max(r1 - r0, 0);
  grid_buf_.resize(size_t(std::max(w, 0)) * size_t(rows) * size_t(grid_channels()));
  std::fill(grid_buf_.begin(), grid_buf_.end(), 0.0f);
  if (w > 0 && rows > 0 && run >= 0 && run < num_runs())
    runs_[size_t(run)]->grid_rows(data_, w, h, r0, r1, mode, grid_buf_.data());
  return grid_buf_.data();
}

Result<BnInspect> Experiment::inspect(int run, int bn, int unit) {
  if (run < 0 || run >= num_runs()) {
    Result<BnInspect> r;
    r.error = "run: " + std::to_string(run) + " does not exist (allowed: 0.." + std::to_string(num_runs() - 1) + ")";
    return r;
  }
  return runs_[size_t(run)]->inspect(bn, unit);
}

Result<BnInspect> Experiment::make_identity(int run, int bn, int unit) {
  if (run < 0 || run >= num_runs()) {
    Result<BnInspect> r;
    r.error = "run: " + std::to_string(run) + " does not exist (allowed: 0.." + std::to_string(num_runs() - 1) + ")";
    return r;
  }
  return runs_[size_t(run)]->make_identity(bn, unit);
}

Result<Smoothness> Experiment::smoothness(int run) {
  if (run < 0 || run >= num_runs()) {
    Result<Smoothness> r;
    r.error = "run: " + std::to_string(run) + " does not exist (allowed: 0.." + std::to_string(num_runs() - 1) + ")";
    return r;
  }
  return runs_[size_t(run)]->smoothness();
}

Result<std::vector<double>> Experiment::batch_noise(int run, int bn, int unit, int example, int samples) {
  if (run < 0 || run >= num_runs()) {
    Result<std::vector<double>> r;
    r.error = "run: " + std::to_string(run) + " does not exist (allowed: 0.." + std::to_string(num_runs() - 1) + ")";
    return r;
  }
  return runs_[size_t(run)]->batch_noise(bn, unit, example, samples);
}

}  // namespace bnlab
