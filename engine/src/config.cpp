// The config schema: one table of fields drives parsing, validation, dotted-key
// setting (--set, the URL hash), serialization and help text, so the four can
// never disagree (the idea of TF Playground's property table).
//
// Every error is one line: "<field>: <value> <problem> (allowed: <what>)".
// No exceptions anywhere (em++ builds without them): nlohmann::json is only
// parsed with allow_exceptions = false, read after type checks, and dumped with
// the "replace" handler so invalid UTF-8 cannot throw.
#include "bnlab/config.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>

namespace bnlab {

// ordered_json keeps keys in document order: the first bad field in the text is
// the one reported, and the normalized output reads seed, data, model, train, runs.
using json = nlohmann::ordered_json;

namespace {

constexpr double kMaxSeed = 9007199254740992.0;  // 2^53: exact as a JavaScript number
constexpr double kMaxCoordinate = 1e6;           // |shift|, |scale|
constexpr double kMinScale = 1e-6;               // smaller would underflow float inputs
constexpr size_t kMaxItemChars = 1000;           // one key=value setting
constexpr size_t kMaxJsonChars = 1 << 20;        // a whole config text
constexpr int kMaxJsonDepth = 32;
constexpr int kMaxRunNameChars = 40;
constexpr size_t kMaxSettings = 200;             // per apply_sets call

// ---------------------------------------------------------------- text helpers

bool is_utf8_continuation(char ch) { return (static_cast<unsigned char>(ch) & 0xC0) == 0x80; }

// Code points, not bytes: what a reader counts as characters.
int utf8_length(const std::string& s) {
  int n = 0;
  for (char ch : s) n += is_utf8_continuation(ch) ? 0 : 1;
  return n;
}

// Cut to at most max_bytes without splitting a UTF-8 sequence.
std::string cut(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes - 3;
  while (end > 0 && is_utf8_continuation(s[end])) --end;
  return s.substr(0, end) + "...";
}

// A value as shown in a message: compact JSON, never more than a short line.
std::string show(const json& v) {
  return cut(v.dump(-1, ' ', false, json::error_handler_t::replace), 60);
}

// A key as shown in a message: plain if it looks like a key, else quoted.
std::string show_key(const std::string& key) {
  bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '.' || ch == '-' || ch == '[' || ch == ']';
  });
  return plain ? cut(key, 60) : show(json(key));
}

std::string format_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// ---------------------------------------------------------------- JSON syntax

// A SAX pass that accepts everything but records where a syntax error is and
// stops absurd nesting, so a bad file gets "line 3, column 7: ..." and a
// deeply nested one cannot exhaust the stack.
struct SyntaxCheck {
  int depth = 0;
  std::string error;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) { return true; }
  bool string(json::string_t&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) { return deeper(); }
  bool key(json::string_t&) { return true; }
  bool end_object() { --depth; return true; }
  bool start_array(std::size_t) { return deeper(); }
  bool end_array() { --depth; return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    // what() = "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    std::string what = ex.what();
    size_t at = what.find("at line");
    size_t bracket = what.find("] ");
    if (at != std::string::npos)
      error = "invalid JSON " + what.substr(at);
    else
      error = "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2));
    // "last read" may hold control bytes or broken UTF-8: keep the line plain ASCII.
    for (char& ch : error)
      if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7f) ch = '?';
    error = cut(error, 300);
    return false;
  }
  bool deeper() {
    if (++depth <= kMaxJsonDepth) return true;
    error = "invalid JSON: nested more than " + std::to_string(kMaxJsonDepth) + " levels deep";
    return false;
  }
};

Result<json> parse_json(const std::string& text) {
  Result<json> r;
  if (text.size() > kMaxJsonChars) {
    r.error = "config: " + std::to_string(text.size()) + " characters is too long (allowed: up to " +
              std::to_string(kMaxJsonChars) + ")";
    return r;
  }
  SyntaxCheck check;
  if (!json::sax_parse(text, &check) || !check.error.empty()) {
    r.error = check.error.empty() ? "invalid JSON" : check.error;
    return r;
  }
  r.value = json::parse(text, nullptr, false);
  if (r.value.is_discarded()) r.error = "invalid JSON";
  return r;
}

