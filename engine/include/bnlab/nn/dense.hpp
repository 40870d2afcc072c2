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
    weight_grad(x, dy, n);
    if (bias_) bias_grad(dy, n);
    if (!need_dx) return;
    transpose(W.data(), out_, in_, Wt_.data());  // (in x out): dx_j = sum_o W[o,:]^T dy[o,j]
    kernels::gemm<T>(Wt_.data(), in_, out_, dy.data(), 1, dy.outerStride(), n, nullptr, dx.data());
  }

  MatMap<T> W{nullptr, 0, 0}, dW{nullptr, 0, 0};
  VecMap<T> b{nullptr, 0}, db{nullptr, 0};

 private:
  // dW[o,k] = sum_j dy[o,j] x[k,j], each sum in j order.
  void weight_grad(CMatRef<T> x, CMatRef<T> dy, int n) {
    if (out_ >= kernels::lanes<T>) {
      // dW[:,k] = sum_j dy[:,j] x[k,j]: B = x^T, so B(j,k) = x(k,j).
      kernels::gemm<T>(dy.data(), out_, n, x.data(), x.outerStride(), 1, in_, nullptr, dW.data());
    } else {
      // Too few outputs to fill a vector (the logit layer): vectorize over
      // inputs instead, dW^T[:,o] = sum_j x[:,j] dy[o,j] (same products, same order).
      kernels::gemm<T>(x.data(), in_, n, dy.data(), dy.outerStride(), 1, out_, nullptr, Wt_.data());
      transpose(Wt_.data(), in_, out_, dW.data());
    }
  }

  // db = sum_j dy[:,j], in j order.
  void bias_grad(CMatRef<T> dy, int n) {
    const Eigen::Index s = dy.outerStride();
    kernels::for_lanes<T>(out_, [&](int o, auto lane) BNLAB_INLINE {
      using X = decltype(lane);
      X sum{};
      const T* dyj = dy.data() + o;  // column j, output o
      for (int j = 0; j < n; ++j, dyj += s) sum += kernels::load_as<X>(dyj);
      kernels::store(db.data() + o, sum);
    });
  }

  // to (cols x rows) = from (rows x cols)^T, both column-major.
  static void transpose(const T* from, int rows, int cols, T* to) {
    for (int c = 0; c < cols; ++c) {
      const T* src = from + std::ptrdiff_t(c) * rows;
      T* dst = to + c;
#pragma GCC unroll 4
      for (int r = 0; r < rows; ++r, dst += cols) *dst = src[r];
    }
  }

  int in_, out_;
  bool bias_;
  Mat<T> Wt_ = Mat<T>::Zero(in_, out_);  // backward workspace: W^T (or dW^T)
};

}  // namespace bnlab
