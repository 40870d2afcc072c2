// Toy 2D datasets generated from a seed.
#pragma once
#include <cstdint>
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
};

// Deterministic in (config, seed). Noise semantics per family are documented in
// dataset.cpp; all families draw from Rng(mix_seed(seed, 0xDA7A)).
Dataset make_dataset(const DataConfig& cfg, uint64_t seed);

// Per-feature mean and (biased, population) standard deviation of a point set.
struct FeatureStats {
  double mean[2] = {0, 0};
  double std[2] = {1, 1};
};
FeatureStats feature_stats(const PointSet& s);

}  // namespace bnlab
