// The one config schema (contract): spoken by the CLI (--config/--set), the
// page's URL hash and the WASM API. Validated here, in one place. Errors are
// values, not exceptions (em++ builds without exception support).
//
// JSON shape (every field optional; defaults fill what is absent):
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
// (Experiment::create with CustomPoints; bnlab run --data FILE).
enum class DatasetKind { circle, xor_, gauss, spiral, moons, checkerboard, blobs, custom };
enum class Activation { relu, leaky_relu, tanh, sigmoid, linear };
enum class BnPlacement { before, after };  // relative to the activation
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
  Init init = Init::he;
  double init_std = 0.01;    // for Init::gaussian
  double leaky_slope = 0.01;
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
  int classes() const;          // 3 for blobs, else 2
  int train_size() const;       // points - round(points * test_fraction)
};

template <class T>
struct Result {
  T value{};
  std::string error;  // empty on success: "field: value ... (allowed ...)"
  bool ok() const { return error.empty(); }
};

// Parse and validate a whole config from JSON text.
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

// Normalized config (every field filled, runs resolved) as JSON text.
std::string config_to_json(const Config& c, int indent = -1);

// Every dotted key with its allowed values, one line each (for --help and docs).
std::vector<std::string> config_keys_help();

// Presets: named configs. "default" is the opening comparison.
struct Preset {
  std::string name, title, description, json;
  std::string look;   // what to look at, one or two sentences
  std::string views;  // the page's views this preset opens, comma-separated
                      // (inputs, inspector, diagram, noise, params, race,
                      //  covariate, regularization, testtime)
  int lesson = 0;     // 1..8 for the course's lessons (6a and 6b share 6), 0 otherwise
};
const std::vector<Preset>& presets();
const Preset* find_preset(const std::string& name);

// Names <-> enums (for reports and traces).
const char* to_string(DatasetKind);
const char* to_string(Activation);
const char* to_string(BnPlacement);
const char* to_string(Init);
const char* to_string(OptimizerKind);

// Limits that keep memory and time bounded (absurd sizes are rejected).
namespace limits {
constexpr int max_points = 20000;
constexpr int max_hidden_layers = 12;
constexpr int max_width = 512;
constexpr int max_runs = 16;
constexpr int max_steps = 10000000;
}  // namespace limits

}  // namespace bnlab
