// The one config schema (contract in docs/DESIGN.md): spoken by the CLI
// (--config/--set), the page's URL hash and the WASM API. Validated here, in
// one place (engine/src/config/). Errors are values, not exceptions (em++
// builds without them): every fallible call returns a Result.
//
// JSON shape (every field optional; defaults fill what is absent; these are the
// schema's defaults, which `bnlab run --help` and schema() list):
// {
//   "seed": 1,
//   "data":  {"name": "circle", "points": 400, "noise": 0.1, "test_fraction": 0.5,
//             "shift": [0, 0], "scale": [1, 1], "standardize": true},
//   "model": {"hidden": [16, 16, 16], "activation": "relu", "batchnorm": false,
//             "bn_placement": "before", "bn_momentum": 0.1, "bn_eps": 1e-5,
//             "init": "he", "init_std": 0.01, "leaky_slope": 0.01},
//   "train": {"optimizer": "sgd", "learning_rate": 0.1, "momentum": 0.9,
//             "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "rms_alpha": 0.99,
//             "l2": 0, "batch_size": 32, "steps": 1000},
//   "runs":  [{"name": "without BN", "set": {"model.batchnorm": false}},
//             {"name": "with BN",    "set": {"model.batchnorm": true}}]
// }
// Dotted keys ("train.learning_rate", "model.hidden", "seed") address fields for
// --set and the URL hash. A run's "set" may override model.*, train.* and
// data.standardize; everything else is shared by all runs.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace bnlab {

// custom: the learner's own points (CSV or drawn), given beside the config
// (Experiment::create with CustomPoints; bnlab run --data FILE; docs/DESIGN.md,
// "The learner's own data and runs").
enum class DatasetKind { circle, xor_, gauss, spiral, moons, checkerboard, blobs, custom };
enum class Activation { relu, leaky_relu, tanh, sigmoid, linear };
enum class BnPlacement { before, after };  // relative to the activation
// standard: PyTorch's batch norm. notes: the course notes' formulas as written
// (sigma^2 = mean of z^2, without "- mu"; z_norm = (z - mu) / sigma^2, no
// square root, no eps), to show what goes wrong (batchnorm_reference.hpp).
enum class BnFormula { standard, notes };
enum class Init { he, xavier, gaussian };
enum class OptimizerKind { sgd, momentum, rmsprop, adam };

struct DataConfig {
  DatasetKind name = DatasetKind::circle;
  int points = 400;            // train + test
  double noise = 0.1;          // dataset-specific scale, 0..1 (see dataset.hpp)
  double test_fraction = 0.5;  // 0 < f < 1
  double shift[2] = {0, 0};    // raw feature = generated * scale + shift
  double scale[2] = {1, 1};
  bool standardize = true;     // per run: train-set mean/std normalization
};

struct ModelConfig {
  std::vector<int> hidden = {16, 16, 16};
  Activation activation = Activation::relu;
  bool batchnorm = false;
  BnPlacement bn_placement = BnPlacement::before;
  double bn_momentum = 0.1;  // PyTorch convention
  double bn_eps = 1e-5;
  bool bn_bias = false;     // a bias in the dense layer feeding a BN (placement before)
  BnFormula bn_formula = BnFormula::standard;
  bool bn_affine = true;    // false: no gamma and beta (PyTorch affine=False)
  Init init = Init::he;
  double init_std = 0.01;    // for Init::gaussian
  double leaky_slope = 0.01;
  double dropout = 0;        // inverted dropout after each hidden layer's activation (0: none)
};

struct TrainConfig {
  OptimizerKind optimizer = OptimizerKind::sgd;
  double learning_rate = 0.1;
  double momentum = 0.9;   // OptimizerKind::momentum
  double beta1 = 0.9;      // adam
  double beta2 = 0.999;    // adam
  double eps = 1e-8;       // adam, rmsprop
  double rms_alpha = 0.99; // rmsprop
  double l2 = 0;           // on dense weights only (coupled, as PyTorch weight_decay)
  int batch_size = 32;
  int steps = 1000;        // CLI default number of steps
};

