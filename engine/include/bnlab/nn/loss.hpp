// Losses on logits, numerically stable for large |z|.
//   bce:        one logit z per example, L = max(z,0) - z*y + log(1 + e^-|z|)
//   softmax_ce: K logits, L = logsumexp(z) - z_y
// Both return the mean over the batch; the gradient is of that mean.
#pragma once
#include <cmath>

#include "bnlab/nn/tensor.hpp"

namespace bnlab {

enum class LossKind { bce, softmax_ce };

struct LossSum {
  double loss = 0;  // sum over examples
  int correct = 0;
};

namespace detail {
// log1p(e) the same natively and in WebAssembly: glibc's and Emscripten musl's
// float log1pf can round one ulp apart, their double log1p agree, so a float
// goes through double (and back: one rounding).
template <class T>
T log1p_portable(T e) { return static_cast<T>(std::log1p(static_cast<double>(e))); }
template <class T>
T log1p_exp_neg_abs(T z) { return log1p_portable(std::exp(-std::abs(z))); }
}  // namespace detail

// Sum of losses and number of correct predictions over the columns of z.
template <class T>
LossSum loss_sum(LossKind kind, CMatRef<T> z, const int* y) {
  LossSum s;
  const Eigen::Index n = z.cols(), k = z.rows();
  for (Eigen::Index j = 0; j < n; ++j) {
    if (kind == LossKind::bce) {
      const T zj = z(0, j);
      s.loss += double(std::max(zj, T(0)) - zj * T(y[j]) + detail::log1p_exp_neg_abs(zj));
      s.correct += int(zj > T(0)) == y[j];
    } else {
      Eigen::Index arg = 0;
      T mx = z(0, j);
      for (Eigen::Index c = 1; c < k; ++c)
        if (z(c, j) > mx) mx = z(c, j), arg = c;
      T se = 0;
      for (Eigen::Index c = 0; c < k; ++c) se += std::exp(z(c, j) - mx);
      s.loss += double(mx + std::log(se) - z(y[j], j));
      s.correct += arg == y[j];
    }
  }
  return s;
}

// Mean loss over the batch; writes dL/dz into dz.
template <class T>
T loss_grad(LossKind kind, CMatRef<T> z, const int* y, MatRef<T> dz) {
  const Eigen::Index n = z.cols(), k = z.rows();
  const T inv_n = T(1) / T(n);
  T total = 0;
  for (Eigen::Index j = 0; j < n; ++j) {
    if (kind == LossKind::bce) {
      // One exp per example: e^-|z| is e^-z for z >= 0 and e^z otherwise, the
      // very arguments of the stable log1p and sigmoid forms.
      const T zj = z(0, j);
      const T e = std::exp(-std::abs(zj));
      total += std::max(zj, T(0)) - zj * T(y[j]) + detail::log1p_portable(e);
      const T p = zj >= T(0) ? T(1) / (T(1) + e) : e / (T(1) + e);
      dz(0, j) = (p - T(y[j])) * inv_n;
    } else {
      T mx = z(0, j);
      for (Eigen::Index c = 1; c < k; ++c) mx = std::max(mx, z(c, j));
      T se = 0;
      for (Eigen::Index c = 0; c < k; ++c) se += std::exp(z(c, j) - mx);
      const T lse = mx + std::log(se);
      total += lse - z(y[j], j);
      for (Eigen::Index c = 0; c < k; ++c)
        dz(c, j) = (std::exp(z(c, j) - lse) - T(c == y[j])) * inv_n;
    }
  }
  return total * inv_n;
}

// Class probabilities from logits, in place per column: P(class 1) for bce
// (one row), softmax over rows otherwise.
template <class T>
void probabilities(LossKind kind, MatRef<T> z) {
  const Eigen::Index n = z.cols(), k = z.rows();
  for (Eigen::Index j = 0; j < n; ++j) {
    if (kind == LossKind::bce) {
      const T zj = z(0, j);
      z(0, j) = zj >= T(0) ? T(1) / (T(1) + std::exp(-zj)) : std::exp(zj) / (T(1) + std::exp(zj));
    } else {
      T mx = z(0, j);
      for (Eigen::Index c = 1; c < k; ++c) mx = std::max(mx, z(c, j));
      T se = 0;
      for (Eigen::Index c = 0; c < k; ++c) se += (z(c, j) = std::exp(z(c, j) - mx));
      for (Eigen::Index c = 0; c < k; ++c) z(c, j) /= se;
    }
  }
}

}  // namespace bnlab
