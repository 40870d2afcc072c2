// JSON views of what the engine reports, for the WASM bindings and the CLI.
// Keys are camelCase (the page's JavaScript reads them directly). Non-finite
// numbers (a diverged run's losses) become null, never NaN or Infinity, which
// JSON cannot carry.
#pragma once
#include <string>

#include "bnlab/experiment.hpp"

namespace bnlab {

// {"name","step","epoch","diverged","divergedStep","trainLoss","testLoss",
//  "trainAcc","testAcc","batchLoss","preact":[[p15,p50,p85],...],
//  "bn":[{"layer","batchMean","batchVar","runningMean","runningVar","gamma","beta"}]}
std::string run_report_json(const RunReport& r);

// {"step":S,"runs":[RunReport...]} for every run of the experiment.
std::string experiment_report_json(const Experiment& e);

// [{"name","title","description","config":{...}}] for every preset; "config" is
// the preset's own JSON (the fields it sets), not the normalized config.
std::string presets_json();

}  // namespace bnlab