// One run after its overrides are applied.
struct RunConfig {
  std::string name;
  ModelConfig model;
  TrainConfig train;
  bool standardize = true;
  std::vector<std::pair<std::string, std::string>> overrides;  // dotted key -> JSON text
};

struct Config {
  uint64_t seed = 1;
  DataConfig data;
  ModelConfig model;  // base, before per-run overrides
  TrainConfig train;
  std::vector<RunConfig> runs;  // resolved; never empty after validation
  int classes() const;          // 3 for blobs, else 2 (custom: the points decide; 2 until then)
  int train_size() const;       // points - round(points * test_fraction)
};

// The one error type: a value, or one line naming the problem
// ("<field>: <value> <problem> (allowed: <what>)"). Result<void> carries no value.
template <class T>
struct Result {
  T value{};
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};
template <>
struct Result<void> {
  std::string error;
  bool ok() const { return error.empty(); }
};
using Status = Result<void>;

// Parse and validate a whole config from JSON text (fields, runs, cross-field
// checks and the whole-config cost limits below).
Result<Config> parse_config(const std::string& json_text);

// Apply "key=value" settings (value as JSON, or bare text: "16,16,16", "spiral",
// "true") to JSON config text, strictly: the first bad one is the error.
Result<std::string> apply_sets(const std::string& json_text,
                               const std::vector<std::string>& key_equals_value);

// The page's hash: apply each setting that is valid alone and with the others,
// skip each invalid one with an error line naming it. Never fails as a whole.
struct LenientResult {
  std::string json;                 // valid config JSON with the good settings
  std::vector<std::string> errors;  // one line per rejected setting
};
LenientResult apply_sets_lenient(const std::string& json_text,
                                 const std::vector<std::string>& key_equals_value);

// A JSON array of "key=value" strings (what the page sends), read with the same
// bounds as a config (length, depth, NUL bytes).
Result<std::vector<std::string>> settings_from_json(const std::string& json_array_text);

// Normalized config (every field filled, runs resolved) as JSON text.
std::string config_to_json(const Config& c, int indent = -1);

// Every dotted key with its allowed values, one line each (for --help and docs).
std::vector<std::string> config_keys_help();

// ---------------------------------------------------------------- the schema, exported
// What the page needs so that it holds no copy of an engine rule (JSON text;
// bindings/bnlab_wasm.cpp documents the shapes):
//   schema_json()             every field {key, kind, min, max, minOpen, maxOpen,
//                             names, default, perRun, help, allowed} and the limits
//   normalize_config_json(t)  {ok, error, config, derived: {trainSize, classes, runs:
//                             [{name, overrides, settings, layers}], cost}}; never builds
//                             an Experiment
//   value_to_text(key, json)  a value as bare --set / URL text ("16,16,16", "[]", "0.3")
//   value_from_text(key, t)   bare text -> the JSON value (checked alone: type and range)
//   changed_settings(b, c)    [[key, text], ...]: the settings of config c that differ
//                             from base b, in table order, runs last as compact JSON
std::string schema_json();
std::string normalize_config_json(const std::string& json_text);
Result<std::string> value_to_text(const std::string& key, const std::string& value_json);
Result<std::string> value_from_text(const std::string& key, const std::string& text);
Result<std::vector<std::pair<std::string, std::string>>> changed_settings(const std::string& base_json,
                                                                         const std::string& config_json);

