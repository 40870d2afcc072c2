// "key=value" settings: --set, the URL hash, the page's controls. Strict
// (apply_sets: the first bad one is the error) and lenient (the hash: each bad
// one is skipped with a message, the good ones apply).
#include "document.hpp"
#include "run_items.hpp"
#include "text.hpp"
#include "value_text.hpp"

namespace bnlab {
namespace cfg {
Status set_path(json& doc, const std::string& key, const json& value) {
  if (is_run_item(key) || (key == "runs" && value.is_number_integer())) return set_run_item(doc, key, value);
  size_t dot = key.find('.');
  if (dot == std::string::npos) {
    doc[key] = value;
    return {};
  }
  std::string group = key.substr(0, dot);
  auto it = doc.find(group);
  if (it == doc.end()) {
    doc[group] = json::object();
    it = doc.find(group);
  }
  if (!it->is_object()) return Status{group + ": " + show(*it) + " is not an object (allowed: an object)"};
  (*it)[key.substr(dot + 1)] = value;
  return {};
}

const json* get_path(const json& doc, const std::string& key) {
  size_t dot = key.find('.');
  auto it = doc.find(key.substr(0, dot));
  if (it == doc.end()) return nullptr;
  if (dot == std::string::npos) return &*it;
  if (!it->is_object()) return nullptr;
  auto inner = it->find(key.substr(dot + 1));
  return inner == it->end() ? nullptr : &*inner;
}

Result<Setting> parse_setting(const std::string& item) {
  Result<Setting> r;
  if (item.size() > kMaxItemChars) {
    r.error = show(json(text::cut(item, 20))) + ": setting of " + std::to_string(item.size()) +
              " characters is too long (allowed: up to " + std::to_string(kMaxItemChars) + ")";
    return r;
  }
  size_t eq = item.find('=');
  if (eq == std::string::npos) {
    r.error = show(json(item)) + ": expected key=value";
    return r;
  }
  if (text::trim(item.substr(0, eq)).empty()) {
    r.error = show(json(item)) + ": empty key (expected key=value)";
    return r;
  }
  return parse_value(text::trim(item.substr(0, eq)), item.substr(eq + 1));
}

Result<Setting> parse_value(const std::string& key, const std::string& text) {
  Result<Setting> r;
  Setting& s = r.value;
  s.key = key;
  if (key.size() + 1 + text.size() > kMaxItemChars) {
    r.error = show(json(text::cut(key + "=" + text, 20))) + ": setting of " +
              std::to_string(key.size() + 1 + text.size()) + " characters is too long (allowed: up to " +
              std::to_string(kMaxItemChars) + ")";
    return r;
  }
  if (key == "runs") {  // the runs as JSON, or runs=<n>: keep the first n (run_items.hpp)
    s.value = value_from_text(nullptr, text);
    if (!s.value.is_array() && !s.value.is_number_integer())
      r.error = "runs: " + show(s.value) + R"( is not a JSON array (allowed: [{"name": "...", "set": {...}}, ...], or a number of runs to keep))";
    return r;
  }
  if (is_run_item(key)) return parse_run_item(key, text);
  const Field* f = find_field(key);
  if (f == nullptr) {
    r.error = unknown_key(show_key(key), key, all_keys());
    return r;
  }
  s.value = value_from_text(f, text);
  Config scratch;  // the value alone: type and range, before cross-field checks
  r.error = read_field(*f, key, s.value, scratch).error;
  return r;
}

}  // namespace cfg

using cfg::json;

Result<std::vector<std::string>> settings_from_json(const std::string& json_array_text) {
  Result<std::vector<std::string>> r;
  const char* expected = "sets: expected a JSON array of \"key=value\" strings";
  Result<json> doc = cfg::read_json(json_array_text, "sets");
  if (!doc.ok()) {
    r.error = std::string(expected) + " (" + doc.error + ")";
    return r;
  }
  if (!doc.value.is_array()) {
    r.error = std::string(expected) + ", got " + cfg::show(doc.value);
    return r;
  }
  for (const json& s : doc.value) {
    if (!s.is_string()) {
      r.error = std::string(expected) + ", got " + cfg::show(s);
      return r;
    }
    r.value.push_back(s.get<std::string>());
  }
  return r;
}

Result<std::string> apply_sets(const std::string& json_text, const std::vector<std::string>& key_equals_value) {
  Result<std::string> r;
  Result<json> doc = cfg::read_json(json_text);
  if (!doc.ok()) {
    r.error = doc.error;
    return r;
  }
  if (!doc.value.is_object()) {
    r.error = "config: " + cfg::show(doc.value) + " is not an object (allowed: a JSON object)";
    return r;
  }
  if (key_equals_value.size() > cfg::kMaxSettings) {
    r.error = "settings: " + std::to_string(key_equals_value.size()) + " are too many (allowed: up to " +
              std::to_string(cfg::kMaxSettings) + ")";
    return r;
  }
  for (const std::string& item : key_equals_value) {
    Result<cfg::Setting> s = cfg::parse_setting(item);
    if (s.ok()) s.error = cfg::set_path(doc.value, s.value.key, s.value.value).error;
    if (!s.ok()) {
      r.error = s.error;
      return r;
    }
  }
  r.value = cfg::dump(doc.value);
  return r;
}

LenientResult apply_sets_lenient(const std::string& json_text, const std::vector<std::string>& key_equals_value) {
  LenientResult out;
  json doc = json::object();
  Result<json> given = cfg::read_json(json_text);
  if (!given.ok()) {
    out.errors.push_back(given.error + "; using the defaults");
  } else {
    Result<Config> valid = cfg::config_from_json(given.value);
    if (valid.ok())
      doc = given.value;
    else
      out.errors.push_back(valid.error + "; using the defaults");
  }
  for (size_t i = 0; i < key_equals_value.size(); ++i) {
    if (i == cfg::kMaxSettings) {
      out.errors.push_back("settings: " + std::to_string(key_equals_value.size() - i) +
                           " more ignored (allowed: up to " + std::to_string(cfg::kMaxSettings) + ")");
      break;
    }
    Result<cfg::Setting> s = cfg::parse_setting(key_equals_value[i]);
    const std::string& key = s.value.key;
    if (!s.ok() && key.empty()) {  // malformed: no key to fall back on
      out.errors.push_back(s.error + "; ignored");
      continue;
    }
    json trial = doc;
    std::string err = s.error;
    if (err.empty()) err = cfg::set_path(trial, key, s.value.value).error;
    if (err.empty()) {
      err = cfg::config_from_json(trial).error;
      // The value is fine alone but clashes with another field (say data.points
      // against train.batch_size): name the setting first, then the clash.
      if (!err.empty() && !text::starts_with(err, key + ":"))
        err = cfg::show_key(key) + ": " + cfg::show(s.value.value) + " rejected, " + err;
    }
    if (err.empty()) {
      doc = std::move(trial);
      continue;
    }
    if (cfg::find_field(key) == nullptr && key != "runs") {
      out.errors.push_back(err + "; ignored");
      continue;
    }
    const json* previous = cfg::get_path(doc, key);
    out.errors.push_back(err + (previous ? "; keeping " + cfg::show(*previous) : "; using the default"));
  }
  out.json = cfg::dump(doc);
  return out;
}

}  // namespace bnlab
