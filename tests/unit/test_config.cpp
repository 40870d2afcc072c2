// The config schema: defaults, rejection of every kind of bad value with a
// message that starts with the field's name, bare-text settings, the lenient
// hash path, round trips, presets.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bnlab/config.hpp"

using namespace bnlab;

namespace {

struct BadCase {
  const char* json;   // a whole config
  const char* field;  // the message must start with "<field>:"
};

// The error for a config that must be rejected (empty if it was accepted).
std::string rejection(const std::string& text) {
  Result<Config> r = parse_config(text);
  return r.error;
}

// Applies settings strictly, then validates the whole config; the first error.
std::string set_rejection(const std::vector<std::string>& sets) {
  Result<std::string> applied = apply_sets("{}", sets);
  if (!applied.ok()) return applied.error;
  return parse_config(applied.value).error;
}

Config parse_ok(const std::string& text) {
  Result<Config> r = parse_config(text);
  INFO(text << " -> " << r.error);
  REQUIRE(r.ok());
  return r.value;
}

Config set_ok(const std::vector<std::string>& sets) {
  Result<std::string> applied = apply_sets("{}", sets);
  INFO(applied.error);
  REQUIRE(applied.ok());
  return parse_ok(applied.value);
}

std::string many_runs(int n) {
  std::string runs;
  for (int i = 0; i < n; ++i) runs += (i ? "," : "") + std::string(R"({"name":"r)") + std::to_string(i) + "\"}";
  return R"({"runs":[)" + runs + "]}";
}

}  // namespace

TEST_CASE("an empty config gives the documented defaults", "[config]") {
  Config c = parse_ok("{}");
  CHECK(c.seed == 1);
  CHECK(c.data.name == DatasetKind::circle);
  CHECK(c.data.points == 400);
  CHECK(c.model.hidden == std::vector<int>{16, 16, 16});
  CHECK(c.model.activation == Activation::relu);
  CHECK(c.train.optimizer == OptimizerKind::sgd);
  CHECK(c.train.batch_size == 32);
  CHECK(c.classes() == 2);
  CHECK(c.train_size() == 200);
  REQUIRE(c.runs.size() == 2);
  CHECK(c.runs[0].name == "without BN");
  CHECK_FALSE(c.runs[0].model.batchnorm);
  CHECK(c.runs[1].name == "with BN");
  CHECK(c.runs[1].model.batchnorm);
  CHECK(c.runs[1].overrides == std::vector<std::pair<std::string, std::string>>{{"model.batchnorm", "true"}});
}

TEST_CASE("classes and train size follow the data", "[config]") {
  Config c = parse_ok(R"({"data": {"name": "blobs", "points": 101, "test_fraction": 0.3}})");
  CHECK(c.classes() == 3);
  CHECK(c.train_size() == 101 - 30);  // round(30.3) = 30 test points
}

