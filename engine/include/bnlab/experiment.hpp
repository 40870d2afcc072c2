// An experiment: one dataset, N runs trained in lockstep on the same mini-batch
// sequence from the same initial weights (where shapes allow).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bnlab/config.hpp"
#include "bnlab/dataset.hpp"

namespace bnlab {

using Real = float;  // the product's scalar; tests instantiate layers in double

struct Percentiles {
  double p15 = 0, p50 = 0, p85 = 0;
};

struct BnReport {
  int layer = 0;  // index of the hidden layer this BN belongs to
  std::vector<double> batch_mean, batch_var;  // last training mini-batch (biased var)
  std::vector<double> running_mean, running_var;
  std::vector<double> gamma, beta;
};

// A diverged run has no current losses (NaN here, null in JSON, empty in the
// CLI's CSV); everything else in its report (BN statistics, percentiles), its
// grids and the inspector show its last finite state, at last_good_step.
struct RunReport {
  std::string name;
  int64_t step = 0;    // mini-batches taken (a diverged run: up to diverged_step)
  double epoch = 0;    // step * batch_size / train_size
  bool diverged = false;
  // The step (counting from 1) whose loss, updated parameters or batch-norm
  // statistics were first NaN or infinite, or whose state evaluates to a
  // non-finite train or test loss: evaluated for the state before a step that
  // failed, and by every report (so found when a report looks).
  int64_t diverged_step = -1;
  int64_t last_good_step = 0;  // the state reported: step, or diverged_step - 1
  double train_loss = 0, test_loss = 0, train_acc = 0, test_acc = 0;
  double batch_loss = 0;  // loss of the last mini-batch (before its update)
  std::vector<Percentiles> preact;  // per hidden layer, on the probe batch
  // Per hidden layer, on the probe batch: z = W a (+ b), the dense layer's
  // output before any batch norm (what earlier layers change; with BN before
  // g, preact is BN's output, whose median is beta by construction).
  std::vector<Percentiles> z_before_bn;
  std::vector<BnReport> bn;
  bool standardized = false;             // inputs standardized with the train set's statistics
  double input_mean[2] = {0, 0};         // raw training-set mean and std per feature
  double input_std[2] = {1, 1};          // (what standardization uses, shown either way)
};

// One unit of one batch-norm layer on a mini-batch, written out:
// mu, sigma^2 over the batch, z_norm = (z - mu) / sqrt(sigma^2 + eps),
// z_tilde = gamma * z_norm + beta. (formula "notes": sigma^2 = mean of z^2,
// z_norm = (z - mu) / sigma^2; model.bn_formula.)
struct BnInspect {
  int layer = 0, unit = 0;
  std::vector<int> examples;  // training-set indices of the batch
  std::vector<double> z, z_norm, z_tilde;
  double mu = 0, var = 0, eps = 0, gamma = 1, beta = 0;
  std::string formula = "standard";  // model.bn_formula
  bool affine = true;                // model.bn_affine: gamma and beta are learned
  // Whether scale cancels: z_norm's spread (standard deviation over the
  // batch) as it is, and if every z were scale_probe times as large.
  double scale_probe = 2, z_norm_std = 0, z_norm_std_scaled = 0;
  // The dense layer's bias b feeding this unit, when it has one (model.bn_bias):
  // b, its gradient in the last step, |b - b at step 0|, and how far the
  // unit's weights (row `unit` of W) have moved since step 0 (L2 norm).
  bool has_bias = false;
  double bias = 0, bias_grad = 0, bias_moved = 0, weights_moved = 0;
};

// The loss landscape along the gradient at the current parameters, on the
// last training mini-batch (Santurkar et al. 2018, "How Does Batch
// Normalization Help Optimization?"). g is the gradient there; eta the
// learning rate. Nothing of the run changes (the state is restored exactly).
struct Smoothness {
  double loss = 0;                  // the mini-batch loss at the current parameters
  std::vector<double> step_sizes;   // eta x {0.5, 1, 2, 4}
  std::vector<double> losses;       // the loss at params - step * g, per step size
  double loss_variation = 0;        // max - min of those losses
  double grad_norm = 0;             // ||g||
  double grad_change = 0;           // ||g(params - eta g) - g||: gradient predictiveness
  double beta = 0;                  // grad_change / ||eta g||: effective beta-smoothness
};

enum class GridMode {
  inference,   // BN uses running averages
  last_batch,  // BN uses the last training mini-batch's statistics
  single,      // each cell predicted alone with its own "batch" statistics (a batch of one)
};

class Run;  // engine/src/run.hpp
class ExperimentBuild;

class Experiment {
 public:
  // Builds the dataset and the runs; never throws. A config naming data.name
  // "custom" needs its points: the overload below. (In pieces: ExperimentBuild.)
  static Result<std::unique_ptr<Experiment>> create(const Config& cfg, bool record_trace = false);
  // The same on the learner's own points (read_points_csv): data.name becomes
  // "custom" and data.points their number, and the split, batch sizes and
  // test_fraction are checked against them (an error value names the field).
  static Result<std::unique_ptr<Experiment>> create(const Config& cfg, const CustomPoints& points,
                                                    bool record_trace = false);
  ~Experiment();
  Experiment(const Experiment&) = delete;
  Experiment& operator=(const Experiment&) = delete;

  const Config& config() const { return cfg_; }
  const Dataset& dataset() const { return data_; }
  int num_runs() const { return static_cast<int>(runs_.size()); }
  int64_t step_count() const { return steps_; }

  // Every run that has not diverged takes n mini-batch steps (after the rest
  // of a step begun in parts).
  void step(int n);

