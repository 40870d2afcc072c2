// Seeded random numbers of our own, so native and WASM builds draw the same
// sequence (standard library distributions differ between platforms).
#pragma once
#include <cmath>
#include <cstdint>
#include <utility>

namespace bnlab {

// splitmix64: turns (seed, purpose, index) into independent stream seeds.
inline uint64_t mix_seed(uint64_t seed, uint64_t a = 0, uint64_t b = 0) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ull * (a + 1) + 0xBF58476D1CE4E5B9ull * (b + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// PCG32 (O'Neill 2014): small state, good statistics, fully specified.
class Rng {
 public:
  explicit Rng(uint64_t seed, uint64_t stream = 0) {
    inc_ = (mix_seed(stream, 7) << 1u) | 1u;
    state_ = 0;
    next_u32();
    state_ += mix_seed(seed);
    next_u32();
  }

  uint32_t next_u32() {
    uint64_t old = state_;
    state_ = old * 6364136223846793005ull + inc_;
    auto xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
    auto rot = static_cast<uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() {
    uint64_t hi = next_u32() >> 5, lo = next_u32() >> 6;
    return static_cast<double>(hi * 67108864ull + lo) * (1.0 / 9007199254740992.0);
  }
  double uniform(double a, double b) { return a + (b - a) * uniform(); }

  // Standard normal by Box-Muller (both values used).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    double r = std::sqrt(-2.0 * std::log(u1));
    double t = 6.283185307179586 * u2;
    spare_ = r * std::sin(t);
    has_spare_ = true;
    return r * std::cos(t);
  }
  double normal(double mean, double std) { return mean + std * normal(); }

  // Unbiased integer in [0, n) (Lemire's method).
  uint32_t below(uint32_t n) {
    uint64_t m = uint64_t(next_u32()) * n;
    auto l = static_cast<uint32_t>(m);
    if (l < n) {
      uint32_t t = (0u - n) % n;
      while (l < t) {
        m = uint64_t(next_u32()) * n;
        l = static_cast<uint32_t>(m);
      }
    }
    return static_cast<uint32_t>(m >> 32);
  }

  // Fisher-Yates.
  template <class It>
  void shuffle(It first, It last) {
    auto n = static_cast<uint32_t>(last - first);
    for (uint32_t i = n; i > 1; --i) std::swap(first[i - 1], first[below(i)]);
  }

 private:
  uint64_t state_ = 0, inc_ = 1;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace bnlab
