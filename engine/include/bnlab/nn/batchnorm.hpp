// Batch normalization as the engine trains with it: fast, fused, vectorized.
// To see the math, read batchnorm_reference.hpp first: the same formulas as
// plain loops, with every backward term labelled. This file computes exactly
// that (tests/unit/test_batchnorm.cpp holds it to the reference), with PyTorch
// BatchNorm1d semantics: biased variance to normalize, unbiased variance in the
// running estimate, running = (1 - momentum) * running + momentum * batch.
//
//   mu      = (1/m) sum_i z_i
//   sigma^2 = (1/m) sum_i (z_i - mu)^2
//   z_norm  = (z_i - mu) / sqrt(sigma^2 + eps)
//   z_tilde = gamma * z_norm + beta
//
// Two variants for the notes' "what ifs" (model.bn_formula, model.bn_affine):
//   notes:   sigma^2 = (1/m) sum_i z_i^2 (no "- mu"), z_norm = (z_i - mu) / sigma^2
//            (no square root, no eps); backward batchnorm_backward_notes. Only
//            the statistics and one term of dx differ, selected per lane block
//            outside the loops over the batch, so the standard path computes
//            exactly what it did.
//   affine=false: gamma = 1 and beta = 0 held by the layer, not parameters
//            (their gradients go to a scratch buffer nobody reads).
//
// A training-mode forward saves its statistics for backward apart from those
// of any other forward, so evaluating between a forward and its backward
// (reports, grids, the inspector) cannot change a gradient.
//
// The loops run over lane blocks of features (kernels::for_lanes), each a few
// vector instructions per example, so the loops over the batch are unrolled
// (`#pragma GCC unroll`, which clang reads too) to amortize their overhead.
// Every per-feature sum still runs over the batch in column order.
#pragma once
#include <cmath>

#include "bnlab/nn/activation.hpp"
#include "bnlab/nn/batchnorm_reference.hpp"
#include "bnlab/nn/kernels.hpp"
#include "bnlab/nn/layer.hpp"

namespace bnlab {

template <class T>
class BatchNorm final : public Layer<T> {
 public:
  BatchNorm(int features, T eps, T momentum, bool notes = false, bool affine = true)
      : f_(features), eps_(eps), momentum_(momentum), notes_(notes), affine_(affine),
        running_mean(Vec<T>::Zero(features)), running_var(Vec<T>::Ones(features)),
        batch_mean(Vec<T>::Zero(features)), batch_var(Vec<T>::Ones(features)),
        train_{Vec<T>(features), Vec<T>(features), Vec<T>(features)},
        eval_{Vec<T>(features), Vec<T>(features), Vec<T>(features)}, scale_(features), shift_(features) {
    if (!affine_) {  // gamma = 1, beta = 0 for good; bind() points at these
      fixed_ = Vec<T>::Zero(4 * features);
      fixed_.head(features).setOnes();
      bind(nullptr, nullptr);
    }
  }

  LayerKind kind() const override { return LayerKind::batchnorm; }
  int in() const override { return f_; }
  int out() const override { return f_; }
  int num_params() const override { return affine_ ? 2 * f_ : 0; }
  T eps() const { return eps_; }
  bool notes() const { return notes_; }
  bool affine() const { return affine_; }
  T momentum() const { return momentum_; }

  // Flat layout: gamma (f), beta (f). Without affine: the layer's own fixed
  // gamma = 1, beta = 0 and a scratch for their gradients.
  void bind(T* p, T* g) override {
    if (!affine_) p = fixed_.data(), g = fixed_.data() + 2 * f_;
    new (&gamma) VecMap<T>(p, f_);
    new (&beta) VecMap<T>(p + f_, f_);
    new (&dgamma) VecMap<T>(g, f_);
    new (&dbeta) VecMap<T>(g + f_, f_);
  }

  // x (f x m) -> y (f x m)
  void forward(CMatRef<T> x, MatRef<T> y, Mode mode) override { forward_then(x, y, mode, act::Linear{}, y.data()); }

