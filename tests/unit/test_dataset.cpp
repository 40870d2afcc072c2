// Datasets: sizes, split, determinism, raw-coordinate mapping, feature
// statistics, and each family's noise-free geometry.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <tuple>
#include <vector>

#include "bnlab/dataset.hpp"

using namespace bnlab;

namespace {

const DatasetKind kAllKinds[] = {DatasetKind::circle, DatasetKind::xor_,   DatasetKind::gauss,
                                 DatasetKind::spiral, DatasetKind::moons,  DatasetKind::checkerboard,
                                 DatasetKind::blobs};

DataConfig data_config(DatasetKind kind, double noise = 0.1, int points = 400) {
  DataConfig c;
  c.name = kind;
  c.noise = noise;
  c.points = points;
  c.test_fraction = 0.5;
  return c;
}

struct Pt {
  double x1, x2;
  int label;
};

// Train and test points together, in raw coordinates.
std::vector<Pt> all_points(const Dataset& d) {
  std::vector<Pt> out;
  for (const PointSet* s : {&d.train, &d.test})
    for (int i = 0; i < s->size(); ++i) out.push_back({s->x[2 * i], s->x[2 * i + 1], s->y[i]});
  return out;
}

std::vector<int> class_counts(const std::vector<Pt>& pts, int classes) {
  std::vector<int> n(classes, 0);
  for (const Pt& p : pts) ++n[p.label];
  return n;
}

constexpr double kPi = 3.14159265358979323846;

}  // namespace

TEST_CASE("dataset sizes and train/test split", "[data]") {
  auto kind = GENERATE(from_range(std::begin(kAllKinds), std::end(kAllKinds)));
  DataConfig c = data_config(kind, 0.1, 401);
  c.test_fraction = 0.3;  // round(120.3) = 120 test points
  Dataset d = make_dataset(c, 7);
  INFO("dataset " << to_string(kind));
  CHECK(d.test.size() == 120);
  CHECK(d.train.size() == 281);
  CHECK(d.train.x.size() == 2 * d.train.y.size());
  CHECK(d.test.x.size() == 2 * d.test.y.size());
  CHECK(d.classes == (kind == DatasetKind::blobs ? 3 : 2));
}

TEST_CASE("labels are in range, every class in both splits, balanced when noise-free", "[data]") {
  auto kind = GENERATE(from_range(std::begin(kAllKinds), std::end(kAllKinds)));
  INFO("dataset " << to_string(kind));
  Dataset d = make_dataset(data_config(kind, 0.1, 400), 3);
  for (const PointSet* s : {&d.train, &d.test}) {
    std::vector<int> n(d.classes, 0);
    for (int y : s->y) {
      REQUIRE(y >= 0);
      REQUIRE(y < d.classes);
      ++n[y];
    }
    for (int k = 0; k < d.classes; ++k) CHECK(n[k] > 0);
  }
  // Without noise every label is the generating class: counts differ by <= 1.
  Dataset clean = make_dataset(data_config(kind, 0.0, 400), 3);
  auto n = class_counts(all_points(clean), clean.classes);
  auto [lo, hi] = std::minmax_element(n.begin(), n.end());
  CHECK(*hi - *lo <= 1);
}

TEST_CASE("the split is shuffled: the train set is not one class first", "[data]") {
  Dataset d = make_dataset(data_config(DatasetKind::circle, 0.0, 400), 5);
  int changes = 0;
  for (int i = 1; i < d.train.size(); ++i) changes += d.train.y[i] != d.train.y[i - 1];
  CHECK(changes > 50);  // ~100 expected for a random order of 200 labels
}

TEST_CASE("datasets are deterministic in the seed", "[data]") {
  auto kind = GENERATE(from_range(std::begin(kAllKinds), std::end(kAllKinds)));
  INFO("dataset " << to_string(kind));
  DataConfig c = data_config(kind, 0.2, 300);
  Dataset a = make_dataset(c, 11), b = make_dataset(c, 11), other = make_dataset(c, 12);
  // Bitwise identity is the contract here, hence exact comparison.
  CHECK(a.train.x == b.train.x);
  CHECK(a.train.y == b.train.y);
  CHECK(a.test.x == b.test.x);
  CHECK(a.test.y == b.test.y);
  CHECK(a.train.x != other.train.x);
}

