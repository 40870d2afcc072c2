// Fully connected layer: y = W x + b, W is (out x in) like PyTorch's Linear.
#pragma once
#include <algorithm>

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

  // x (in x n) -> y (out x n). Each product is written as axpy loops over
  // contiguous columns: the inner loop vectorizes without reassociating any sum
  // (no fast-math), and every sum runs in the same order in native and WASM
  // builds. Eigen's general GEMM spends most of its time packing at these sizes.
  void forward(CMatRef<T> x, MatRef<T> y, Mode) override {
    const Eigen::Index n = x.cols();
    const T* w = W.data();
    for (Eigen::Index j = 0; j < n; ++j) {
      const T* xj = x.col(j).data();
      T* yj = y.col(j).data();
      for (int o = 0; o < out_; ++o) yj[o] = bias_ ? b[o] : T(0);
      for (int k = 0; k < in_; ++k) {  // y_j += W[:,k] * x[k,j]
        const T* wk = w + size_t(k) * out_;
        const T xk = xj[k];
        for (int o = 0; o < out_; ++o) yj[o] += wk[o] * xk;
      }
    }
  }

  // dW = dy x^T, db = sum_j dy, dx = W^T dy
  void backward(CMatRef<T> x, CMatRef<T>, CMatRef<T> dy, MatRef<T> dx, bool need_dx) override {
    const Eigen::Index n = x.cols();
    T* dw = dW.data();
    std::fill(dw, dw + size_t(out_) * in_, T(0));
    if (bias_) db.setZero();
    for (Eigen::Index j = 0; j < n; ++j) {
      const T* xj = x.col(j).data();
      const T* dyj = dy.col(j).data();
      for (int k = 0; k < in_; ++k) {  // dW[:,k] += dy_j * x[k,j]
        T* dwk = dw + size_t(k) * out_;
        const T xk = xj[k];
        for (int o = 0; o < out_; ++o) dwk[o] += dyj[o] * xk;
      }
      if (bias_)
        for (int o = 0; o < out_; ++o) db[o] += dyj[o];
    }
    if (!need_dx) return;
    Wt_ = W.transpose();  // (in x out): columns of W^T are rows of W, contiguous
    const T* wt = Wt_.data();
    for (Eigen::Index j = 0; j < n; ++j) {
      const T* dyj = dy.col(j).data();
      T* dxj = dx.col(j).data();
      for (int k = 0; k < in_; ++k) dxj[k] = T(0);
      for (int o = 0; o < out_; ++o) {  // dx_j += W[o,:]^T * dy[o,j]
        const T* wo = wt + size_t(o) * in_;
        const T d = dyj[o];
        for (int k = 0; k < in_; ++k) dxj[k] += wo[k] * d;
      }
    }
  }

  MatMap<T> W{nullptr, 0, 0}, dW{nullptr, 0, 0};
  VecMap<T> b{nullptr, 0}, db{nullptr, 0};

 private:
  int in_, out_;
  bool bias_;
  Mat<T> Wt_ = Mat<T>::Zero(in_, out_);  // transposed weights for backward
};

}  // namespace bnlab
