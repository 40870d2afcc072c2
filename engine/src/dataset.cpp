// Toy 2D datasets (after TF Playground's dataset.ts, plus moons, checkerboard
// and blobs). Every family generates noise-free geometry inside the nominal
// domain [-6, 6]^2 and balanced classes (class k gets points/K, the first
// points%K classes one more), then the points are shuffled, split and mapped
// to raw coordinates (generated * scale + shift).
//
// What cfg.noise (0..1) means per family. For the TF Playground families it is
// TF's slider value / 100, so TF's maximum (50) is our 0.5:
//   circle        class 1 inside (r < 2.5), class 0 in the ring 3.5 < r < 5.
//                 Label noise as in TF: the label is read at the point moved by
//                 U(-5, 5) * noise per coordinate; the point itself stays put.
//   xor           label 1 where x1 * x2 >= 0, else 0; |x1|, |x2| in [0.3, 5.3].
//                 Label noise as for circle, offsets U(-5, 5) * noise.
//   gauss         class 1 around (2, 2), class 0 around (-2, -2), variance
//                 0.5 + 7 * noise per coordinate (TF: 0.5 at 0, 4 at 0.5).
//   spiral        two arms of 1.75 turns out to r = 5 (class 1, and class 0
//                 rotated by pi); position jitter U(-1, 1) * noise as in TF.
//   moons         sklearn's two interleaving half circles (radius 1), centred
//                 and scaled by 3.5; class 0 the upper moon, class 1 the lower.
//                 Gaussian position jitter of std noise * 3.5, i.e. noise in
//                 units of the moon radius like sklearn's make_moons noise.
//   checkerboard  4 x 4 squares of side 3; label = parity of the square
//                 (column + row) % 2, counted from the corner (-6, -6). Label
//                 noise: read at the point moved by U(-3, 3) * noise (noise 1 =
//                 up to one square side).
//   blobs         3 classes around (0, 3.5), (-3.03, -1.75), (3.03, -1.75) (a
//                 circle of radius 3.5), std 0.4 + 1.6 * noise per coordinate.
// Gaussian draws that leave the domain are redrawn (truncated normals), so with
// any noise every generated point lies in [-6, 6]^2 (before scale and shift).
//
// Custom points (the learner's, DatasetKind::custom) are not generated:
// make_custom_dataset only splits them and sets the plane around them.
#include "bnlab/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "bnlab/rng.hpp"