TEST_CASE("bad configs are rejected with a message that starts with the field", "[config]") {
  const std::string long_name(41, 'n');
  const std::vector<BadCase> cases = {
      {R"({"train": {"learning_rate": -1}})", "train.learning_rate"},
      {R"({"train": {"learning_rate": 0}})", "train.learning_rate"},
      {R"({"train": {"learning_rate": 11}})", "train.learning_rate"},
      {R"({"train": {"learning_rate": "0.1"}})", "train.learning_rate"},
      {R"({"train": {"momentum": 1}})", "train.momentum"},
      {R"({"train": {"beta1": 1}})", "train.beta1"},
      {R"({"train": {"beta2": -0.1}})", "train.beta2"},
      {R"({"train": {"eps": 0}})", "train.eps"},
      {R"({"train": {"rms_alpha": 1}})", "train.rms_alpha"},
      {R"({"train": {"l2": 2}})", "train.l2"},
      {R"({"train": {"batch_size": 0}})", "train.batch_size"},
      {R"({"train": {"batch_size": 201}})", "train.batch_size"},  // train set is 200
      {R"({"train": {"batch_size": 1}})", "train.batch_size"},    // "with BN" needs 2
      {R"({"train": {"steps": 0}})", "train.steps"},
      {R"({"train": {"steps": 20000000}})", "train.steps"},
      {R"({"train": {"steps": 10.5}})", "train.steps"},
      {R"({"train": {"optimizer": "lbfgs"}})", "train.optimizer"},
      {R"({"train": {"learning_rte": 0.1}})", "train.learning_rte"},
      {R"({"data": {"noise": 1.5}})", "data.noise"},
      {R"({"data": {"points": 5}})", "data.points"},
      {R"({"data": {"points": 1e9}})", "data.points"},
      {R"({"data": {"points": 100.5}})", "data.points"},
      {R"({"data": {"name": "spirals"}})", "data.name"},
      {R"({"data": {"name": 3}})", "data.name"},
      {R"({"data": {"test_fraction": 0}})", "data.test_fraction"},
      {R"({"data": {"test_fraction": 0.99}})", "data.test_fraction"},
      {R"({"data": {"points": 10, "test_fraction": 0.95}})", "data.test_fraction"},  // no train points
      {R"({"data": {"shift": [1]}})", "data.shift"},
      {R"({"data": {"shift": [1, 1e7]}})", "data.shift"},
      {R"({"data": {"scale": [0, 1]}})", "data.scale"},
      {R"({"data": {"scale": "1,1"}})", "data.scale"},
      {R"({"data": {"standardize": 1}})", "data.standardize"},
      {R"({"data": {"colour": 1}})", "data.colour"},
      {R"({"data": 3})", "data"},
      {R"({"bogus": 1})", "bogus"},
      {R"({"model": {"hidden": [0]}})", "model.hidden"},
      {R"({"model": {"hidden": [513]}})", "model.hidden"},
      {R"({"model": {"hidden": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}})", "model.hidden"},
      {R"({"model": {"hidden": 16}})", "model.hidden"},
      {R"({"model": {"hidden": [16, 2.5]}})", "model.hidden"},
      {R"({"model": {"activation": "gelu"}})", "model.activation"},
      {R"({"model": {"batchnorm": "yes"}})", "model.batchnorm"},
      {R"({"model": {"bn_momentum": 0}})", "model.bn_momentum"},
      {R"({"model": {"bn_eps": 0}})", "model.bn_eps"},
      {R"({"model": {"bn_placement": "middle"}})", "model.bn_placement"},
      {R"({"model": {"init": "zeros"}})", "model.init"},
      {R"({"model": {"init_std": 0}})", "model.init_std"},
      {R"({"model": {"leaky_slope": -0.1}})", "model.leaky_slope"},
      {R"({"model": {"dropout": 1}})", "model.dropout"},
      {R"({"model": {"dropout": -0.1}})", "model.dropout"},
      {R"({"seed": -1})", "seed"},
      {R"({"seed": 1.5})", "seed"},
      {R"({"seed": 1e17})", "seed"},
      {R"({"seed": 9007199254740993})", "seed"},
      {R"({"seed": "1"})", "seed"},
      {R"({"runs": []})", "runs"},
      {R"({"runs": "x"})", "runs"},
      {R"({"runs": [3]})", "runs[0]"},
      {R"({"runs": [{"set": {}}]})", "runs[0].name"},
      {R"({"runs": [{"name": ""}]})", "runs[0].name"},
      {R"({"runs": [{"name": "a\nb"}]})", "runs[0].name"},
      {R"({"runs": [{"name": "a"}, {"name": "a"}]})", "runs[1].name"},
      {R"({"runs": [{"name": "a", "extra": 1}]})", "runs[0].extra"},
      {R"({"runs": [{"name": "a", "set": {"seed": 2}}]})", "runs[0].set.seed"},
      {R"({"runs": [{"name": "a", "set": {"data.noise": 0.2}}]})", "runs[0].set.data.noise"},
      {R"({"runs": [{"name": "a", "set": {"model.hiden": [1]}}]})", "runs[0].set.model.hiden"},
      {R"({"runs": [{"name": "a", "set": []}]})", "runs[0].set"},
      {R"({"runs": [{"name": "a"}, {"name": "b", "set": {"model.hidden": [0]}}]})", "runs[1].set.model.hidden"},
      {R"({"runs": [{"name": "a", "set": {"train.batch_size": 1, "model.batchnorm": true}}]})",
       "runs[0].set.train.batch_size"},
      {R"({"runs": [{"name": "a", "set": {"train.batch_size": 500}}]})", "runs[0].set.train.batch_size"},
  };
  for (const BadCase& bad : cases) {
    std::string error = rejection(bad.json);
    INFO(bad.json << " -> " << error);
    CHECK(error.rfind(std::string(bad.field) + ":", 0) == 0);
    CHECK(error.find('\n') == std::string::npos);
  }
  CHECK(rejection(many_runs(limits::max_runs)).empty());
  CHECK(rejection(many_runs(limits::max_runs + 1)).rfind("runs:", 0) == 0);
  CHECK(rejection(R"({"runs": [{"name": ")" + long_name + "\"}]}").rfind("runs[0].name:", 0) == 0);
}