// ---------------------------------------------------------------- layers
// The layer list of one network: the one source of the layer order and of the
// bias rule (Network builds from it; the page's diagram reads it). Hidden layer l:
//   BN before the activation:  dense(no bias) -> batchnorm -> activation
//   BN after the activation:   dense(bias)    -> activation -> batchnorm
//   no BN:                     dense(bias)    -> activation
// then a dense output layer with bias. A dense layer feeding a BN has no bias:
// the mean subtraction would cancel it, and beta takes its place (unless
// model.bn_bias asks for one, to show that it learns nothing). With
// model.dropout = p > 0, each hidden layer ends with a dropout(p) (after the
// activation, and after BN when BN follows the activation): the hand-off to
// the next dense layer.
struct LayerSpec {
  enum class Kind { dense, batchnorm, activation, dropout };
  Kind kind = Kind::dense;
  int in = 0, out = 0;  // dense: in -> out; batchnorm, activation, dropout: in == out (features)
  bool bias = false;    // dense only
  bool affine = true;   // batchnorm only: gamma and beta are parameters
  Activation fn = Activation::relu;  // activation only
};
std::vector<LayerSpec> layer_plan(const ModelConfig& m, int inputs, int outputs);
int outputs_for(int classes);  // 1 logit for 2 classes, K otherwise

// ---------------------------------------------------------------- the cost of a config
// What a whole experiment costs (estimates; engine/src/config/cost.cpp says how
// each is counted and how the limits were measured). "flops" counts a
// multiply-add as 2 and per-element work (batch norm, activations, copies) by
// its operations, so that one flop takes about the same time in every shape.
struct Cost {
  double bytes = 0;        // WASM heap for the whole experiment, all runs
  double base_bytes = 0;   // of which the module's own (stack, static data): the same for every config
  double step_flops = 0;   // one training step of all runs together
  double report_flops = 0; // one report: every train and test point, the probe batch
  double grid_flops = 0;   // one decision grid per run at limits::grid_side^2 cells
  double snapshot_flops() const { return report_flops + grid_flops; }
};
// points and classes: the data's (for DatasetKind::custom the loaded points';
// estimate_cost(c) uses c.data.points and c.classes(), and 8 classes for custom).
Cost estimate_cost(const Config& c, int points, int classes);
Cost estimate_cost(const Config& c);
// "" or the one-line error naming what to reduce. parse_config calls it.
Status check_cost(const Config& c, int points, int classes);

// Presets: named configs. "default" is the opening comparison.
struct Preset {
  std::string name, title, description, json;
  std::string look;   // what to look at, one or two sentences
  std::string views;  // the page's views this preset opens, comma-separated
                      // (inputs, inspector, diagram, noise, params, race,
                      //  covariate, regularization, testtime, batchstats)
  int lesson = 0;     // 1..8 for the course's lessons (6a and 6b share 6), 0 otherwise
  // Where the lesson comes from: the course notes' section, or the reference it
  // goes beyond them with (empty: not said).
  std::string source;
  // The lesson's formula is one the notes write with a slip: the page opens
  // its note on the notes' formulas beside the text.
  bool formula_note = false;
  // What the runs compare, in words, for the page's masthead (empty: the
  // page names the runs).
  std::string compares;
  // The lesson's pace in the page: how fast it plays (steps per second, one
  // of the toolbar's speeds; 0: the page's default) and the step where play
  // pauses because the lesson has made its point (0: never). A link's own
  // speed= and stop= win.
  int speed = 0;
  int stop = 0;
};
const std::vector<Preset>& presets();
const Preset* find_preset(const std::string& name);

// Names <-> enums (for reports and traces).
const char* to_string(DatasetKind);
const char* to_string(Activation);
const char* to_string(BnPlacement);
const char* to_string(BnFormula);
const char* to_string(Init);
const char* to_string(OptimizerKind);

// Limits that keep memory and time bounded (absurd sizes are rejected). The
// per-field limits bound each value; the cost limits bound their product
// (cost.cpp has the measurements behind them).
namespace limits {
constexpr int max_points = 20000;
constexpr int max_hidden_layers = 12;
constexpr int max_width = 512;
constexpr int max_runs = 16;
constexpr int max_steps = 10000000;
constexpr int max_run_name_chars = 40;
constexpr int max_classes = 8;  // custom data: labels 0..7
constexpr int grid_side = 128;  // the page's decision grid, per run
constexpr int probe_batch = 256;  // the report's fixed probe batch
constexpr double max_bytes = 256.0 * 1024 * 1024;
constexpr double max_step_flops = 3e8;
constexpr double max_snapshot_flops = 1e10;
}  // namespace limits

}  // namespace bnlab
