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
       "", 0, "", false, "Without and with batch norm"},

      {"normalizing-inputs", "1. Normalizing inputs",
       "Here $x_1$ lies around 50 and spans about 100, while $x_2$ spans about 2. Run A trains on these "
       "raw inputs; run B on inputs standardized with the training set's statistics: "
       "$x_{\\text{norm}} = (x - \\mu) / \\sigma$ for each feature, where $\\mu$ is the mean and $\\sigma$ the standard "
       "deviation (not the variance). Neither network uses batch norm; the learning rate is the same.",
       R"({"data": {"name": "circle", "points": 400, "noise": 0.1, "shift": [50, 0], "scale": [8, 0.16]},
           "model": {"hidden": [8, 8], "batchnorm": false},
           "train": {"learning_rate": 0.1, "steps": 1500},
           "runs": [{"name": "raw inputs", "set": {"data.standardize": false}},
                    {"name": "standardized", "set": {"data.standardize": true}}]})",
       "The standardized run finds the circle within a few hundred steps; on raw inputs the same "
       "learning rate gets nowhere. The table shows $\\mu$ and $\\sigma$ of each feature.",
       "inputs", 1,
       "From the course notes, \"Normalizing inputs to speed up learning\". The notes write this "
       "formula with two slips (the variance without \"$-\\,\\mu$\", and dividing by $\\sigma^2$): see the note on "
       "the notes' formulas below.",
       true, "Raw inputs against standardized inputs (no batch norm)",
       30, 400},  // pace: standardized reaches 90% at steps 50-250; raw never

      {"implementing-bn", "2. Implementing batch norm",
       "Pick a unit of a hidden layer of the batch-norm run. For the current mini-batch of $m$ "
       "examples: $\\mu = \\frac{1}{m} \\sum_i z_i$, $\\sigma^2 = \\frac{1}{m} \\sum_i (z_i - \\mu)^2$, "
       "$z_{\\text{norm}} = (z_i - \\mu) / \\sqrt{\\sigma^2 + \\varepsilon}$, and "
       "$\\tilde z = \\gamma\\, z_{\\text{norm}} + \\beta$, where $\\gamma$ and $\\beta$ are learned.",
       R"({"data": {"name": "spiral", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16]},
           "train": {"learning_rate": 0.1, "steps": 1000}})",
       "The inspector writes the formulas out with this batch's numbers: $z_{\\text{norm}}$ always has mean 0 "
       "and variance close to 1, and $\\tilde z$ has mean $\\beta$ and spread $|\\gamma|$.",
       "inspector", 2,
       "From the course notes, \"Implementing batch norm\". The notes write two of these formulas with "
       "slips ($\\sigma^2$ without \"$-\\,\\mu$\", and $z_{\\text{norm}}$ divided by $\\sigma^2$ instead of $\\sqrt{\\sigma^2 + \\varepsilon}$): "
       "see the note on the notes' formulas below.",
       true, "Without and with batch norm, one unit written out",
       10, 150},  // pace: slow enough to read the inspector's numbers; they hold at every step

      {"bn-in-a-network", "3. Fitting batch norm into a network",
       "Batch norm sits between the linear part $Z = W A + b$ and the activation $g$. Because it "
       "subtracts the batch mean, a bias $b$ added before it would cancel out, so the layer feeding a "
       "batch norm has no $b$: $\\beta$ takes its place. Batch norm can also be placed after the "
       "activation; the two runs compare the placements.",
       R"({"data": {"name": "spiral", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16], "batchnorm": true},
           "train": {"learning_rate": 0.1, "steps": 1500},
           "runs": [{"name": "BN before g", "set": {"model.bn_placement": "before"}},
                    {"name": "BN after g", "set": {"model.bn_placement": "after"}}]})",
       "The diagram shows where BN sits in each run and which dense layers have no bias.",
       "diagram", 3,
       "From the course notes, \"Fitting batch norm into a neural network\" and \"Working with "
       "mini-batches\" (no $b$ before batch norm).",
       false, "Batch norm before the activation against after it",
       100, 500},  // pace: both placements reach 90% by step 490

      {"mini-batches", "4. Working with mini-batches",
       "Batch norm computes $\\mu$ and $\\sigma^2$ on each mini-batch, so they change from batch to batch. "
       "Both runs use batch norm; one takes batches of 8 examples, the other of 128.",
       R"({"data": {"name": "moons", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16], "batchnorm": true},
           "train": {"learning_rate": 0.1, "steps": 1000},
           "runs": [{"name": "batch 8", "set": {"train.batch_size": 8}},
                    {"name": "batch 128", "set": {"train.batch_size": 128}}]})",
       "Follow one unit's batch mean $\\mu$ and variance $\\sigma^2$ step by step in the mini-batch statistics "
       "view: with batches of 8 they jump about several times more than with batches of 128 (measured "
       "over steps 100 to 200 on seeds 1 to 10: 5.5 to 6.8 times for $\\mu$, 5.1 to 6.5 times for $\\sigma^2$).",
       "inspector,noise,batchstats", 4,
       "From the course notes, \"Working with mini-batches\".",
       false, "Batches of 8 against batches of 128, both with batch norm",
       10, 200},  // pace: the batch statistics jitter over steps 100-200 (the claim's window)

      {"gradient-descent", "5. Implementing gradient descent",
       "Backpropagation reaches $W$, $\\gamma$ and $\\beta$ alike, and the optimizer updates all of them. "
       "Four batch-norm networks train with SGD, momentum, RMSprop and Adam.",
       R"({"data": {"name": "spiral", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16], "batchnorm": true},
           "train": {"steps": 1000},
           "runs": [{"name": "SGD", "set": {"train.optimizer": "sgd", "train.learning_rate": 0.1}},
                    {"name": "momentum", "set": {"train.optimizer": "momentum", "train.learning_rate": 0.02}},
                    {"name": "RMSprop", "set": {"train.optimizer": "rmsprop", "train.learning_rate": 0.003}},
                    {"name": "Adam", "set": {"train.optimizer": "adam", "train.learning_rate": 0.01}}]})",
       "$\\gamma$ starts at 1 and $\\beta$ at 0; watch them move in every run as training goes on.",
       "params", 5,
       "From the course notes, \"Implementing gradient descent\".",
       false, "SGD, momentum, RMSprop and Adam, all with batch norm",
       100, 600},  // pace: gamma and beta have moved by step 600

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
       "race", 6,
       "Beyond the notes, which say only that batch norm speeds up learning: the race follows Ioffe "
       "and Szegedy (2015, \"Batch Normalization: Accelerating Deep Network Training by Reducing "
       "Internal Covariate Shift\"), who report that batch norm allows much higher learning rates.",
       false, "Four learning rates, each without and with batch norm",
       30, 300},  // pace: the BN runs reach 90% at steps 20-50; the others have failed by 300

      {"covariate-shift", "6b. Why batch norm works: covariate shift",
       "The notes' second reason: batch norm makes a layer robust to changes in the layers before it, "
       "because the distribution of its inputs shifts less (covariate shift). The view follows the "
       "15th, 50th and 85th percentiles of the last hidden layer's $z = W a$ on a fixed batch, as in "
       "Ioffe and Szegedy's Figure 1 (sigmoid units): z before batch norm in both runs, and in the "
       "batch-norm run also batch norm's output. That output is normalized with the batch's own $\\mu$ "
       "and $\\sigma^2$, so its median is $\\beta$ and its spread about $|\\gamma|$ by construction: its "
       "steadiness alone says nothing about what the layers below do.",
       R"({"data": {"name": "circle", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16, 16], "activation": "sigmoid", "init": "xavier"},
           "train": {"learning_rate": 0.5, "steps": 1000}})",
       "Batch norm does not stop the earlier layers from changing z: in the batch-norm run z's "
       "spread grows during training (by 25% to 3.7 times on seeds 1 to 10), and batch norm divides "
       "it away. z's median moves less than without batch norm (0.05 to 0.19 initial spreads, against "
       "0.55 to 1.12), while the network without batch norm stays near chance. Santurkar et al. (2018) "
       "showed that a network can train well with batch norm even when such shifts are large, so a "
       "smaller shift is not the whole explanation: lesson 6c measures what they found instead.",
       "covariate", 6,
       "The explanation is the notes' (\"Why does batch norm work?\": covariate shift); the "
       "measurement goes beyond them: it follows Ioffe and Szegedy (2015), Figure 1, and Santurkar, "
       "Tsipras, Ilyas and Madry (2018, \"How Does Batch Normalization Help Optimization?\"), who "
       "measured that batch norm need not reduce the shift of z before it.",
       false, "Without and with batch norm: z before batch norm, in both runs",
       100, 1000},  // pace: the drift is measured over the 1000 steps

      {"smoothness", "6c. Why batch norm works: a smoother landscape",
       "Two explanations side by side. The notes say batch norm works by reducing covariate shift "
       "(6b). Santurkar, Tsipras, Ilyas and Madry (2018) measured that batch norm need not reduce it, "
       "and that it makes the loss landscape smoother instead: along the gradient the loss changes "
       "less (loss variation) and the gradient stays more predictive (beta-smoothness). Here both "
       "are measured at every step shown, on that step's mini-batch, without changing the runs: the "
       "range of the losses after steps of 0.5, 1, 2 and 4 times the learning rate along the "
       "gradient, and the gradient's change over one step divided by the step's length. Both "
       "networks (ReLU, 2-16-16-16-16-16-1) learn the circle at learning rate 0.5.",
       R"({"data": {"name": "circle", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16, 16, 16]},
           "train": {"learning_rate": 0.5, "steps": 600}})",
       "Without batch norm the loss along the gradient now and then jumps: over 600 steps its largest "
       "variation is 0.58 to 19 (seeds 1 to 10), against 0.06 to 0.20 with batch norm, and the "
       "largest gradient change per step is larger too (3.5 to 5.7 against 1.6 to 3.5). In a typical "
       "step, though, the batch-norm run's loss varies more (medians 0.009 to 0.027 against 0.000 to "
       "0.012): on these toy networks, smoother means no cliffs, not smaller changes.",
       "smoothness", 6,
       "Beyond the notes: Santurkar, Tsipras, Ilyas and Madry (2018), \"How Does Batch Normalization "
       "Help Optimization?\" (NeurIPS), Section 3; the notes' explanation is covariate shift.",
       false, "Without and with batch norm: the loss landscape along the gradient",
       30, 600},  // pace: the largest jumps are counted over 600 steps

      {"regularization", "7. Batch norm as regularization",
       "Each mini-batch is normalized with its own mean and variance, which adds noise to every "
       "hidden unit: the same example's $z_{\\text{norm}}$ differs from batch to batch, more for small batches. "
       "The notes compare this to dropout, which also adds noise to each hidden layer's activations "
       "(by zeroing units at random), and call the effect a slight regularization. "
       "Four runs: without and with batch norm, with batches of 8 and of 128, on noisy data. "
       "Lesson 7b (bn-vs-dropout) puts batch norm beside dropout itself.",
       R"({"data": {"name": "moons", "points": 300, "noise": 0.5},
           "model": {"hidden": [32, 32, 32]},
           "train": {"learning_rate": 0.05, "steps": 3000},
           "runs": [{"name": "no BN, batch 8", "set": {"model.batchnorm": false, "train.batch_size": 8}},
                    {"name": "BN, batch 8", "set": {"model.batchnorm": true, "train.batch_size": 8}},
                    {"name": "no BN, batch 128", "set": {"model.batchnorm": false, "train.batch_size": 128}},
                    {"name": "BN, batch 128", "set": {"model.batchnorm": true, "train.batch_size": 128}}]})",
       "With batches of 8 the batch-norm run's gap between test and train loss stays smaller than "
       "the run without (measured at step 3000 on seeds 1 to 10: -0.06 to 0.14 against -0.004 to 0.40). "
       "With batches of 128 it is the other way round: the batch-norm run fits the training set "
       "fastest and its gap is the largest of the four (0.37 to 0.90; the others at most 0.55). The "
       "regularizing noise is a small-batch effect, slight, and no substitute for real regularization.",
       "regularization,noise", 7,
       "From the course notes, \"Batch norm as regularization\"; the measured gaps go beyond them.",
       false, "Without and with batch norm, with batches of 8 and of 128",
       300, 3000},  // pace: the gaps are measured at step 3000

      {"test-time", "8. Batch norm at test time",
       "At test time there may be one example, not a batch. Predictions then use running averages "
       "of $\\mu$ and $\\sigma^2$ gathered during training, after each mini-batch of $m$ examples: "
       "$\\text{running\\_mean} = (1 - \\text{momentum})\\, \\text{running\\_mean} + \\text{momentum}\\, \\mu$, and "
       "$\\text{running\\_var} = (1 - \\text{momentum})\\, \\text{running\\_var} + \\text{momentum}\\, \\frac{m}{m-1} \\sigma^2$. "
       "The running variance stores the unbiased batch variance $\\frac{m}{m-1} \\sigma^2$, while training "
       "normalizes with the biased $\\sigma^2$ (as Ioffe and Szegedy's Algorithm 2 and PyTorch do). "
       "Two batch-norm networks differ only in that momentum.",
       R"({"data": {"name": "moons", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16], "batchnorm": true},
           "train": {"learning_rate": 0.1, "steps": 600},
           "runs": [{"name": "momentum 0.1", "set": {"model.bn_momentum": 0.1}},
                    {"name": "momentum 0.01", "set": {"model.bn_momentum": 0.01}}]})",
       "Compare the boundary drawn with running averages, with the last batch's statistics, and one "
       "example at a time with its own statistics (a constant: $z_{\\text{norm}}$ is always 0). With momentum "
       "0.01 the running averages lag for the first hundred steps and test accuracy lags with them.",
       "testtime", 8,
       "Beyond the notes: test time is the lecture after them. The running averages and the unbiased "
       "variance follow Ioffe and Szegedy (2015), Algorithm 2, with PyTorch's momentum convention.",
       false, "Running-average momentum 0.1 against 0.01, both with batch norm",
       10, 150},  // pace: the running averages lag for about 100 steps (the claim: at step 20-30)
       
      // ---- bn knobs: the notes' "what ifs" (model.bn_bias, model.bn_formula,
      // model.bn_affine); claims measured over seeds 1..10 (lesson_claims.py).
      {"bias-before-bn", "4b. What if: a bias b before batch norm",
       "The notes say that with batch norm \"there's no point having this parameter b\": batch norm "
       "subtracts the batch mean $\\mu$, and $b$, the same for every example, is in $\\mu$ too. Try it. Both "
       "runs are the same batch-norm network with the same initial weights and mini-batches; in "
       "\"with b\" the dense layer before each batch norm has a bias b (starting at 0), learned like "
       "every other parameter.",
       R"({"data": {"name": "circle", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16], "batchnorm": true},
           "train": {"learning_rate": 0.1, "steps": 1000},
           "runs": [{"name": "no b", "set": {"model.bn_bias": false}},
                    {"name": "with b", "set": {"model.bn_bias": true}}]})",
       "In the inspector, pick the run \"with b\": b's gradient is 0 up to float rounding (about "
       "1e-9), so after 1,000 steps b has moved less than 1e-5 while the unit's weights W have moved "
       "by more than 0.1; the two runs' loss curves lie on top of each other.",
       "inspector", 4,
       "From the course notes, \"Working with mini-batches\": b is pointless before batch norm.",
       false, "No bias before batch norm against a bias b before it",
       100, 1000},  // pace: b's and W's movement are claimed at step 1000

      {"formulas-as-written", "2b. What if: the formulas as the notes write them",
       "The notes write $\\sigma^2 = \\frac{1}{m} \\sum_i z_i^2$ (without subtracting $\\mu$) and "
       "$z_{\\text{norm}} = (z_i - \\mu) / \\sigma^2$ (no square root, no $\\varepsilon$). Here those formulas run "
       "against the corrected ones, $\\sigma^2 = \\frac{1}{m} \\sum_i (z_i - \\mu)^2$ and "
       "$z_{\\text{norm}} = (z_i - \\mu) / \\sqrt{\\sigma^2 + \\varepsilon}$, on raw inputs "
       "four times their usual size, with batch norm before $g$ and after it. Corrected, $z_{\\text{norm}}$ does "
       "not depend on the scale of $z$; as written, $z$ twice as large gives $z_{\\text{norm}}$ half as large, and a "
       "unit whose $z$ is 0 for the whole batch (a ReLU dead on the batch, before a batch norm after $g$) "
       "divides 0 by 0.",
       R"({"data": {"name": "spiral", "points": 400, "noise": 0.1, "scale": [4, 4], "standardize": false},
           "model": {"hidden": [16, 16, 16], "batchnorm": true},
           "train": {"learning_rate": 0.1, "steps": 1000},
           "runs": [{"name": "corrected", "set": {"model.bn_formula": "standard"}},
                    {"name": "as written", "set": {"model.bn_formula": "notes"}},
                    {"name": "corrected with BN after g", "set": {"model.bn_formula": "standard", "model.bn_placement": "after"}},
                    {"name": "as written with BN after g", "set": {"model.bn_formula": "notes", "model.bn_placement": "after"}}]})",
       "In the inspector, $z_{\\text{norm}}$'s spread with the corrected formulas is about 1 whatever $z$'s scale; "
       "as written it is $1/\\sigma$ and halves when $z$ doubles. The run \"as written\" learns much "
       "more slowly, and \"as written with BN after g\" diverges within 200 steps, when a unit's z is "
       "0 across a batch.",
       "inspector", 2,
       "From the course notes, \"Implementing batch norm\", as written there; the corrected "
       "formulas are Ioffe and Szegedy's (2015), Algorithm 1: see the note on the notes' formulas below.",
       true, "The corrected formulas against the notes' formulas as written",
       30, 300},  // pace: "as written with BN after g" diverges at steps 2-189

      {"gamma-beta", "2c. What if: no gamma and beta",
       "$\\tilde z = \\gamma\\, z_{\\text{norm}} + \\beta$ lets a unit undo its normalization: with "
       "$\\gamma = \\sqrt{\\sigma^2 + \\varepsilon}$ and $\\beta = \\mu$, $\\tilde z = z$. So adding batch norm never "
       "takes expressive power away. One run has no $\\gamma$ and $\\beta$ (PyTorch's affine=False: "
       "$\\tilde z = z_{\\text{norm}}$, nothing to "
       "learn); the other learns them.",
       R"({"data": {"name": "spiral", "points": 400, "noise": 0.1},
           "model": {"hidden": [16, 16, 16], "batchnorm": true},
           "train": {"learning_rate": 0.1, "steps": 1000},
           "runs": [{"name": "no gamma and beta", "set": {"model.bn_affine": false}},
                    {"name": "gamma and beta", "set": {"model.bn_affine": true}}]})",
       "In the inspector, pick the run \"gamma and beta\" and press \"make this unit the identity\": "
       "$\\gamma$ becomes $\\sqrt{\\sigma^2 + \\varepsilon}$, $\\beta$ becomes $\\mu$, and every $\\tilde z$ equals its $z$. Training "
       "goes on from there.",
       "inspector", 2,
       "From the course notes, \"Implementing batch norm\" (gamma and beta are learnable); the "
       "identity is Ioffe and Szegedy's (2015) Section 3.",
       false, "Batch norm without gamma and beta against with them",
       10, 100},  // pace: slow, to press "make this unit the identity" and read the numbers
       
      // ---- dropout: the notes' comparison made runnable (issue 10, item 9). Measured with the CLI
      // over seeds 1..10 at step 3000 (tests/cli/lesson_claims.py, docs/LESSONS.md).
      {"bn-vs-dropout", "7b. Batch norm against dropout",
       "The notes say batch norm adds a little noise to each hidden layer's activations, as dropout "
       "does, and so regularizes slightly. Here the two are side by side on the noisy moons of lesson 7. "
       "Dropout zeroes each hidden unit's output with probability $p = 0.3$ while training and scales "
       "the kept ones by $1/(1 - p)$, so their expected value is unchanged; at test time it is off. "
       "Five runs: no regularizer, batch norm, dropout, both, and batch norm with batches of 8 "
       "(the others use batches of 32).",
       R"({"data": {"name": "moons", "points": 300, "noise": 0.5},
           "model": {"hidden": [32, 32, 32]},
           "train": {"learning_rate": 0.05, "batch_size": 32, "steps": 3000},
           "runs": [{"name": "none", "set": {"model.batchnorm": false}},
                    {"name": "BN", "set": {"model.batchnorm": true}},
                    {"name": "dropout", "set": {"model.batchnorm": false, "model.dropout": 0.3}},
                    {"name": "BN + dropout", "set": {"model.batchnorm": true, "model.dropout": 0.3}},
                    {"name": "BN, batch 8", "set": {"model.batchnorm": true, "train.batch_size": 8}}]})",
       "Watch the gap chart (test loss minus train loss). Measured at step 3000 on seeds 1 to 10: "
       "dropout keeps the gap small (-0.06 to 0.15) while the run with neither opens it (0.08 to 0.50). "
       "Batch norm with batches of 32 narrows it on some seeds and not on others (0.06 to 0.39); with "
       "batches of 8 it does about as much as dropout (-0.06 to 0.14). Both together do no better than "
       "dropout alone. Test accuracy moves less than the gap: a few points.",
       "regularization", 7,
       "From the course notes, \"Batch norm as regularization\", which compare it to dropout; dropout as "
       "in Srivastava et al. (2014). The measured gaps go beyond the notes.",
       false, "No regularizer, batch norm, dropout, both, and batch norm with batches of 8",
       300, 3000},  // pace: the gaps are measured at step 3000, as in lesson 7
  };
  return table;
}

const Preset* find_preset(const std::string& name) {
  for (const Preset& p : presets())
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace bnlab