TEST_CASE("messages give the value and what is allowed", "[config]") {
  CHECK(rejection(R"({"train": {"learning_rate": -1}})") ==
        "train.learning_rate: -1 is out of range (allowed: 1e-06 <= x <= 10)");
  std::string bn = rejection(R"({"train": {"batch_size": 1}})");
  CHECK(bn.find("\"with BN\"") != std::string::npos);
  CHECK(bn.find("at least 2 examples") != std::string::npos);
  CHECK(rejection(R"({"data": {"name": "spirals"}})").find("spiral") != std::string::npos);
  CHECK(rejection(R"({"train": {"learning_rte": 0.1}})").find("did you mean learning_rate") !=
        std::string::npos);
}

TEST_CASE("text that is not a config object is rejected", "[config]") {
  CHECK(rejection("[1, 2]").rfind("config:", 0) == 0);
  CHECK(rejection("").rfind("invalid JSON", 0) == 0);
  std::string where = rejection("{\n  \"seed\": 1,\n  \"data\": {\"noise\": }\n}");
  INFO(where);
  CHECK(where.rfind("invalid JSON at line 3", 0) == 0);
  CHECK(rejection(R"({"train": {"learning_rate": 1e999}})") == "invalid JSON: number overflow parsing '1e999'");
  std::string deep(100, '[');
  CHECK(rejection(deep).rfind("invalid JSON", 0) == 0);
  CHECK(rejection(std::string(2000000, ' ')).rfind("config:", 0) == 0);
}

TEST_CASE("bad settings are rejected with a message that starts with the field", "[config]") {
  const std::vector<BadCase> cases = {
      {"train.learning_rate=abc", "train.learning_rate"},
      {"train.learning_rate=inf", "train.learning_rate"},
      {"train.learning_rate=0x10", "train.learning_rate"},
      {"train.learning_rate=", "train.learning_rate"},
      {"seed=nan", "seed"},
      {"model.hidden=abc", "model.hidden"},
      {"model.hidden=16,x", "model.hidden"},
      {"model.hidden=16,,16", "model.hidden"},
      {"model.hidden=[16", "model.hidden"},
      {"data.name=spirals", "data.name"},
      {"model.batchnorm=yes", "model.batchnorm"},
      {"train.steps=1.5", "train.steps"},
      {"data.scale=1", "data.scale"},
      {"data.points=20", "train.batch_size"},  // fine alone; 10 train points < batch 32
      {"runs=abc", "runs"},
      {"learning_rate=0.1", "learning_rate"},
      {"__proto__=1", "__proto__"},
      {"constructor=1", "constructor"},
      {"preset=default", "preset"},  // presets are the caller's business
  };
  for (const BadCase& bad : cases) {
    std::string error = set_rejection({bad.json});
    INFO(bad.json << " -> " << error);
    CHECK(error.rfind(std::string(bad.field) + ":", 0) == 0);
  }
  CHECK(set_rejection({"learning_rate=0.1"}).find("did you mean train.learning_rate") != std::string::npos);
  CHECK(set_rejection({"noequals"}).find("expected key=value") != std::string::npos);
  CHECK(set_rejection({"=3"}).find("empty key") != std::string::npos);
  CHECK(set_rejection({"seed=" + std::string(2000, '1')}).find("too long") != std::string::npos);
}

