// Readable run items (run_items.hpp): run.<i>.name, run.<i>.<key>, runs=<n>.
#include "run_items.hpp"

#include "text.hpp"
#include "value_text.hpp"

namespace bnlab::cfg {
namespace {

const std::string kPrefix = "run.";

std::string index_rule() {
  return "run.<i>.name or run.<i>.<key> with i an integer 0.." + std::to_string(limits::max_runs - 1) +
         " and key one of " + text::join(per_run_keys(), ", ");
}

struct Parts {
  int index = -1;
  std::string rest;  // "name" or a per-run key
};

// "run.12.train.learning_rate" -> {12, "train.learning_rate"}; no leading zeros.
bool split(const std::string& key, Parts& p) {
  if (!text::starts_with(key, kPrefix)) return false;
  size_t dot = key.find('.', kPrefix.size());
  if (dot == std::string::npos) return false;
  std::string digits = key.substr(kPrefix.size(), dot - kPrefix.size());
  if (digits.empty() || digits.size() > 2 || (digits.size() > 1 && digits[0] == '0')) return false;
  for (char ch : digits)
    if (ch < '0' || ch > '9') return false;
  p.index = std::stoi(digits);
  p.rest = key.substr(dot + 1);
  return p.index < limits::max_runs && !p.rest.empty();
}

std::string free_name(const json& runs, size_t index) {
  for (size_t k = index + 1;; ++k) {
    std::string name = "run " + std::to_string(k);
    bool taken = false;
    for (const json& r : runs) taken = taken || (r.is_object() && r.value("name", json()) == json(name));
    if (!taken) return name;
  }
}

}  // namespace

bool is_run_item(const std::string& key) { return text::starts_with(key, kPrefix); }

Result<Setting> parse_run_item(const std::string& key, const std::string& raw) {
  Result<Setting> r;
  r.value.key = key;
  Parts p;
  if (!split(key, p)) {
    r.error = show_key(key) + ": not a run setting (allowed: " + index_rule() + ")";
    return r;
  }
  if (p.rest == "name") {
    r.value.value = json(raw);  // the name rules are the whole config's (read_run)
    return r;
  }
  const Field* f = find_field(p.rest);
  if (f == nullptr) {
    r.error = unknown_key(show_key(key), p.rest, per_run_keys());
    return r;
  }
  if (!f->per_run) {
    r.error = show_key(key) + ": " + show_key(p.rest) +
              " cannot differ between runs (allowed in a run: model.*, train.*, data.standardize)";
    return r;
  }
  r.value.value = value_from_text(f, raw);
  Config scratch;
  r.error = read_field(*f, key, r.value.value, scratch).error;
  return r;
}

Status set_run_item(json& doc, const std::string& key, const json& value) {
  auto it = doc.find("runs");
  if (it == doc.end() || !it->is_array()) {
    // The document's runs are the config's (the default pair when it has none).
    Result<Config> c = config_from_json(doc);
    if (!c.ok()) return Status{show_key(key) + ": the config is not valid yet (" + c.error + ")"};
    Result<json> full = read_json(config_to_json(c.value), "config");
    doc["runs"] = full.ok() ? full.value["runs"] : json::array();
    it = doc.find("runs");
  }
  json& runs = *it;
  if (key == "runs") {  // runs=<n>: keep the first n
    if (!value.is_number_integer() || value.get<long long>() < 1 || value.get<long long>() > long(runs.size()))
      return Status{"runs: " + show(value) + " is not allowed (allowed: a number of runs 1.." +
                    std::to_string(runs.size()) + " to keep, or a JSON array of runs)"};
    runs.erase(runs.begin() + value.get<long long>(), runs.end());
    return {};
  }
  Parts p;
  if (!split(key, p)) return Status{show_key(key) + ": not a run setting (allowed: " + index_rule() + ")"};
  if (size_t(p.index) > runs.size())
    return Status{show_key(key) + ": there is no run " + std::to_string(p.index - 1) + " before it (allowed: run.0..run." +
                  std::to_string(runs.size()) + ", the next one adds a run)"};
  if (size_t(p.index) == runs.size()) runs.push_back(json{{"name", free_name(runs, runs.size())}, {"set", json::object()}});
  json& run = runs[size_t(p.index)];
  if (!run.is_object()) return Status{"runs[" + std::to_string(p.index) + "]: " + show(run) + " is not an object"};
  if (p.rest == "name") {
    run["name"] = value;
    return {};
  }
  auto set = run.find("set");
  if (set == run.end() || !set->is_object()) run["set"] = json::object();
  run["set"][p.rest] = value;
  return {};
}

std::optional<std::vector<std::pair<std::string, std::string>>> run_items_between(const json& base, const json& runs) {
  std::vector<std::pair<std::string, std::string>> items;
  if (!base.is_array() || !runs.is_array() || runs.empty()) return std::nullopt;
  if (runs.size() < base.size()) items.emplace_back("runs", std::to_string(runs.size()));
  for (size_t i = 0; i < runs.size(); ++i) {
    const std::string at = kPrefix + std::to_string(i) + ".";
    const json& r = runs[i];
    const json empty = json::object();
    const json& rset = r.contains("set") ? r["set"] : empty;
    if (i < base.size()) {
      const json& b = base[i];
      const json& bset = b.contains("set") ? b["set"] : empty;
      for (auto kv = bset.begin(); kv != bset.end(); ++kv)
        if (!rset.contains(kv.key())) return std::nullopt;  // a dropped override: only JSON says it
      if (b.value("name", json()) != r.value("name", json())) items.emplace_back(at + "name", r.value("name", std::string()));
      for (auto kv = rset.begin(); kv != rset.end(); ++kv) {
        if (bset.contains(kv.key()) && dump(bset[kv.key()]) == dump(kv.value())) continue;
        items.emplace_back(at + kv.key(), value_to_text(find_field(kv.key()), kv.value()));
      }
    } else {
      items.emplace_back(at + "name", r.value("name", std::string()));
      for (auto kv = rset.begin(); kv != rset.end(); ++kv)
        items.emplace_back(at + kv.key(), value_to_text(find_field(kv.key()), kv.value()));
    }
  }
  return items;
}

}  // namespace bnlab::cfg
