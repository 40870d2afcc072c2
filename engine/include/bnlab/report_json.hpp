// JSON views of what the engine reports, for the WASM bindings and the CLI.
// Keys are camelCase (the page's JavaScript reads them directly). Non-finite
// numbers (a diverged run's losses) become null, never NaN or Infinity, which
// JSON cannot carry.
#pragma once
#include <string>
#include <vector>

#include "bnlab/experiment.hpp"

namespace bnlab {

// {"name","step","epoch","diverged","divergedStep","lastGoodStep","trainLoss","testLoss",
//  "trainAcc","testAcc","batchLoss","preact":[[p15,p50,p85],...],
//  "bn":[{"layer","batchMean","batchVar","runningMean","runningVar","gamma","beta"}],
//  "standardized","inputMean":[m1,m2],"inputStd":[s1,s2]}
// divergedStep is -1 or the step (from 1) that diverged; lastGoodStep the step
// of the state the rest describes (see RunReport).
std::string run_report_json(const RunReport& r);

// {"step":S,"runs":[RunReport...]} for every run of the experiment.
std::string experiment_report_json(const Experiment& e);

// [{"name","title","description","look","views":[...],"lesson","config":{...}}]
// for every preset; "config" is the preset's own JSON (the fields it sets), not
// the normalized config.
std::string presets_json();

// {"error":"","layer","unit","examples","z","zNorm","zTilde","mu","var","eps",
//  "gamma","beta"}, or {"error":"..."} alone.
std::string bn_inspect_json(const Result<BnInspect>& r);

// {"error":"","zNorm":[...]}, or {"error":"..."} alone.
std::string batch_noise_json(const Result<std::vector<double>>& r);
// {"error":"", "loss", "stepSizes", "losses", "lossVariation", "gradNorm", "gradChange", "beta"}
std::string smoothness_json(const Result<Smoothness>& r);

}  // namespace bnlab
