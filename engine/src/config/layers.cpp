// The layer list of a network: Network<T> builds exactly this (nn/network.hpp),
// the page's diagram and normalize_config's derived.runs[].layers read it, and
// the cost model counts it.
#include "bnlab/config.hpp"

namespace bnlab {

int outputs_for(int classes) { return classes == 2 ? 1 : classes; }

std::vector<LayerSpec> layer_plan(const ModelConfig& m, int inputs, int outputs) {
  using K = LayerSpec::Kind;
  std::vector<LayerSpec> plan;
  const bool bn = m.batchnorm, before = m.bn_placement == BnPlacement::before;
  int width = inputs;
  for (int h : m.hidden) {
    // The dense layer feeding a BN has no bias: beta takes its place. With
    // model.bn_bias it has one (the mean subtraction cancels it).
    plan.push_back({K::dense, width, h, !(bn && before) || m.bn_bias, true, m.activation});
    if (bn && before) plan.push_back({K::batchnorm, h, h, false, m.bn_affine, m.activation});
    plan.push_back({K::activation, h, h, false, true, m.activation});
    if (bn && !before) plan.push_back({K::batchnorm, h, h, false, m.bn_affine, m.activation});
    if (m.dropout > 0) plan.push_back({K::dropout, h, h, false, true, m.activation});
    width = h;
  }
  plan.push_back({K::dense, width, outputs, true, true, m.activation});
  return plan;
}

}  // namespace bnlab
