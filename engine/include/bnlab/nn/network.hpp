// A feed-forward network built from a ModelConfig. Hidden layer l is
//   BN before the activation (default):  Dense(no bias) -> BatchNorm -> g
//   BN after the activation:             Dense(bias)    -> g -> BatchNorm
//   no BN:                               Dense(bias)    -> g
// then a Dense output layer (1 logit for 2 classes, K logits otherwise).
// The dense layer feeding a BN has no bias: the mean subtraction would cancel
// it, and beta takes its place.
//
// All parameters live in one flat buffer (gradients in another), so the
// optimizer is one loop. Activation buffers are sized once for `capacity`
// columns; forward/backward on n <= capacity columns allocate nothing.
#pragma once
#include <memory>
#include <vector>

#include "bnlab/config.hpp"
#include "bnlab/nn/activation.hpp"
#include "bnlab/nn/batchnorm.hpp"
#include "bnlab/nn/dense.hpp"
#include "bnlab/nn/loss.hpp"
#include "bnlab/rng.hpp"

namespace bnlab {

template <class T>
class Network {
 public:
  Network(const ModelConfig& m, int inputs, int outputs, uint64_t seed, int capacity)
      : capacity_(capacity) {
    // The layer order and the bias rule come from layer_plan (config.hpp), the
    // one place the page's diagram and the cost model also read.
    for (const LayerSpec& s : layer_plan(m, inputs, outputs)) {
      switch (s.kind) {
        case LayerSpec::Kind::dense:
          add(std::make_unique<Dense<T>>(s.in, s.out, s.bias));
          break;
        case LayerSpec::Kind::batchnorm:
          add(std::make_unique<BatchNorm<T>>(s.out, T(m.bn_eps), T(m.bn_momentum)));
          break;
        case LayerSpec::Kind::activation:
          preact_.push_back(static_cast<int>(layers_.size()));  // input of the activation
          add(std::make_unique<ActivationLayer<T>>(s.out, s.fn, T(m.leaky_slope)));
          break;
      }
    }

    // Flat storage, then views.
    int total = 0;
    for (auto& L : layers_) total += L->num_params();
    params_ = Vec<T>::Zero(total);
    grads_ = Vec<T>::Zero(total);
    int off = 0;
    for (auto& L : layers_) {
      L->bind(params_.data() + off, grads_.data() + off);
      offsets_.push_back(off);
      off += L->num_params();
    }
    acts_.emplace_back(inputs, capacity);
    for (auto& L : layers_) acts_.emplace_back(L->out(), capacity);
    for (auto& a : acts_) a.setZero();
    dacts_ = acts_;
    // Batch norm directly before a piecewise-linear activation runs as one
    // layer pair (BatchNorm::forward_then / backward_through).
    for (size_t k = 0; k + 1 < layers_.size(); ++k) {
      auto* a = dynamic_cast<ActivationLayer<T>*>(layers_[k + 1].get());
      const bool fuse = layers_[k]->kind() == LayerKind::batchnorm && a &&
                        a->with_piecewise_linear([](auto) {});
      fused_.push_back(fuse);
    }
    fused_.push_back(false);
    init(m, seed);
  }

  // Weights from per-layer streams, so networks that differ only in BN get the
  // same dense weights. Rows drawn in PyTorch order (out x in).
  void init(const ModelConfig& m, uint64_t seed) {
    int dense_index = 0;
    for (auto& L : layers_) {
      if (auto* d = dynamic_cast<Dense<T>*>(L.get())) {
        Rng rng(mix_seed(seed, 0x1417, dense_index++));
        const double fan_in = d->in(), fan_out = d->out();
        double std = m.init_std;
        if (m.init == Init::he) std = std::sqrt(2.0 / fan_in);
        if (m.init == Init::xavier) std = std::sqrt(2.0 / (fan_in + fan_out));
        for (int o = 0; o < d->out(); ++o)
          for (int i = 0; i < d->in(); ++i) d->W(o, i) = T(rng.normal() * std);
        if (d->has_bias()) d->b.setZero();
      } else if (auto* bn = dynamic_cast<BatchNorm<T>*>(L.get())) {
        bn->gamma.setOnes();
        bn->beta.setZero();
      }
    }
  }

  int capacity() const { return capacity_; }
  int inputs() const { return static_cast<int>(acts_.front().rows()); }
  int outputs() const { return static_cast<int>(acts_.back().rows()); }