TEST_CASE("settings convert bare text by the field's type", "[config]") {
  CHECK(set_ok({"model.hidden=16,16,16"}).model.hidden == std::vector<int>{16, 16, 16});
  CHECK(set_ok({"model.hidden= 8 , 4 "}).model.hidden == std::vector<int>{8, 4});
  CHECK(set_ok({"model.hidden=[16,16]"}).model.hidden == std::vector<int>{16, 16});
  CHECK(set_ok({"model.hidden=32"}).model.hidden == std::vector<int>{32});
  CHECK(set_ok({"model.hidden="}).model.hidden.empty());
  CHECK(set_ok({"data.name=spiral"}).data.name == DatasetKind::spiral);
  CHECK(set_ok({"data.name=\"xor\""}).data.name == DatasetKind::xor_);
  CHECK(set_ok({"model.activation=leaky_relu"}).model.activation == Activation::leaky_relu);
  CHECK(set_ok({"model.bn_placement=after"}).model.bn_placement == BnPlacement::after);
  CHECK(set_ok({"model.init=xavier"}).model.init == Init::xavier);
  CHECK(set_ok({"train.optimizer=adam"}).train.optimizer == OptimizerKind::adam);
  CHECK(set_ok({"model.batchnorm=true"}).model.batchnorm);
  CHECK_FALSE(set_ok({"data.standardize=false"}).data.standardize);
  CHECK(set_ok({"train.learning_rate=0.3"}).train.learning_rate == 0.3);
  CHECK(set_ok({"train.learning_rate=.5"}).train.learning_rate == 0.5);
  CHECK(set_ok({"train.eps=1e-6"}).train.eps == 1e-6);
  CHECK(set_ok({"train.steps=250"}).train.steps == 250);
  CHECK(set_ok({"seed=9007199254740992"}).seed == 9007199254740992ull);
  Config shifted = set_ok({"data.shift=10,-5", "data.scale=[100, 1]"});
  CHECK(shifted.data.shift[0] == 10);
  CHECK(shifted.data.shift[1] == -5);
  CHECK(shifted.data.scale[0] == 100);
  Config runs = set_ok({R"(runs=[{"name": "lr 1", "set": {"train.learning_rate": 1}}])"});
  REQUIRE(runs.runs.size() == 1);
  CHECK(runs.runs[0].train.learning_rate == 1);
  // Later settings win; the order matters for clashes that resolve later.
  CHECK(set_ok({"seed=3", "seed=4"}).seed == 4);
  CHECK(set_ok({"data.points=20", "train.batch_size=8"}).train_size() == 10);
}

TEST_CASE("runs resolve the base config plus their own settings", "[config]") {
  Config c = parse_ok(R"({
    "model": {"hidden": [8, 8]},
    "train": {"learning_rate": 0.05},
    "runs": [
      {"name": "plain"},
      {"name": "fast, \"BN\"", "set": {"model.batchnorm": true, "train.learning_rate": 1,
                                     "data.standardize": false, "model.hidden": [4]}}]})");
  REQUIRE(c.runs.size() == 2);
  CHECK(c.runs[0].overrides.empty());
  CHECK(c.runs[0].train.learning_rate == 0.05);
  CHECK(c.runs[0].model.hidden == std::vector<int>{8, 8});
  CHECK(c.runs[1].name == "fast, \"BN\"");
  CHECK(c.runs[1].model.batchnorm);
  CHECK(c.runs[1].train.learning_rate == 1);
  CHECK_FALSE(c.runs[1].standardize);
  CHECK(c.runs[1].model.hidden == std::vector<int>{4});
  CHECK(c.runs[1].overrides.size() == 4);
  CHECK(c.runs[1].overrides[3] == std::make_pair(std::string("model.hidden"), std::string("[4]")));
  // The base is untouched by a run's settings.
  CHECK(c.model.hidden == std::vector<int>{8, 8});
  CHECK(c.train.learning_rate == 0.05);
}

TEST_CASE("the normalized config round-trips exactly", "[config]") {
  const char* texts[] = {
      "{}",
      R"({"seed": 9007199254740992, "data": {"name": "moons", "noise": 0.1234567890123, "shift": [-3.5, 1e5],
          "scale": [0.001, -2]}, "model": {"hidden": [], "bn_eps": 1e-5, "init": "gaussian"},
          "train": {"optimizer": "rmsprop", "learning_rate": 0.3, "eps": 1e-8}})",
      R"({"runs": [{"name": "a, \"quoted\" ü", "set": {"train.learning_rate": 0.7, "model.hidden": [3, 5]}},
                   {"name": "b", "set": {}}]})",
  };
  for (const char* text : texts) {
    Config c = parse_ok(text);
    std::string once = config_to_json(c);
    Config again = parse_ok(once);
    CHECK(config_to_json(again) == once);
    CHECK(config_to_json(again, 2) == config_to_json(c, 2));
    CHECK(again.seed == c.seed);
    CHECK(again.data.noise == c.data.noise);
    CHECK(again.data.scale[0] == c.data.scale[0]);
    CHECK(again.model.hidden == c.model.hidden);
    CHECK(again.train.learning_rate == c.train.learning_rate);
    REQUIRE(again.runs.size() == c.runs.size());
    for (size_t i = 0; i < c.runs.size(); ++i) {
      CHECK(again.runs[i].name == c.runs[i].name);
      CHECK(again.runs[i].overrides == c.runs[i].overrides);
      CHECK(again.runs[i].train.learning_rate == c.runs[i].train.learning_rate);
      CHECK(again.runs[i].model.batchnorm == c.runs[i].model.batchnorm);
    }
  }
  // Every field appears, enums by name.
  std::string all = config_to_json(parse_ok("{}"));
  for (const char* needle : {"\"seed\":1", "\"name\":\"circle\"", "\"optimizer\":\"sgd\"", "\"bn_placement\":\"before\"",
                             "\"hidden\":[16,16,16]", "\"shift\":[0.0,0.0]", "\"runs\":[{\"name\":\"without BN\""}) {
    INFO(needle << " in " << all);
    CHECK(all.find(needle) != std::string::npos);
  }
}

