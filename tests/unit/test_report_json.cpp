// The JSON the page and `bnlab run --json` read: keys, values, and a diverged
// run's non-finite numbers as null.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bnlab/experiment.hpp"
#include "bnlab/report_json.hpp"

using namespace bnlab;
using nlohmann::json;

TEST_CASE("run reports as JSON", "[json]") {
  Config c;
  c.data.name = DatasetKind::moons;
  RunConfig a, b;
  a.name = "exploding";
  a.train.learning_rate = 1e4;
  a.model.activation = Activation::linear;
  b.name = "with BN";
  b.model.batchnorm = true;
  c.runs = {a, b};
  auto e = Experiment::create(c);
  REQUIRE(e.ok());
  e.value->step(100);
  json all = json::parse(experiment_report_json(*e.value));
  CHECK(all["step"] == 100);
  REQUIRE(all["runs"].size() == 2);
  const json& bad = all["runs"][0];
  CHECK(bad["diverged"] == true);
  CHECK(bad["trainLoss"].is_null());
  CHECK(bad["testAcc"].is_null());
  const json& good = all["runs"][1];
  RunReport r = e.value->report(1);
  CHECK(good["name"] == "with BN");
  CHECK(good["testLoss"].get<double>() == Approx(r.test_loss));
  CHECK(good["preact"].size() == 3);
  CHECK(good["preact"][0].size() == 3);
  CHECK(good["bn"][2]["gamma"].size() == 16);
  CHECK(good["bn"][2]["runningVar"][0].get<double>() == Approx(r.bn[2].running_var[0]));
  CHECK(good["inputStd"].size() == 2);
}

TEST_CASE("presets as JSON carry their lesson fields", "[json]") {
  json p = json::parse(presets_json());
  REQUIRE(p.size() == presets().size());
  int lessons = 0;
  for (const json& e : p) {
    CHECK(e["config"].is_object());
    CHECK_FALSE(e["config"].empty());
    if (e["lesson"].get<int>() > 0) {
      ++lessons;
      CHECK_FALSE(e["look"].get<std::string>().empty());
      CHECK(e["views"].size() >= 1);
    }
  }
  CHECK(lessons >= 8);
}
