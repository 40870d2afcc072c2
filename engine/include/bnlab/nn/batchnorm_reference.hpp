// Batch norm written to be read: start here. Plain loops, one feature at a
// time, PyTorch BatchNorm1d semantics. The engine trains with a fused,
// vectorized version of the same math (batchnorm.hpp); the tests check it
// against these functions, and these against finite differences and PyTorch.
// The page's inspector shows a learner exactly this computation.
//
// Shapes (llm.c style): in, out, din, dout are (B,C), B examples of C
// features, example b's feature c at [b*C + c] (the layout of the engine's
// features x batch matrices). mean, var, rstd, gamma, beta and their
// gradients are (C).
#pragma once
#include <cmath>

namespace bnlab {

// out = gamma * x_hat + beta with x_hat = (x - mean) * rstd, for given
// statistics: the batch's in training, the running averages at test time.
template <class T>
void batchnorm_normalize(T* out, const T* in, const T* mean, const T* rstd, const T* gamma, const T* beta,
                         int B, int C) {
  for (int b = 0; b < B; ++b)
    for (int c = 0; c < C; ++c) out[b * C + c] = gamma[c] * ((in[b * C + c] - mean[c]) * rstd[c]) + beta[c];
}

// Training forward: the batch's statistics, then normalize.
//   mean = (1/B) sum_b x_b
//   var  = (1/B) sum_b (x_b - mean)^2      biased: what normalizing uses
//   rstd = 1 / sqrt(var + eps)
template <class T>
void batchnorm_forward(T* out, T* mean, T* var, T* rstd, const T* in, const T* gamma, const T* beta, T eps,
                       int B, int C) {
  for (int c = 0; c < C; ++c) {
    T sum = 0;
    for (int b = 0; b < B; ++b) sum += in[b * C + c];
    mean[c] = sum / T(B);
    T squares = 0;
    for (int b = 0; b < B; ++b) squares += (in[b * C + c] - mean[c]) * (in[b * C + c] - mean[c]);
    var[c] = squares / T(B);
    rstd[c] = T(1) / std::sqrt(var[c] + eps);
  }
  batchnorm_normalize(out, in, mean, rstd, gamma, beta, B, C);
}

// Test-time statistics, updated by every training forward (momentum is the
// new batch's weight, 0.1 by default; the running variance is unbiased):
//   running_mean = (1 - momentum) * running_mean + momentum * mean
//   running_var  = (1 - momentum) * running_var  + momentum * var * B / (B - 1)
template <class T>
void batchnorm_update_running(T* running_mean, T* running_var, const T* mean, const T* var, T momentum, int B,
                              int C) {
  const T unbias = B > 1 ? T(B) / T(B - 1) : T(1);
  for (int c = 0; c < C; ++c) {
    running_mean[c] = (T(1) - momentum) * running_mean[c] + momentum * mean[c];
    running_var[c] = (T(1) - momentum) * running_var[c] + momentum * unbias * var[c];
  }
}

// Backward of batchnorm_forward, from dout = dL/dout and the forward's mean
// and rstd. x reaches out three ways: directly, through mean and through var.
template <class T>
void batchnorm_backward(T* din, T* dgamma, T* dbeta, const T* dout, const T* in, const T* mean, const T* rstd,
                        const T* gamma, int B, int C) {
  for (int c = 0; c < C; ++c) {
    T sum_dout = 0, sum_dout_xhat = 0;
    for (int b = 0; b < B; ++b) {
      const T x_hat = (in[b * C + c] - mean[c]) * rstd[c];
      sum_dout += dout[b * C + c];
      sum_dout_xhat += dout[b * C + c] * x_hat;
    }
    dbeta[c] = sum_dout;        // dout/dbeta = 1
    dgamma[c] = sum_dout_xhat;  // dout/dgamma = x_hat
    // dx_hat = dL/dx_hat = gamma * dout, so mean_b(dx_hat) = gamma * dbeta / B
    // and mean_b(dx_hat * x_hat) = gamma * dgamma / B:
    const T mean_dxhat = gamma[c] * dbeta[c] / T(B), mean_dxhat_xhat = gamma[c] * dgamma[c] / T(B);
    for (int b = 0; b < B; ++b) {
      const T x_hat = (in[b * C + c] - mean[c]) * rstd[c];
      const T dx_hat = gamma[c] * dout[b * C + c];
      din[b * C + c] = rstd[c] * (dx_hat             // directly: x_hat = (x - mean) * rstd
                                  - mean_dxhat       // through mean: every x_hat moves by -rstd / B
                                  - x_hat * mean_dxhat_xhat);  // through var: rstd changes by -x_hat * rstd^2 / B
    }
  }
}

// ---------------------------------------------------------------- what ifs
// The same layer as the course notes write it (model.bn_formula = notes):
//   mean = (1/B) sum_b x_b
//   var  = (1/B) sum_b x_b^2               no "- mean": not a variance
//   out  = gamma * (x - mean) / var + beta  no square root, no eps
// Scale no longer cancels: x -> c x gives (x - mean) / var -> that / c. A unit
// whose x is 0 across the batch divides 0 by 0.
template <class T>
void batchnorm_forward_notes(T* out, T* mean, T* var, T* rstd, const T* in, const T* gamma, const T* beta,
                             int B, int C) {
  for (int c = 0; c < C; ++c) {
    T sum = 0, squares = 0;
    for (int b = 0; b < B; ++b) sum += in[b * C + c];
    mean[c] = sum / T(B);
    for (int b = 0; b < B; ++b) squares += in[b * C + c] * in[b * C + c];
    var[c] = squares / T(B);
    rstd[c] = T(1) / var[c];  // "rstd" here: what x - mean is multiplied by
  }
  batchnorm_normalize(out, in, mean, rstd, gamma, beta, B, C);
}

// Its running statistics: var is already the mean of x^2 (no m / (m - 1)).
template <class T>
void batchnorm_update_running_notes(T* running_mean, T* running_var, const T* mean, const T* var, T momentum,
                                    int C) {
  for (int c = 0; c < C; ++c) {
    running_mean[c] = (T(1) - momentum) * running_mean[c] + momentum * mean[c];
    running_var[c] = (T(1) - momentum) * running_var[c] + momentum * var[c];
  }
}

// Backward of batchnorm_forward_notes. With r = 1 / var, x_hat = (x - mean) r
// and dx_hat = gamma * dout, x reaches out directly, through mean (as above)
// and through var, whose derivative is now d var / dx_b = 2 x_b / B, so
// d r / dx_b = -r^2 * 2 x_b / B:
//   din_b = r * (dx_hat_b - mean(dx_hat) - 2 x_b * mean(dx_hat * x_hat))
// (the standard backward with 2 x_b where it has x_hat_b).
template <class T>
void batchnorm_backward_notes(T* din, T* dgamma, T* dbeta, const T* dout, const T* in, const T* mean, const T* rstd,
                              const T* gamma, int B, int C) {
  for (int c = 0; c < C; ++c) {
    T sum_dout = 0, sum_dout_xhat = 0;
    for (int b = 0; b < B; ++b) {
      const T x_hat = (in[b * C + c] - mean[c]) * rstd[c];
      sum_dout += dout[b * C + c];
      sum_dout_xhat += dout[b * C + c] * x_hat;
    }
    dbeta[c] = sum_dout;
    dgamma[c] = sum_dout_xhat;
    const T mean_dxhat = gamma[c] * dbeta[c] / T(B), mean_dxhat_xhat = gamma[c] * dgamma[c] / T(B);
    for (int b = 0; b < B; ++b) {
      const T dx_hat = gamma[c] * dout[b * C + c];
      din[b * C + c] = rstd[c] * (dx_hat                                  // directly
                                  - mean_dxhat                            // through mean
                                  - 2 * in[b * C + c] * mean_dxhat_xhat);  // through var = mean of x^2
    }
  }
}

// PyTorch BatchNorm1d(affine=False) (model.bn_affine = false): no gamma, no
// beta, nothing to learn; out = x_hat. The same as batchnorm_forward and
// batchnorm_backward with gamma = 1 and beta = 0, written out.
template <class T>
void batchnorm_forward_no_affine(T* out, T* mean, T* var, T* rstd, const T* in, T eps, int B, int C) {
  for (int c = 0; c < C; ++c) {
    T sum = 0;
    for (int b = 0; b < B; ++b) sum += in[b * C + c];
    mean[c] = sum / T(B);
    T squares = 0;
    for (int b = 0; b < B; ++b) squares += (in[b * C + c] - mean[c]) * (in[b * C + c] - mean[c]);
    var[c] = squares / T(B);
    rstd[c] = T(1) / std::sqrt(var[c] + eps);
    for (int b = 0; b < B; ++b) out[b * C + c] = (in[b * C + c] - mean[c]) * rstd[c];
  }
}

template <class T>
void batchnorm_backward_no_affine(T* din, const T* dout, const T* in, const T* mean, const T* rstd, int B, int C) {
  for (int c = 0; c < C; ++c) {
    T mean_dout = 0, mean_dout_xhat = 0;
    for (int b = 0; b < B; ++b) {
      mean_dout += dout[b * C + c] / T(B);
      mean_dout_xhat += dout[b * C + c] * (in[b * C + c] - mean[c]) * rstd[c] / T(B);
    }
    for (int b = 0; b < B; ++b) {
      const T x_hat = (in[b * C + c] - mean[c]) * rstd[c];
      din[b * C + c] = rstd[c] * (dout[b * C + c] - mean_dout - x_hat * mean_dout_xhat);
    }
  }
}

}  // namespace bnlab
