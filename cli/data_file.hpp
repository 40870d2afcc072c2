// bnlab run --data FILE: the learner's own points (CSV, engine/include/bnlab/data_csv.hpp).
#pragma once
#include <string>
#include <vector>

#include "bnlab/dataset.hpp"

namespace bnlab_cli {

// Reads and checks FILE. On success fills points and appends to sets what the
// file decides (data.name=custom, data.points=ROWS), after the user's settings.
// Else the one error line: "FILE:LINE: what is wrong" (a file too large:
// "FILE: what is wrong"), "cannot read --data file 'FILE': why", or a --set of
// data.name or data.points that disagrees with the file.
std::string load_data_file(const std::string& path, std::vector<std::string>& sets, bnlab::CustomPoints& points);

}  // namespace bnlab_cli
