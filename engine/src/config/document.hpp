// A config as a JSON document: reading it whole into a Config (fields, runs,
// the checks across fields and the cost limits), and addressing it by dotted
// key (what --set and the URL hash do).
#pragma once
#include <string>
#include <utility>

#include "fields.hpp"

namespace bnlab::cfg {

constexpr size_t kMaxItemChars = 1000;  // one key=value setting
constexpr size_t kMaxSettings = 200;    // per apply_sets call

// The whole config, validated; the first problem in document order is the error.
Result<Config> config_from_json(const json& doc);

// Writes value at a dotted key ("seed", "data.noise", "runs") into a config document.
Status set_path(json& doc, const std::string& key, const json& value);
// The value at a dotted key, or null.
const json* get_path(const json& doc, const std::string& key);

// One "key=value" item checked alone (type and range, before cross-field
// checks). On success the key and the JSON value; on failure the key is
// still given when the item had one (the lenient path falls back on it).
struct Setting {
  std::string key;
  json value;
};
Result<Setting> parse_setting(const std::string& item);
// The same for a key and its text given apart (the value codec's API).
Result<Setting> parse_value(const std::string& key, const std::string& text);

}  // namespace bnlab::cfg