  // Forward, then the activation g (act::Relu, ...) in the same sweep:
  // y = BN(x) as above (kept: it is the pre-activation reports show), and
  // gy = g(y) (f x m, y's layout; may be y itself when g is linear). One pass
  // over the batch instead of two.
  template <class G>
  void forward_then(CMatRef<T> x, MatRef<T> y, Mode mode, G g, T* gy) {
    const Stats& s = set_statistics(x, mode);
    // y = gamma * (x - mu) * invstd + beta = x * scale + shift
    for (int i = 0; i < f_; ++i) {
      scale_[i] = gamma[i] * s.invstd[i];
      shift_[i] = beta[i] - s.mean[i] * scale_[i];
    }
    const int m = int(x.cols());
    const Eigen::Index xs = x.outerStride(), ys = y.outerStride();
    kernels::for_lanes<T>(f_, [&](int i, auto lane) BNLAB_INLINE {  // features i.. (one lane block)
      using X = decltype(lane);
      const X scale = kernels::load_as<X>(&scale_[i]), shift = kernels::load_as<X>(&shift_[i]);
      const T* xj = x.data() + i;  // column j, feature i
      T *yj = y.data() + i, *gyj = gy + i;
#pragma GCC unroll 4
      for (int j = 0; j < m; ++j, xj += xs, yj += ys, gyj += ys) {
        const X z = kernels::load_as<X>(xj) * scale + shift;
        kernels::store(yj, z);
        kernels::store(gyj, g.value(z));
      }
    });
  }

  // With x_hat = (x - mu) * invstd (mu, invstd of the last training-mode
  // forward), two reductions per feature:
  //   dbeta  = sum_j dy,   dgamma = sum_j dy * x_hat
  //   dx     = gamma * invstd / m * (m * dy - dbeta - x_hat * dgamma)
  // (notes: invstd = 1 / sigma^2, and 2 x in place of x_hat in dx.)
  // (dy has y's layout.)
  void backward(CMatRef<T> x, CMatRef<T> y, CMatRef<T> dy, MatRef<T> dx, bool need_dx) override {
    backward_through(x, y, act::Linear{}, dy.data(), dx, need_dx);
  }

  // The backward of forward_then: from dgy = dL/dg(y) (f x m, y's layout),
  // first through g at y, this layer's output (dy = g.grad(y, dgy)), then as
  // backward above. dx (f x m) holds dy between the reductions and the dx
  // pass, so it is written even when need_dx is false.
  template <class G>
  void backward_through(CMatRef<T> x, CMatRef<T> y, G g, const T* dgy, MatRef<T> dx, bool need_dx) {
    const int m = int(x.cols());
    const T inv_m = T(1) / T(m);
    const Eigen::Index xs = x.outerStride(), ys = y.outerStride(), dxs = dx.outerStride();
    kernels::for_lanes<T>(f_, [&](int i, auto lane) BNLAB_INLINE {  // features i.. (one lane block)
      using X = decltype(lane);
      const X mu = kernels::load_as<X>(&train_.mean[i]), invstd = kernels::load_as<X>(&train_.invstd[i]);
      X dbeta_i{}, dgamma_i{};
      const T *xj = x.data() + i, *yj = y.data() + i, *dgyj = dgy + i;  // column j, feature i
      T* dxj = dx.data() + i;
#pragma GCC unroll 4
      for (int j = 0; j < m; ++j, xj += xs, yj += ys, dgyj += ys, dxj += dxs) {
        const X dyj = g.grad(kernels::load_as<X>(yj), kernels::load_as<X>(dgyj));
        dbeta_i += dyj;
        dgamma_i += dyj * (kernels::load_as<X>(xj) - mu) * invstd;
        kernels::store(dxj, dyj);  // dx as scratch, even when not needed
      }
      kernels::store(&dbeta[i], dbeta_i);
      kernels::store(&dgamma[i], dgamma_i);
      if (!need_dx) return;
      const X scale = kernels::load_as<X>(&gamma[i]) * invstd * inv_m;
      // The dgamma term's factor: x_hat = (x - mu) * invstd (standard), or
      // 2 x (notes: d sigma^2 / dx = 2 x / m; batchnorm_backward_notes).
      const X c = notes_ ? X{} : mu, a = notes_ ? X{} + T(2) : invstd;
      xj = x.data() + i;
      dxj = dx.data() + i;
#pragma GCC unroll 4
      for (int j = 0; j < m; ++j, xj += xs, dxj += dxs) {
        const X xhat = (kernels::load_as<X>(xj) - c) * a;
        const X dyj = kernels::load_as<X>(dxj);
        kernels::store(dxj, scale * (T(m) * dyj - dbeta_i - xhat * dgamma_i));
      }
    });
  }

