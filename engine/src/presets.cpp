// Named configs: the opening comparison and the course's lessons. Each is plain
// JSON text, validated by the same parse_config as everything else (a test
// parses them all), so a preset can be copied into a --config file or a URL
// hash unchanged. Runs left out mean the default pair "without BN" | "with BN".
//
// Every lesson's configuration was chosen by measurement with the CLI over
// seeds 1..5, and its claim is checked by tests/cli/lesson_claims.py with the
// thresholds written down there (docs/LESSONS.md has the figures).
#include "bnlab/config.hpp"

namespace bnlab {

const std::vector<Preset>& presets() {
  static const std::vector<Preset> table = {
      {"default", "Without and with batch norm",
       "The same ReLU network (2-16-16-16-1) trained without and with batch norm on the spiral: "
       "same data, initial weights, mini-batches and learning rate.",
       // Over seeds 1..10 the median number of steps to 90% test accuracy is 1775 without
       // and 280 with batch norm at this learning rate; the gap holds from 0.03 to 1.
       R"({"data": {"name": "spiral", "points": 400, "noise": 0.1, "test_fraction": 0.5},
           "model": {"hidden": [16, 16, 16], "activation": "relu", "init": "he"},
           "train": {"optimizer": "sgd", "learning_rate": 0.1, "batch_size": 32, "steps": 3000}})",
       "Watch the batch-norm run's boundary wrap around the arms of the spiral while the other is "
       "still finding its way, and the two loss curves part.",
       "", 0},

