// The schema as the page sees it: the field table and the limits exported as
// JSON, a config normalized with what follows from it (derived), the value
// codec, the "changed settings" that make a link, and the help lines. With
// these the page keeps no copy of an engine rule.
#include <algorithm>

#include "document.hpp"
#include "run_items.hpp"
#include "text.hpp"
#include "value_text.hpp"

namespace bnlab {
namespace {

using cfg::json;

// A bound as JSON: the schema's numbers are finite, so they stay numbers.
json range_json(const cfg::Range& r) {
  return json{{"min", r.lo}, {"max", r.hi}, {"minOpen", r.lo_open}, {"maxOpen", r.hi_open}};
}

json field_json(const cfg::Field& f, const Config& defaults) {
  json out = json::object();
  out["key"] = f.key;
  out["kind"] = cfg::kind_name(f.kind);
  switch (f.kind) {
    case cfg::Kind::integer:
    case cfg::Kind::number:
      out.update(range_json(f.range));
      break;
    case cfg::Kind::int_list:
      out["items"] = range_json(f.range);  // each width
      out["maxItems"] = f.max_items;
      break;
    case cfg::Kind::pair:
      out["items"] = range_json(f.range);  // each |x|
      out["itemsAbsolute"] = true;
      out["maxItems"] = f.max_items;
      break;
    case cfg::Kind::name:
      out["names"] = *f.names;
      break;
    case cfg::Kind::boolean:
      break;
  }
  out["default"] = f.write(defaults);
  out["perRun"] = f.per_run;
  out["help"] = f.help;
  out["allowed"] = f.allowed;
  return out;
}

json layers_json(const std::vector<LayerSpec>& plan) {
  json out = json::array();
  for (const LayerSpec& L : plan) {
    switch (L.kind) {
      case LayerSpec::Kind::dense:
        out.push_back({{"kind", "dense"}, {"in", L.in}, {"out", L.out}, {"bias", L.bias}});
        break;
      case LayerSpec::Kind::batchnorm:
        out.push_back({{"kind", "batchnorm"}, {"features", L.out}});
        break;
      case LayerSpec::Kind::activation:
        out.push_back({{"kind", "activation"}, {"fn", to_string(L.fn)}});
        break;
      case LayerSpec::Kind::dropout:
        out.push_back({{"kind", "dropout"}, {"features", L.out}});
        break;
    }
  }
  return out;
}

json cost_json(const Cost& c) {
  return json{{"bytes", c.bytes},
              {"stepFlops", c.step_flops},
              {"reportFlops", c.report_flops},
              {"gridFlops", c.grid_flops},
              {"snapshotFlops", c.snapshot_flops()}};
}

json derived_json(const Config& c) {
  const bool custom = c.data.name == DatasetKind::custom;
  json runs = json::array();
  for (const RunConfig& run : c.runs) {
    Config effective = c;  // the run's own view: its model, train and standardize
    effective.model = run.model;
    effective.train = run.train;
    effective.data.standardize = run.standardize;
    json overrides = json::array();
    for (const auto& o : run.overrides) {
      Result<json> v = cfg::read_json(o.second, "override");
      const cfg::Field* f = cfg::find_field(o.first);
      overrides.push_back({{"key", o.first}, {"value", v.value}, {"text", cfg::value_to_text(f, v.value)}});
    }
    json settings = json::object();
    for (const cfg::Field& f : cfg::fields())
      if (f.per_run) settings[f.key] = f.write(effective);
    runs.push_back({{"name", run.name},
                    {"overrides", std::move(overrides)},
                    {"settings", std::move(settings)},
                    {"layers", layers_json(layer_plan(run.model, 2, outputs_for(c.classes())))}});
  }
  return json{{"trainSize", c.train_size()},
              {"testSize", c.data.points - c.train_size()},
              {"classes", custom ? json(nullptr) : json(c.classes())},
              {"runs", std::move(runs)},
              {"cost", cost_json(estimate_cost(c))}};
}

json config_json(const Config& c) {
  Result<json> doc = cfg::read_json(config_to_json(c));
  return doc.value;
}

}  // namespace

std::string schema_json() {
  const Config defaults;
  json fields = json::array();
  for (const cfg::Field& f : cfg::fields()) fields.push_back(field_json(f, defaults));
  Result<Config> normalized = parse_config("{}");
  json runs = {{"min", 1},
               {"max", limits::max_runs},
               {"nameMaxChars", limits::max_run_name_chars},
               {"nameRule", "a non-empty name of at most " + std::to_string(limits::max_run_name_chars) +
                                " characters, no control or invisible formatting characters; unique"},
               {"perRunKeys", cfg::per_run_keys()},
               {"default", config_json(normalized.value)["runs"]}};
  json lim = {{"maxRuns", limits::max_runs},
              {"maxHiddenLayers", limits::max_hidden_layers},
              {"maxWidth", limits::max_width},
              {"maxPoints", limits::max_points},
              {"maxSteps", limits::max_steps},
              {"maxClasses", limits::max_classes},
              {"runNameMaxChars", limits::max_run_name_chars},
              {"gridSide", limits::grid_side},
              {"probeBatch", limits::probe_batch},
              {"maxBytes", limits::max_bytes},
              {"maxStepFlops", limits::max_step_flops},
              {"maxSnapshotFlops", limits::max_snapshot_flops},
              {"maxSettings", cfg::kMaxSettings},
              {"maxSettingChars", cfg::kMaxItemChars},
              {"maxJsonChars", cfg::kMaxJsonChars},
              {"maxJsonDepth", cfg::kMaxJsonDepth}};
  return cfg::dump(json{{"version", 1}, {"fields", std::move(fields)}, {"runs", std::move(runs)}, {"limits", std::move(lim)}});
}

std::string normalize_config_json(const std::string& json_text) {
  Result<Config> c = parse_config(json_text);
  if (!c.ok()) return cfg::dump(json{{"ok", false}, {"error", c.error}, {"config", nullptr}, {"derived", nullptr}});
  return cfg::dump(json{{"ok", true}, {"error", ""}, {"config", config_json(c.value)}, {"derived", derived_json(c.value)}});
}

Result<std::string> value_to_text(const std::string& key, const std::string& value_json) {
  Result<std::string> r;
  Result<json> v = cfg::read_json(value_json, "value");
  if (!v.ok()) {
    r.error = cfg::show_key(key) + ": " + v.error;
    return r;
  }
  if (key == "runs") {
    if (!v.value.is_array()) {
      r.error = "runs: " + cfg::show(v.value) + R"( is not a JSON array (allowed: [{"name": "...", "set": {...}}, ...]))";
      return r;
    }
    r.value = cfg::value_to_text(nullptr, v.value);
    return r;
  }
  const cfg::Field* f = cfg::find_field(key);
  if (f == nullptr) {
    r.error = cfg::unknown_key(cfg::show_key(key), key, cfg::all_keys());
    return r;
  }
  Config scratch;
  r.error = cfg::read_field(*f, key, v.value, scratch).error;
  if (r.ok()) r.value = cfg::value_to_text(f, v.value);
  return r;
}

Result<std::string> value_from_text(const std::string& key, const std::string& text) {
  Result<std::string> r;
  Result<cfg::Setting> s = cfg::parse_value(key, text);
  r.error = s.error;
  if (r.ok()) r.value = cfg::dump(s.value.value);
  return r;
}

Result<std::vector<std::pair<std::string, std::string>>> changed_settings(const std::string& base_json,
                                                                         const std::string& config_json_text) {
  Result<std::vector<std::pair<std::string, std::string>>> r;
  Result<Config> base = parse_config(base_json);
  if (!base.ok()) {
    r.error = "base: " + base.error;
    return r;
  }
  Result<Config> c = parse_config(config_json_text);
  if (!c.ok()) {
    r.error = c.error;
    return r;
  }
  for (const cfg::Field& f : cfg::fields()) {
    const json value = f.write(c.value);
    if (cfg::dump(value) != cfg::dump(f.write(base.value))) r.value.emplace_back(f.key, cfg::value_to_text(&f, value));
  }
  const json runs = config_json(c.value)["runs"];
  const json base_runs = config_json(base.value)["runs"];
  if (cfg::dump(runs) == cfg::dump(base_runs)) return r;
  // Readable run items when they say it (checked: applied to the base they
  // give exactly these runs), else the runs as JSON.
  auto items = cfg::run_items_between(base_runs, runs);
  if (items) {
    json doc = config_json(base.value);
    bool same = true;
    for (const auto& kv : *items) {
      Result<cfg::Setting> s = cfg::parse_value(kv.first, kv.second);
      if (s.ok()) s.error = cfg::set_path(doc, kv.first, s.value.value).error;
      same = same && s.ok();
    }
    Result<Config> back = cfg::config_from_json(doc);
    if (same && back.ok() && cfg::dump(config_json(back.value)["runs"]) == cfg::dump(runs)) {
      r.value.insert(r.value.end(), items->begin(), items->end());
      return r;
    }
  }
  r.value.emplace_back("runs", cfg::dump(runs));
  return r;
}

std::vector<std::string> config_keys_help() {
  const Config defaults;
  std::vector<std::string> lines;
  for (const cfg::Field& f : cfg::fields()) {
    std::string key = f.key;
    key.resize(std::max<size_t>(key.size(), 20), ' ');
    lines.push_back(key + "  " + f.help + "; " + f.allowed + "; default " + cfg::dump(f.write(defaults)) +
                    (f.per_run ? "" : " [shared]"));
  }
  lines.push_back(
      "runs                  JSON array of 1.." + std::to_string(limits::max_runs) +
      R"( {"name": "...", "set": {"model.batchnorm": true, ...}}; a run's set may change model.*, train.*, data.standardize; default: "without BN" and "with BN")");
  // One run's setting as one item (run_items.hpp), listed once with the keys
  // a run may override (the field table's per-run flag).
  const std::string last = std::to_string(limits::max_runs - 1);
  lines.push_back("run.<i>.<key>         one run's own value of a per-run key, i 0.." + last +
                  " (i = the number of runs adds a run); key one of " + text::join(cfg::per_run_keys(), ", "));
  lines.push_back("run.<i>.name          one run's name: text, 1.." + std::to_string(limits::max_run_name_chars) +
                  " characters");
  lines.push_back("runs=<n>              keep the first n runs");
  return lines;
}

}  // namespace bnlab
