// Elementwise nonlinearities. Backward uses the forward's output where that is
// exact (tanh, sigmoid) and the input's sign for the rectifiers.
//
// The piecewise-linear ones (relu, leaky relu, linear) are also small functors
// that work on a scalar or on a vector of lanes alike, so batch norm can apply
// them in the same sweep that writes its output (BatchNorm::forward_then).
#pragma once
#include <cmath>

#include "bnlab/config.hpp"
#include "bnlab/nn/kernels.hpp"
#include "bnlab/nn/layer.hpp"

namespace bnlab {
namespace act {

using kernels::keep_positive;
using kernels::select_positive;

// g(x) and dy * g'(x), for X a scalar T or a vector of T.
struct Relu {
  template <class X> X value(X x) const { return keep_positive(x, x); }
  template <class X> X grad(X x, X dy) const { return keep_positive(dy, x); }
};
template <class T> struct LeakyRelu {
  T slope;
  template <class X> X value(X x) const { return select_positive(x, x, slope * x); }
  template <class X> X grad(X x, X dy) const { return select_positive(x, dy, slope * dy); }
};
struct Linear {
  template <class X> X value(X x) const { return x; }
  template <class X> X grad(X, X dy) const { return dy; }
};

}  // namespace act

template <class T>
class ActivationLayer final : public Layer<T> {
 public:
  ActivationLayer(int features, Activation fn, T slope) : n_(features), fn_(fn), slope_(slope) {}
  LayerKind kind() const override { return LayerKind::activation; }
  int in() const override { return n_; }
  int out() const override { return n_; }
  Activation fn() const { return fn_; }
  T slope() const { return slope_; }

  // relu, leaky relu and linear: f(functor) is called with act::Relu,
  // act::LeakyRelu<T> or act::Linear; returns false (f not called) otherwise.
  template <class F> bool with_piecewise_linear(F&& f) const {
    switch (fn_) {
      case Activation::relu: f(act::Relu{}); return true;
      case Activation::leaky_relu: f(act::LeakyRelu<T>{slope_}); return true;
      case Activation::linear: f(act::Linear{}); return true;
      default: return false;
    }
  }

  void forward(CMatRef<T> x, MatRef<T> y, Mode) override {
    const Eigen::Index size = x.rows() * x.cols();
    const T* xp = x.data();
    T* yp = y.data();
    if (with_piecewise_linear([&](auto g) { map(size, xp, xp, yp, [&](auto xi, auto) { return g.value(xi); }); }))
      return;
    if (fn_ == Activation::tanh)
      for (Eigen::Index i = 0; i < size; ++i) yp[i] = std::tanh(xp[i]);
    else
      for (Eigen::Index i = 0; i < size; ++i) yp[i] = sigmoid(xp[i]);
  }

  void backward(CMatRef<T> x, CMatRef<T> y, CMatRef<T> dy, MatRef<T> dx, bool need_dx) override {
    if (!need_dx) return;
    const Eigen::Index size = x.rows() * x.cols();
    const T *xp = x.data(), *yp = y.data(), *dyp = dy.data();
    T* dxp = dx.data();
    if (with_piecewise_linear([&](auto g) { map(size, xp, dyp, dxp, [&](auto xi, auto di) { return g.grad(xi, di); }); }))
      return;
    if (fn_ == Activation::tanh)
      for (Eigen::Index i = 0; i < size; ++i) dxp[i] = dyp[i] * (T(1) - yp[i] * yp[i]);
    else
      for (Eigen::Index i = 0; i < size; ++i) dxp[i] = dyp[i] * yp[i] * (T(1) - yp[i]);
  }

  static T sigmoid(T z) {
    if (z >= T(0)) return T(1) / (T(1) + std::exp(-z));
    T e = std::exp(z);
    return e / (T(1) + e);
  }

 private:
  // out[i] = f(a[i], b[i]) over size elements: whole vectors, then the rest one by one.
  template <class F>
  static void map(Eigen::Index size, const T* a, const T* b, T* out, F f) {
    using kernels::load;
    using kernels::store;
    constexpr int L = kernels::lanes<T>;
    Eigen::Index i = 0;
    for (; i + L <= size; i += L) store(out + i, f(load(a + i), load(b + i)));
    for (; i < size; ++i) out[i] = f(a[i], b[i]);
  }

  int n_;
  Activation fn_;
  T slope_;
};

}  // namespace bnlab
