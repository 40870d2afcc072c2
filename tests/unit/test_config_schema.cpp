// The exported schema (what the page reads instead of keeping its own copy of
// the rules) against the validation itself: one test walks every field of the
// table and checks its bounds, names, default, per-run flag and text codec
// through parse_config and the settings API, which do not read the schema.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bnlab/config.hpp"

using namespace bnlab;
using json = nlohmann::ordered_json;

namespace {

json schema() {
  json s = json::parse(schema_json(), nullptr, false);
  REQUIRE_FALSE(s.is_discarded());
  return s;
}

// {"group": {"name": value}} or {"seed": value}, merged into a context that
// keeps the cross-field checks out of the way (a train set that holds any
// batch size the field itself allows, where that is possible at all).
std::string config_with(const std::string& key, const json& value) {
  json doc = json::object();
  size_t dot = key.find('.');
  if (dot == std::string::npos) {
    doc[key] = value;
  } else {
    doc[key.substr(0, dot)][key.substr(dot + 1)] = value;
  }
  if (key == "data.points" || key == "data.test_fraction") doc["train"]["batch_size"] = 2;
  if (key == "train.batch_size") {
    doc["data"]["points"] = 20000;
    doc["data"]["test_fraction"] = 0.05;
  }
  return doc.dump();
}

std::string run_set_with(const std::string& key, const json& value) {
  json doc = {{"runs", json::array({json{{"name", "a"}, {"set", json{{key, value}}}}})}};
  return doc.dump();
}

// The error of a whole config with key = value ("" if accepted).
std::string whole(const std::string& key, const json& value) { return parse_config(config_with(key, value)).error; }

// The error of the value alone, as a --set / URL-hash text.
std::string alone(const std::string& key, const json& value) {
  Result<std::string> text = value_to_text(key, value.dump());
  if (!text.ok()) return text.error;
  return value_from_text(key, text.value).error;
}

bool names_key(const std::string& error, const std::string& key) { return error.rfind(key + ":", 0) == 0; }

// Just below / above x, for a bound that is a real number.
double below(double x) { return x - std::max(std::fabs(x) * 1e-9, 1e-300); }
double above(double x) { return x + std::max(std::fabs(x) * 1e-9, 1e-300); }

// A value inside the field's range that differs from the default.
json non_default(const json& f) {
  const std::string kind = f["kind"];
  const json& d = f["default"];
  if (kind == "boolean") return !d.get<bool>();
  if (kind == "name") {
    for (const json& n : f["names"])
      if (n != d) return n;
  }
  if (kind == "int_list") return json::array({3, 5});
  if (kind == "pair") return json::array({2.5, -3});
  const double lo = f["min"], hi = f["max"];
  if (kind == "integer") {
    double v = std::floor((lo + hi) / 3);
    return v == d.get<double>() ? json(int64_t(v + 1)) : json(int64_t(v));
  }
  double v = lo + (hi - lo) * 0.37;
  return v == d.get<double>() ? json(v * 0.9) : json(v);
}

}  // namespace

TEST_CASE("the schema lists every field of the table with its rules", "[config][schema]") {
  json s = schema();
  std::vector<std::string> keys;
  for (const json& f : s["fields"]) keys.push_back(f["key"]);
  std::vector<std::string> help_keys;
  for (const std::string& line : config_keys_help()) help_keys.push_back(line.substr(0, line.find(' ')));
  // After the fields: the runs, then one run's items (listed once each).
  const std::vector<std::string> runs_lines = {"runs", "run.<i>.<key>", "run.<i>.name", "runs=<n>"};
  REQUIRE(help_keys.size() > runs_lines.size());
  CHECK(std::vector<std::string>(help_keys.end() - long(runs_lines.size()), help_keys.end()) == runs_lines);
  help_keys.resize(help_keys.size() - runs_lines.size());
  CHECK(keys == help_keys);
  CHECK(s["limits"]["maxRuns"] == limits::max_runs);
  CHECK(s["limits"]["maxHiddenLayers"] == limits::max_hidden_layers);
  CHECK(s["limits"]["maxWidth"] == limits::max_width);
  CHECK(s["limits"]["maxBytes"].get<double>() == limits::max_bytes);
  CHECK(s["limits"]["maxStepFlops"].get<double>() == limits::max_step_flops);
  CHECK(s["limits"]["maxSnapshotFlops"].get<double>() == limits::max_snapshot_flops);
  CHECK(s["runs"]["max"] == limits::max_runs);
  CHECK(s["runs"]["default"] == json::parse(config_to_json(parse_config("{}").value))["runs"]);
}