  // Input buffer (inputs x capacity): fill the first n columns, then forward(n).
  Mat<T>& input() { return acts_.front(); }

  // Forward over the first n columns of input(); returns the logits block.
  MatRef<T> forward(int n, Mode mode) {
    for (size_t k = 0; k < layers_.size(); ++k) {
      if (fused_[k]) {  // batch norm k and its activation k + 1
        bn_activation(k)->with_piecewise_linear([&](auto g) {
          batchnorm(k)->forward_then(acts_[k].leftCols(n), acts_[k + 1].leftCols(n), mode, g, acts_[k + 2].data());
        });
        ++k;
        continue;
      }
      layers_[k]->forward(acts_[k].leftCols(n), acts_[k + 1].leftCols(n), mode);
    }
    return acts_.back().leftCols(n);
  }

  // Mean loss of the last train forward over n columns; fills all gradients.
  T backward(LossKind loss, int n, const int* labels) {
    const T value = loss_grad<T>(loss, acts_.back().leftCols(n), labels, dacts_.back().leftCols(n));
    for (size_t k = layers_.size(); k-- > 0;) {
      if (k > 0 && fused_[k - 1]) {  // activation k, then batch norm k - 1, in one pass
        --k;
        bn_activation(k)->with_piecewise_linear([&](auto g) {
          batchnorm(k)->backward_through(acts_[k].leftCols(n), acts_[k + 1].leftCols(n), g, dacts_[k + 2].data(),
                                         dacts_[k].leftCols(n), k > 0);
        });
        continue;
      }
      layers_[k]->backward(acts_[k].leftCols(n), acts_[k + 1].leftCols(n), dacts_[k + 1].leftCols(n),
                           dacts_[k].leftCols(n), k > 0);
    }
    return value;
  }

  Vec<T>& params() { return params_; }
  Vec<T>& grads() { return grads_; }
  const std::vector<std::unique_ptr<Layer<T>>>& layers() const { return layers_; }
  int param_offset(size_t layer) const { return offsets_[layer]; }

  // Per-parameter L2 coefficient: l2 on dense weights, 0 elsewhere.
  Vec<T> decay_mask(double l2) const {
    Vec<T> d = Vec<T>::Zero(params_.size());
    for (size_t k = 0; k < layers_.size(); ++k)
      if (auto* dl = dynamic_cast<const Dense<T>*>(layers_[k].get()))
        d.segment(offsets_[k], dl->out() * dl->in()).setConstant(T(l2));
    return d;
  }

  // Activations entering each hidden layer's nonlinearity (after the last forward).
  int num_hidden() const { return static_cast<int>(preact_.size()); }
  MatRef<T> preactivation(int hidden, int n) { return acts_[preact_[hidden]].leftCols(n); }

  // Input of the i-th batch-norm layer over n columns (after the last forward).
  MatRef<T> batchnorm_input(int i, int n) {
    int seen = 0;
    for (size_t k = 0; k < layers_.size(); ++k)
      if (layers_[k]->kind() == LayerKind::batchnorm && seen++ == i) return acts_[k].leftCols(n);
    return acts_[0].leftCols(0);
  }

  std::vector<BatchNorm<T>*> batchnorms() const {
    std::vector<BatchNorm<T>*> out;
    for (auto& L : layers_)
      if (auto* bn = dynamic_cast<BatchNorm<T>*>(L.get())) out.push_back(bn);
    return out;
  }

 private:
  void add(std::unique_ptr<Layer<T>> L) { layers_.push_back(std::move(L)); }
  // Layer k and the activation after it, where fused_[k].
  BatchNorm<T>* batchnorm(size_t k) const { return static_cast<BatchNorm<T>*>(layers_[k].get()); }
  const ActivationLayer<T>* bn_activation(size_t k) const {
    return static_cast<const ActivationLayer<T>*>(layers_[k + 1].get());
  }

  int capacity_;
  std::vector<std::unique_ptr<Layer<T>>> layers_;
  std::vector<int> offsets_, preact_;
  std::vector<bool> fused_;  // layer k is a batch norm run together with activation k + 1
  Vec<T> params_, grads_;
  std::vector<Mat<T>> acts_, dacts_;  // acts_[k] is the input of layer k
};

}  // namespace bnlab
