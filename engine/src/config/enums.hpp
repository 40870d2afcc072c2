// The names of the config's enums, in enum order: what configs, reports and
// traces spell (and the schema exports).
#pragma once
#include <string>
#include <vector>

#include "bnlab/config.hpp"

namespace bnlab::cfg {

template <class E>
const std::vector<std::string>& enum_names();

template <>
const std::vector<std::string>& enum_names<DatasetKind>();
template <>
const std::vector<std::string>& enum_names<Activation>();
template <>
const std::vector<std::string>& enum_names<BnPlacement>();
template <>
const std::vector<std::string>& enum_names<BnFormula>();
template <>
const std::vector<std::string>& enum_names<Init>();
template <>
const std::vector<std::string>& enum_names<OptimizerKind>();

}  // namespace bnlab::cfg
