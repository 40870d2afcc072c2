// The cost of a whole config: memory, and work per training step, per report
// and per decision grid. Every field has its own limit, but their product did
// not: 12 x 512 hidden units, 20,000 points and batches of 19,000 ran at 4.6 GB
// for minutes. parse_config rejects a config whose estimate exceeds the limits
// in config.hpp (limits::max_bytes, max_step_flops, max_snapshot_flops).
//
// What is counted (per run, from layer_plan: the layers Network builds):
//   bytes   parameters and gradients (2 P floats), optimizer state (decay mask,
//           first and second moments: 3 P), the parameters at step 0 (P: the
//           inspector's "moved since step 0"), dense backward workspaces (W^T),
//           dropout masks (rows x batch),
//           activation buffers: training ones and their gradients (2 x rows x
//           batch) and evaluation ones (rows x max(batch, 256)), as Network
//           keeps them apart; the two kept states (parameters and BN
//           statistics, for divergence); the run's copy of
//           the data (float features, labels, batch order); once per
//           experiment: the generated data (doubles), the page's float copy,
//           one grid buffer and the module's own heap (kBaseBytes).
//   flops   a multiply-add counts 2 (docs/PERFORMANCE.md's counting): dense
//           forward 2 B in out, backward 4 B in out (2 for the first layer,
//           whose input gradient nobody needs); batch norm 8 per element
//           forward, 10 backward; activations by their cost (tanh and
//           sigmoid call exp); per-example work (batch copy, loss); the
//           optimizer per parameter. A report is a forward pass over every
//           train and test point and the probe batch (256), percentiles and
//           the JSON it writes; a grid, 128 x 128 forward passes per run.
// Per-layer, per-element and per-example constants make narrow and layer-less
// networks cost what they take: there the loops' bookkeeping and memory
// traffic, not arithmetic, are the time.
//
// The limits were chosen by measurement in WASM (Node 20, the built module,
// this 2-core VM, CPU time so that the other jobs on the machine do not
// count): `node bench/config_limits.mjs` grows one knob of each shape until the
// engine refuses, then times the largest accepted config. At the limits
// (3e8 flops per step, 1e10 per snapshot, 256 MB):
//   shape (2 runs unless said)         at the limit   heap MB  step ms  snapshot ms
//   3 x W, batch 128                   W = 265             23      8.6      410
//   3 x 128 BN, 20000 points, batch B  B = 701             19      8.2      200
//   12 x 16 BN, 20000 points, batch B  B = 5938            58      8.6       22
//   12 x 4, 20000 points, batch B      B = 19000           48      5.3        5
//   no hidden layer, 16 runs, batch B  B = 18201           23     12.6       14
//   tanh 4 x W, batch 128              W = 122             16      4.2      341
//   sigmoid 6 x 8 BN, 4 runs, batch B  B = 2993            23      6.5       41
//   16 runs 3 x 32 adam, batch B       B = 1164            40      7.7       88
//   2 x W, 20000 points                W = 253             16      0.7      244
//   16 runs 4 x W BN                   W = 72              48      1.9      278
//   8 runs 1 x W, batch 19000          W = 25              83     12.6       11
//   16 runs 12 x 8 BN, batch B         B = 1838            83     16.2      117
// so a step stays within about 30 ms and a snapshot (report + grids) within
// about 1 s with a margin of 2 or more for slower machines (wall time on this
// shared VM ran 2-3x the CPU time); the heap never nears 256 MB before a flop
// limit binds, which makes max_bytes a backstop. The estimate of bytes is
// within a few percent of what an experiment allocates (test_config_cost.cpp).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "bnlab/config.hpp"