TEST_CASE("lenient settings keep the good ones and report each bad one", "[config]") {
  const std::vector<std::string> sets = {
      "train.learning_rate=0.3",   // good
      "model.hidden=abc",          // bad value
      "data.name=moons",           // good
      "noequals",                  // malformed
      "=3",                        // malformed
      "__proto__=1",               // unknown key
      "constructor=x",             // unknown key
      std::string(1500, 'x'),      // too long
      "train.batch_size=1000",     // bad against the data
      "train.learning_rate=-2",    // bad; keeps the earlier good 0.3
      "model.batchnorm=true",      // good
  };
  LenientResult r = apply_sets_lenient(R"({"seed": 7})", sets);
  Config c = parse_ok(r.json);
  CHECK(c.seed == 7);
  CHECK(c.train.learning_rate == 0.3);
  CHECK(c.data.name == DatasetKind::moons);
  CHECK(c.model.batchnorm);
  CHECK(c.model.hidden == std::vector<int>{16, 16, 16});
  CHECK(c.train.batch_size == 32);
  REQUIRE(r.errors.size() == 8);
  CHECK(r.errors[0].rfind("model.hidden: \"abc\"", 0) == 0);
  CHECK(r.errors[0].find("using the default") != std::string::npos);
  CHECK(r.errors[1].find("noequals") != std::string::npos);
  CHECK(r.errors[2].find("empty key") != std::string::npos);
  CHECK(r.errors[3].rfind("__proto__:", 0) == 0);
  CHECK(r.errors[4].rfind("constructor:", 0) == 0);
  CHECK(r.errors[5].find("too long") != std::string::npos);
  CHECK(r.errors[5].size() < 200);
  CHECK(r.errors[6].rfind("train.batch_size: 1000", 0) == 0);
  CHECK(r.errors[7].rfind("train.learning_rate: -2", 0) == 0);
  CHECK(r.errors[7].find("keeping 0.3") != std::string::npos);
}

TEST_CASE("lenient settings survive a bad base config", "[config]") {
  LenientResult r = apply_sets_lenient("{not json", {"seed=5"});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].find("invalid JSON") != std::string::npos);
  CHECK(parse_ok(r.json).seed == 5);
}

TEST_CASE("every key is documented in the help", "[config]") {
  std::vector<std::string> help = config_keys_help();
  std::string all = "\n";
  for (const std::string& line : help) all += line + "\n";
  for (const char* key : {"seed", "data.name", "data.points", "data.noise", "data.test_fraction", "data.shift",
                          "data.scale", "data.standardize", "model.hidden", "model.activation",
                          "model.batchnorm", "model.bn_placement", "model.bn_momentum", "model.bn_eps",
                          "model.init", "model.init_std", "model.leaky_slope", "model.dropout", "train.optimizer",
                          "train.learning_rate", "train.momentum", "train.beta1", "train.beta2", "train.eps",
                          "train.rms_alpha", "train.l2", "train.batch_size", "train.steps", "runs"}) {
    INFO(key);
    CHECK(all.find(std::string("\n") + key + " ") != std::string::npos);
  }
}

TEST_CASE("presets all parse and can be found", "[config]") {
  REQUIRE_FALSE(presets().empty());
  REQUIRE(find_preset("default") != nullptr);
  CHECK(find_preset("no such preset") == nullptr);
  for (const Preset& p : presets()) {
    INFO(p.name);
    Result<Config> r = parse_config(p.json);
    CHECK(r.error == "");
    CHECK_FALSE(p.title.empty());
    CHECK_FALSE(p.description.empty());
    CHECK(find_preset(p.name) == &p);
  }
}