// ---------------------------------------------------------------- enum names

template <class E>
const std::vector<std::string>& enum_names();
template <>
const std::vector<std::string>& enum_names<DatasetKind>() {
  static const std::vector<std::string> n = {"circle", "xor",          "gauss", "spiral",
                                             "moons",  "checkerboard", "blobs", "custom"};
  return n;
}
template <>
const std::vector<std::string>& enum_names<Activation>() {
  static const std::vector<std::string> n = {"relu", "leaky_relu", "tanh", "sigmoid", "linear"};
  return n;
}
template <>
const std::vector<std::string>& enum_names<BnPlacement>() {
  static const std::vector<std::string> n = {"before", "after"};
  return n;
}
template <>
const std::vector<std::string>& enum_names<Init>() {
  static const std::vector<std::string> n = {"he", "xavier", "gaussian"};
  return n;
}
template <>
const std::vector<std::string>& enum_names<OptimizerKind>() {
  static const std::vector<std::string> n = {"sgd", "momentum", "rmsprop", "adam"};
  return n;
}

// ---------------------------------------------------------------- the field table

// How a field's value is written as bare text (--set, URL hash).
enum class Kind { integer, number, boolean, name, int_list, pair };

struct Field {
  std::string key;      // dotted: "train.learning_rate"
  Kind kind;
  std::string allowed;  // "0 < x <= 10"
  std::string help;
  bool per_run;         // may appear in runs[].set
  // Reads v into c; returns "" or the problem ("is out of range"); the caller
  // adds the key, the value and the allowed text.
  std::function<std::string(const json& v, Config& c)> read;
  std::function<json(const Config& c)> write;
};

// Access to one member of one group of Config (data, model or train).
template <class G, class T>
struct Path {
  G Config::*group;
  T G::*member;
  T& operator()(Config& c) const { return (c.*group).*member; }
  const T& operator()(const Config& c) const { return (c.*group).*member; }
};

struct Range {
  double lo, hi;
  bool lo_open, hi_open;
  bool contains(double x) const {
    return (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi);
  }
  std::string text() const {
    return format_number(lo) + (lo_open ? " < x " : " <= x ") + (hi_open ? "< " : "<= ") +
           format_number(hi);
  }
};

// Numbers: JSON numbers only (not strings, not booleans), finite.
std::string read_number(const json& v, const Range& range, double& out) {
  if (!v.is_number()) return "is not a number";
  double x = v.get<double>();
  if (!std::isfinite(x)) return "is not a finite number";
  if (!range.contains(x)) return "is out of range";
  out = x;
  return "";
}

std::string read_integer(const json& v, double lo, double hi, double& out) {
  if (!v.is_number()) return "is not an integer";
  double x = v.get<double>();
  if (!std::isfinite(x) || x != std::floor(x)) return "is not an integer";
  if (x < lo || x > hi) return "is out of range";
  out = x;
  return "";
}

template <class G>
Field number_field(std::string key, Path<G, double> path, Range range, std::string help) {
  bool per_run = !starts_with(key, "data.");
  return Field{key, Kind::number, range.text(), std::move(help), per_run,
               [path, range](const json& v, Config& c) {
                 double x = 0;
                 std::string problem = read_number(v, range, x);
                 if (problem.empty()) path(c) = x;
                 return problem;
               },
               [path](const Config& c) { return json(path(c)); }};
}

template <class G>
Field integer_field(std::string key, Path<G, int> path, int lo, int hi, std::string help) {
  bool per_run = !starts_with(key, "data.");
  std::string allowed = "integer " + std::to_string(lo) + " <= x <= " + std::to_string(hi);
  return Field{key, Kind::integer, allowed, std::move(help), per_run,
               [path, lo, hi](const json& v, Config& c) {
                 double x = 0;
                 std::string problem = read_integer(v, lo, hi, x);
                 if (problem.empty()) path(c) = static_cast<int>(x);
                 return problem;
               },
               [path](const Config& c) { return json(path(c)); }};
}