namespace bnlab {
namespace {

constexpr double kDomain = 6;  // generated points lie in [-kDomain, kDomain]^2
constexpr double kPi = 3.14159265358979323846;

struct Sample {
  double x1, x2;
  int label;
};

bool in_domain(double x1, double x2) {
  return std::abs(x1) <= kDomain && std::abs(x2) <= kDomain;
}

// A normal draw around (c1, c2) redrawn until it lies in the domain. The cap
// only matters for absurd spreads; clamping then still keeps the promise.
Sample normal_in_domain(Rng& rng, double c1, double c2, double spread, int label) {
  double x1 = c1, x2 = c2;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    x1 = rng.normal(c1, spread);
    x2 = rng.normal(c2, spread);
    if (in_domain(x1, x2)) break;
  }
  x1 = std::clamp(x1, -kDomain, kDomain);
  x2 = std::clamp(x2, -kDomain, kDomain);
  return {x1, x2, label};
}

// counts[k] = points of class k, balanced.
std::vector<int> class_counts(int points, int classes) {
  std::vector<int> counts(classes, points / classes);
  for (int k = 0; k < points % classes; ++k) ++counts[k];
  return counts;
}

using Samples = std::vector<Sample>;

void gen_circle(const std::vector<int>& counts, double noise, Rng& rng, Samples& out) {
  const double radius = 5;
  auto label_at = [&](double x1, double x2) {
    double n1 = rng.uniform(-radius, radius) * noise, n2 = rng.uniform(-radius, radius) * noise;
    return std::hypot(x1 + n1, x2 + n2) < radius * 0.5 ? 1 : 0;
  };
  for (int cls : {1, 0}) {
    for (int i = 0; i < counts[cls]; ++i) {
      double r = cls == 1 ? rng.uniform(0, radius * 0.5) : rng.uniform(radius * 0.7, radius);
      double angle = rng.uniform(0, 2 * kPi);
      double x1 = r * std::sin(angle), x2 = r * std::cos(angle);
      out.push_back({x1, x2, label_at(x1, x2)});
    }
  }
}

void gen_xor(const std::vector<int>& counts, double noise, Rng& rng, Samples& out) {
  const double half = 5, padding = 0.3;  // keeps the classes apart at the axes
  for (int cls : {0, 1}) {
    for (int i = 0; i < counts[cls]; ++i) {
      double s1 = rng.uniform() < 0.5 ? -1 : 1;
      double s2 = cls == 1 ? s1 : -s1;  // same signs: product >= 0: class 1
      double x1 = s1 * (rng.uniform(0, half) + padding);
      double x2 = s2 * (rng.uniform(0, half) + padding);
      double n1 = rng.uniform(-half, half) * noise, n2 = rng.uniform(-half, half) * noise;
      out.push_back({x1, x2, (x1 + n1) * (x2 + n2) >= 0 ? 1 : 0});
    }
  }
}

void gen_gauss(const std::vector<int>& counts, double noise, Rng& rng, Samples& out) {
  double spread = std::sqrt(0.5 + 7 * noise);
  for (int i = 0; i < counts[1]; ++i) out.push_back(normal_in_domain(rng, 2, 2, spread, 1));
  for (int i = 0; i < counts[0]; ++i) out.push_back(normal_in_domain(rng, -2, -2, spread, 0));
}

void gen_spiral(const std::vector<int>& counts, double noise, Rng& rng, Samples& out) {
  for (int cls : {1, 0}) {
    double n = counts[cls], delta = cls == 1 ? 0 : kPi;
    for (int i = 0; i < counts[cls]; ++i) {
      double r = i / n * 5;
      double t = 1.75 * i / n * 2 * kPi + delta;
      double x1 = r * std::sin(t) + rng.uniform(-1, 1) * noise;
      double x2 = r * std::cos(t) + rng.uniform(-1, 1) * noise;
      out.push_back({x1, x2, cls});
    }
  }
}

void gen_moons(const std::vector<int>& counts, double noise, Rng& rng, Samples& out) {
  const double s = 3.5;  // sklearn's moons span [-1, 2] x [-0.5, 1]: centre, scale
  for (int cls : {0, 1}) {
    for (int i = 0; i < counts[cls]; ++i) {
      double t = rng.uniform(0, kPi);
      double m1 = cls == 0 ? std::cos(t) : 1 - std::cos(t);
      double m2 = cls == 0 ? std::sin(t) : 0.5 - std::sin(t);
      double x1 = (m1 - 0.5) * s, x2 = (m2 - 0.25) * s;
      // Jitter redrawn until the point stays in the domain (truncated normal).
      Sample p = normal_in_domain(rng, x1, x2, noise * s, cls);
      out.push_back(p);
    }
  }
}

int checker_parity(double x1, double x2) {
  const double side = 3;
  auto col = static_cast<long>(std::floor((x1 + kDomain) / side));
  auto row = static_cast<long>(std::floor((x2 + kDomain) / side));
  return static_cast<int>(((col + row) % 2 + 2) % 2);
}

void gen_checkerboard(const std::vector<int>& counts, double noise, Rng& rng, Samples& out) {
  const double side = 3;
  for (int cls : {0, 1}) {
    for (int i = 0; i < counts[cls]; ++i) {
      // One of the 8 squares of this parity, then a uniform point inside it.
      int k = static_cast<int>(rng.below(8));
      int row = k / 2, col = 2 * (k % 2) + (row + cls) % 2;
      double x1 = -kDomain + side * (col + rng.uniform());
      double x2 = -kDomain + side * (row + rng.uniform());
      double n1 = rng.uniform(-side, side) * noise, n2 = rng.uniform(-side, side) * noise;
      out.push_back({x1, x2, checker_parity(x1 + n1, x2 + n2)});
    }
  }
}

void gen_blobs(const std::vector<int>& counts, double noise, Rng& rng, Samples& out) {
  double spread = 0.4 + 1.6 * noise;
  for (int cls = 0; cls < 3; ++cls) {
    double angle = kPi / 2 + cls * 2 * kPi / 3;
    double c1 = 3.5 * std::cos(angle), c2 = 3.5 * std::sin(angle);
    for (int i = 0; i < counts[cls]; ++i) out.push_back(normal_in_domain(rng, c1, c2, spread, cls));
  }
}

void generate(const DataConfig& cfg, int classes, Rng& rng, Samples& out) {
  auto counts = class_counts(cfg.points, classes);
  double noise = cfg.noise;
  switch (cfg.name) {
    case DatasetKind::circle: gen_circle(counts, noise, rng, out); break;
    case DatasetKind::xor_: gen_xor(counts, noise, rng, out); break;
    case DatasetKind::gauss: gen_gauss(counts, noise, rng, out); break;
    case DatasetKind::spiral: gen_spiral(counts, noise, rng, out); break;
    case DatasetKind::moons: gen_moons(counts, noise, rng, out); break;
    case DatasetKind::checkerboard: gen_checkerboard(counts, noise, rng, out); break;
    case DatasetKind::blobs: gen_blobs(counts, noise, rng, out); break;
    case DatasetKind::custom: break;  // given, not generated: make_custom_dataset
  }
}

void append_raw(const DataConfig& cfg, const Sample& p, PointSet& set) {
  set.x.push_back(p.x1 * cfg.scale[0] + cfg.shift[0]);
  set.x.push_back(p.x2 * cfg.scale[1] + cfg.shift[1]);
  set.y.push_back(p.label);
}

}  // namespace

