// Readable run items (engine/src/config/run_items.hpp): run.<i>.name,
// run.<i>.<per-run key>, runs=<n> in --set and the URL hash, and
// changed_settings writing them whenever they say the difference (checked
// by reading them back), the runs as JSON otherwise.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bnlab/config.hpp"

using namespace bnlab;
using json = nlohmann::json;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

json runs_of(const std::string& config_text) {
  Result<Config> c = parse_config(config_text);
  INFO(c.error);
  REQUIRE(c.ok());
  return json::parse(config_to_json(c.value))["runs"];
}

json applied(const std::string& base, const std::vector<std::string>& sets) {
  Result<std::string> r = apply_sets(base, sets);
  INFO(r.error);
  REQUIRE(r.ok());
  return runs_of(r.value);
}

std::string error_of(const std::string& base, const std::vector<std::string>& sets) {
  Result<std::string> r = apply_sets(base, sets);
  if (r.ok()) r.error = parse_config(r.value).error;  // a whole-config problem
  return r.error;
}

Pairs changes(const std::string& base, const std::string& config) {
  auto r = changed_settings(base, config);
  INFO(r.error);
  REQUIRE(r.ok());
  return r.value;
}

// What changed_settings writes, apply_sets reads back to the same runs.
void round_trips(const std::string& base, const std::string& config) {
  std::vector<std::string> sets;
  for (const auto& kv : changes(base, config)) sets.push_back(kv.first + "=" + kv.second);
  CHECK(applied(base, sets) == runs_of(config));
}

}  // namespace

TEST_CASE("run items set one run's name and own values", "[config][runs]") {
  const std::string base = "{}";  // the default pair: "without BN", "with BN"
  json runs = applied(base, {"run.1.train.learning_rate=0.3", "run.0.name=plain"});
  CHECK(runs == json::parse(R"([{"name":"plain","set":{"model.batchnorm":false}},
                                {"name":"with BN","set":{"model.batchnorm":true,"train.learning_rate":0.3}}])"));
  // The next index adds a run; its name follows.
  runs = applied(base, {"run.2.name=fast", "run.2.model.batchnorm=true", "run.2.train.optimizer=adam"});
  REQUIRE(runs.size() == 3);
  CHECK(runs[2] == json::parse(R"({"name":"fast","set":{"model.batchnorm":true,"train.optimizer":"adam"}})"));
  CHECK(applied(base, {"run.2.model.hidden=8,8"})[2]["name"] == "run 3");
  // runs=<n> keeps the first n.
  CHECK(applied(base, {"runs=1"}) == json::parse(R"([{"name":"without BN","set":{"model.batchnorm":false}}])"));
  // Explicit runs in the document are used as they are.
  CHECK(applied(R"({"runs":[{"name":"a","set":{}}]})", {"run.0.train.l2=0.001"}) ==
        json::parse(R"([{"name":"a","set":{"train.l2":0.001}}])"));
}

TEST_CASE("bad run items name the item and what is allowed, and nothing applies", "[config][runs]") {
  const std::string base = "{}";
  CHECK(error_of(base, {"run.1.train.learning_rate=-1"}).rfind("run.1.train.learning_rate: -1 is out of range", 0) == 0);
  CHECK(error_of(base, {"run.1.data.name=xor"}).find("cannot differ between runs") != std::string::npos);
  CHECK(error_of(base, {"run.1.train.learning_rat=0.1"}).find("train.learning_rate") != std::string::npos);  // did you mean
  CHECK(error_of(base, {"run.x.name=a"}).rfind("run.x.name: not a run setting (allowed: run.<i>.name", 0) == 0);
  CHECK(error_of(base, {"run.01.name=a"}).find("not a run setting") != std::string::npos);
  CHECK(error_of(base, {"run.16.name=a"}).find("not a run setting") != std::string::npos);
  CHECK(error_of(base, {"run.3.name=a"}).find("there is no run 2 before it") != std::string::npos);
  CHECK(error_of(base, {"runs=0"}).rfind("runs: 0 is not allowed", 0) == 0);
  CHECK(error_of(base, {"runs=3"}).rfind("runs: 3 is not allowed", 0) == 0);
  // The engine's run rules still hold: unique names, the name's characters.
  CHECK(error_of(base, {"run.0.name=with BN"}).find("already the name of runs[0]") != std::string::npos);
  CHECK(error_of(base, {"run.0.name="}).rfind("runs[0].name:", 0) == 0);
  // Lenient (the hash): the bad item is reported, the good ones apply.
  LenientResult l = apply_sets_lenient(base, {"run.1.train.learning_rate=0.3", "run.0.train.learning_rate=abc"});
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].rfind("run.0.train.learning_rate:", 0) == 0);
  CHECK(runs_of(l.json)[1]["set"]["train.learning_rate"] == 0.3);
  CHECK(runs_of(l.json)[0]["set"].size() == 1);
}

TEST_CASE("changed settings write runs as readable items when they can", "[config][runs]") {
  const std::string base = "{}";
  CHECK(changes(base, R"({"runs":[{"name":"without BN","set":{"model.batchnorm":false}},
                                   {"name":"with BN","set":{"model.batchnorm":true,"train.learning_rate":0.3}}]})") ==
        Pairs{{"run.1.train.learning_rate", "0.3"}});
  // A copy of a run: the next index, named, with its own values.
  CHECK(changes(base, R"({"runs":[{"name":"without BN","set":{"model.batchnorm":false}},
                                   {"name":"with BN","set":{"model.batchnorm":true}},
                                   {"name":"with BN copy","set":{"model.batchnorm":true,"model.hidden":[8]}}]})") ==
        Pairs{{"run.2.name", "with BN copy"}, {"run.2.model.batchnorm", "true"}, {"run.2.model.hidden", "8"}});
  // Fewer runs: runs=<n> first.
  CHECK(changes(base, R"({"runs":[{"name":"with BN","set":{"model.batchnorm":true}}]})") ==
        Pairs{{"runs", "1"}, {"run.0.name", "with BN"}, {"run.0.model.batchnorm", "true"}});
  // A dropped override has no item: the runs as JSON.
  Pairs dropped = changes(base, R"({"runs":[{"name":"a","set":{}},{"name":"with BN","set":{"model.batchnorm":true}}]})");
  REQUIRE(dropped.size() == 1);
  CHECK(dropped[0].first == "runs");
  // Every form reads back to the same runs, from the default pair and from a preset's own runs.
  const std::string four = R"({"runs":[{"name":"0.03","set":{"train.learning_rate":0.03}},{"name":"0.1","set":{"train.learning_rate":0.1}},
                                       {"name":"0.3","set":{"train.learning_rate":0.3}},{"name":"1","set":{"train.learning_rate":1}}]})";
  round_trips(base, four);
  round_trips(four, base);
  round_trips(four, R"({"runs":[{"name":"0.03","set":{"train.learning_rate":0.03,"model.batchnorm":true}},{"name":"x, y & z","set":{"train.learning_rate":0.1}}]})");
  round_trips(base, R"({"runs":[{"name":"run 3","set":{}},{"name":"with BN","set":{"model.batchnorm":true}},{"name":"n","set":{"model.hidden":[]}}]})");
}
