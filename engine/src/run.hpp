// One run of an experiment: a network, its optimizer, the data as this run
// sees it (standardized or raw), and its place in the shared batch sequence.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bnlab/config.hpp"
#include "bnlab/dataset.hpp"
#include "bnlab/experiment.hpp"
#include "bnlab/nn/network.hpp"
#include "bnlab/nn/optimizer.hpp"

namespace bnlab {

class Run {
 public:
  Run(const RunConfig& rc, const Dataset& data, uint64_t seed, bool record_trace);

  const RunConfig& config() const { return rc_; }
  LossKind loss_kind() const { return loss_; }
  Network<Real>& net() { return net_; }
  bool diverged() const { return diverged_step_ >= 0; }
  int64_t diverged_step() const { return diverged_step_; }

  // n mini-batch steps (stops at divergence). Allocation-free once built.
  void train(int n);

  // One step is begin_step() then end_step(); train(n) runs n of them (tests
  // look in between). begin_step: the next mini-batch and its training
  // forward. end_step: backward, the update and the checks: see diverge().
  void begin_step();
  void end_step();

  // Losses on the whole train and test sets, percentiles, BN statistics. A
  // live run whose state evaluates to a non-finite loss has diverged at its
  // current step (see diverge()).
  RunReport report();

  Result<BnInspect> inspect(int bn, int unit);
  Result<BnInspect> make_identity(int bn, int unit);  // see Experiment::make_identity
  Result<Smoothness> smoothness();  // restores the state it found (bit for bit)
  Result<std::vector<double>> batch_noise(int bn, int unit, int example, int samples);

  // Class probabilities for w x h cells over the raw-coordinate rectangle.
  void grid(const Dataset& d, int w, int h, GridMode mode, float* out);
  // Rows r0..r1-1 of that grid (out holds (r1 - r0) * w cells): the same
  // values, bit for bit, so a snapshot can be built in bands between messages.
  void grid_rows(const Dataset& d, int w, int h, int r0, int r1, GridMode mode, float* out);

  // Trace (when recorded): initial layers, then per step the batch and loss,
  // and with dropout each dropout layer's mask: 1 kept, 0 dropped, example by
  // example (batch x units, example-major).
  struct TraceStep {
    std::vector<int> batch;
    double loss;
    std::vector<std::vector<uint8_t>> dropout;
  };
  const std::string& initial_layers_json() const { return initial_layers_; }
  const std::vector<TraceStep>& trace_steps() const { return trace_; }
  std::string layers_json();  // current parameters and statistics
  const Mat<Real>& train_x() const { return xtrain_; }

 private:
  void record_step(double loss);  // the trace's entry for the step just taken
  void next_batch();           // fills the training input and labels_ from the batch sequence
  std::string check_unit(int bn, int unit);
  // z of (bn, unit) for the columns of input(Mode::probe): forward in probe mode over n columns.
  void batch_z(int bn, int unit, int n, std::vector<double>* z);
  void evaluate(const Mat<Real>& x, const std::vector<int>& y, double* loss, double* acc);

  RunConfig rc_;
  uint64_t seed_;
  LossKind loss_;
  FeatureStats raw_stats_;     // of the raw training set
  FeatureStats stats_;         // what inputs are normalized with; identity when not standardized
  Mat<Real> xtrain_, xtest_;   // 2 x n, as the network sees them
  std::vector<int> ytrain_, ytest_;
  Network<Real> net_;
  Optimizer<Real> opt_;

  // Batch sequence: epoch e's order is a permutation drawn from (seed, e), the
  // same for every run; batches are consecutive slices of the concatenated
  // orders, so every batch has batch_size examples.
  std::vector<int> order_, labels_, batch_idx_;
  int64_t epoch_ = 0;
  int cursor_ = 0;

  // The state after a step and what reports read with it, kept in turn in
  // two slots, by index, so a step copies the state once and allocates
  // nothing: kept_[good_] is the last finite state, kept_[1 - good_] the one
  // before it (when its step is one less).
  struct Kept {
    Vec<Real> state;          // Network::save_state
    std::vector<int> batch;   // that step's mini-batch
    double loss = 0;          // and its loss
    int64_t step = -1;        // -1: holds nothing usable
  };
  bool keep(double loss);      // keeps the state after step_ when it is finite
  // The state after step `bad` is not finite, or evaluates to a non-finite
  // loss: the run diverged there. Restores the newest kept state before it;
  // if that one evaluates to a non-finite loss too, the run diverged a step
  // earlier and the state before that is restored (when kept).
  void diverge(int64_t bad);
  bool drop_newest();          // the state before becomes the last finite state
  void restore();              // the network, batch and loss of kept_[good_]
  bool evaluates_finite();     // train and test losses of the current state
  Kept kept_[2];
  int good_ = 0;

  int64_t step_ = 0, diverged_step_ = -1;  // steps taken (a diverged run: up to diverged_step_)
  double last_loss_ = 0;
  bool record_trace_;
  std::string initial_layers_;
  Vec<Real> initial_params_;  // the parameters at step 0 (the inspector: how far b and W moved)
  std::vector<TraceStep> trace_;
};

}  // namespace bnlab