  VecMap<T> gamma{nullptr, 0}, beta{nullptr, 0}, dgamma{nullptr, 0}, dbeta{nullptr, 0};

 private:
  int f_;
  T eps_, momentum_;
  bool notes_, affine_;
  Vec<T> fixed_;  // !affine_: gamma (1), beta (0), dgamma, dbeta (scratch)

 public:
  Vec<T> running_mean, running_var;  // inference statistics
  Vec<T> batch_mean, batch_var;      // last training batch (biased variance)

 private:
  // Per-feature statistics a forward normalizes with.
  struct Stats {
    Vec<T> mean, var, invstd;  // var: biased, and only where computed from a batch
  };

  // The statistics for this mode: in train mode the batch's, also saved as
  // batch_mean/batch_var and folded into the running averages; in every other
  // mode written to eval_, leaving train_ (what backward reads) alone.
  const Stats& set_statistics(CMatRef<T> x, Mode mode) {
    const int m = int(x.cols());
    if (mode == Mode::train) {
      batch_stats(x, train_);
      batch_mean = train_.mean;
      batch_var = train_.var;
      if (notes_)  // sigma^2 is not a variance: no m / (m - 1) correction
        batchnorm_update_running_notes(running_mean.data(), running_var.data(), train_.mean.data(),
                                       train_.var.data(), momentum_, f_);
      else
        batchnorm_update_running(running_mean.data(), running_var.data(), train_.mean.data(), train_.var.data(),
                                 momentum_, m, f_);  // m >= 2 is validated
      return train_;
    }
    if (mode == Mode::probe) {
      batch_stats(x, eval_);
      return eval_;
    }
    const Vec<T>& mu = mode == Mode::infer ? running_mean : batch_mean;
    const Vec<T>& var = mode == Mode::infer ? running_var : batch_var;
    for (int i = 0; i < f_; ++i) {
      eval_.mean[i] = mu[i];
      eval_.invstd[i] = inverse_spread(var[i]);
    }
    return eval_;
  }

  // s.mean, s.var and s.invstd from the columns of x: biased variance, two
  // passes (exact where sum - sum of squares would cancel), each sum in column
  // order, as batchnorm_forward.
  void batch_stats(CMatRef<T> x, Stats& s) {
    const int m = int(x.cols());
    const Eigen::Index xs = x.outerStride();
    kernels::for_lanes<T>(f_, [&](int i, auto lane) BNLAB_INLINE {  // features i.. (one lane block)
      using X = decltype(lane);
      X sum{};
      const T* xj = x.data() + i;  // column j, feature i
#pragma GCC unroll 4
      for (int j = 0; j < m; ++j, xj += xs) sum += kernels::load_as<X>(xj);
      const X mu = sum / T(m);
      const X c = notes_ ? X{} : mu;  // notes: sigma^2 without "- mu"
      X squares{};
      xj = x.data() + i;
#pragma GCC unroll 4
      for (int j = 0; j < m; ++j, xj += xs) {
        const X d = kernels::load_as<X>(xj) - c;
        squares += d * d;
      }
      kernels::store(&s.mean[i], mu);
      kernels::store(&s.var[i], squares / T(m));
    });
    for (int i = 0; i < f_; ++i) s.invstd[i] = inverse_spread(s.var[i]);
  }

  // What z - mu is divided by, inverted: 1 / sqrt(sigma^2 + eps), or the
  // notes' 1 / sigma^2 (infinite for a unit whose z is all 0: the run diverges).
  T inverse_spread(T var) const { return notes_ ? T(1) / var : T(1) / std::sqrt(var + eps_); }

  Stats train_;               // saved by the last training-mode forward, for backward
  Stats eval_;                // of the last forward in any other mode
  Vec<T> scale_, shift_;      // per-feature workspace
};

}  // namespace bnlab
