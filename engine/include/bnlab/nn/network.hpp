// A feed-forward network built from a ModelConfig. Hidden layer l is
//   BN before the activation (default):  Dense(no bias) -> BatchNorm -> g
//   BN after the activation:             Dense(bias)    -> g -> BatchNorm
//   no BN:                               Dense(bias)    -> g
// then a Dense output layer (1 logit for 2 classes, K logits otherwise). With
// model.dropout > 0 each hidden layer ends with a Dropout (nn/dropout.hpp)
// before the next dense layer.
// The dense layer feeding a BN has no bias: the mean subtraction would cancel
// it, and beta takes its place (model.bn_bias gives it one, starting at 0).
//
// All parameters live in one flat buffer (gradients in another), so the
// optimizer is one loop. Activation buffers come in two workspaces, each sized
// once: training forwards and backward use one (train_capacity columns), every
// other forward (evaluation, grids, probes) the other (eval_capacity), so no
// evaluation between a training forward and its backward can change a
// gradient. Forward/backward within capacity allocate nothing.
#pragma once
#include <algorithm>
#include <memory>
#include <vector>

#include "bnlab/config.hpp"
#include "bnlab/nn/activation.hpp"
#include "bnlab/nn/batchnorm.hpp"
#include "bnlab/nn/dense.hpp"
#include "bnlab/nn/dropout.hpp"
#include "bnlab/nn/kernels.hpp"
#include "bnlab/nn/loss.hpp"
#include "bnlab/rng.hpp"

