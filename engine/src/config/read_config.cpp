// A whole config: the groups, the runs with their overrides, the checks that
// span fields, the cost limits; and the normalized config written back.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "document.hpp"
#include "text.hpp"

namespace bnlab {
namespace cfg {
namespace {

using text::format_number;
using text::join;

Status fail(std::string message) { return Status{std::move(message)}; }

Status read_group(const json& doc, const std::string& group, Config& c) {
  if (!doc.is_object())
    return fail(group + ": " + show(doc) + " is not an object (allowed: an object with keys " +
                join(keys_under(group + "."), ", ") + ")");
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    std::string key = group + "." + it.key();
    const Field* f = find_field(key);
    if (f == nullptr) return fail(unknown_key(group + "." + show_key(it.key()), it.key(), keys_under(group + ".")));
    Status s = read_field(*f, key, it.value(), c);
    if (!s.ok()) return s;
  }
  return {};
}

const std::string& run_name_rule() {
  static const std::string rule = "a non-empty name of at most " + std::to_string(limits::max_run_name_chars) +
                                  " characters, no control or invisible formatting characters";
  return rule;
}

// A shared link shows run names: no controls, and nothing invisible that
// could reorder or hide what a reader sees (U+202E would spell a name backwards).
Status check_run_name(const std::string& where, const json& name) {
  const std::string shown = where + ".name: " + show(name);
  if (!name.is_string()) return fail(shown + " is not a string (allowed: " + run_name_rule() + ")");
  const std::string& s = name.get_ref<const std::string&>();
  std::vector<char32_t> chars;
  if (!text::decode_utf8(s, chars)) return fail(shown + " is not UTF-8 text (allowed: " + run_name_rule() + ")");
  if (chars.empty() || chars.size() > size_t(limits::max_run_name_chars))
    return fail(shown + " is not allowed (allowed: " + run_name_rule() + ")");
  for (size_t i = 0; i < chars.size(); ++i)
    if (text::is_hidden_char(chars[i])) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", unsigned(chars[i]));
      return fail(shown + " has the invisible character " + code + " at character " + std::to_string(i + 1) +
                  " (allowed: " + run_name_rule() + ")");
    }
  return {};
}

// A run: the base config with its own settings applied. Only model.*, train.*
// and data.standardize may differ; everything else is shared.
Status read_run(const json& doc, int index, const Config& base, RunConfig& run) {
  const std::string where = "runs[" + std::to_string(index) + "]";
  if (!doc.is_object())
    return fail(where + ": " + show(doc) + R"( is not an object (allowed: {"name": "...", "set": {...}}))");
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.key() != "name" && it.key() != "set")
      return fail(unknown_key(where + "." + show_key(it.key()), it.key(), {"name", "set"}));
  auto name = doc.find("name");
  if (name == doc.end()) return fail(where + ".name: missing (allowed: a non-empty name)");
  Status named = check_run_name(where, *name);
  if (!named.ok()) return named;
  run.name = name->get<std::string>();

  Config c = base;
  auto set = doc.find("set");
  if (set != doc.end()) {
    if (!set->is_object())
      return fail(where + ".set: " + show(*set) + R"( is not an object (allowed: {"model.batchnorm": true, ...}))");
    for (auto it = set->begin(); it != set->end(); ++it) {
      const std::string key = it.key();
      const std::string shown = where + ".set." + show_key(key);
      const Field* f = find_field(key);
      if (f == nullptr) return fail(unknown_key(shown, key, per_run_keys()));
      if (!f->per_run)
        return fail(shown + ": " + show(it.value()) +
                    " cannot differ between runs (allowed in a run's set: model.*, train.*, data.standardize)");
      Status s = read_field(*f, shown, it.value(), c);
      if (!s.ok()) return s;
      run.overrides.emplace_back(key, dump(f->write(c)));
    }
  }
  run.model = c.model;
  run.train = c.train;
  run.standardize = c.data.standardize;
  return {};
}

std::vector<RunConfig> default_runs(const Config& base) {
  std::vector<RunConfig> runs(2);
  const char* names[2] = {"without BN", "with BN"};
  for (int i = 0; i < 2; ++i) {
    runs[i].name = names[i];
    runs[i].model = base.model;
    runs[i].model.batchnorm = (i == 1);
    runs[i].train = base.train;
    runs[i].standardize = base.data.standardize;
    runs[i].overrides = {{"model.batchnorm", i == 1 ? "true" : "false"}};
  }
  return runs;
}

bool overrides_key(const RunConfig& run, const std::string& key) {
  return std::any_of(run.overrides.begin(), run.overrides.end(),
                     [&](const std::pair<std::string, std::string>& o) { return o.first == key; });
}

// Raw (unstandardized) inputs reach the network as floats: a large shift next
// to a tiny scale would round every point to the same float (24-bit precision).
// Ask for the spread (12 * |scale|, the domain [-6, 6] scaled) to be at least
// 1e-4 of |shift|: still about 2,000 distinct floats across the data.
Status check_float_inputs(const Config& c) {
  bool raw = !c.data.standardize;
  for (const RunConfig& run : c.runs) raw = raw || !run.standardize;
  if (!raw) return {};
  for (int f = 0; f < 2; ++f) {
    const double spread = 12 * std::fabs(c.data.scale[f]), shift = std::fabs(c.data.shift[f]);
    if (spread < 1e-4 * shift)
      return fail("data.scale: " + format_number(c.data.scale[f]) + " for feature " + std::to_string(f + 1) +
                  " is too small beside data.shift " + format_number(c.data.shift[f]) +
                  " for raw inputs: the points would round together in float (allowed: 12 * |scale| >= 1e-4 * "
                  "|shift|, or data.standardize = true in every run)");
  }
  return {};
}