template <class G>
Field bool_field(std::string key, Path<G, bool> path, std::string help) {
  bool per_run = !starts_with(key, "data.") || key == "data.standardize";
  return Field{key, Kind::boolean, "true or false", std::move(help), per_run,
               [path](const json& v, Config& c) {
                 if (!v.is_boolean()) return std::string("is not true or false");
                 path(c) = v.get<bool>();
                 return std::string();
               },
               [path](const Config& c) { return json(path(c)); }};
}

template <class G, class E>
Field enum_field(std::string key, Path<G, E> path, std::string help) {
  bool per_run = !starts_with(key, "data.");
  const std::vector<std::string>& names = enum_names<E>();
  return Field{key, Kind::name, join(names, ", "), std::move(help), per_run,
               [path, &names](const json& v, Config& c) {
                 if (!v.is_string()) return std::string("is not a name");
                 auto it = std::find(names.begin(), names.end(), v.get<std::string>());
                 if (it == names.end()) return std::string("is not a known name");
                 path(c) = static_cast<E>(it - names.begin());
                 return std::string();
               },
               [path](const Config& c) { return json(to_string(path(c))); }};
}

// shift and scale: two finite numbers; scale also bounded away from zero.
Field pair_field(std::string key, double (DataConfig::*member)[2], bool nonzero, std::string help) {
  std::string allowed = nonzero ? "[x1, x2], each " + format_number(kMinScale) +
                                      " <= |x| <= " + format_number(kMaxCoordinate)
                                : "[x1, x2], each |x| <= " + format_number(kMaxCoordinate);
  return Field{key, Kind::pair, allowed, std::move(help), false,
               [member, nonzero](const json& v, Config& c) {
                 if (!v.is_array() || v.size() != 2) return std::string("is not a pair of numbers");
                 double xy[2];
                 for (int i = 0; i < 2; ++i) {
                   if (!v[i].is_number()) return std::string("is not a pair of numbers");
                   xy[i] = v[i].get<double>();
                   if (!std::isfinite(xy[i])) return std::string("has a non-finite number");
                   double mag = std::fabs(xy[i]);
                   if (mag > kMaxCoordinate || (nonzero && mag < kMinScale))
                     return std::string("is out of range");
                 }
                 (c.data.*member)[0] = xy[0];
                 (c.data.*member)[1] = xy[1];
                 return std::string();
               },
               [member](const Config& c) {
                 return json::array({(c.data.*member)[0], (c.data.*member)[1]});
               }};
}

Field hidden_field() {
  std::string allowed = "a list of 0.." + std::to_string(limits::max_hidden_layers) +
                        " integers, each 1.." + std::to_string(limits::max_width);
  return Field{"model.hidden", Kind::int_list, allowed,
               "hidden layer widths, input to output (e.g. 16,16,16; empty = no hidden layer)", true,
               [](const json& v, Config& c) {
                 if (!v.is_array()) return std::string("is not a list of integers");
                 if (v.size() > static_cast<size_t>(limits::max_hidden_layers))
                   return std::string("has too many layers");
                 std::vector<int> widths;
                 for (const json& w : v) {
                   double x = 0;
                   std::string problem = read_integer(w, 1, limits::max_width, x);
                   if (!problem.empty()) return "has a width that " + problem;
                   widths.push_back(static_cast<int>(x));
                 }
                 c.model.hidden = widths;
                 return std::string();
               },
               [](const Config& c) { return json(c.model.hidden); }};
}

Field seed_field() {
  return Field{"seed", Kind::integer, "integer 0 <= x <= 2^53",
               "random seed for the data, the initial weights and the batch order", false,
               [](const json& v, Config& c) {
                 if (v.is_number_integer()) {  // signed or unsigned
                   // Exact integer path: a double would round values near 2^53.
                   if (v.is_number_integer() && v.get<int64_t>() < 0) return std::string("is out of range");
                   uint64_t s = v.get<uint64_t>();
                   if (s > static_cast<uint64_t>(kMaxSeed)) return std::string("is out of range");
                   c.seed = s;
                   return std::string();
                 }
                 double x = 0;
                 std::string problem = read_integer(v, 0, kMaxSeed, x);
                 if (problem.empty()) c.seed = static_cast<uint64_t>(x);
                 return problem;
               },
               [](const Config& c) { return json(c.seed); }};
}