TEST_CASE("walking the field table: the schema agrees with validation for every field", "[config][schema]") {
  const json s = schema();
  const std::string normalized_default = config_to_json(parse_config("{}").value);
  for (const json& f : s["fields"]) {
    const std::string key = f["key"], kind = f["kind"];
    INFO(key << " " << f.dump());
    REQUIRE_FALSE(f["help"].get<std::string>().empty());
    REQUIRE_FALSE(f["allowed"].get<std::string>().empty());

    // The default is the value a config gets when the key is absent.
    const json& d = f["default"];
    {
      Result<Config> given = parse_config(config_with(key, d));
      INFO(given.error);
      REQUIRE(given.ok());
      json a = json::parse(config_to_json(given.value)), b = json::parse(normalized_default);
      // Only the context keys may differ from "{}".
      size_t dot = key.find('.');
      const json& va = dot == std::string::npos ? a[key] : a[key.substr(0, dot)][key.substr(dot + 1)];
      const json& vb = dot == std::string::npos ? b[key] : b[key.substr(0, dot)][key.substr(dot + 1)];
      CHECK(va == vb);
    }

    // perRun: exactly the keys a run's "set" accepts.
    {
      std::string err = parse_config(run_set_with(key, d)).error;
      INFO(err);
      if (f["perRun"].get<bool>())
        CHECK(err.empty());
      else
        CHECK(names_key(err, "runs[0].set." + key));
    }

    // The codec round-trips the default and a non-default value.
    for (const json& v : {d, non_default(f)}) {
      Result<std::string> text = value_to_text(key, v.dump());
      INFO("value " << v.dump() << " -> " << text.error);
      REQUIRE(text.ok());
      Result<std::string> back = value_from_text(key, text.value);
      INFO("text " << text.value << " -> " << back.error);
      REQUIRE(back.ok());
      json got = json::parse(back.value);
      if (got.is_number())
        CHECK(got.get<double>() == v.get<double>());
      else if (got.is_array() && kind == "pair")
        CHECK((got[0].get<double>() == v[0].get<double>() && got[1].get<double>() == v[1].get<double>()));
      else
        CHECK(got == v);
      CHECK(whole(key, v) == "");
    }

    if (kind == "integer" || kind == "number") {
      const double lo = f["min"], hi = f["max"];
      const bool lo_open = f["minOpen"], hi_open = f["maxOpen"];
      const bool integer = kind == "integer";
      // Boundaries: accepted when closed; just outside rejected, naming the key.
      auto value = [&](double x) { return integer ? json(int64_t(x)) : json(x); };
      auto outside = [&](double x, int step) { return integer ? json(int64_t(x) + step) : json(x); };
      if (!lo_open) CHECK(alone(key, value(lo)) == "");
      if (!hi_open) CHECK(alone(key, value(hi)) == "");
      if (key != "train.batch_size") {  // its maximum is more than any train set holds
        if (!lo_open) CHECK(whole(key, value(lo)) == "");
        if (!hi_open) CHECK(whole(key, value(hi)) == "");
      }
      // Integers step by one (exactly: 2^53 + 1 is no double); reals by a hair.
      const json out_lo = lo_open ? value(lo) : integer ? outside(lo, -1) : json(below(lo));
      const json out_hi = hi_open ? value(hi) : integer ? outside(hi, +1) : json(above(hi));
      CHECK(names_key(whole(key, out_lo), key));
      CHECK(names_key(whole(key, out_hi), key));
      CHECK(names_key(alone(key, out_lo), key));
      CHECK(names_key(alone(key, out_hi), key));
      if (integer) CHECK(names_key(whole(key, json(lo + 0.5)), key));
      // The stored value must mean something in float (the engine's Real):
      // a positive bound keeps the value a normal float.
      if (lo > 0 || lo_open) CHECK(float(lo_open ? above(lo) : lo) >= std::numeric_limits<float>::min());
      CHECK(names_key(whole(key, json("1")), key));
      CHECK(names_key(whole(key, json(true)), key));
    } else if (kind == "name") {
      for (const json& n : f["names"]) CHECK(whole(key, n) == "");
      CHECK(names_key(whole(key, json("no-such-name")), key));
      CHECK(names_key(alone(key, json("no-such-name")), key));
      CHECK(names_key(whole(key, json(3)), key));
    } else if (kind == "boolean") {
      CHECK(whole(key, json(true)) == "");
      CHECK(whole(key, json(false)) == "");
      CHECK(names_key(whole(key, json(1)), key));
      CHECK(names_key(whole(key, json("yes")), key));
    } else if (kind == "int_list") {
      const int lo = f["items"]["min"], hi = f["items"]["max"], most = f["maxItems"];
      CHECK(whole(key, json::array({lo, hi})) == "");
      CHECK(whole(key, json::array()) == "");
      CHECK(alone(key, json(std::vector<int>(size_t(most), lo))) == "");
      CHECK(names_key(whole(key, json(std::vector<int>(size_t(most) + 1, lo))), key));
      CHECK(names_key(whole(key, json::array({lo - 1})), key));
      CHECK(names_key(whole(key, json::array({hi + 1})), key));
      CHECK(names_key(whole(key, json::array({lo + 0.5})), key));
    } else if (kind == "pair") {
      const double lo = f["items"]["min"], hi = f["items"]["max"];
      CHECK(whole(key, json::array({lo, -hi})) == "");
      CHECK(whole(key, json::array({-lo, hi})) == "");
      CHECK(names_key(whole(key, json::array({above(hi), 1})), key));
      CHECK(names_key(whole(key, json::array({1, -above(hi)})), key));
      if (lo > 0) CHECK(names_key(whole(key, json::array({below(lo), 1})), key));
      CHECK(names_key(whole(key, json::array({1})), key));
    } else {
      FAIL("unknown kind " << kind);
    }
  }
}