// Checks that span fields: set sizes, batch size against the train set and
// batch norm, float inputs, and the cost of the whole.
Status check_across_fields(const Config& c) {
  const int n_test = c.data.points - c.train_size();
  if (c.train_size() < 1 || n_test < 1)
    return fail("data.test_fraction: " + format_number(c.data.test_fraction) + " leaves " +
                (n_test < 1 ? "no test points" : "no train points") + " out of data.points " +
                std::to_string(c.data.points) + " (allowed: a fraction that leaves both sets non-empty)");
  const std::string train_set = std::to_string(c.train_size()) + ", the train set size (data.points " +
                                std::to_string(c.data.points) + " minus test_fraction " +
                                format_number(c.data.test_fraction) + ")";
  if (c.train.batch_size > c.train_size())
    return fail("train.batch_size: " + std::to_string(c.train.batch_size) +
                " is larger than the train set (allowed: 1 <= x <= " + train_set + ")");
  for (size_t i = 0; i < c.runs.size(); ++i) {
    const RunConfig& run = c.runs[i];
    const std::string key = overrides_key(run, "train.batch_size")
                                ? "runs[" + std::to_string(i) + "].set.train.batch_size"
                                : "train.batch_size";
    if (run.train.batch_size > c.train_size())
      return fail(key + ": " + std::to_string(run.train.batch_size) +
                  " is larger than the train set (allowed: 1 <= x <= " + train_set + ")");
    if (run.model.batchnorm && run.train.batch_size < 2)
      return fail(key + ": " + std::to_string(run.train.batch_size) + " is too small for run " +
                  show(json(run.name)) +
                  ", which uses batch norm (allowed: x >= 2: batch norm needs at least 2 examples to "
                  "compute batch statistics)");
  }
  Status inputs = check_float_inputs(c);
  if (!inputs.ok()) return inputs;
  return check_cost(c, c.data.points, c.data.name == DatasetKind::custom ? limits::max_classes : c.classes());
}

}  // namespace

Result<Config> config_from_json(const json& doc) {
  Result<Config> r;
  Config& c = r.value;
  if (!doc.is_object()) {
    r.error = "config: " + show(doc) + " is not an object (allowed: {\"data\": {...}, \"model\": {...}, ...})";
    return r;
  }
  const std::vector<std::string> top = {"seed", "data", "model", "train", "runs"};
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& key = it.key();
    Status s;
    if (key == "seed")
      s = read_field(*find_field("seed"), "seed", it.value(), c);
    else if (key == "data" || key == "model" || key == "train")
      s = read_group(it.value(), key, c);
    else if (key != "runs")
      s = fail(unknown_key(show_key(key), key, top));
    if (!s.ok()) {
      r.error = s.error;
      return r;
    }
  }
  auto runs = doc.find("runs");
  if (runs == doc.end()) {
    c.runs = default_runs(c);
  } else {
    if (!runs->is_array() || runs->empty() || runs->size() > static_cast<size_t>(limits::max_runs)) {
      r.error = "runs: " + show(*runs) + " is not allowed (allowed: an array of 1.." +
                std::to_string(limits::max_runs) + R"( runs {"name": "...", "set": {...}}))";
      return r;
    }
    for (size_t i = 0; i < runs->size(); ++i) {
      RunConfig run;
      Status s = read_run((*runs)[i], static_cast<int>(i), c, run);
      if (!s.ok()) {
        r.error = s.error;
        return r;
      }
      for (size_t j = 0; j < c.runs.size(); ++j)
        if (c.runs[j].name == run.name) {
          r.error = "runs[" + std::to_string(i) + "].name: " + show(json(run.name)) +
                    " is already the name of runs[" + std::to_string(j) + "] (allowed: unique names)";
          return r;
        }
      c.runs.push_back(std::move(run));
    }
  }
  r.error = check_across_fields(c).error;
  return r;
}

}  // namespace cfg

int Config::classes() const { return data.name == DatasetKind::blobs ? 3 : 2; }

int Config::train_size() const {
  return data.points - static_cast<int>(std::llround(data.points * data.test_fraction));
}

Result<Config> parse_config(const std::string& json_text) {
  Result<cfg::json> doc = cfg::read_json(json_text);
  if (!doc.ok()) {
    Result<Config> r;
    r.error = doc.error;
    return r;
  }
  return cfg::config_from_json(doc.value);
}

std::string config_to_json(const Config& c, int indent) {
  using cfg::json;
  json doc = json::object();
  for (const cfg::Field& f : cfg::fields()) cfg::set_path(doc, f.key, f.write(c));
  json runs = json::array();
  for (const RunConfig& run : c.runs) {
    json set = json::object();
    for (const auto& o : run.overrides) {
      Result<json> v = cfg::read_json(o.second, "override");
      set[o.first] = v.ok() ? v.value : json(o.second);
    }
    runs.push_back(json{{"name", run.name}, {"set", set}});
  }
  doc["runs"] = runs;
  return cfg::dump(doc, indent);
}

}  // namespace bnlab