const std::vector<Field>& fields() {
  using D = DataConfig;
  using M = ModelConfig;
  using T = TrainConfig;
  const auto data = &Config::data;
  const auto model = &Config::model;
  const auto train = &Config::train;
  static const std::vector<Field> table = {
      seed_field(),
      enum_field("data.name", Path<D, DatasetKind>{data, &D::name}, "dataset family"),
      integer_field("data.points", Path<D, int>{data, &D::points}, 10, limits::max_points,
                    "number of points, train + test"),
      number_field("data.noise", Path<D, double>{data, &D::noise}, Range{0, 1, false, false},
                   "label noise / spread, dataset-specific"),
      number_field("data.test_fraction", Path<D, double>{data, &D::test_fraction},
                   Range{0.05, 0.95, false, false}, "share of the points held out for testing"),
      pair_field("data.shift", &D::shift, false, "added to the generated features (raw = x * scale + shift)"),
      pair_field("data.scale", &D::scale, true, "multiplies the generated features"),
      bool_field("data.standardize", Path<D, bool>{data, &D::standardize},
                 "standardize inputs with the train set's mean and std (may differ per run)"),
      hidden_field(),
      enum_field("model.activation", Path<M, Activation>{model, &M::activation},
                 "hidden-layer activation"),
      bool_field("model.batchnorm", Path<M, bool>{model, &M::batchnorm},
                 "batch norm in every hidden layer (see model.bn_placement)"),
      enum_field("model.bn_placement", Path<M, BnPlacement>{model, &M::bn_placement},
                 "batch norm before or after the activation"),
      number_field("model.bn_momentum", Path<M, double>{model, &M::bn_momentum},
                   Range{0, 1, true, false}, "running-average momentum (PyTorch convention)"),
      number_field("model.bn_eps", Path<M, double>{model, &M::bn_eps}, Range{0, 1, true, false},
                   "added to the batch variance before the square root"),
      enum_field("model.init", Path<M, Init>{model, &M::init}, "weight initialization"),
      number_field("model.init_std", Path<M, double>{model, &M::init_std}, Range{0, 10, true, false},
                   "standard deviation for init = gaussian"),
      number_field("model.leaky_slope", Path<M, double>{model, &M::leaky_slope},
                   Range{0, 1, false, false}, "negative slope of leaky_relu"),
      enum_field("train.optimizer", Path<T, OptimizerKind>{train, &T::optimizer}, "optimizer"),
      number_field("train.learning_rate", Path<T, double>{train, &T::learning_rate},
                   Range{0, 10, true, false}, "step size"),
      number_field("train.momentum", Path<T, double>{train, &T::momentum}, Range{0, 1, false, true},
                   "momentum coefficient (optimizer = momentum)"),
      number_field("train.beta1", Path<T, double>{train, &T::beta1}, Range{0, 1, false, true},
                   "Adam's first-moment decay"),
      number_field("train.beta2", Path<T, double>{train, &T::beta2}, Range{0, 1, false, true},
                   "Adam's second-moment decay"),
      number_field("train.eps", Path<T, double>{train, &T::eps}, Range{0, 1, true, false},
                   "Adam / RMSprop denominator epsilon"),
      number_field("train.rms_alpha", Path<T, double>{train, &T::rms_alpha}, Range{0, 1, false, true},
                   "RMSprop's squared-gradient decay"),
      number_field("train.l2", Path<T, double>{train, &T::l2}, Range{0, 1, false, false},
                   "L2 weight decay on dense weights"),
      integer_field("train.batch_size", Path<T, int>{train, &T::batch_size}, 1, limits::max_points,
                    "mini-batch size (at most the train set size; >= 2 with batch norm)"),
      integer_field("train.steps", Path<T, int>{train, &T::steps}, 1, limits::max_steps,
                    "mini-batch steps to train (the CLI's default for --steps)"),
  };
  return table;
}

const Field* find_field(const std::string& key) {
  for (const Field& f : fields())
    if (f.key == key) return &f;
  return nullptr;
}