TEST_CASE("the bare-text codec speaks --set and the URL hash", "[config][schema]") {
  auto to_text = [](const std::string& key, const std::string& v) {
    Result<std::string> r = value_to_text(key, v);
    INFO(r.error);
    REQUIRE(r.ok());
    return r.value;
  };
  auto from_text = [](const std::string& key, const std::string& t) {
    Result<std::string> r = value_from_text(key, t);
    INFO(r.error);
    REQUIRE(r.ok());
    return r.value;
  };
  CHECK(to_text("model.hidden", "[16,16,16]") == "16,16,16");
  CHECK(to_text("model.hidden", "[]") == "[]");
  CHECK(to_text("data.name", "\"spiral\"") == "spiral");
  CHECK(to_text("model.batchnorm", "true") == "true");
  CHECK(to_text("train.learning_rate", "0.3") == "0.3");
  CHECK(to_text("train.learning_rate", "1.0") == "1");
  CHECK(to_text("data.shift", "[10, -5.5]") == "10,-5.5");
  CHECK(to_text("seed", "9007199254740992") == "9007199254740992");
  CHECK(to_text("runs", R"([{"name": "a", "set": {}}])") == R"([{"name":"a","set":{}}])");
  CHECK(from_text("model.hidden", "16,16,16") == "[16,16,16]");
  CHECK(from_text("model.hidden", "[]") == "[]");
  CHECK(from_text("model.hidden", "") == "[]");
  CHECK(from_text("data.name", "spiral") == "\"spiral\"");
  CHECK(from_text("train.learning_rate", "1e-3") == "0.001");
  CHECK(from_text("data.points", "1e3") == "1000");
  CHECK(value_to_text("train.learning_rate", "-1").error.rfind("train.learning_rate:", 0) == 0);
  CHECK(value_to_text("no.such", "1").error.rfind("no.such: unknown key", 0) == 0);
  CHECK(value_from_text("model.hidden", "16,x").error.rfind("model.hidden:", 0) == 0);
}

