#include "fields.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "enums.hpp"
#include "text.hpp"

namespace bnlab::cfg {
namespace {

using text::format_number;
using text::starts_with;

constexpr double kMaxSeed = 9007199254740992.0;  // 2^53: exact as a JavaScript number
constexpr double kMaxCoordinate = 1e6;           // |shift|, |scale|

// Lower bounds of the positive fields. The engine computes in float (Real), so a
// positive value must stay a positive, normal float with room to act; 1e-46 is
// 0 in float (and 1e-40 a subnormal), which made every step diverge.
//   scale: raw = generated * scale + shift; 1e-6 keeps the generated spread
//     (|x| <= 6) at 6e-6, far inside float's normal range (>= 1.2e-38) and
//     its 24-bit precision; check_float_inputs covers a large shift beside it.
//   learning_rate: an update lr * g below float's relative precision (6e-8)
//     of a weight rounds away; 1e-6 keeps updates visible for |g| >= 0.1 |w|.
//   bn_momentum: float(1 - m) is 1 for m < 6e-8, so the running averages would
//     only accumulate; at 1e-4, 1 - m is exact to 0.06% of m.
//   bn_eps and eps: added to a variance / an RMS that can be exactly 0 (a
//     constant unit, a parameter that never had a gradient); 1e-12 keeps
//     1/sqrt(bn_eps) = 1e6 and m / eps finite, where 0 gives 0/0 = NaN.
//   init_std: weights from N(0, std^2); the deepest network multiplies 13 of
//     them on the way to the output, and 1e-3^13 = 1e-39 is where float's
//     normal range ends: smaller starts dead in float.
constexpr double kMinScale = 1e-6;
constexpr double kMinLearningRate = 1e-6;
constexpr double kMinBnMomentum = 1e-4;
constexpr double kMinEps = 1e-12;
constexpr double kMinInitStd = 1e-3;
// Decay coefficients (momentum, beta1, beta2, rms_alpha) must stay below 1 in
// float: float(0.99999999) is 1, which never decays. 1 - 1e-6 is 17 floats below 1.
constexpr double kMaxDecay = 0.999999;

Status problem(const char* text) { return Status{text}; }

// Numbers: JSON numbers only (not strings, not booleans), finite.
Status read_number(const json& v, const Range& range, double& out) {
  if (!v.is_number()) return problem("is not a number");
  double x = v.get<double>();
  if (!std::isfinite(x)) return problem("is not a finite number");
  if (!range.contains(x)) return problem("is out of range");
  out = x;
  return {};
}

// Integers: JSON integers only. read_json has already turned every number
// whose text is an exact integer ("3.0", "1e3") into one, so a float here is
// not an integer, or is beyond 64 bits.
Status read_integer(const json& v, double lo, double hi, int64_t& out) {
  if (!v.is_number()) return problem("is not an integer");
  if (v.is_number_float()) {
    const double x = v.get<double>();
    return problem(std::fabs(x) >= 9223372036854775808.0 ? "is out of range" : "is not an integer");
  }
  if (v.is_number_unsigned()) {
    uint64_t u = v.get<uint64_t>();
    // Compared as integers: a double would round 2^53 + 1 down to 2^53.
    if (u > uint64_t(hi) || double(u) < lo) return problem("is out of range");
    out = int64_t(u);
    return {};
  }
  int64_t i = v.get<int64_t>();
  if (double(i) < lo || double(i) > hi) return problem("is out of range");
  out = i;
  return {};
}

template <class G, class T>
struct Path {  // one member of one group of Config (data, model or train)
  G Config::*group;
  T G::*member;
  T& operator()(Config& c) const { return (c.*group).*member; }
  const T& operator()(const Config& c) const { return (c.*group).*member; }
};

// Only model.*, train.* and data.standardize may differ between runs.
bool per_run_key(const std::string& key) {
  return starts_with(key, "model.") || starts_with(key, "train.") || key == "data.standardize";
}

template <class G>
Field number_field(std::string key, Path<G, double> path, Range range, std::string help) {
  const bool per_run = per_run_key(key);
  return Field{key, Kind::number, range.text(), std::move(help), per_run, range, 0, nullptr,
               [path, range](const json& v, Config& c) {
                 double x = 0;
                 Status s = read_number(v, range, x);
                 if (s.ok()) path(c) = x;
                 return s;
               },
               [path](const Config& c) { return json(path(c)); }};
}

template <class G>
Field integer_field(std::string key, Path<G, int> path, int lo, int hi, std::string help) {
  const bool per_run = per_run_key(key);
  std::string allowed = "integer " + std::to_string(lo) + " <= x <= " + std::to_string(hi);
  return Field{key, Kind::integer, allowed, std::move(help), per_run, Range{double(lo), double(hi), false, false}, 0,
               nullptr,
               [path, lo, hi](const json& v, Config& c) {
                 int64_t x = 0;
                 Status s = read_integer(v, lo, hi, x);
                 if (s.ok()) path(c) = static_cast<int>(x);
                 return s;
               },
               [path](const Config& c) { return json(path(c)); }};
}

template <class G>
Field bool_field(std::string key, Path<G, bool> path, std::string help) {
  const bool per_run = per_run_key(key);
  return Field{key, Kind::boolean, "true or false", std::move(help), per_run, Range{0, 1, false, false}, 0, nullptr,
               [path](const json& v, Config& c) {
                 if (!v.is_boolean()) return problem("is not true or false");
                 path(c) = v.get<bool>();
                 return Status{};
               },
               [path](const Config& c) { return json(path(c)); }};
}

template <class G, class E>
Field enum_field(std::string key, Path<G, E> path, std::string help) {
  const bool per_run = per_run_key(key);
  const std::vector<std::string>& names = enum_names<E>();
  return Field{key, Kind::name, text::join(names, ", "), std::move(help), per_run, Range{0, 0, false, false}, 0,
               &names,
               [path, &names](const json& v, Config& c) {
                 if (!v.is_string()) return problem("is not a name");
                 auto it = std::find(names.begin(), names.end(), v.get<std::string>());
                 if (it == names.end()) return problem("is not a known name");
                 path(c) = static_cast<E>(it - names.begin());
                 return Status{};
               },
               [path](const Config& c) { return json(to_string(path(c))); }};
}

// shift and scale: two finite numbers; scale also bounded away from zero.
Field pair_field(std::string key, double (DataConfig::*member)[2], bool nonzero, std::string help) {
  const Range magnitude{nonzero ? kMinScale : 0, kMaxCoordinate, false, false};
  std::string allowed = nonzero ? "[x1, x2], each " + format_number(kMinScale) + " <= |x| <= " +
                                      format_number(kMaxCoordinate)
                                : "[x1, x2], each |x| <= " + format_number(kMaxCoordinate);
  return Field{key, Kind::pair, allowed, std::move(help), false, magnitude, 2, nullptr,
               [member, magnitude](const json& v, Config& c) {
                 if (!v.is_array() || v.size() != 2) return problem("is not a pair of numbers");
                 double xy[2];
                 for (int i = 0; i < 2; ++i) {
                   if (!v[size_t(i)].is_number()) return problem("is not a pair of numbers");
                   xy[i] = v[size_t(i)].get<double>();
                   if (!std::isfinite(xy[i])) return problem("has a non-finite number");
                   if (!magnitude.contains(std::fabs(xy[i]))) return problem("is out of range");
                 }
                 (c.data.*member)[0] = xy[0];
                 (c.data.*member)[1] = xy[1];
                 return Status{};
               },
               [member](const Config& c) { return json::array({(c.data.*member)[0], (c.data.*member)[1]}); }};
}

Field hidden_field() {
  std::string allowed = "a list of 0.." + std::to_string(limits::max_hidden_layers) + " integers, each 1.." +
                        std::to_string(limits::max_width);
  return Field{"model.hidden", Kind::int_list, allowed,
               "hidden layer widths, input to output (e.g. 16,16,16; empty = no hidden layer)", true,
               Range{1, double(limits::max_width), false, false}, limits::max_hidden_layers, nullptr,
               [](const json& v, Config& c) {
                 if (!v.is_array()) return problem("is not a list of integers");
                 if (v.size() > static_cast<size_t>(limits::max_hidden_layers)) return problem("has too many layers");
                 std::vector<int> widths;
                 for (const json& w : v) {
                   int64_t x = 0;
                   Status s = read_integer(w, 1, limits::max_width, x);
                   if (!s.ok()) return Status{"has a width that " + s.error};
                   widths.push_back(static_cast<int>(x));
                 }
                 c.model.hidden = widths;
                 return Status{};
               },
               [](const Config& c) { return json(c.model.hidden); }};
}

Field seed_field() {
  return Field{"seed", Kind::integer, "integer 0 <= x <= 2^53",
               "random seed for the data, the initial weights and the batch order", false,
               Range{0, kMaxSeed, false, false}, 0, nullptr,
               [](const json& v, Config& c) {
                 int64_t s = 0;
                 Status st = read_integer(v, 0, kMaxSeed, s);
                 if (st.ok()) c.seed = uint64_t(s);
                 return st;
               },
               [](const Config& c) { return json(c.seed); }};
}

}  // namespace

const char* kind_name(Kind k) {
  static const char* const names[] = {"integer", "number", "boolean", "name", "int_list", "pair"};
  return names[static_cast<int>(k)];
}

std::string Range::text() const {
  return format_number(lo) + (lo_open ? " < x " : " <= x ") + (hi_open ? "< " : "<= ") + format_number(hi);
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
      enum_field("data.name", Path<D, DatasetKind>{data, &D::name},
                 "dataset family (custom: the learner's own points)"),
      integer_field("data.points", Path<D, int>{data, &D::points}, 10, limits::max_points,
                    "number of points, train + test"),
      number_field("data.noise", Path<D, double>{data, &D::noise}, Range{0, 1, false, false},
                   "label noise / spread, dataset-specific"),
      number_field("data.test_fraction", Path<D, double>{data, &D::test_fraction}, Range{0.05, 0.95, false, false},
                   "share of the points held out for testing"),
      pair_field("data.shift", &D::shift, false, "added to the generated features (raw = x * scale + shift)"),
      pair_field("data.scale", &D::scale, true, "multiplies the generated features"),
      bool_field("data.standardize", Path<D, bool>{data, &D::standardize},
                 "standardize inputs with the train set's mean and std (may differ per run)"),
      hidden_field(),
      enum_field("model.activation", Path<M, Activation>{model, &M::activation}, "hidden-layer activation"),
      bool_field("model.batchnorm", Path<M, bool>{model, &M::batchnorm},
                 "batch norm in every hidden layer (see model.bn_placement)"),
      enum_field("model.bn_placement", Path<M, BnPlacement>{model, &M::bn_placement},
                 "batch norm before or after the activation"),
      number_field("model.bn_momentum", Path<M, double>{model, &M::bn_momentum},
                   Range{kMinBnMomentum, 1, false, false}, "running-average momentum (PyTorch convention)"),
      number_field("model.bn_eps", Path<M, double>{model, &M::bn_eps}, Range{kMinEps, 1, false, false},
                   "added to the batch variance before the square root"),
      // ---- bn knobs: the notes' "what ifs" (docs/LESSONS.md, bias-before-bn,
      // formulas-as-written, gamma-beta)
      bool_field("model.bn_bias", Path<M, bool>{model, &M::bn_bias},
                 "a bias b in the dense layer before each batch norm (placement before; the mean subtraction "
                 "cancels it, so its gradient is 0 up to rounding); with placement after the dense layer "
                 "always has its bias (g comes between) and this changes nothing"),
      enum_field("model.bn_formula", Path<M, BnFormula>{model, &M::bn_formula},
                 "standard: (z - mu) / sqrt(sigma^2 + eps); notes: the course notes as written, "
                 "sigma^2 = mean of z^2 (no - mu), z_norm = (z - mu) / sigma^2 (no square root, no eps)"),
      bool_field("model.bn_affine", Path<M, bool>{model, &M::bn_affine},
                 "learnable gamma and beta (false: PyTorch affine=False, z_tilde = z_norm)"),
      enum_field("model.init", Path<M, Init>{model, &M::init}, "weight initialization"),
      number_field("model.init_std", Path<M, double>{model, &M::init_std}, Range{kMinInitStd, 10, false, false},
                   "standard deviation for init = gaussian"),
      number_field("model.leaky_slope", Path<M, double>{model, &M::leaky_slope}, Range{0, 1, false, false},
                   "negative slope of leaky_relu"),
      number_field("model.dropout", Path<M, double>{model, &M::dropout}, Range{0, 1, false, true},
                   "dropout probability after each hidden activation (training only; 0: none)"),
      enum_field("train.optimizer", Path<T, OptimizerKind>{train, &T::optimizer}, "optimizer"),
      number_field("train.learning_rate", Path<T, double>{train, &T::learning_rate},
                   Range{kMinLearningRate, 10, false, false}, "step size"),
      number_field("train.momentum", Path<T, double>{train, &T::momentum}, Range{0, kMaxDecay, false, false},
                   "momentum coefficient (optimizer = momentum)"),
      number_field("train.beta1", Path<T, double>{train, &T::beta1}, Range{0, kMaxDecay, false, false},
                   "Adam's first-moment decay"),
      number_field("train.beta2", Path<T, double>{train, &T::beta2}, Range{0, kMaxDecay, false, false},
                   "Adam's second-moment decay"),
      number_field("train.eps", Path<T, double>{train, &T::eps}, Range{kMinEps, 1, false, false},
                   "Adam / RMSprop denominator epsilon"),
      number_field("train.rms_alpha", Path<T, double>{train, &T::rms_alpha}, Range{0, kMaxDecay, false, false},
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

std::vector<std::string> all_keys() {
  std::vector<std::string> keys;
  for (const Field& f : fields()) keys.push_back(f.key);
  keys.push_back("runs");
  return keys;
}

std::vector<std::string> per_run_keys() {
  std::vector<std::string> keys;
  for (const Field& f : fields())
    if (f.per_run) keys.push_back(f.key);
  return keys;
}

std::string unknown_key(const std::string& shown_key, const std::string& key, const std::vector<std::string>& known) {
  std::string best;
  size_t best_distance = 3;
  for (const std::string& k : known) {
    // "learning_rate" for "train.learning_rate": the group was left out.
    size_t dot = k.rfind('.');
    if (dot != std::string::npos && k.substr(dot + 1) == key) {
      best = k;
      break;
    }
    size_t d = text::edit_distance(key, k);
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
    return msg + " (allowed: " + text::join(groups, ", ") + ")";
  }
  return msg + " (allowed: " + text::join(known, ", ") + ")";
}

Status read_field(const Field& f, const std::string& shown_key, const json& v, Config& c) {
  Status s = f.read(v, c);
  if (s.ok()) return s;
  return Status{shown_key + ": " + show(v) + " " + s.error + " (allowed: " + f.allowed + ")"};
}

}  // namespace bnlab::cfg