std::vector<std::string> keys_under(const std::string& group) {
  std::vector<std::string> keys;
  for (const Field& f : fields())
    if (starts_with(f.key, group)) keys.push_back(f.key.substr(group.size()));
  return keys;
}

// "unknown key" with the nearest known key when one is close.
std::string unknown_key(const std::string& shown_key, const std::string& key,
                        const std::vector<std::string>& known) {
  std::string best;
  size_t best_distance = 3;
  for (const std::string& k : known) {
    // "learning_rate" for "train.learning_rate": the group was left out.
    size_t dot = k.rfind('.');
    if (dot != std::string::npos && k.substr(dot + 1) == key) {
      best = k;
      break;
    }
    size_t d = edit_distance(key, k);
    if (d < best_distance && d < std::max<size_t>(key.size(), 2)) {
      best = k;
      best_distance = d;
    }
  }
  std::string msg = shown_key + ": unknown key";
  if (!best.empty()) return msg + " (did you mean " + best + "?)";
  if (known.size() > 12) {  // every dotted key: too long for one line, name the groups
    std::vector<std::string> groups;
    for (const std::string& k : known) {
      // A group counts as "group.*" only when all of its keys are listed.
      std::string group = k.substr(0, k.find('.'));
      bool whole = k.find('.') != std::string::npos &&
                   keys_under(group + ".").size() ==
                       static_cast<size_t>(std::count_if(known.begin(), known.end(), [&](const std::string& x) {
                         return starts_with(x, group + ".");
                       }));
      if (k.find('.') != std::string::npos) group = whole ? group + ".*" : k;
      if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
    }
    return msg + " (allowed: " + join(groups, ", ") + ")";
  }
  return msg + " (allowed: " + join(known, ", ") + ")";
}

std::vector<std::string> all_keys() {
  std::vector<std::string> keys;
  for (const Field& f : fields()) keys.push_back(f.key);
  keys.push_back("runs");
  return keys;
}

// Reads one value into c; on failure the one-line message naming shown_key.
std::string read_field(const Field& f, const std::string& shown_key, const json& v, Config& c) {
  std::string problem = f.read(v, c);
  if (problem.empty()) return "";
  return shown_key + ": " + show(v) + " " + problem + " (allowed: " + f.allowed + ")";
}

// ---------------------------------------------------------------- bare text

// A JSON number from text like "0.3", ".5", "1e-3"; refuses "nan", "inf", "0x10".
bool parse_plain_number(const std::string& text, json& out) {
  if (text.empty() || text.find_first_not_of("0123456789+-.eE") != std::string::npos) return false;
  char* end = nullptr;
  double x = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return false;
  json exact = json::parse(text, nullptr, false);  // keeps integers integral
  out = (!exact.is_discarded() && exact.is_number()) ? exact : json(x);
  return true;
}

// Bare --set text to the JSON value the field reads. JSON text is accepted too;
// anything unreadable becomes a JSON string so the field's check names it.
json value_from_text(const Field* f, const std::string& raw) {
  std::string text = trim(raw);
  if (!text.empty() && (text[0] == '[' || text[0] == '{' || text[0] == '"')) {
    json v = json::parse(text, nullptr, false);
    return v.is_discarded() ? json(raw) : v;
  }
  if (f == nullptr) {  // "runs" (JSON only)
    json v = json::parse(text, nullptr, false);
    return v.is_discarded() ? json(raw) : v;
  }
  json number;
  switch (f->kind) {
    case Kind::integer:
    case Kind::number:
      return parse_plain_number(text, number) ? number : json(raw);
    case Kind::boolean:
      if (text == "true") return true;
      if (text == "false") return false;
      return json(raw);
    case Kind::name:
      return json(text);
    case Kind::int_list:
    case Kind::pair: {
      json list = json::array();
      if (text.empty()) return list;
      size_t start = 0;
      while (true) {
        size_t comma = text.find(',', start);
        std::string item = trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!parse_plain_number(item, number)) return json(raw);
        list.push_back(number);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return list;
    }
  }
  return json(raw);
}

// ---------------------------------------------------------------- whole config