TEST_CASE("shift and scale map every generated point exactly", "[data]") {
  auto kind = GENERATE(DatasetKind::circle, DatasetKind::spiral, DatasetKind::blobs);
  INFO("dataset " << to_string(kind));
  DataConfig plain = data_config(kind, 0.1, 200);
  DataConfig mapped = plain;
  mapped.scale[0] = 2;
  mapped.scale[1] = -0.5;
  mapped.shift[0] = 50;
  mapped.shift[1] = -3;
  Dataset p = make_dataset(plain, 9), m = make_dataset(mapped, 9);
  REQUIRE(p.train.size() == m.train.size());
  REQUIRE(p.test.size() == m.test.size());
  for (auto [ps, ms] : {std::pair{&p.train, &m.train}, std::pair{&p.test, &m.test}}) {
    for (int i = 0; i < ps->size(); ++i) {
      CHECK(ms->y[i] == ps->y[i]);
      CHECK(ms->x[2 * i] == Approx(ps->x[2 * i] * 2 + 50).margin(1e-12));
      CHECK(ms->x[2 * i + 1] == Approx(ps->x[2 * i + 1] * -0.5 - 3).margin(1e-12));
    }
  }
  // Unmapped domain is [-6, 6]^2; the negative scale swaps y's ends.
  CHECK(p.xmin == -6);
  CHECK(p.xmax == 6);
  CHECK(p.ymin == -6);
  CHECK(p.ymax == 6);
  CHECK(m.xmin == Approx(38));
  CHECK(m.xmax == Approx(62));
  CHECK(m.ymin == Approx(-6));
  CHECK(m.ymax == Approx(0));
}

TEST_CASE("feature_stats: per-feature mean and population std", "[data]") {
  SECTION("hand-made set") {
    PointSet s;
    s.x = {1, -2, 3, -2, 5, -2};  // x1 = 1, 3, 5; x2 constant
    s.y = {0, 1, 0};
    FeatureStats st = feature_stats(s);
    CHECK(st.mean[0] == Approx(3));
    CHECK(st.std[0] == Approx(std::sqrt(8.0 / 3.0)));  // biased: divides by n
    CHECK(st.mean[1] == Approx(-2));
    CHECK(st.std[1] == 1);  // a constant feature keeps std 1 (no division by 0)
  }
  SECTION("generated, shifted and scaled set against a direct computation") {
    DataConfig c = data_config(DatasetKind::moons, 0.2, 500);
    c.scale[0] = 8;
    c.shift[0] = 50;
    c.scale[1] = 0.1;
    Dataset d = make_dataset(c, 4);
    FeatureStats st = feature_stats(d.train);
    for (int f = 0; f < 2; ++f) {
      long double sum = 0, sumsq = 0;
      int n = d.train.size();
      for (int i = 0; i < n; ++i) {
        long double v = d.train.x[2 * i + f];
        sum += v;
        sumsq += v * v;
      }
      long double mean = sum / n, var = sumsq / n - mean * mean;
      CHECK(st.mean[f] == Approx(static_cast<double>(mean)).epsilon(1e-12));
      CHECK(st.std[f] == Approx(std::sqrt(static_cast<double>(var))).epsilon(1e-9));
    }
    CHECK(st.mean[0] == Approx(50).margin(8));  // moons are roughly centred
    CHECK(st.std[0] > 8);                       // x1 spread ~ 3 before scaling
  }
  SECTION("empty set") {
    FeatureStats st = feature_stats(PointSet{});
    CHECK(st.mean[0] == 0);
    CHECK(st.std[0] == 1);
  }
}

TEST_CASE("points stay in the domain [-6, 6]^2 at any noise", "[data]") {
  auto kind = GENERATE(from_range(std::begin(kAllKinds), std::end(kAllKinds)));
  auto noise = GENERATE(0.0, 0.5, 1.0);
  INFO("dataset " << to_string(kind) << " noise " << noise);
  Dataset d = make_dataset(data_config(kind, noise, 600), 21);
  for (const Pt& p : all_points(d)) {
    CHECK(std::abs(p.x1) <= 6);
    CHECK(std::abs(p.x2) <= 6);
  }
}

