// Inverted dropout, as PyTorch's nn.Dropout(p): in training each value is kept
// with probability 1 - p and kept values are scaled by 1 / (1 - p), so the
// expected value is unchanged; in every other mode (inference, probes, grids)
// the layer is the identity. Backward multiplies by the same mask.
//
// Masks come from one stream per network (Network owns the Rng and shares it
// with its dropout layers), drawn in forward order, example by example, so
// they are the same natively and in WebAssembly. The mask of the last
// training forward stays in `mask` (0 or 1 / (1 - p) per value) for backward
// and for the trace. Sized once for the training batch: no allocation in a step.
#pragma once
#include <cmath>
#include <cstdint>

#include "bnlab/nn/layer.hpp"
#include "bnlab/rng.hpp"

namespace bnlab {

template <class T>
class Dropout final : public Layer<T> {
 public:
  Dropout(int features, double p, int capacity, Rng* rng)
      : n_(features), p_(p), scale_(T(1.0 / (1.0 - p))),
        // keep when a 32-bit draw is >= p * 2^32 (probability 1 - p up to 2^-32)
        threshold_(uint64_t(std::llround(p * 4294967296.0))),
        rng_(rng), mask(Mat<T>::Zero(features, capacity)) {}

  LayerKind kind() const override { return LayerKind::dropout; }
  int in() const override { return n_; }
  int out() const override { return n_; }
  double p() const { return p_; }
  T scale() const { return scale_; }

  void forward(CMatRef<T> x, MatRef<T> y, Mode mode) override {
    const Eigen::Index size = x.rows() * x.cols();
    const T* xp = x.data();
    T* yp = y.data();
    if (mode != Mode::train) {
      for (Eigen::Index i = 0; i < size; ++i) yp[i] = xp[i];
      return;
    }
    T* m = mask.data();  // column-major like x: example j's units at j * n_
    for (Eigen::Index i = 0; i < size; ++i) {
      m[i] = uint64_t(rng_->next_u32()) >= threshold_ ? scale_ : T(0);
      yp[i] = xp[i] * m[i];
    }
  }

  void backward(CMatRef<T> x, CMatRef<T>, CMatRef<T> dy, MatRef<T> dx, bool need_dx) override {
    if (!need_dx) return;
    const Eigen::Index size = x.rows() * x.cols();
    const T *dyp = dy.data(), *m = mask.data();
    T* dxp = dx.data();
    for (Eigen::Index i = 0; i < size; ++i) dxp[i] = dyp[i] * m[i];
  }

  // Whether value (unit, example) was kept in the last training forward.
  bool kept(int unit, int example) const { return mask(unit, example) != T(0); }

 private:
  int n_;
  double p_;
  T scale_;
  uint64_t threshold_;
  Rng* rng_;

 public:
  Mat<T> mask;  // features x capacity: 0 or scale() per value of the last training forward
};

}  // namespace bnlab