std::string read_group(const json& doc, const std::string& group, Config& c) {
  if (!doc.is_object())
    return group + ": " + show(doc) + " is not an object (allowed: an object with keys " +
           join(keys_under(group + "."), ", ") + ")";
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    std::string key = group + "." + it.key();
    const Field* f = find_field(key);
    if (f == nullptr) return unknown_key(group + "." + show_key(it.key()), it.key(), keys_under(group + "."));
    std::string err = read_field(*f, key, it.value(), c);
    if (!err.empty()) return err;
  }
  return "";
}

// A run: the base config with its own settings applied. Only model.*, train.*
// and data.standardize may differ; everything else is shared.
std::string read_run(const json& doc, int index, const Config& base, RunConfig& run) {
  const std::string where = "runs[" + std::to_string(index) + "]";
  if (!doc.is_object())
    return where + ": " + show(doc) + R"( is not an object (allowed: {"name": "...", "set": {...}}))";
  auto name = doc.find("name");
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.key() != "name" && it.key() != "set")
      return unknown_key(where + "." + show_key(it.key()), it.key(), {"name", "set"});
  if (name == doc.end()) return where + ".name: missing (allowed: a non-empty name)";
  const std::string name_rule = "a non-empty name of at most " + std::to_string(kMaxRunNameChars) +
                                " characters, no control characters";
  if (!name->is_string()) return where + ".name: " + show(*name) + " is not a string (allowed: " + name_rule + ")";
  run.name = name->get<std::string>();
  bool has_control = std::any_of(run.name.begin(), run.name.end(),
                                 [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f; });
  if (run.name.empty() || utf8_length(run.name) > kMaxRunNameChars || has_control)
    return where + ".name: " + show(*name) + " is not allowed (allowed: " + name_rule + ")";

  Config c = base;
  auto set = doc.find("set");
  if (set != doc.end()) {
    if (!set->is_object())
      return where + ".set: " + show(*set) + R"( is not an object (allowed: {"model.batchnorm": true, ...}))";
    for (auto it = set->begin(); it != set->end(); ++it) {
      const std::string key = it.key();
      const std::string shown = where + ".set." + show_key(key);
      const Field* f = find_field(key);
      if (f == nullptr) {
        std::vector<std::string> per_run;
        for (const Field& g : fields())
          if (g.per_run) per_run.push_back(g.key);
        return unknown_key(shown, key, per_run);
      }
      if (!f->per_run)
        return shown + ": " + show(it.value()) +
               " cannot differ between runs (allowed in a run's set: model.*, train.*, data.standardize)";
      std::string err = read_field(*f, shown, it.value(), c);
      if (!err.empty()) return err;
      run.overrides.emplace_back(key, f->write(c).dump());
    }
  }
  run.model = c.model;
  run.train = c.train;
  run.standardize = c.data.standardize;
  return "";
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

// Checks that span fields: set sizes, batch size against the train set and batch norm.
std::string check_across_fields(const Config& c) {
  const int n_test = c.data.points - c.train_size();
  if (c.train_size() < 1 || n_test < 1)
    return "data.test_fraction: " + format_number(c.data.test_fraction) + " leaves " +
           (n_test < 1 ? "no test points" : "no train points") + " out of data.points " +
           std::to_string(c.data.points) + " (allowed: a fraction that leaves both sets non-empty)";
  const std::string train_set = std::to_string(c.train_size()) + ", the train set size (data.points " +
                                std::to_string(c.data.points) + " minus test_fraction " +
                                format_number(c.data.test_fraction) + ")";
  if (c.train.batch_size > c.train_size())
    return "train.batch_size: " + std::to_string(c.train.batch_size) +
           " is larger than the train set (allowed: 1 <= x <= " + train_set + ")";
  for (size_t i = 0; i < c.runs.size(); ++i) {
    const RunConfig& run = c.runs[i];
    const std::string key = overrides_key(run, "train.batch_size")
                                ? "runs[" + std::to_string(i) + "].set.train.batch_size"
                                : "train.batch_size";
    if (run.train.batch_size > c.train_size())
      return key + ": " + std::to_string(run.train.batch_size) +
             " is larger than the train set (allowed: 1 <= x <= " + train_set + ")";
    if (run.model.batchnorm && run.train.batch_size < 2)
      return key + ": " + std::to_string(run.train.batch_size) + " is too small for run " +
             show(json(run.name)) +
             ", which uses batch norm (allowed: x >= 2: batch norm needs at least 2 examples to "
             "compute batch statistics)";
  }
  return "";
}

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
    if (key == "seed") {
      r.error = read_field(*find_field("seed"), "seed", it.value(), c);
    } else if (key == "data" || key == "model" || key == "train") {
      r.error = read_group(it.value(), key, c);
    } else if (key != "runs") {
      r.error = unknown_key(show_key(key), key, top);
    }
    if (!r.ok()) return r;
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
      r.error = read_run((*runs)[i], static_cast<int>(i), c, run);
      if (!r.ok()) return r;
      for (size_t j = 0; j < c.runs.size(); ++j)
        if (c.runs[j].name == run.name) {
          r.error = "runs[" + std::to_string(i) + "].name: " + show(json(run.name)) +
                    " is already the name of runs[" + std::to_string(j) + "] (allowed: unique names)";
          return r;
        }
      c.runs.push_back(std::move(run));
    }
  }
  r.error = check_across_fields(c);
  return r;
}