Dataset make_dataset(const DataConfig& cfg, uint64_t seed) {
  Dataset d;
  d.classes = cfg.name == DatasetKind::blobs ? 3 : 2;
  Rng rng(mix_seed(seed, 0xDA7A));

  Samples all;
  all.reserve(cfg.points > 0 ? cfg.points : 0);
  if (cfg.points > 0) generate(cfg, d.classes, rng, all);
  rng.shuffle(all.begin(), all.end());

  // Same rounding as Config::train_size(): test = round(points * fraction).
  int n = static_cast<int>(all.size());
  int n_test = static_cast<int>(std::lround(n * cfg.test_fraction));
  n_test = std::clamp(n_test, 0, n);
  int n_train = n - n_test;
  d.train.x.reserve(2 * n_train);
  d.train.y.reserve(n_train);
  d.test.x.reserve(2 * n_test);
  d.test.y.reserve(n_test);
  for (int i = 0; i < n; ++i) append_raw(cfg, all[i], i < n_train ? d.train : d.test);

  // The nominal domain in raw coordinates; a negative scale swaps the ends.
  double a1 = -kDomain * cfg.scale[0] + cfg.shift[0], b1 = kDomain * cfg.scale[0] + cfg.shift[0];
  double a2 = -kDomain * cfg.scale[1] + cfg.shift[1], b2 = kDomain * cfg.scale[1] + cfg.shift[1];
  d.xmin = std::min(a1, b1);
  d.xmax = std::max(a1, b1);
  d.ymin = std::min(a2, b2);
  d.ymax = std::max(a2, b2);
  return d;
}

std::string check_custom_points(const CustomPoints& pts) {
  const PointSet& s = pts.points;
  const int n = s.size();
  if (s.x.size() != 2 * s.y.size()) return "data: " + std::to_string(s.x.size()) + " coordinates for " +
                                           std::to_string(n) + " labels (allowed: two per point)";
  if (n < kMinCustomPoints || n > limits::max_points)
    return "data: " + std::to_string(n) + " points (allowed: " + std::to_string(kMinCustomPoints) + ".." +
           std::to_string(limits::max_points) + ")";
  if (pts.classes < 2 || pts.classes > kMaxClasses)
    return "data: " + std::to_string(pts.classes) + " classes (allowed: 2.." + std::to_string(kMaxClasses) + ")";
  std::vector<bool> present(size_t(pts.classes), false);
  for (int i = 0; i < n; ++i) {
    if (s.y[i] < 0 || s.y[i] >= pts.classes)
      return "data: point " + std::to_string(i) + " has label " + std::to_string(s.y[i]) + " (allowed: 0.." +
             std::to_string(pts.classes - 1) + ")";
    present[size_t(s.y[i])] = true;
    for (int f = 0; f < 2; ++f) {
      const double x = s.x[2 * i + f];
      if (!(std::abs(x) <= kMaxAbsCoordinate))  // also NaN
        return "data: point " + std::to_string(i) + " has a coordinate that is not finite or beyond +-1e6";
    }
  }
  if (std::count(present.begin(), present.end(), true) < 2) return "data: only one class (allowed: at least two)";
  return "";
}

