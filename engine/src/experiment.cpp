#include "bnlab/experiment.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
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

// Every piece of a build at once (what create() does).
Result<std::unique_ptr<Experiment>> build_all(Result<std::unique_ptr<ExperimentBuild>> begun) {
  Result<std::unique_ptr<Experiment>> r;
  r.error = begun.error;
  while (r.ok() && !begun.value->done()) r.error = begun.value->step();
  if (r.ok()) r.value = begun.value->take();
  return r;
}

}  // namespace

Result<std::unique_ptr<Experiment>> Experiment::create(const Config& cfg, bool record_trace) {
  return build_all(ExperimentBuild::begin(cfg, record_trace));
}

Result<std::unique_ptr<Experiment>> Experiment::create(const Config& cfg, const CustomPoints& points,
                                                      bool record_trace) {
  return build_all(ExperimentBuild::begin(cfg, points, record_trace));
}

Result<std::unique_ptr<ExperimentBuild>> ExperimentBuild::begin(const Config& cfg, bool record_trace) {
  Result<std::unique_ptr<ExperimentBuild>> r;
  if (cfg.data.name == DatasetKind::custom) {
    r.error = "data.name: \"custom\" has no points here (allowed: a generated dataset, or \"custom\" "
              "with the learner's points: bnlab run --data FILE, lab.configureWithData)";
    return r;
  }
  if (cfg.runs.empty()) {
    r.error = "runs: at least one run is needed";
    return r;
  }
  std::unique_ptr<ExperimentBuild> b(new ExperimentBuild());
  b->cfg_ = cfg;
  b->trace_ = record_trace;
  r.value = std::move(b);
  return r;
}

Result<std::unique_ptr<ExperimentBuild>> ExperimentBuild::begin(const Config& cfg, const CustomPoints& points,
                                                                bool record_trace) {
  Result<std::unique_ptr<ExperimentBuild>> r;
  r.error = check_custom_points(points);
  if (!r.ok()) return r;
  Config c = cfg;
  c.data.name = DatasetKind::custom;
  c.data.points = points.points.size();
  r.error = check_custom_split(c);
  if (!r.ok()) return r;
  if (c.runs.empty()) {
    r.error = "runs: at least one run is needed";
    return r;
  }
  std::unique_ptr<ExperimentBuild> b(new ExperimentBuild());
  b->cfg_ = c;
  b->trace_ = record_trace;
  b->custom_ = true;
  b->points_ = points;
  r.value = std::move(b);
  return r;
}

ExperimentBuild::~ExperimentBuild() { free_warm(); }

void ExperimentBuild::warm_memory(size_t chunk_bytes) {
  if (done_ > 0 || chunk_bytes == 0) return;
  const Cost cost = custom_ ? estimate_cost(cfg_, points_.points.size(), points_.classes) : estimate_cost(cfg_);
  warm_left_ = size_t(std::max(cost.bytes - cost.base_bytes, 0.0));
  warm_chunk_ = chunk_bytes;
  warm_pieces_ = int((warm_left_ + chunk_bytes - 1) / chunk_bytes);
}

void ExperimentBuild::free_warm() {
  for (void* p : warm_blocks_) std::free(p);
  warm_blocks_.clear();
}

std::string ExperimentBuild::step() {
  if (taken_ || !error_.empty() || done()) return error_;
  if (done_ < warm_pieces_) {
    const size_t n = std::min(warm_left_, warm_chunk_);
    // One write per 4 KB page commits it; volatile, so it is not optimized away.
    if (auto* p = static_cast<volatile char*>(std::malloc(n))) {
      for (size_t i = 0; i < n; i += 4096) p[i] = 0;
      warm_blocks_.push_back(const_cast<char*>(p));
    }  // else: out of memory; the build's own allocations will say so
    warm_left_ -= n;
    if (++done_ == warm_pieces_) free_warm();
    return error_;
  }
  if (!have_data_) {
    e_.reset(new Experiment());
    e_->cfg_ = cfg_;
    e_->trace_ = trace_;
    e_->data_ = custom_ ? make_custom_dataset(cfg_.data, points_, cfg_.seed) : make_dataset(cfg_.data, cfg_.seed);
    points_ = CustomPoints{};  // the dataset holds them now
    have_data_ = true;
    if (e_->data_.train.size() < 1 || e_->data_.test.size() < 1)
      error_ = "data.points: too few points for a train and a test set";
    else
      ++done_;
    return error_;
  }
  const RunConfig& rc = cfg_.runs[e_->runs_.size()];
  if (rc.train.batch_size > e_->data_.train.size()) {
    error_ = "train.batch_size: " + std::to_string(rc.train.batch_size) + " is larger than the training set (" +
             std::to_string(e_->data_.train.size()) + ")";
    return error_;
  }
  e_->runs_.push_back(std::make_unique<Run>(rc, e_->data_, cfg_.seed, trace_));
  ++done_;
  return error_;
}

bool ExperimentBuild::done() const { return !taken_ && error_.empty() && done_ == pieces(); }

std::unique_ptr<Experiment> ExperimentBuild::take() {
  if (!done()) return nullptr;
  taken_ = true;
  return std::move(e_);
}

Experiment::~Experiment() = default;

void Experiment::step(int n) {
  while (step_pending()) step_next_run();
  if (!step_begin(n)) return;
  while (!step_next_run()) {
  }
}

bool Experiment::step_begin(int n) {
  if (n <= 0 || step_pending()) return false;
  part_steps_ = n;
  part_next_ = 0;
  return true;
}

bool Experiment::step_next_run() {
  if (!step_pending()) return true;
  runs_[size_t(part_next_++)]->train(part_steps_);
  if (part_next_ < num_runs()) return false;
  steps_ += part_steps_;
  part_steps_ = 0;
  return true;
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