// Writes value at a dotted key ("seed", "data.noise", "runs") into a config document.
std::string set_path(json& doc, const std::string& key, const json& value) {
  size_t dot = key.find('.');
  if (dot == std::string::npos) {
    doc[key] = value;
    return "";
  }
  std::string group = key.substr(0, dot);
  auto it = doc.find(group);
  if (it == doc.end()) {
    doc[group] = json::object();
    it = doc.find(group);
  }
  if (!it->is_object()) return group + ": " + show(*it) + " is not an object (allowed: an object)";
  (*it)[key.substr(dot + 1)] = value;
  return "";
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

// One "key=value" item checked alone. On success key and value are filled.
std::string parse_setting(const std::string& item, std::string& key, json& value) {
  if (item.size() > kMaxItemChars)
    return show(json(cut(item, 20))) + ": setting of " + std::to_string(item.size()) +
           " characters is too long (allowed: up to " + std::to_string(kMaxItemChars) + ")";
  size_t eq = item.find('=');
  if (eq == std::string::npos) return show(json(item)) + ": expected key=value";
  key = trim(item.substr(0, eq));
  if (key.empty()) return show(json(item)) + ": empty key (expected key=value)";
  const std::string text = item.substr(eq + 1);
  if (key == "runs") {
    value = value_from_text(nullptr, text);
    if (!value.is_array())
      return "runs: " + show(value) + R"( is not a JSON array (allowed: [{"name": "...", "set": {...}}, ...]))";
    return "";
  }
  const Field* f = find_field(key);
  if (f == nullptr) return unknown_key(show_key(key), key, all_keys());
  value = value_from_text(f, text);
  Config scratch;  // the value alone: type and range, before cross-field checks
  return read_field(*f, key, value, scratch);
}

}  // namespace

// ---------------------------------------------------------------- public API

int Config::classes() const { return data.name == DatasetKind::blobs ? 3 : 2; }

int Config::train_size() const {
  return data.points - static_cast<int>(std::llround(data.points * data.test_fraction));
}

const char* to_string(DatasetKind k) { return enum_names<DatasetKind>()[static_cast<int>(k)].c_str(); }
const char* to_string(Activation k) { return enum_names<Activation>()[static_cast<int>(k)].c_str(); }
const char* to_string(BnPlacement k) { return enum_names<BnPlacement>()[static_cast<int>(k)].c_str(); }
const char* to_string(Init k) { return enum_names<Init>()[static_cast<int>(k)].c_str(); }
const char* to_string(OptimizerKind k) { return enum_names<OptimizerKind>()[static_cast<int>(k)].c_str(); }

Result<Config> parse_config(const std::string& json_text) {
  Result<json> doc = parse_json(json_text);
  if (!doc.ok()) {
    Result<Config> r;
    r.error = doc.error;
    return r;
  }
  return config_from_json(doc.value);
}