TEST_CASE("noise-free geometry of each family", "[data]") {
  const int seed = 13;
  SECTION("circle: inside radius 2.5 is class 1, the ring 3.5..5 is class 0") {
    for (const Pt& p : all_points(make_dataset(data_config(DatasetKind::circle, 0), seed))) {
      double r = std::hypot(p.x1, p.x2);
      CHECK(p.label == (r < 2.5 ? 1 : 0));
      CHECK((r <= 2.5 || (r >= 3.5 - 1e-12 && r <= 5 + 1e-12)));
    }
  }
  SECTION("xor: label 1 where x1 * x2 >= 0, padded away from the axes") {
    for (const Pt& p : all_points(make_dataset(data_config(DatasetKind::xor_, 0), seed))) {
      CHECK(p.label == (p.x1 * p.x2 >= 0 ? 1 : 0));
      CHECK(std::abs(p.x1) >= 0.3);
      CHECK(std::abs(p.x2) >= 0.3);
    }
  }
  SECTION("gauss: class means near (2, 2) and (-2, -2)") {
    auto pts = all_points(make_dataset(data_config(DatasetKind::gauss, 0), seed));
    double sum[2][2] = {{0, 0}, {0, 0}};
    int n[2] = {0, 0};
    for (const Pt& p : pts) {
      sum[p.label][0] += p.x1;
      sum[p.label][1] += p.x2;
      ++n[p.label];
    }
    // std 0.71 per coordinate, 200 points: the mean's error is ~0.05.
    CHECK(sum[1][0] / n[1] == Approx(2).margin(0.25));
    CHECK(sum[1][1] / n[1] == Approx(2).margin(0.25));
    CHECK(sum[0][0] / n[0] == Approx(-2).margin(0.25));
    CHECK(sum[0][1] / n[0] == Approx(-2).margin(0.25));
  }
  SECTION("spiral: each point lies on its class's arm") {
    for (const Pt& p : all_points(make_dataset(data_config(DatasetKind::spiral, 0), seed))) {
      double r = std::hypot(p.x1, p.x2);
      REQUIRE(r <= 5 + 1e-12);
      // Arm: radius r at angle t = 1.75 turns * r / 5 (+ pi for class 0).
      double t = 1.75 * 2 * kPi * r / 5 + (p.label == 1 ? 0 : kPi);
      CHECK(p.x1 == Approx(r * std::sin(t)).margin(1e-9));
      CHECK(p.x2 == Approx(r * std::cos(t)).margin(1e-9));
    }
  }
  SECTION("moons: class 0 on the upper half circle, class 1 on the lower one") {
    const double s = 3.5;
    for (const Pt& p : all_points(make_dataset(data_config(DatasetKind::moons, 0), seed))) {
      // Centres of the moons after centring and scaling sklearn's layout.
      double c1 = p.label == 0 ? -0.5 * s : 0.5 * s;
      double c2 = p.label == 0 ? -0.25 * s : 0.25 * s;
      CHECK(std::hypot(p.x1 - c1, p.x2 - c2) == Approx(s).margin(1e-9));
      if (p.label == 0) CHECK(p.x2 >= c2 - 1e-9);
      else CHECK(p.x2 <= c2 + 1e-9);
    }
  }
  SECTION("checkerboard: label is the parity of the 3x3 square") {
    for (const Pt& p : all_points(make_dataset(data_config(DatasetKind::checkerboard, 0), seed))) {
      int col = static_cast<int>(std::floor((p.x1 + 6) / 3));
      int row = static_cast<int>(std::floor((p.x2 + 6) / 3));
      CHECK(p.label == (col + row) % 2);
    }
  }
  SECTION("blobs: the nearest centre is the label") {
    const double c[3][2] = {{0, 3.5}, {-3.5 * std::sqrt(3.0) / 2, -1.75}, {3.5 * std::sqrt(3.0) / 2, -1.75}};
    for (const Pt& p : all_points(make_dataset(data_config(DatasetKind::blobs, 0), seed))) {
      int best = 0;
      for (int k = 1; k < 3; ++k)
        if (std::hypot(p.x1 - c[k][0], p.x2 - c[k][1]) < std::hypot(p.x1 - c[best][0], p.x2 - c[best][1]))
          best = k;
      CHECK(p.label == best);
    }
  }
}