  // The same steps in parts, run by run, for a caller that must stay
  // responsive however long one step of all runs takes (the page's worker):
  // step_begin(n) starts n steps (false, and nothing changes, if n <= 0 or a
  // step is pending); each step_next_run() trains the next run n steps and
  // returns true once every run has, when step_count() moves on. Runs train
  // one after the other in step() too, so the result is the same bit for bit.
  // While a step is pending, runs stand at different steps: callers finish
  // it before a report or a grid.
  bool step_begin(int n);
  bool step_next_run();
  bool step_pending() const { return part_steps_ > 0; }
  int step_pending_runs() const { return step_pending() ? num_runs() - part_next_ : 0; }

  // Losses and accuracies on the full train and test sets, BN statistics,
  // pre-activation percentiles on the probe batch. A run whose (finite) state
  // evaluates to a non-finite loss is marked diverged here, so reports at the
  // same steps give the same answer in every build.
  RunReport report(int run) const;

  // Class probabilities on a w x h grid over [xmin,xmax] x [ymin,ymax] (raw
  // coordinates), row-major from the top-left cell (y = ymax). channels() values
  // per cell: P(class 1) for 2 classes, else all K class probabilities.
  // Writes into an engine-owned buffer that stays valid until the next call.
  const float* grid(int run, int w, int h, GridMode mode);
  // Rows r0..r1-1 of that grid ((r1 - r0) * w cells), equal to the same rows
  // of grid(): a caller can build a grid in bands and stay responsive between them.
  const float* grid_rows(int run, int w, int h, int r0, int r1, GridMode mode);
  int grid_channels() const;

  // Batch-norm inspector: the last training mini-batch recomputed with the
  // current parameters (its own statistics; nothing updated). bn indexes the
  // run's batch-norm layers (one per hidden layer), unit a feature of it.
  Result<BnInspect> inspect(int run, int bn, int unit);

  // "gamma and beta can undo the normalization": sets the unit's gamma to
  // sqrt(sigma^2 + eps) (the notes' formula: sigma^2) and beta to mu, with mu
  // and sigma^2 (biased) of inspect()'s batch, so that z_tilde = z there (up to
  // float rounding); training goes on from these values. Refused for a run
  // without batch norm or with model.bn_affine = false. Returns inspect().
  Result<BnInspect> make_identity(int run, int bn, int unit);

  // Batch norm as noise: z_norm of training example `example` at (bn, unit) in
  // `samples` random mini-batches of the run's batch size that contain it.
  Result<std::vector<double>> batch_noise(int run, int bn, int unit, int example, int samples);

  // The loss landscape along the gradient for one run (see Smoothness);
  // computed on demand, the run's trajectory unchanged.
  Result<Smoothness> smoothness(int run);

  // JSON trace per docs/DESIGN.md (only when created with record_trace).
  std::string trace_json() const;

 private:
  friend class ExperimentBuild;
  Experiment() = default;
  Config cfg_;
  Dataset data_;
  std::vector<std::unique_ptr<Run>> runs_;
  int64_t steps_ = 0;
  int part_steps_ = 0, part_next_ = 0;  // a step in parts: its n, the next run to train
  bool trace_ = false;
  std::vector<float> grid_buf_;
};

// An Experiment built in pieces, so that a caller that must stay responsive
// (the page's worker: docs/RELIABILITY.md, "Responsiveness") can serve other
// requests between them: the dataset is one piece, each run one more.
// Experiment::create is begin() and every piece in one call (the same code),
// and a build touches nothing outside itself until take(): dropping one
// half-way leaves every other experiment as it was.
class ExperimentBuild {
 public:
  // The checks create() makes before any work: an error value, nothing built.
  static Result<std::unique_ptr<ExperimentBuild>> begin(const Config& cfg, bool record_trace = false);
  static Result<std::unique_ptr<ExperimentBuild>> begin(const Config& cfg, const CustomPoints& points,
                                                        bool record_trace = false);
  ~ExperimentBuild();
  ExperimentBuild(const ExperimentBuild&) = delete;

  // Before anything is built: touch the memory the experiment is estimated to
  // need (estimate_cost) in pieces of chunk_bytes, then hand it back to the
  // allocator, so the runs are built in memory already touched. For WASM,
  // where a fresh page's first touch is the bulk of a large build (~5 ms per
  // MB on a loaded VM: docs/RELIABILITY.md) and freed memory stays in the
  // module's heap; pointless natively (the C library returns large blocks to
  // the system). Call before the first step(); contents are never read.
  void warm_memory(size_t chunk_bytes);
  ExperimentBuild& operator=(const ExperimentBuild&) = delete;

  // The next piece: "" or the error that ends the build (kept: every later
  // call returns it). Nothing to do once done().
  std::string step();
  bool done() const;
  // warm_memory's pieces, the data, then each run.
  int pieces() const { return warm_pieces_ + 1 + static_cast<int>(cfg_.runs.size()); }
  int pieces_done() const { return done_; }
  // The experiment, once done() (else null); the build is empty afterwards.
  std::unique_ptr<Experiment> take();

 private:
  ExperimentBuild() = default;
  Config cfg_;
  bool trace_ = false;
  bool custom_ = false;
  CustomPoints points_;  // custom data (custom_), until the dataset piece uses them
  std::unique_ptr<Experiment> e_;
  bool have_data_ = false, taken_ = false;
  std::string error_;
  int done_ = 0;              // pieces done
  int warm_pieces_ = 0;       // pieces warm_memory adds
  size_t warm_left_ = 0, warm_chunk_ = 0;
  std::vector<void*> warm_blocks_;  // touched, freed once all are
  void free_warm();
};

}  // namespace bnlab