namespace bnlab {
namespace {

constexpr double kFloat = 4, kInt = 4, kDouble = 8;
constexpr double kBaseBytes = 16.0 * 1024 * 1024;  // the module's initial heap (stack, static data)
// Flop-equivalents of the work that is not multiply-adds, fitted to CPU times
// of one step, one report and one grid in WASM (the table at the top):
constexpr double kStepLayer = 2000;     // per layer per step: calls, loop set-up
constexpr double kStepElement = 10;     // per layer output element: written forward, read and written backward
constexpr double kStepExample = 1000;   // per example: batch copy from the shuffled order, labels, loss
constexpr double kForwardExample = 600; // per example in a report or grid: input fill, loss or probabilities
constexpr double kForwardElement = 3;   // per layer output element in a forward pass
constexpr double kExpBased = 400;       // tanh or sigmoid of one element (exp in software)
constexpr double kReportRun = 5e6;      // per run per report: building its JSON, chunked passes
constexpr double kJsonNumber = 1000;    // writing one number of the report to JSON

double activation_flops(Activation a, bool backward) {
  const bool exp_based = a == Activation::tanh || a == Activation::sigmoid;
  return backward ? (exp_based ? 10 : 1) : (exp_based ? kExpBased : 1);
}

double optimizer_flops(OptimizerKind k) {
  switch (k) {
    case OptimizerKind::sgd: return 3;
    case OptimizerKind::momentum: return 5;
    case OptimizerKind::rmsprop: return 12;
    case OptimizerKind::adam: return 16;
  }
  return 16;
}

struct RunCost {
  double bytes = 0, step = 0, forward = 0;  // forward: flops of one example through the network
  double bn_features = 0, hidden_features = 0;
};

RunCost run_cost(const RunConfig& run, int points, int train, int outputs) {
  RunCost r;
  const double B = run.train.batch_size;
  // Network's two workspaces: training (activations and their gradients, B
  // columns) and evaluation (activations only, max(B, the probe batch)).
  const double eval_capacity = std::max(B, double(limits::probe_batch));
  double params = 0, weights = 0, rows = 2, fixed = 0, masks = 0;
  bool first = true;
  for (const LayerSpec& L : layer_plan(run.model, 2, outputs)) {
    const double in = L.in, out = L.out;
    rows += out;
    r.step += kStepLayer + kStepElement * B * out;
    r.forward += kForwardElement * out;
    switch (L.kind) {
      case LayerSpec::Kind::dense:
        params += in * out + (L.bias ? out : 0);
        weights += in * out;
        r.forward += 2 * in * out + (L.bias ? out : 0);
        // Forward 2 B in out; backward 2 B in out for dW and 2 B in out for
        // dX, except the first layer's, which nobody needs.
        r.step += (first ? 4 : 6) * B * in * out + (L.bias ? 2 * B * out : 0);
        first = false;
        break;
      case LayerSpec::Kind::batchnorm:
        // gamma and beta: parameters, or (affine off) the layer's own fixed
        // values and a scratch for their gradients (4 per feature).
        if (L.affine) params += 2 * out;
        else fixed += 4 * out;
        r.bn_features += out;
        r.forward += 4 * out;    // inference: one scale and shift per element
        r.step += 18 * B * out;  // mean, variance, normalize, scale: 8 forward; 10 backward
        break;
      case LayerSpec::Kind::activation:
        r.hidden_features += out;
        r.forward += activation_flops(L.fn, false) * out;
        r.step += (activation_flops(L.fn, false) + activation_flops(L.fn, true)) * B * out;
        break;
      case LayerSpec::Kind::dropout:
        masks += out * B;        // the last training forward's mask, kept for backward
        r.forward += out;        // inference: a copy
        r.step += 8 * B * out;   // a 32-bit draw, a compare and a multiply forward; a multiply backward
        break;
    }
  }
  r.forward += kForwardExample + 20 * outputs;
  r.step += kStepExample * B + 10 * B * outputs + optimizer_flops(run.train.optimizer) * params;
  // The two kept states (Run: the last finite state and the one before it):
  // parameters and four statistics per BN feature, and their mini-batches.
  const double kept = 2 * (kFloat * (params + 4 * r.bn_features) + kInt * B);
  r.bytes = kFloat * (6 * params + weights + rows * (2 * B + eval_capacity) + 12 * r.bn_features + fixed + masks) + kept +
            kFloat * 2 * points + kInt * (points + train + eval_capacity + B);
  return r;
}

std::string human_bytes(double b) {
  char buf[32];
  if (b >= 1024.0 * 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f GB", b / (1024.0 * 1024 * 1024));
  else
    std::snprintf(buf, sizeof buf, "%.0f MB", std::ceil(b / (1024.0 * 1024)));
  return buf;
}

std::string flops_text(double f) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1e", f);
  std::string s = buf;  // "5.7e+12" -> "5.7e12"
  size_t plus = s.find("e+");
  if (plus != std::string::npos) s.erase(plus + 1, 1);
  size_t zero = s.find("e0");
  if (zero != std::string::npos) s.erase(zero + 1, 1);
  return s;
}

}  // namespace

Cost estimate_cost(const Config& c, int points, int classes) {
  Cost cost;
  const int outputs = outputs_for(classes);
  const int train = points - int(std::llround(points * c.data.test_fraction));
  const double cells = double(limits::grid_side) * limits::grid_side;
  for (const RunConfig& run : c.runs) {
    RunCost r = run_cost(run, points, train, outputs);
    cost.bytes += r.bytes;
    cost.step_flops += r.step;
    // Percentiles: a few passes over probe x hidden features; JSON: per BN
    // feature six numbers (batch and running mean and variance, gamma, beta).
    cost.report_flops += r.forward * (points + limits::probe_batch) + 10.0 * limits::probe_batch * r.hidden_features +
                         kJsonNumber * 6 * r.bn_features + kReportRun;
    cost.grid_flops += r.forward * cells;
  }
  const double channels = classes == 2 ? 1 : classes;
  cost.base_bytes = kBaseBytes;
  cost.bytes += kBaseBytes + (3 * kDouble + 3 * kFloat) * points + kFloat * cells * channels;
  return cost;
}

Cost estimate_cost(const Config& c) {
  return estimate_cost(c, c.data.points, c.data.name == DatasetKind::custom ? limits::max_classes : c.classes());
}

Status check_cost(const Config& c, int points, int classes) {
  const Cost cost = estimate_cost(c, points, classes);
  const bool memory = cost.bytes > limits::max_bytes, step = cost.step_flops > limits::max_step_flops,
             snapshot = cost.snapshot_flops() > limits::max_snapshot_flops;
  if (!memory && !step && !snapshot) return {};
  // Name what to reduce: the fields that drive the limit that is exceeded.
  std::string reduce = "model.hidden";
  if (memory || step) reduce += ", train.batch_size";
  if (memory || snapshot) reduce += ", data.points";
  reduce += " or the number of runs";
  return Status{"experiment: too large: about " + human_bytes(cost.bytes) + " of memory, " +
                flops_text(cost.step_flops) + " floating-point operations per step and " +
                flops_text(cost.snapshot_flops()) + " per snapshot (allowed: up to " +
                human_bytes(limits::max_bytes) + ", " + flops_text(limits::max_step_flops) + " per step and " +
                flops_text(limits::max_snapshot_flops) + " per snapshot); reduce " + reduce};
}

}  // namespace bnlab
