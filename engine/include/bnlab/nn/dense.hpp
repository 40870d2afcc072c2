// Fully connected layer: y = W x + b, W is (out x in) like PyTorch's Linear.
#pragma once
#include <algorithm>

#include "bnlab/nn/kernels.hpp"
#include "bnlab/nn/layer.hpp"

namespace bnlab {

template <class T>
class Dense final : public Layer<T> {
 public:
  Dense(int in, int out, bool bias) : in_(in), out_(out), bias_(bias) {}
  LayerKind kind() const override { return LayerKind::dense; }
  int in() const override { return in_; }
  int out() const override { return out_; }
  bool has_bias() const { return bias_; }
  int num_params() const override { return out_ * in_ + (bias_ ? out_ : 0); }

  // Flat layout: W column-major (out x in), then b (out).
  void bind(T* p, T* g) override {
    new (&W) MatMap<T>(p, out_, in_);
    new (&dW) MatMap<T>(g, out_, in_);
    if (bias_) {
      new (&b) VecMap<T>(p + out_ * in_, out_);
      new (&db) VecMap<T>(g + out_ * in_, out_);
    }
  }

  // x (in x n) -> y (out x n): y_j = b + sum_k W[:,k] x[k,j]
  void forward(CMatRef<T> x, MatRef<T> y, Mode) override {
    kernels::gemm<T>(W.data(), out_, in_, x.data(), 1, x.outerStride(), int(x.cols()),
                     bias_ ? b.data() : nullptr, y.data());
  }

  // dW = dy x^T, db = sum_j dy, dx = W^T dy
  void backward(CMatRef<T> x, CMatRef<T>, CMatRef<T> dy, MatRef<T> dx, bool need_dx) override {
    const int n = int(x.cols());
    // dW[:,k] = sum_j dy[:,j] x[k,j]: B = x^T, so B(j,k) = x(k,j).
    kernels::gemm<T>(dy.data(), out_, n, x.data(), x.outerStride(), 1, in_, nullptr, dW.data());
    if (bias_) {
      db.setZero();
      for (int j = 0; j < n; ++j) db += dy.col(j);
    }
    if (!need_dx) return;
    Wt_ = W.transpose();  // (in x out): dx_j = sum_o W[o,:]^T dy[o,j]
    kernels::gemm<T>(Wt_.data(), in_, out_, dy.data(), 1, dy.outerStride(), n, nullptr, dx.data());
  }

  MatMap<T> W{nullptr, 0, 0}, dW{nullptr, 0, 0};
  VecMap<T> b{nullptr, 0}, db{nullptr, 0};

 private:
  int in_, out_;
  bool bias_;
  Mat<T> Wt_ = Mat<T>::Zero(in_, out_);  // transposed weights for backward
};

}  // namespace bnlab
