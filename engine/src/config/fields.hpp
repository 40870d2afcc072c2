// The field table: one entry per dotted key drives reading, validation,
// bare-text setting (--set, the URL hash), serialization, help and the
// exported schema, so they can never disagree (the idea of TF Playground's
// property table).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "bnlab/config.hpp"
#include "json_reader.hpp"

namespace bnlab::cfg {

// How a field's value is written as bare text (--set, URL hash) and typed in JSON.
enum class Kind { integer, number, boolean, name, int_list, pair };
const char* kind_name(Kind k);  // "integer", "number", "boolean", "name", "int_list", "pair"

struct Range {
  double lo, hi;
  bool lo_open, hi_open;
  bool contains(double x) const { return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi); }
  std::string text() const;  // "0 < x <= 10"
};

struct Field {
  std::string key;      // dotted: "train.learning_rate"
  Kind kind;
  std::string allowed;  // the message text: "0 < x <= 10"
  std::string help;     // one line
  bool per_run;         // may appear in runs[].set
  Range range;          // integer, number: the value; int_list: each item; pair: each |x|
  int max_items;        // int_list: the most items
  const std::vector<std::string>* names;  // name: the allowed names, else null
  // Reads v into c; the error is the problem alone ("is out of range"): the
  // caller adds the key, the value and the allowed text (read_field).
  std::function<Status(const json& v, Config& c)> read;
  std::function<json(const Config& c)> write;
};

const std::vector<Field>& fields();
const Field* find_field(const std::string& key);

// Keys starting with group ("data."), without the group.
std::vector<std::string> keys_under(const std::string& group);
std::vector<std::string> all_keys();      // every field, then "runs"
std::vector<std::string> per_run_keys();  // what a run's "set" may hold

// "unknown key" with the nearest known key when one is close.
std::string unknown_key(const std::string& shown_key, const std::string& key, const std::vector<std::string>& known);

// Reads one value into c; on failure the one-line message naming shown_key:
// "<shown_key>: <value> <problem> (allowed: <allowed>)".
Status read_field(const Field& f, const std::string& shown_key, const json& v, Config& c);

}  // namespace bnlab::cfg
