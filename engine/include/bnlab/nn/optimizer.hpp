// Optimizers over the flat parameter buffer, with PyTorch's update rules.
// L2 is coupled (PyTorch weight_decay): g <- g + l2 * p, for dense weights only
// (decay[i] is l2 there and 0 for biases, gamma and beta).
#pragma once
#include <cmath>
#include <cstdint>

#include "bnlab/config.hpp"
#include "bnlab/nn/tensor.hpp"

namespace bnlab {

template <class T>
class Optimizer {
 public:
  Optimizer(const TrainConfig& c, Vec<T> decay)
      : c_(c), decay_(std::move(decay)),
        m_(Vec<T>::Zero(decay_.size())), v_(Vec<T>::Zero(decay_.size())) {}

  void step(T* p, const T* g) {
    ++t_;
    const Eigen::Index n = decay_.size();
    const T lr = T(c_.learning_rate);
    const T* wd = decay_.data();
    T* m = m_.data();
    T* v = v_.data();
    switch (c_.optimizer) {
      case OptimizerKind::sgd:
        for (Eigen::Index i = 0; i < n; ++i) p[i] -= lr * (g[i] + wd[i] * p[i]);
        break;
      case OptimizerKind::momentum: {
        // buf = momentum * buf + g; p -= lr * buf (first step: buf = g)
        const T mu = T(c_.momentum);
        for (Eigen::Index i = 0; i < n; ++i) {
          m[i] = mu * m[i] + (g[i] + wd[i] * p[i]);
          p[i] -= lr * m[i];
        }
        break;
      }
      case OptimizerKind::rmsprop: {
        // sq = alpha * sq + (1 - alpha) g^2; p -= lr * g / (sqrt(sq) + eps)
        // 1 - alpha in double, as PyTorch: T(1) - T(0.99) is off by float rounding.
        const T a = T(c_.rms_alpha), one_minus_a = T(1 - c_.rms_alpha), eps = T(c_.eps);
        for (Eigen::Index i = 0; i < n; ++i) {
          const T gi = g[i] + wd[i] * p[i];
          v[i] = a * v[i] + one_minus_a * gi * gi;
          p[i] -= lr * gi / (std::sqrt(v[i]) + eps);
        }
        break;
      }
      case OptimizerKind::adam: {
        // m, v with bias corrections: p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)
        const T b1 = T(c_.beta1), b2 = T(c_.beta2), eps = T(c_.eps);
        const T one_minus_b1 = T(1 - c_.beta1), one_minus_b2 = T(1 - c_.beta2);
        const T step_size = lr / T(1 - std::pow(c_.beta1, double(t_)));
        const T bc2_sqrt = T(std::sqrt(1 - std::pow(c_.beta2, double(t_))));
        for (Eigen::Index i = 0; i < n; ++i) {
          const T gi = g[i] + wd[i] * p[i];
          m[i] = b1 * m[i] + one_minus_b1 * gi;
          v[i] = b2 * v[i] + one_minus_b2 * gi * gi;
          p[i] -= step_size * m[i] / (std::sqrt(v[i]) / bc2_sqrt + eps);
        }
        break;
      }
    }
  }

 private:
  TrainConfig c_;
  Vec<T> decay_;
  Vec<T> m_, v_;  // first and second moment (momentum buffer in m_)
  int64_t t_ = 0;
};

}  // namespace bnlab
