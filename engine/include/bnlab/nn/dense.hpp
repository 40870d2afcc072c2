// Fully connected layer: y = W x + b, W is (out x in) like PyTorch's Linear.
#pragma once
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

  // x (in x n) -> y (out x n)
  void forward(CMatRef<T> x, MatRef<T> y, Mode) override {
    y.noalias() = W * x;
    if (bias_) y.colwise() += b;
  }

  // dW = dy x^T, db = sum_j dy, dx = W^T dy
  void backward(CMatRef<T> x, CMatRef<T>, CMatRef<T> dy, MatRef<T> dx, bool need_dx) override {
    dW.noalias() = dy * x.transpose();
    if (bias_) db.noalias() = dy.rowwise().sum();
    if (need_dx) dx.noalias() = W.transpose() * dy;
  }

  MatMap<T> W{nullptr, 0, 0}, dW{nullptr, 0, 0};
  VecMap<T> b{nullptr, 0}, db{nullptr, 0};

 private:
  int in_, out_;
  bool bias_;
};

}  // namespace bnlab