namespace bnlab {

template <class T>
class Network {
 public:
  Network(const ModelConfig& m, int inputs, int outputs, uint64_t seed, int train_capacity, int eval_capacity)
      // Dropout masks: a stream of their own, so networks that differ only in
      // dropout start from the same weights and see the same mini-batches.
      : dropout_rng_(std::make_unique<Rng>(mix_seed(seed, 0xD209, 0))) {
    // The layer order and the bias rule come from layer_plan (config.hpp), the
    // one place the page's diagram and the cost model also read.
    for (const LayerSpec& s : layer_plan(m, inputs, outputs)) {
      switch (s.kind) {
        case LayerSpec::Kind::dense:
          add(std::make_unique<Dense<T>>(s.in, s.out, s.bias));
          break;
        case LayerSpec::Kind::batchnorm:
          add(std::make_unique<BatchNorm<T>>(s.out, T(m.bn_eps), T(m.bn_momentum),
                                             m.bn_formula == BnFormula::notes, s.affine));
          break;
        case LayerSpec::Kind::activation:
          preact_.push_back(static_cast<int>(layers_.size()));  // input of the activation
          add(std::make_unique<ActivationLayer<T>>(s.out, s.fn, T(m.leaky_slope)));
          break;
        case LayerSpec::Kind::dropout: {
          auto d = std::make_unique<Dropout<T>>(s.out, m.dropout, train_capacity, dropout_rng_.get());
          dropouts_.push_back(d.get());
          add(std::move(d));
          break;
        }
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
    train_acts_ = activation_buffers(inputs, train_capacity);
    dacts_ = train_acts_;
    eval_acts_ = activation_buffers(inputs, eval_capacity);
    // Batch norm directly before a piecewise-linear activation runs as one
    // layer pair (BatchNorm::forward_then / backward_through).
    for (size_t k = 0; k + 1 < layers_.size(); ++k) {
      auto* a = dynamic_cast<ActivationLayer<T>*>(layers_[k + 1].get());
      const bool fuse = layers_[k]->kind() == LayerKind::batchnorm && a &&
                        a->with_piecewise_linear([](auto) {});
      fused_.push_back(fuse);
    }
    fused_.push_back(false);
    for (auto& L : layers_)
      if (auto* bn = dynamic_cast<BatchNorm<T>*>(L.get())) bns_.push_back(bn);
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

  // Columns a forward in this mode can take at once.
  int capacity(Mode mode) const { return int(acts(mode).front().cols()); }
  int outputs() const { return int(train_acts_.back().rows()); }

  // Input buffer of the workspace a forward in this mode uses (inputs x
  // capacity(mode)): fill the first n columns, then forward(n, mode).
  Mat<T>& input(Mode mode) { return acts(mode).front(); }

  // Forward over the first n columns of input(mode); returns the logits block.
  MatRef<T> forward(int n, Mode mode) {
    std::vector<Mat<T>>& a = acts(mode);
    for (size_t k = 0; k < layers_.size(); ++k) {
      if (fused_[k]) {  // batch norm k and its activation k + 1
        bn_activation(k)->with_piecewise_linear([&](auto g) {
          batchnorm(k)->forward_then(a[k].leftCols(n), a[k + 1].leftCols(n), mode, g, a[k + 2].data());
        });
        ++k;
        continue;
      }
      layers_[k]->forward(a[k].leftCols(n), a[k + 1].leftCols(n), mode);
    }
    return a.back().leftCols(n);
  }

  // Mean loss of the last train forward over n columns; fills all gradients.
  T backward(LossKind loss, int n, const int* labels) {
    std::vector<Mat<T>>& a = train_acts_;
    const T value = loss_grad<T>(loss, a.back().leftCols(n), labels, dacts_.back().leftCols(n));
    for (size_t k = layers_.size(); k-- > 0;) {
      if (k > 0 && fused_[k - 1]) {  // activation k, then batch norm k - 1, in one pass
        --k;
        bn_activation(k)->with_piecewise_linear([&](auto g) {
          batchnorm(k)->backward_through(a[k].leftCols(n), a[k + 1].leftCols(n), g, dacts_[k + 2].data(),
                                         dacts_[k].leftCols(n), k > 0);
        });
        continue;
      }
      layers_[k]->backward(a[k].leftCols(n), a[k + 1].leftCols(n), dacts_[k + 1].leftCols(n),
                           dacts_[k].leftCols(n), k > 0);
    }
    return value;
  }

  Vec<T>& params() { return params_; }
  Vec<T>& grads() { return grads_; }
  const std::vector<std::unique_ptr<Layer<T>>>& layers() const { return layers_; }

  // Per-parameter L2 coefficient: l2 on dense weights, 0 elsewhere.
  Vec<T> decay_mask(double l2) const {
    Vec<T> d = Vec<T>::Zero(params_.size());
    for (size_t k = 0; k < layers_.size(); ++k)
      if (auto* dl = dynamic_cast<const Dense<T>*>(layers_[k].get()))
        d.segment(offsets_[k], dl->out() * dl->in()).setConstant(T(l2));
    return d;
  }

  // Activations entering each hidden layer's nonlinearity, over n columns of
  // the last forward in an evaluation mode (not train).
  int num_hidden() const { return static_cast<int>(preact_.size()); }
  MatRef<T> preactivation(int hidden, int n) { return eval_acts_[preact_[hidden]].leftCols(n); }

  // Input of the i-th batch-norm layer over n columns of the last forward in
  // an evaluation mode (not train).
  MatRef<T> batchnorm_input(int i, int n) {
    int seen = 0;
    for (size_t k = 0; k < layers_.size(); ++k)
      if (layers_[k]->kind() == LayerKind::batchnorm && seen++ == i) return eval_acts_[k].leftCols(n);
    return eval_acts_[0].leftCols(0);
  }

  const std::vector<BatchNorm<T>*>& batchnorms() const { return bns_; }

  // The dropout layers, in order (none when model.dropout is 0), and the
  // stream their masks come from (copyable: Run::smoothness saves and restores it).
  const std::vector<Dropout<T>*>& dropouts() const { return dropouts_; }
  Rng& dropout_stream() { return *dropout_rng_; }

  // The network's state, what a report reads besides the data: the
  // parameters, then per batch norm its running and last-batch statistics.
  int state_size() const {
    int n = int(params_.size());
    for (const BatchNorm<T>* bn : bns_) n += 4 * bn->in();
    return n;
  }

  // Whether every value of the state is finite (one read-only pass).
  bool state_finite() const {
    bool finite = kernels::all_finite(params_.data(), int(params_.size()));
    for (const BatchNorm<T>* bn : bns_)
      for (const Vec<T>* v : {&bn->running_mean, &bn->running_var, &bn->batch_mean, &bn->batch_var})
        finite &= kernels::all_finite(v->data(), int(v->size()));
    return finite;
  }

  // The state to `to` (state_size() values), and back.
  void save_state(T* to) const {
    to = std::copy(params_.data(), params_.data() + params_.size(), to);
    for (const BatchNorm<T>* bn : bns_)
      for (const Vec<T>* v : {&bn->running_mean, &bn->running_var, &bn->batch_mean, &bn->batch_var})
        to = std::copy(v->data(), v->data() + v->size(), to);
  }

  void load_state(const T* from) {
    std::copy(from, from + params_.size(), params_.data());
    from += params_.size();
    for (BatchNorm<T>* bn : bns_)
      for (Vec<T>* v : {&bn->running_mean, &bn->running_var, &bn->batch_mean, &bn->batch_var}) {
        std::copy(from, from + v->size(), v->data());
        from += v->size();
      }
  }

 private:
  void add(std::unique_ptr<Layer<T>> L) { layers_.push_back(std::move(L)); }
  std::vector<Mat<T>>& acts(Mode mode) { return mode == Mode::train ? train_acts_ : eval_acts_; }
  const std::vector<Mat<T>>& acts(Mode mode) const { return mode == Mode::train ? train_acts_ : eval_acts_; }
  // Zeroed buffers for the input and every layer's output, `columns` wide.
  std::vector<Mat<T>> activation_buffers(int inputs, int columns) const {
    std::vector<Mat<T>> a;
    a.push_back(Mat<T>::Zero(inputs, columns));
    for (auto& L : layers_) a.push_back(Mat<T>::Zero(L->out(), columns));
    return a;
  }
  // Layer k and the activation after it, where fused_[k].
  BatchNorm<T>* batchnorm(size_t k) const { return static_cast<BatchNorm<T>*>(layers_[k].get()); }
  const ActivationLayer<T>* bn_activation(size_t k) const {
    return static_cast<const ActivationLayer<T>*>(layers_[k + 1].get());
  }

  std::vector<std::unique_ptr<Layer<T>>> layers_;
  std::unique_ptr<Rng> dropout_rng_;  // on the heap: the layers keep its address
  std::vector<BatchNorm<T>*> bns_;  // the batch-norm layers, in order
  std::vector<Dropout<T>*> dropouts_;
  std::vector<int> offsets_, preact_;
  std::vector<bool> fused_;  // layer k is a batch norm run together with activation k + 1
  Vec<T> params_, grads_;
  // acts[k] is the input of layer k; dacts_[k] its gradient (training only).
  std::vector<Mat<T>> train_acts_, eval_acts_, dacts_;
};

}  // namespace bnlab