TEST_CASE("noise does what each family documents", "[data]") {
  SECTION("circle and xor: label noise flips some labels, points stay put") {
    auto circle = all_points(make_dataset(data_config(DatasetKind::circle, 0.3), 2));
    int flipped = 0;
    for (const Pt& p : circle) flipped += p.label != (std::hypot(p.x1, p.x2) < 2.5 ? 1 : 0);
    CHECK(flipped > 10);
    CHECK(flipped < 200);  // still mostly right
    for (const Pt& p : circle) {
      double r = std::hypot(p.x1, p.x2);
      CHECK((r <= 2.5 || (r >= 3.5 - 1e-12 && r <= 5 + 1e-12)));
    }
    auto xr = all_points(make_dataset(data_config(DatasetKind::xor_, 0.3), 2));
    flipped = 0;
    for (const Pt& p : xr) flipped += p.label != (p.x1 * p.x2 >= 0 ? 1 : 0);
    CHECK(flipped > 10);
  }
  SECTION("spiral and moons: jitter moves points off the curves") {
    auto spiral = all_points(make_dataset(data_config(DatasetKind::spiral, 0.5), 2));
    double max_off = 0;
    for (const Pt& p : spiral) {
      double r = std::hypot(p.x1, p.x2);
      double t = 1.75 * 2 * kPi * r / 5 + (p.label == 1 ? 0 : kPi);
      max_off = std::max(max_off, std::hypot(p.x1 - r * std::sin(t), p.x2 - r * std::cos(t)));
    }
    CHECK(max_off > 0.1);
    auto moons = all_points(make_dataset(data_config(DatasetKind::moons, 0.2), 2));
    double sq = 0;
    for (const Pt& p : moons) {
      double c1 = p.label == 0 ? -1.75 : 1.75, c2 = p.label == 0 ? -0.875 : 0.875;
      double e = std::hypot(p.x1 - c1, p.x2 - c2) - 3.5;
      sq += e * e;
    }
    // Radial jitter of std 0.2 * 3.5 = 0.7 (a little less after truncation).
    CHECK(std::sqrt(sq / moons.size()) == Approx(0.7).margin(0.2));
  }
  SECTION("blobs: spread grows with noise") {
    auto spread = [](double noise) {
      auto pts = all_points(make_dataset(data_config(DatasetKind::blobs, noise, 900), 8));
      const double c[3][2] = {{0, 3.5}, {-3.5 * std::sqrt(3.0) / 2, -1.75}, {3.5 * std::sqrt(3.0) / 2, -1.75}};
      double sq = 0;
      for (const Pt& p : pts) sq += std::pow(p.x1 - c[p.label][0], 2) + std::pow(p.x2 - c[p.label][1], 2);
      return std::sqrt(sq / (2 * pts.size()));  // per-coordinate std
    };
    CHECK(spread(0) == Approx(0.4).margin(0.05));
    CHECK(spread(0.25) == Approx(0.8).margin(0.08));
  }
}

TEST_CASE("train and test are disjoint and together are exactly the generated set", "[data][split]") {
  // The generated set: the same config with no test split puts every point in train.
  auto kind = GENERATE(from_range(std::begin(kAllKinds), std::end(kAllKinds)));
  const double fraction = GENERATE(0.05, 0.3, 0.5, 0.9);
  const uint64_t seed = GENERATE(1, 2, 77);
  INFO("dataset " << to_string(kind) << ", test_fraction " << fraction << ", seed " << seed);
  DataConfig c = data_config(kind, 0.2, 301);
  c.test_fraction = fraction;
  DataConfig whole = c;
  whole.test_fraction = 0;
  const Dataset d = make_dataset(c, seed), all = make_dataset(whole, seed);
  REQUIRE(all.test.size() == 0);
  REQUIRE(all.train.size() == 301);

  auto key = [](const PointSet& s, int i) { return std::make_tuple(s.x[2 * i], s.x[2 * i + 1], s.y[i]); };
  auto sorted = [&](std::initializer_list<const PointSet*> sets) {
    std::vector<std::tuple<double, double, int>> v;
    for (const PointSet* s : sets)
      for (int i = 0; i < s->size(); ++i) v.push_back(key(*s, i));
    std::sort(v.begin(), v.end());
    return v;
  };
  const auto generated = sorted({&all.train});
  // No point is generated twice, so "disjoint" below means what it says.
  CHECK(std::adjacent_find(generated.begin(), generated.end()) == generated.end());
  CHECK(sorted({&d.train, &d.test}) == generated);
  const auto train = sorted({&d.train}), test = sorted({&d.test});
  std::vector<std::tuple<double, double, int>> shared;
  std::set_intersection(train.begin(), train.end(), test.begin(), test.end(), std::back_inserter(shared));
  CHECK(shared.empty());
  CHECK(d.test.size() == static_cast<int>(std::lround(301 * fraction)));
}