Dataset make_custom_dataset(const DataConfig& cfg, const CustomPoints& pts, uint64_t seed) {
  Dataset d;
  d.classes = pts.classes;
  const PointSet& all = pts.points;
  const int n = all.size();
  std::vector<int> order(size_t(std::max(n, 0)));
  for (int i = 0; i < n; ++i) order[size_t(i)] = i;
  Rng(mix_seed(seed, 0xC5D)).shuffle(order.begin(), order.end());

  // Same rounding as make_dataset and Config::train_size().
  const int n_test = std::clamp(static_cast<int>(std::lround(n * cfg.test_fraction)), 0, n);
  const int n_train = n - n_test;
  d.train_rows.assign(order.begin(), order.begin() + n_train);
  d.test_rows.assign(order.begin() + n_train, order.end());
  auto take = [&](const std::vector<int>& rows, PointSet& set) {
    set.x.reserve(2 * rows.size());
    set.y.reserve(rows.size());
    for (int r : rows) {
      set.x.push_back(all.x[2 * size_t(r)]);
      set.x.push_back(all.x[2 * size_t(r) + 1]);
      set.y.push_back(all.y[size_t(r)]);
    }
  };
  take(d.train_rows, d.train);
  take(d.test_rows, d.test);

  // Every point inside, with a margin so none sits on the edge of the plane.
  if (n == 0) return d;  // not for valid points; keeps the default plane
  double lo[2], hi[2];
  for (int f = 0; f < 2; ++f) {
    lo[f] = hi[f] = all.x[size_t(f)];
    for (int i = 1; i < n; ++i) {
      lo[f] = std::min(lo[f], all.x[2 * size_t(i) + f]);
      hi[f] = std::max(hi[f], all.x[2 * size_t(i) + f]);
    }
    const double span = hi[f] - lo[f];
    const double margin = span > 0 ? 0.1 * span : std::max(1.0, 0.1 * std::abs(lo[f]));
    lo[f] -= margin;
    hi[f] += margin;
  }
  d.xmin = lo[0];
  d.xmax = hi[0];
  d.ymin = lo[1];
  d.ymax = hi[1];
  return d;
}

CustomPoints dataset_points(const Dataset& d) {
  CustomPoints out;
  out.classes = d.classes;
  PointSet& all = out.points;
  const size_t n = size_t(d.train.size()) + size_t(d.test.size());
  all.x.resize(2 * n);
  all.y.resize(n);
  const bool custom = d.train_rows.size() == size_t(d.train.size()) && d.test_rows.size() == size_t(d.test.size()) &&
                      !(d.train_rows.empty() && d.test_rows.empty());
  size_t next = 0;
  for (const auto& [set, rows] : {std::pair{&d.train, &d.train_rows}, std::pair{&d.test, &d.test_rows}}) {
    for (int i = 0; i < set->size(); ++i) {
      const size_t at = custom ? size_t((*rows)[size_t(i)]) : next++;
      all.x[2 * at] = set->x[2 * size_t(i)];
      all.x[2 * at + 1] = set->x[2 * size_t(i) + 1];
      all.y[at] = set->y[size_t(i)];
    }
  }
  return out;
}

FeatureStats feature_stats(const PointSet& s) {
  FeatureStats st;
  int n = s.size();
  if (n == 0) return st;  // mean 0, std 1: standardizing is then the identity
  for (int f = 0; f < 2; ++f) {
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += s.x[2 * i + f];
    double mean = sum / n, sq = 0;
    for (int i = 0; i < n; ++i) {
      double d = s.x[2 * i + f] - mean;
      sq += d * d;
    }
    st.mean[f] = mean;
    // A constant feature keeps std 1 so standardizing never divides by zero.
    double sd = std::sqrt(sq / n);
    st.std[f] = sd > 0 ? sd : 1;
  }
  return st;
}

}  // namespace bnlab
