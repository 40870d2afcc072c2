#include "enums.hpp"

namespace bnlab {
namespace cfg {

template <>
const std::vector<std::string>& enum_names<DatasetKind>() {
  static const std::vector<std::string> n = {"circle", "xor",          "gauss", "spiral",
                                             "moons",  "checkerboard", "blobs", "custom"};
  return n;
}
template <>
const std::vector<std::string>& enum_names<Activation>() {
  static const std::vector<std::string> n = {"relu", "leaky_relu", "tanh", "sigmoid", "linear"};
  return n;
}
template <>
const std::vector<std::string>& enum_names<BnPlacement>() {
  static const std::vector<std::string> n = {"before", "after"};
  return n;
}
template <>
const std::vector<std::string>& enum_names<BnFormula>() {
  static const std::vector<std::string> n = {"standard", "notes"};
  return n;
}
template <>
const std::vector<std::string>& enum_names<Init>() {
  static const std::vector<std::string> n = {"he", "xavier", "gaussian"};
  return n;
}
template <>
const std::vector<std::string>& enum_names<OptimizerKind>() {
  static const std::vector<std::string> n = {"sgd", "momentum", "rmsprop", "adam"};
  return n;
}

}  // namespace cfg

const char* to_string(DatasetKind k) { return cfg::enum_names<DatasetKind>()[static_cast<int>(k)].c_str(); }
const char* to_string(Activation k) { return cfg::enum_names<Activation>()[static_cast<int>(k)].c_str(); }
const char* to_string(BnPlacement k) { return cfg::enum_names<BnPlacement>()[static_cast<int>(k)].c_str(); }
const char* to_string(BnFormula k) { return cfg::enum_names<BnFormula>()[static_cast<int>(k)].c_str(); }
const char* to_string(Init k) { return cfg::enum_names<Init>()[static_cast<int>(k)].c_str(); }
const char* to_string(OptimizerKind k) { return cfg::enum_names<OptimizerKind>()[static_cast<int>(k)].c_str(); }

}  // namespace bnlab