TEST_CASE("changed settings: what differs from the base, in table order, as bare text", "[config][schema]") {
  const std::string base = R"({"data": {"name": "spiral"}, "model": {"hidden": [16, 16]}})";
  auto changes = [&](const std::string& config) {
    auto r = changed_settings(base, config);
    INFO(r.error);
    REQUIRE(r.ok());
    return r.value;
  };
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(changes(base).empty());
  // Spelling the base's defaults out changes nothing.
  CHECK(changes(R"({"seed": 1, "data": {"name": "spiral", "points": 400}, "model": {"hidden": [16, 16]}})").empty());
  CHECK(changes(R"({"model": {"hidden": [8, 8, 8]}, "seed": 7, "data": {"name": "moons"}})") ==
        Pairs{{"seed", "7"}, {"data.name", "moons"}, {"model.hidden", "8,8,8"}});
  CHECK(changes(R"({"data": {"name": "spiral"}, "model": {"hidden": []}})") == Pairs{{"model.hidden", "[]"}});
  Pairs runs = changes(R"({"data": {"name": "spiral"}, "model": {"hidden": [16, 16]}, "runs": [{"name": "b & c"}]})");
  REQUIRE(runs.size() == 1);
  CHECK(runs[0] == std::make_pair(std::string("runs"), std::string(R"([{"name":"b & c","set":{}}])")));
  // What it writes, apply_sets reads back to the same config.
  const std::string edited = R"({"seed": 9, "train": {"learning_rate": 0.003}, "data": {"name": "xor", "shift": [1, 2]},
                                 "runs": [{"name": "x", "set": {"train.batch_size": 8}}]})";
  std::vector<std::string> sets;
  for (const auto& kv : changes(edited)) sets.push_back(kv.first + "=" + kv.second);
  Result<std::string> rebuilt = apply_sets(base, sets);
  REQUIRE(rebuilt.ok());
  CHECK(config_to_json(parse_config(rebuilt.value).value) == config_to_json(parse_config(edited).value));
  CHECK(changed_settings(base, R"({"seed": -1})").error.rfind("seed:", 0) == 0);
  CHECK(changed_settings("{", base).error.rfind("base: invalid JSON", 0) == 0);
}

TEST_CASE("normalize_config: the config and what follows from it, without an experiment", "[config][schema]") {
  json n = json::parse(normalize_config_json(R"({"data": {"name": "blobs", "points": 101, "test_fraction": 0.3},
      "model": {"hidden": [4, 3], "batchnorm": true},
      "runs": [{"name": "plain", "set": {"model.batchnorm": false, "train.learning_rate": 0.5}},
               {"name": "after", "set": {"model.bn_placement": "after", "data.standardize": false}}]})"));
  REQUIRE(n["ok"] == true);
  CHECK(n["error"] == "");
  CHECK(n["config"]["data"]["name"] == "blobs");
  const json& d = n["derived"];
  CHECK(d["trainSize"] == 71);
  CHECK(d["testSize"] == 30);
  CHECK(d["classes"] == 3);
  REQUIRE(d["runs"].size() == 2);
  const json& plain = d["runs"][0];
  CHECK(plain["name"] == "plain");
  CHECK(plain["overrides"][1] == json{{"key", "train.learning_rate"}, {"value", 0.5}, {"text", "0.5"}});
  CHECK(plain["settings"]["model.batchnorm"] == false);
  CHECK(plain["settings"]["train.learning_rate"] == 0.5);
  CHECK(plain["settings"]["data.standardize"] == true);
  size_t per_run = 0;
  const json s = schema();
  for (const json& f : s["fields"]) per_run += f["perRun"].get<bool>() ? 1 : 0;
  CHECK(plain["settings"].size() == per_run);
  CHECK(plain["layers"] == json::parse(R"([{"kind":"dense","in":2,"out":4,"bias":true},{"kind":"activation","fn":"relu"},
      {"kind":"dense","in":4,"out":3,"bias":true},{"kind":"activation","fn":"relu"},
      {"kind":"dense","in":3,"out":3,"bias":true}])"));
  const json& after = d["runs"][1];
  CHECK(after["settings"]["data.standardize"] == false);
  CHECK(after["layers"][0] == json{{"kind", "dense"}, {"in", 2}, {"out", 4}, {"bias", true}});
  CHECK(after["layers"][2] == json{{"kind", "batchnorm"}, {"features", 4}});
  for (const char* k : {"bytes", "stepFlops", "reportFlops", "gridFlops", "snapshotFlops"})
    CHECK(d["cost"][k].get<double>() > 0);
  json bad = json::parse(normalize_config_json(R"({"train": {"learning_rate": 0}})"));
  CHECK(bad["ok"] == false);
  CHECK(bad["error"].get<std::string>().rfind("train.learning_rate:", 0) == 0);
  CHECK(bad["config"].is_null());
  CHECK(bad["derived"].is_null());
}

// The native schema for tests/node/schema_parity.test.mjs, which compares it
// with the WASM module's: BNLAB_SCHEMA_OUT=FILE bnlab_tests "[.schema-export]".
TEST_CASE("export the schema", "[.schema-export]") {
  const char* path = std::getenv("BNLAB_SCHEMA_OUT");
  REQUIRE(path != nullptr);
  std::ofstream out(path);
  out << schema_json();
  REQUIRE(out.good());
}