Result<std::string> apply_sets(const std::string& json_text, const std::vector<std::string>& key_equals_value) {
  Result<std::string> r;
  Result<json> doc = parse_json(json_text);
  if (!doc.ok()) {
    r.error = doc.error;
    return r;
  }
  if (!doc.value.is_object()) {
    r.error = "config: " + show(doc.value) + " is not an object (allowed: a JSON object)";
    return r;
  }
  if (key_equals_value.size() > kMaxSettings) {
    r.error = "settings: " + std::to_string(key_equals_value.size()) + " are too many (allowed: up to " +
              std::to_string(kMaxSettings) + ")";
    return r;
  }
  for (const std::string& item : key_equals_value) {
    std::string key;
    json value;
    r.error = parse_setting(item, key, value);
    if (r.ok()) r.error = set_path(doc.value, key, value);
    if (!r.ok()) return r;
  }
  r.value = doc.value.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

LenientResult apply_sets_lenient(const std::string& json_text, const std::vector<std::string>& key_equals_value) {
  LenientResult out;
  json doc = json::object();
  Result<json> given = parse_json(json_text);
  if (!given.ok()) {
    out.errors.push_back(given.error + "; using the defaults");
  } else {
    Result<Config> valid = config_from_json(given.value);
    if (valid.ok())
      doc = given.value;
    else
      out.errors.push_back(valid.error + "; using the defaults");
  }
  for (size_t i = 0; i < key_equals_value.size(); ++i) {
    if (i == kMaxSettings) {
      out.errors.push_back("settings: " + std::to_string(key_equals_value.size() - i) +
                           " more ignored (allowed: up to " + std::to_string(kMaxSettings) + ")");
      break;
    }
    std::string key;
    json value;
    std::string err = parse_setting(key_equals_value[i], key, value);
    if (!err.empty() && key.empty()) {  // malformed: no key to fall back on
      out.errors.push_back(err + "; ignored");
      continue;
    }
    json trial = doc;
    if (err.empty()) err = set_path(trial, key, value);
    if (err.empty()) {
      Result<Config> valid = config_from_json(trial);
      err = valid.error;
      // The value is fine alone but clashes with another field (say data.points
      // against train.batch_size): name the setting first, then the clash.
      if (!err.empty() && !starts_with(err, key + ":"))
        err = show_key(key) + ": " + show(value) + " rejected, " + err;
    }
    if (err.empty()) {
      doc = std::move(trial);
      continue;
    }
    if (find_field(key) == nullptr && key != "runs") {
      out.errors.push_back(err + "; ignored");
      continue;
    }
    const json* previous = get_path(doc, key);
    out.errors.push_back(err + (previous ? "; keeping " + show(*previous) : "; using the default"));
  }
  out.json = doc.dump(-1, ' ', false, json::error_handler_t::replace);
  return out;
}

std::string config_to_json(const Config& c, int indent) {
  json doc = json::object();
  for (const Field& f : fields()) {
    json value = f.write(c);
    set_path(doc, f.key, value);
  }
  json runs = json::array();
  for (const RunConfig& run : c.runs) {
    json set = json::object();
    for (const auto& o : run.overrides) {
      json v = json::parse(o.second, nullptr, false);
      set[o.first] = v.is_discarded() ? json(o.second) : v;
    }
    runs.push_back(json{{"name", run.name}, {"set", set}});
  }
  doc["runs"] = runs;
  return doc.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::vector<std::string> config_keys_help() {
  const Config defaults;
  std::vector<std::string> lines;
  for (const Field& f : fields()) {
    std::string key = f.key;
    key.resize(std::max<size_t>(key.size(), 20), ' ');
    lines.push_back(key + "  " + f.help + "; " + f.allowed + "; default " + f.write(defaults).dump() +
                    (f.per_run ? "" : " [shared]"));
  }
  lines.push_back(
      "runs                  JSON array of 1.." + std::to_string(limits::max_runs) +
      R"( {"name": "...", "set": {"model.batchnorm": true, ...}}; a run's set may change model.*, train.*, data.standardize; default: "without BN" and "with BN")");
  return lines;
}

}  // namespace bnlab
