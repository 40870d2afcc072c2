// Elementwise nonlinearities. Backward uses the forward's output where that is
// exact (tanh, sigmoid) and the input's sign for the rectifiers.
#pragma once
#include <cmath>

#include "bnlab/config.hpp"
#include "bnlab/nn/layer.hpp"

namespace bnlab {

template <class T>
class ActivationLayer final : public Layer<T> {
 public:
  ActivationLayer(int features, Activation fn, T slope) : n_(features), fn_(fn), slope_(slope) {}
  LayerKind kind() const override { return LayerKind::activation; }
  int in() const override { return n_; }
  int out() const override { return n_; }
  Activation fn() const { return fn_; }
  T slope() const { return slope_; }

  void forward(CMatRef<T> x, MatRef<T> y, Mode) override {
    const Eigen::Index size = x.rows() * x.cols();
    const T* xp = x.data();
    T* yp = y.data();
    switch (fn_) {
      case Activation::relu:
        for (Eigen::Index i = 0; i < size; ++i) yp[i] = xp[i] > T(0) ? xp[i] : T(0);
        break;
      case Activation::leaky_relu:
        for (Eigen::Index i = 0; i < size; ++i) yp[i] = xp[i] > T(0) ? xp[i] : slope_ * xp[i];
        break;
      case Activation::tanh:
        for (Eigen::Index i = 0; i < size; ++i) yp[i] = std::tanh(xp[i]);
        break;
      case Activation::sigmoid:
        for (Eigen::Index i = 0; i < size; ++i) yp[i] = sigmoid(xp[i]);
        break;
      case Activation::linear:
        for (Eigen::Index i = 0; i < size; ++i) yp[i] = xp[i];
        break;
    }
  }

  void backward(CMatRef<T> x, CMatRef<T> y, CMatRef<T> dy, MatRef<T> dx, bool need_dx) override {
    if (!need_dx) return;
    const Eigen::Index size = x.rows() * x.cols();
    const T *xp = x.data(), *yp = y.data(), *dyp = dy.data();
    T* dxp = dx.data();
    switch (fn_) {
      case Activation::relu:
        for (Eigen::Index i = 0; i < size; ++i) dxp[i] = xp[i] > T(0) ? dyp[i] : T(0);
        break;
      case Activation::leaky_relu:
        for (Eigen::Index i = 0; i < size; ++i) dxp[i] = xp[i] > T(0) ? dyp[i] : slope_ * dyp[i];
        break;
      case Activation::tanh:
        for (Eigen::Index i = 0; i < size; ++i) dxp[i] = dyp[i] * (T(1) - yp[i] * yp[i]);
        break;
      case Activation::sigmoid:
        for (Eigen::Index i = 0; i < size; ++i) dxp[i] = dyp[i] * yp[i] * (T(1) - yp[i]);
        break;
      case Activation::linear:
        for (Eigen::Index i = 0; i < size; ++i) dxp[i] = dyp[i];
        break;
    }
  }

  static T sigmoid(T z) {
    if (z >= T(0)) return T(1) / (T(1) + std::exp(-z));
    T e = std::exp(z);
    return e / (T(1) + e);
  }

 private:
  int n_;
  Activation fn_;
  T slope_;
};

}  // namespace bnlab