      {"normalizing-inputs", "1. Normalizing inputs",
       "Here x1 lies around 50 and spans about 100, while x2 spans about 2. Run A trains on these "
       "raw inputs; run B on inputs standardized with the training set's statistics: "
       "x_norm = (x - mu) / sigma for each feature, where mu is the mean and sigma the standard "
       "deviation (not the variance). Neither network uses batch norm; the learning rate is the same.",
       R"({"data": {"name": "circle", "points": 400, "noise": 0.1, "shift": [50, 0], "scale": [8, 0.16]},
           "model": {"hidden": [8, 8], "batchnorm": false},
           "train": {"learning_rate": 0.1, "steps": 1500},
           "runs": [{"name": "raw inputs", "set": {"data.standardize": false}},
                    {"name": "standardized", "set": {"data.standardize": true}}]})",
       "The standardized run finds the circle within a few hundred steps; on raw inputs the same "
       "learning rate gets nowhere. The table shows mu and sigma of each feature.",
       "inputs", 1},

      {"implementing-bn", "2. Implementing batch norm",
       "Pick a unit of a hidden layer of the batch-norm run. For the current mini-batch of m "
       "examples: mu = (1/m) sum z_i, sigma^2 = (1/m) sum (z_i - mu)^2, "
       "z_norm = (z_i - mu) / sqrt(sigma^2 + eps), and z_tilde = gamma z_norm + beta, where gamma "
       "and beta are learned.",
       R"({"data": {"name": "spiral", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16]},
           "train": {"learning_rate": 0.1, "steps": 1000}})",
       "The inspector writes the formulas out with this batch's numbers: z_norm always has mean 0 "
       "and variance close to 1, and z_tilde has mean beta and spread |gamma|.",
       "inspector", 2},

      {"bn-in-a-network", "3. Fitting batch norm into a network",
       "Batch norm sits between the linear part Z = W A + b and the activation g. Because it "
       "subtracts the batch mean, a bias b added before it would cancel out, so the layer feeding a "
       "batch norm has no b: beta takes its place. Batch norm can also be placed after the "
       "activation; the two runs compare the placements.",
       R"({"data": {"name": "spiral", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16], "batchnorm": true},
           "train": {"learning_rate": 0.1, "steps": 1500},
           "runs": [{"name": "BN before g", "set": {"model.bn_placement": "before"}},
                    {"name": "BN after g", "set": {"model.bn_placement": "after"}}]})",
       "The diagram shows where BN sits in each run and which dense layers have no bias.",
       "diagram", 3},

      {"mini-batches", "4. Working with mini-batches",
       "Batch norm computes mu and sigma^2 on each mini-batch, so they change from batch to batch. "
       "Both runs use batch norm; one takes batches of 8 examples, the other of 128.",
       R"({"data": {"name": "moons", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16], "batchnorm": true},
           "train": {"learning_rate": 0.1, "steps": 1000},
           "runs": [{"name": "batch 8", "set": {"train.batch_size": 8}},
                    {"name": "batch 128", "set": {"train.batch_size": 128}}]})",
       "Follow one unit's batch mean and variance: with batches of 8 they jump about several times "
       "more than with batches of 128.",
       "inspector,noise", 4},

      {"gradient-descent", "5. Implementing gradient descent",
       "Backpropagation reaches W, gamma and beta alike, and the optimizer updates all of them. "
       "Four batch-norm networks train with SGD, momentum, RMSprop and Adam.",
       R"({"data": {"name": "spiral", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16], "batchnorm": true},
           "train": {"steps": 1000},
           "runs": [{"name": "SGD", "set": {"train.optimizer": "sgd", "train.learning_rate": 0.1}},
                    {"name": "momentum", "set": {"train.optimizer": "momentum", "train.learning_rate": 0.02}},
                    {"name": "RMSprop", "set": {"train.optimizer": "rmsprop", "train.learning_rate": 0.003}},
                    {"name": "Adam", "set": {"train.optimizer": "adam", "train.learning_rate": 0.01}}]})",
       "gamma starts at 1 and beta at 0; watch them move in every run as training goes on.",
       "params", 5},

      {"learning-rate-race", "6a. Why batch norm works: a larger learning rate",
       "Four learning rates, each without and with batch norm, trained in lockstep on the same "
       "batches from the same initial weights.",
       R"({"data": {"name": "circle", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16, 16, 16]},
           "train": {"steps": 600},
           "runs": [{"name": "lr 0.1", "set": {"train.learning_rate": 0.1, "model.batchnorm": false}},
                    {"name": "lr 0.1 BN", "set": {"train.learning_rate": 0.1, "model.batchnorm": true}},
                    {"name": "lr 0.5", "set": {"train.learning_rate": 0.5, "model.batchnorm": false}},
                    {"name": "lr 0.5 BN", "set": {"train.learning_rate": 0.5, "model.batchnorm": true}},
                    {"name": "lr 2", "set": {"train.learning_rate": 2, "model.batchnorm": false}},
                    {"name": "lr 2 BN", "set": {"train.learning_rate": 2, "model.batchnorm": true}},
                    {"name": "lr 4", "set": {"train.learning_rate": 4, "model.batchnorm": false}},
                    {"name": "lr 4 BN", "set": {"train.learning_rate": 4, "model.batchnorm": true}}]})",
       "At the two highest rates the networks without batch norm diverge or stall near chance, "
       "while the batch-norm networks still find the circle.",
       "race", 6},

      {"covariate-shift", "6b. Why batch norm works: covariate shift",
       "As earlier layers learn, the distribution of a deeper layer's inputs moves. The chart "
       "follows the 15th, 50th and 85th percentiles of the last hidden layer's pre-activations on a "
       "fixed batch, as in Ioffe and Szegedy's Figure 1 (sigmoid units).",
       R"({"data": {"name": "circle", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16, 16], "activation": "sigmoid", "init": "xavier"},
           "train": {"learning_rate": 0.5, "steps": 1000}})",
       "Without batch norm the median drifts by most of the distribution's width; with batch norm it "
       "stays put, and the network learns far faster.",
       "covariate", 6},

      {"regularization", "7. Batch norm as regularization",
       "Each mini-batch is normalized with its own mean and variance, which adds noise to every "
       "hidden unit: the same example's z_norm differs from batch to batch, more for small batches. "
       "Four runs: without and with batch norm, with batches of 8 and of 128, on noisy data.",
       R"({"data": {"name": "moons", "points": 300, "noise": 0.5},
           "model": {"hidden": [32, 32, 32]},
           "train": {"learning_rate": 0.05, "steps": 3000},
           "runs": [{"name": "no BN, batch 8", "set": {"model.batchnorm": false, "train.batch_size": 8}},
                    {"name": "BN, batch 8", "set": {"model.batchnorm": true, "train.batch_size": 8}},
                    {"name": "no BN, batch 128", "set": {"model.batchnorm": false, "train.batch_size": 128}},
                    {"name": "BN, batch 128", "set": {"model.batchnorm": true, "train.batch_size": 128}}]})",
       "With batches of 8 the batch-norm run's gap between test and train loss stays smaller than "
       "the run without. With batches of 128 the noise is small and so is the effect: the effect is "
       "slight, and no substitute for real regularization.",
       "regularization,noise", 7},

      {"test-time", "8. Batch norm at test time",
       "At test time there may be one example, not a batch. Predictions then use running averages "
       "of mu and sigma^2 gathered during training: running = (1 - momentum) running + momentum "
       "batch. Two batch-norm networks differ only in that momentum.",
       R"({"data": {"name": "moons", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16], "batchnorm": true},
           "train": {"learning_rate": 0.1, "steps": 600},
           "runs": [{"name": "momentum 0.1", "set": {"model.bn_momentum": 0.1}},
                    {"name": "momentum 0.01", "set": {"model.bn_momentum": 0.01}}]})",
       "Compare the boundary drawn with running averages, with the last batch's statistics, and one "
       "example at a time with its own statistics (a constant: z_norm is always 0). With momentum "
       "0.01 the running averages lag for the first hundred steps and test accuracy lags with them.",
       "testtime", 8},
  };
  return table;
}

const Preset* find_preset(const std::string& name) {
  for (const Preset& p : presets())
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace bnlab
