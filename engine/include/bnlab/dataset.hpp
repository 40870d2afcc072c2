// Toy 2D datasets generated from a seed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bnlab/config.hpp"

namespace bnlab {

// Points are stored as (x1, x2) pairs; labels are class indices 0..classes-1.
struct PointSet {
  std::vector<double> x;  // 2 * n, interleaved x1, x2
  std::vector<int> y;     // n
  int size() const { return static_cast<int>(y.size()); }
};

struct Dataset {
  PointSet train, test;  // raw features: generated * scale + shift
  int classes = 2;
  // The input plane shown to learners (raw coordinates): the generator's
  // nominal domain [-6, 6]^2 mapped through scale and shift.
  double xmin = -6, xmax = 6, ymin = -6, ymax = 6;
  // Custom data only: the row of the given points each train / test point is
  // (so the points can be written back in their own order); empty otherwise.
  std::vector<int> train_rows, test_rows;
};

// The learner's own points (a CSV file, drawn points): raw coordinates and
// labels 0..classes-1, where classes = largest label + 1 (data_csv.hpp).
struct CustomPoints {
  PointSet points;
  int classes = 2;
};

// Deterministic in (config, seed). Noise semantics per family are documented in
// dataset.cpp; all families draw from Rng(mix_seed(seed, 0xDA7A)).
Dataset make_dataset(const DataConfig& cfg, uint64_t seed);

// Custom points split into train and test: test = round(n * cfg.test_fraction)
// points, chosen by a permutation drawn from Rng(mix_seed(seed, 0xC5D)) (the
// same natively and in WASM). data.noise, data.shift and data.scale do not
// apply: the points are raw coordinates already. The extent covers every point
// with a margin of 10% of the points' span on each side, per axis (a span of 0
// gets a margin of max(1, 10% of |coordinate|)). Call with valid points
// (check_custom_points) and 0 < test_fraction < 1.
Dataset make_custom_dataset(const DataConfig& cfg, const CustomPoints& pts, uint64_t seed);

// Every point of a dataset: custom data in the order it was given (so the same
// config, seed and points rebuild the same experiment), generated data the
// train points, then the test points.
CustomPoints dataset_points(const Dataset& d);

// "" or what makes points unusable: sizes that disagree, a label outside
// 0..classes-1, classes outside 2..8, fewer than two classes present, a
// coordinate not finite or beyond +-1e6, fewer than 10 or more than
// limits::max_points points. The CSV reader never returns such points.
std::string check_custom_points(const CustomPoints& pts);

// Custom data limits (the CSV contract): labels 0..kMaxClasses-1, |x| <= kMaxAbsCoordinate,
// kMinCustomPoints..limits::max_points points (the range of data.points).
constexpr int kMaxClasses = 8;
constexpr double kMaxAbsCoordinate = 1e6;
constexpr int kMinCustomPoints = 10;

// Per-feature mean and (biased, population) standard deviation of a point set.
struct FeatureStats {
  double mean[2] = {0, 0};
  double std[2] = {1, 1};
};
FeatureStats feature_stats(const PointSet& s);

}  // namespace bnlab
