// A layer is a forward/backward pair over a batch. Parameters and their
// gradients live in the network's flat buffers; a layer holds views into them
// and whatever per-feature statistics it needs for backward.
#pragma once
#include "bnlab/nn/tensor.hpp"

namespace bnlab {

enum class LayerKind { dense, batchnorm, activation, dropout };

template <class T>
class Layer {
 public:
  virtual ~Layer() = default;
  virtual LayerKind kind() const = 0;
  virtual int in() const = 0;
  virtual int out() const = 0;
  virtual int num_params() const { return 0; }
  // p and g point at num_params() values each in the flat buffers.
  virtual void bind(T* /*p*/, T* /*g*/) {}
  // y (out x n) = layer(x (in x n)).
  virtual void forward(CMatRef<T> x, MatRef<T> y, Mode mode) = 0;
  // Given x, y of the last train-mode forward and dL/dy: write parameter
  // gradients, and dL/dx when need_dx. What a layer saves for backward (batch
  // norm's statistics) comes from that forward only: forwards in other modes
  // in between change nothing backward reads.
  virtual void backward(CMatRef<T> x, CMatRef<T> y, CMatRef<T> dy, MatRef<T> dx, bool need_dx) = 0;
};

}  // namespace bnlab
