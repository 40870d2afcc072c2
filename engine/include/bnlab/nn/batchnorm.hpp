// Batch normalization over the batch dimension, per feature, with PyTorch
// BatchNorm1d semantics: biased variance to normalize, unbiased variance in the
// running estimate, running = (1 - momentum) * running + momentum * batch.
//
//   mu      = (1/m) sum_i z_i
//   sigma^2 = (1/m) sum_i (z_i - mu)^2
//   z_norm  = (z_i - mu) / sqrt(sigma^2 + eps)
//   z_tilde = gamma * z_norm + beta
#pragma once
#include <cmath>

#include "bnlab/nn/layer.hpp"

namespace bnlab {

template <class T>
class BatchNorm final : public Layer<T> {
 public:
  BatchNorm(int features, T eps, T momentum)
      : f_(features), eps_(eps), momentum_(momentum),
        running_mean(Vec<T>::Zero(features)), running_var(Vec<T>::Ones(features)),
        batch_mean(Vec<T>::Zero(features)), batch_var(Vec<T>::Ones(features)),
        mean_(features), invstd_(features), var_(features), scale_(features), shift_(features) {}

  LayerKind kind() const override { return LayerKind::batchnorm; }
  int in() const override { return f_; }
  int out() const override { return f_; }
  int num_params() const override { return 2 * f_; }
  T eps() const { return eps_; }
  T momentum() const { return momentum_; }

  // Flat layout: gamma (f), beta (f).
  void bind(T* p, T* g) override {
    new (&gamma) VecMap<T>(p, f_);
    new (&beta) VecMap<T>(p + f_, f_);
    new (&dgamma) VecMap<T>(g, f_);
    new (&dbeta) VecMap<T>(g + f_, f_);
  }

  // x (f x m) -> y (f x m)
  void forward(CMatRef<T> x, MatRef<T> y, Mode mode) override {
    const Eigen::Index m = x.cols();
    if (mode == Mode::train || mode == Mode::probe) {
      batch_stats(x);
      if (mode == Mode::train) {
        batch_mean = mean_;
        batch_var = var_;
        // Unbiased variance for the running estimate (m >= 2 is validated).
        const T unbias = m > 1 ? T(m) / T(m - 1) : T(1);
        running_mean = (T(1) - momentum_) * running_mean + momentum_ * mean_;
        running_var = (T(1) - momentum_) * running_var + momentum_ * unbias * batch_var;
      }
    } else {
      const Vec<T>& mu = mode == Mode::infer ? running_mean : batch_mean;
      const Vec<T>& var = mode == Mode::infer ? running_var : batch_var;
      for (int i = 0; i < f_; ++i) {
        mean_[i] = mu[i];
        invstd_[i] = T(1) / std::sqrt(var[i] + eps_);
      }
    }
    // y = gamma * (x - mu) * invstd + beta = x * scale + shift
    for (int i = 0; i < f_; ++i) {
      scale_[i] = gamma[i] * invstd_[i];
      shift_[i] = beta[i] - mean_[i] * scale_[i];
    }
    for (Eigen::Index j = 0; j < m; ++j) {
      const T* xc = x.col(j).data();
      T* yc = y.col(j).data();
      for (int i = 0; i < f_; ++i) yc[i] = xc[i] * scale_[i] + shift_[i];
    }
  }

  // With x_hat = (x - mu) * invstd, two reductions per feature:
  //   dbeta  = sum_j dy,   dgamma = sum_j dy * x_hat
  //   dx     = gamma * invstd / m * (m * dy - dbeta - x_hat * dgamma)
  void backward(CMatRef<T> x, CMatRef<T>, CMatRef<T> dy, MatRef<T> dx, bool need_dx) override {
    const Eigen::Index m = x.cols();
    dbeta.setZero();
    dgamma.setZero();
    for (Eigen::Index j = 0; j < m; ++j) {
      const T* xc = x.col(j).data();
      const T* dyc = dy.col(j).data();
      for (int i = 0; i < f_; ++i) {
        dbeta[i] += dyc[i];
        dgamma[i] += dyc[i] * (xc[i] - mean_[i]) * invstd_[i];
      }
    }
    if (!need_dx) return;
    const T inv_m = T(1) / T(m);
    for (int i = 0; i < f_; ++i) scale_[i] = gamma[i] * invstd_[i] * inv_m;
    for (Eigen::Index j = 0; j < m; ++j) {
      const T* xc = x.col(j).data();
      const T* dyc = dy.col(j).data();
      T* dxc = dx.col(j).data();
      for (int i = 0; i < f_; ++i) {
        const T xhat = (xc[i] - mean_[i]) * invstd_[i];
        dxc[i] = scale_[i] * (T(m) * dyc[i] - dbeta[i] - xhat * dgamma[i]);
      }
    }
  }

  VecMap<T> gamma{nullptr, 0}, beta{nullptr, 0}, dgamma{nullptr, 0}, dbeta{nullptr, 0};

 private:
  int f_;
  T eps_, momentum_;

 public:
  Vec<T> running_mean, running_var;  // inference statistics
  Vec<T> batch_mean, batch_var;      // last training batch (biased variance)

 private:
  // mean_ and invstd_ from the columns of x (biased variance, two passes).
  void batch_stats(CMatRef<T> x) {
    const Eigen::Index m = x.cols();
    mean_.setZero();
    for (Eigen::Index j = 0; j < m; ++j) mean_ += x.col(j);
    mean_ /= T(m);
    invstd_.setZero();  // holds sum of squares first
    for (Eigen::Index j = 0; j < m; ++j) {
      const T* xc = x.col(j).data();
      for (int i = 0; i < f_; ++i) {
        const T d = xc[i] - mean_[i];
        invstd_[i] += d * d;
      }
    }
    for (int i = 0; i < f_; ++i) {
      var_[i] = invstd_[i] / T(m);
      invstd_[i] = T(1) / std::sqrt(var_[i] + eps_);
    }
  }

  Vec<T> mean_, invstd_, var_;  // statistics the last forward normalized with
  Vec<T> scale_, shift_;        // per-feature workspace
};

}  // namespace bnlab
