// Embind bindings: the ES module bnlab.mjs the page loads. This file only
// registers and converts; every decision about configs, training and reports
// is the engine's. Few, large calls: step(n) trains many mini-batches, grid()
// fills a whole decision grid into an engine-owned buffer seen from JS as a
// typed-array view (valid until the next call or memory growth: slice it).
//
// No C++ exceptions cross this boundary, and nothing here can abort the module:
// the engine returns errors as values (one line, bounded in length), every
// JSON text from JS is read by the engine's bounded reader (length, depth,
// NUL bytes, duplicate keys), and every JSON written here replaces invalid
// UTF-8 (a Uint8Array argument arrives as raw bytes) instead of throwing.
//
// The API (the page codes against it; extend only additively; contracts in
// docs/DESIGN.md):
//   new Lab() ... lab.delete()
//   lab.configure(json) -> "" or the one-line error (the old experiment stays)
//   lab.config() -> normalized config JSON ("" before a successful configure)
//   lab.step(n); lab.stepCount(); lab.numRuns()
//   lab.report() -> {"step":S,"runs":[RunReport...]} (report_json.hpp)
//   lab.grid(run, w, h, mode) -> Float32Array view, w*h*gridChannels() values,
//       row-major from the top-left (y = ymax); mode 0 inference (running
//       averages), 1 last training batch's statistics, 2 each cell alone
//   lab.gridChannels(); lab.classes(); lab.extent() -> [xmin, xmax, ymin, ymax]
//   lab.trainX() / testX() -> Float32Array (x1, x2 interleaved, raw coordinates)
//   lab.trainY() / testY() -> Int32Array
//   lab.inspect(run, bn, unit) -> {"error":"", "z":[..], "zNorm", "zTilde", "mu", ...}
//   lab.makeIdentity(run, bn, unit) -> inspect()'s JSON after setting the unit's
//       gamma = sqrt(sigma^2 + eps), beta = mu (Experiment::make_identity), or {"error"}
//   lab.batchNoise(run, bn, unit, example, samples) -> {"error":"", "zNorm":[..]}
//   lab.smoothness(run) -> {"error":"", "losses":[..], "lossVariation", "gradChange", "beta", ...}
//   presets() -> [{"name","title","description","look","views","lesson","config",...,"speed","stop"}]
//   presetConfig(name) -> config JSON text or ""
//   applySets(json, setsJson) -> {"json","error"}  (setsJson: ["key=value",...])
//   applySetsLenient(json, setsJson) -> {"json","errors":[...]}
//   configKeys() -> ["help line", ...]
//   The learner's own data: parseData, dataSizeError, lab.configureWithData,
//   lab.dataCsv (documented at their block below).
//   Responsiveness and memory (web/worker.js builds snapshots in slices):
//   lab.gridRows(run, w, h, mode, r0, r1) -> Float32Array view of rows r0..r1-1
//       of grid(run, w, h, mode) ((r1 - r0) * w * gridChannels() values, equal
//       bit for bit); empty for out-of-range arguments
//   lab.runReport(run) -> one RunReport's JSON, as in report()'s "runs" ("" if no such run)
//   lab.configureBegin(json) / lab.configureWithDataBegin(json, csv) -> "" or
//       the error (validation, at once; nothing built); "" starts a build in
//       pieces (ExperimentBuild: the data, then each run), replacing any pending one
//   lab.configureStep() -> {done, error}: the build's next piece (1 MB of fresh
//       memory touched, the data, or one run); done: the new
//       experiment has replaced the old one; an error ends the build and the
//       old experiment stays (as with configure(), which is begin + every step)
//   lab.configureCancel(); lab.configuring() -> whether a build is pending
//   lab.stepBegin(n) -> false if n < 1 or a step is pending; lab.stepNextRun()
//       -> true once every run has taken the n steps (stepCount() moved on);
//       lab.stepPendingRuns() -> runs still to train (Experiment::step_begin).
//       step(n) finishes a pending step first. Reports and grids between parts
//       would show runs at different steps: finish the step first.
//   memoryInUse() -> bytes the allocator has handed out and not had back
//       (mallinfo uordblks; WASM memory itself never shrinks: HEAPU8.length)
//
// The schema, owned by the engine (engine/src/config/schema.cpp), so the page
// holds no copy of a config rule:
//   schema() -> {"version":1,
//       "fields":[{"key","kind","default","perRun","help","allowed",
//                  integer|number: "min","max","minOpen","maxOpen",
//                  name: "names":[...],
//                  int_list: "items":{min,max,minOpen,maxOpen},"maxItems",
//                  pair: "items" (bounds of each |x|),"itemsAbsolute":true,"maxItems":2}, ...],
//                 in table order; kind is integer, number, boolean, name, int_list or pair;
//       "runs":{"min","max","nameMaxChars","nameRule","perRunKeys":[...],"default":[...]},
//       "limits":{"maxRuns","maxHiddenLayers","maxWidth","maxPoints","maxSteps","maxClasses",
//                 "runNameMaxChars","gridSide","probeBatch","maxBytes","maxStepFlops",
//                 "maxSnapshotFlops","maxSettings","maxSettingChars","maxJsonChars","maxJsonDepth"}}
//   normalizeConfig(json) -> {"ok","error","config" (normalized) | null,
//       "derived": {"trainSize","testSize","classes" (null for custom data),
//                   "runs":[{"name","overrides":[{"key","value","text"}],
//                            "settings":{every per-run key: its effective value},
//                            "layers":[{"kind":"dense","in","out","bias"} |
//                                      {"kind":"batchnorm","features"} |
//                                      {"kind":"activation","fn"} |
//                                      {"kind":"dropout","features"}, ...]}],
//                   "cost":{"bytes","stepFlops","reportFlops","gridFlops","snapshotFlops"}} | null}
//       without building an Experiment (no data, no networks); layers come from
//       layer_plan, the code Network is built from.
//   valueToText(key, valueJson) -> {"ok","text","error"}   e.g. [16,16] -> "16,16", [] -> "[]"
//   valueFromText(key, text) -> {"ok","value","error"}      the --set / URL-hash text
//   changedSettings(baseJson, configJson) -> [[key, text], ...] in table order, runs
//       last as compact JSON when they differ; {"error": "..."} if either is invalid
#include <malloc.h>

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bnlab/config.hpp"
#include "bnlab/data_csv.hpp"
#include "bnlab/experiment.hpp"
#include "bnlab/report_json.hpp"

namespace {

using emscripten::typed_memory_view;
using emscripten::val;
using nlohmann::json;

template <class T>
val view_of(const std::vector<T>& v) {
  return val(typed_memory_view(v.size(), v.data()));
}

// One experiment as seen from JS. configure() replaces the owned Experiment
// only when the new config is valid, so an error leaves the old one running.
class Lab {
 public:
  std::string configure(const std::string& json_text) { return finish(configure_begin(json_text)); }

  // configure() in pieces (see the API above): validation here, at once.
  std::string configure_begin(const std::string& json_text) {
    configure_cancel();
    bnlab::Result<bnlab::Config> cfg = bnlab::parse_config(json_text);
    if (!cfg.ok()) return cfg.error;
    if (cfg.value.data.name == bnlab::DatasetKind::custom && custom_points_in_use())
      return configure_with_points_begin(json_text, bnlab::dataset_points(experiment_->dataset()));
    return hold(bnlab::ExperimentBuild::begin(cfg.value));
  }

  // One piece of the pending build: {done, error}. Done: the new experiment
  // has replaced the old one. An error ends the build; the old one stays.
  val configure_step() {
    bool done = false;
    const std::string error = next_piece(done);
    val out = val::object();
    out.set("done", done);
    out.set("error", error);
    return out;
  }

  // The pending build's next piece: its error, or "" (done says whether the
  // new experiment is in place). Plain C++, so finish() and the native fuzz
  // build (tests/fuzz/embind_stub) run it without Embind.
  std::string next_piece(bool& done) {
    std::string error = building_ ? building_->step() : std::string("no configure in progress");
    done = error.empty() && building_->done();
    if (done) adopt(building_->take());
    if (done || !error.empty()) building_.reset();
    return error;
  }

  // Drops the pending build (nothing else changes).
  void configure_cancel() { building_.reset(); }

  bool configuring() const { return building_ != nullptr; }

  // The new experiment replaces the old one.
  void adopt(std::unique_ptr<bnlab::Experiment> built) {
    experiment_ = std::move(built);
    config_json_ = bnlab::config_to_json(experiment_->config());
    const bnlab::Dataset& d = experiment_->dataset();
    copy_points(d.train, train_x_, train_y_);
    copy_points(d.test, test_x_, test_y_);
    empty_grid_.clear();
  }

  std::string config() const { return config_json_; }

  void step(int n) {
    if (experiment_ && n > 0) experiment_->step(n);
  }

  // A step in parts, run by run (Experiment::step_begin): the worker spends
  // its tick's budget run by run, so only one run's step can overrun it.
  bool step_begin(int n) { return experiment_ && experiment_->step_begin(n); }
  bool step_next_run() { return !experiment_ || experiment_->step_next_run(); }
  int step_pending_runs() const { return experiment_ ? experiment_->step_pending_runs() : 0; }

  double step_count() const {  // int64 -> JS number (exact below 2^53)
    return experiment_ ? static_cast<double>(experiment_->step_count()) : 0;
  }

  int num_runs() const { return experiment_ ? experiment_->num_runs() : 0; }

  std::string report() const {
    return experiment_ ? bnlab::experiment_report_json(*experiment_)
                       : std::string(R"({"step":0,"runs":[]})");
  }

  // mode: 0 inference (running averages), 1 last training batch's statistics,
  // 2 each cell alone (a batch of one). Out-of-range arguments give an empty
  // view rather than reading past buffers.
  val grid(int run, int w, int h, int mode) {
    if (!experiment_ || run < 0 || run >= experiment_->num_runs() || w < 1 || h < 1 ||
        w > kMaxGridSide || h > kMaxGridSide || mode < 0 || mode > 2) {
      return view_of(empty_grid_);
    }
    const bnlab::GridMode modes[] = {bnlab::GridMode::inference, bnlab::GridMode::last_batch,
                                     bnlab::GridMode::single};
    const float* cells = experiment_->grid(run, w, h, modes[mode]);
    size_t count = static_cast<size_t>(w) * h * experiment_->grid_channels();
    return val(typed_memory_view(count, cells));
  }

  val grid_rows(int run, int w, int h, int mode, int r0, int r1) {
    if (!experiment_ || run < 0 || run >= experiment_->num_runs() || w < 1 || h < 1 ||
        w > kMaxGridSide || h > kMaxGridSide || mode < 0 || mode > 2 || r0 < 0 || r1 > h || r0 >= r1) {
      return view_of(empty_grid_);
    }
    const bnlab::GridMode modes[] = {bnlab::GridMode::inference, bnlab::GridMode::last_batch,
                                     bnlab::GridMode::single};
    const float* cells = experiment_->grid_rows(run, w, h, r0, r1, modes[mode]);
    size_t count = static_cast<size_t>(w) * (r1 - r0) * experiment_->grid_channels();
    return val(typed_memory_view(count, cells));
  }

  std::string run_report(int run) const {
    if (!experiment_ || run < 0 || run >= experiment_->num_runs()) return "";
    return bnlab::run_report_json(experiment_->report(run));
  }

  std::string inspect(int run, int bn, int unit) {
    if (!experiment_) return kNotConfigured;
    return bnlab::bn_inspect_json(experiment_->inspect(run, bn, unit));
  }

  std::string make_identity(int run, int bn, int unit) {
    if (!experiment_) return kNotConfigured;
    return bnlab::bn_inspect_json(experiment_->make_identity(run, bn, unit));
  }

  std::string batch_noise(int run, int bn, int unit, int example, int samples) {
    if (!experiment_) return kNotConfigured;
    return bnlab::batch_noise_json(experiment_->batch_noise(run, bn, unit, example, samples));
  }

  // The loss landscape along the gradient (lesson 6c); the run is unchanged.
  std::string smoothness(int run) {
    if (!experiment_) return kNotConfigured;
    return bnlab::smoothness_json(experiment_->smoothness(run));
  }

  int grid_channels() const { return experiment_ ? experiment_->grid_channels() : 1; }

  int classes() const { return experiment_ ? experiment_->dataset().classes : 2; }

  val extent() const {
    val out = val::array();
    if (!experiment_) return out;
    const bnlab::Dataset& d = experiment_->dataset();
    out.call<void>("push", d.xmin);
    out.call<void>("push", d.xmax);
    out.call<void>("push", d.ymin);
    out.call<void>("push", d.ymax);
    return out;
  }

  val train_x() const { return view_of(train_x_); }
  val train_y() const { return view_of(train_y_); }
  val test_x() const { return view_of(test_x_); }
  val test_y() const { return view_of(test_y_); }

  // ---------------------------------------------------------------- the learner's own data
  //   lab.configureWithData(json, csv) -> "" or the one-line error; the CSV's
  //       ("line L: what is wrong", data_csv.hpp) or the config's (a batch size
  //       larger than the data's train set, ...). On error the old experiment
  //       stays, as with configure(). The config read back says data.name
  //       "custom" and data.points the number of rows.
  //   lab.configure(json) with data.name "custom" reuses the current
  //       experiment's points (so changing a setting keeps the learner's data);
  //       without custom points in use it is an error.
  //   lab.dataCsv() -> the current experiment's points, train and test, as CSV
  //       (x1,x2,label with a header; numbers that read back exactly): custom
  //       points in the order given, generated ones train then test; "" before
  //       a successful configure. Loading it back with the same config gives the
  //       same experiment.
  //   csv may be a string or the file's bytes (Uint8Array or ArrayBuffer).
  std::string configure_with_data(const std::string& json_text, const std::string& csv) {
    return finish(configure_with_data_begin(json_text, csv));
  }

  std::string configure_with_data_begin(const std::string& json_text, const std::string& csv) {
    configure_cancel();
    bnlab::CsvRead data = bnlab::read_points_csv(csv);
    if (!data.ok()) return data.error();
    return configure_with_points_begin(json_text, data.data);
  }

  // As bnlab run --data: the points decide data.name (custom) and data.points
  // (their number), then the config is validated, with the CLI's messages.
  std::string configure_with_points_begin(const std::string& json_text, const bnlab::CustomPoints& points) {
    const std::vector<std::string> sets = {"data.name=custom", "data.points=" + std::to_string(points.points.size())};
    bnlab::Result<std::string> text = bnlab::apply_sets(json_text, sets);
    if (!text.ok()) return text.error;
    bnlab::Result<bnlab::Config> cfg = bnlab::parse_config(text.value);
    if (!cfg.ok()) return cfg.error;
    return hold(bnlab::ExperimentBuild::begin(cfg.value, points));
  }

  std::string data_csv() const { return experiment_ ? bnlab::dataset_csv(experiment_->dataset()) : ""; }

  bool custom_points_in_use() const {
    return experiment_ && experiment_->config().data.name == bnlab::DatasetKind::custom;
  }

 private:
  static constexpr int kMaxGridSide = 1024;
  // Fresh WASM pages touched per configure piece (ExperimentBuild::warm_memory):
  // ~5 ms at the ~5 ms per MB measured on the loaded 2-core VM (a memory.grow
  // in the same piece adds ~0.5 ms per MB grown).
  static constexpr size_t kWarmChunk = 1024 * 1024;

  // A begun build becomes the pending one (or its error is returned).
  std::string hold(bnlab::Result<std::unique_ptr<bnlab::ExperimentBuild>> begun) {
    if (!begun.ok()) return begun.error;
    building_ = std::move(begun.value);
    building_->warm_memory(kWarmChunk);
    return "";
  }

  // The pending build's every piece at once (configure() in one call).
  std::string finish(const std::string& begun) {
    if (!begun.empty()) return begun;
    for (;;) {
      bool done = false;
      std::string error = next_piece(done);
      if (!error.empty() || done) return error;
    }
  }

  static constexpr const char* kNotConfigured = R"({"error":"no experiment: configure() first"})";

  // The page draws points as float32 (plenty for screen coordinates).
  static void copy_points(const bnlab::PointSet& s, std::vector<float>& x, std::vector<int>& y) {
    x.assign(s.x.begin(), s.x.end());
    y.assign(s.y.begin(), s.y.end());
  }

  std::unique_ptr<bnlab::Experiment> experiment_;
  std::unique_ptr<bnlab::ExperimentBuild> building_;  // a configure in pieces, until done
  std::string config_json_;
  std::vector<float> train_x_, test_x_;
  std::vector<int> train_y_, test_y_;
  std::vector<float> empty_grid_;
};

std::string preset_config(const std::string& name) {
  const bnlab::Preset* p = bnlab::find_preset(name);
  return p ? p->json : std::string();
}

// Every JSON written here: invalid UTF-8 becomes U+FFFD instead of an abort.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string apply_sets(const std::string& json_text, const std::string& sets_json) {
  bnlab::Result<std::vector<std::string>> sets = bnlab::settings_from_json(sets_json);
  if (!sets.ok()) return dump(json{{"json", json_text}, {"error", sets.error}});
  bnlab::Result<std::string> r = bnlab::apply_sets(json_text, sets.value);
  return dump(json{{"json", r.ok() ? r.value : json_text}, {"error", r.error}});
}

std::string apply_sets_lenient(const std::string& json_text, const std::string& sets_json) {
  bnlab::Result<std::vector<std::string>> sets = bnlab::settings_from_json(sets_json);
  if (!sets.ok()) return dump(json{{"json", json_text}, {"errors", json::array({sets.error})}});
  bnlab::LenientResult r = bnlab::apply_sets_lenient(json_text, sets.value);
  return dump(json{{"json", r.json}, {"errors", r.errors}});
}

std::string config_keys() { return dump(json(bnlab::config_keys_help())); }

std::string value_to_text(const std::string& key, const std::string& value_json) {
  bnlab::Result<std::string> r = bnlab::value_to_text(key, value_json);
  return dump(json{{"ok", r.ok()}, {"text", r.value}, {"error", r.error}});
}

// The value is JSON text from the engine: embedded as a value, not a string.
std::string value_from_text(const std::string& key, const std::string& text) {
  bnlab::Result<std::string> r = bnlab::value_from_text(key, text);
  json value = r.ok() ? json::parse(r.value, nullptr, false) : json(nullptr);
  return dump(json{{"ok", r.ok()}, {"value", value.is_discarded() ? json(nullptr) : value}, {"error", r.error}});
}

std::string changed_settings(const std::string& base_json, const std::string& config_json) {
  auto r = bnlab::changed_settings(base_json, config_json);
  if (!r.ok()) return dump(json{{"error", r.error}});
  json out = json::array();
  for (const auto& kv : r.value) out.push_back(json::array({kv.first, kv.second}));
  return dump(out);
}

// ---------------------------------------------------------------- the learner's own data
//   parseData(csv) -> {ok, points, classes, line, error}: checks CSV text (a
//       string, or the file's bytes as a Uint8Array / ArrayBuffer) without
//       touching any experiment. ok: points = rows, classes = largest label + 1,
//       error "". Else points = classes = 0, line = the line of the first problem
//       (0 for a text too large), error = "line L: what is wrong" (the CLI says
//       "FILE:L: what is wrong" for the same file).
//   dataSizeError(bytes) -> "" or the error parseData gives a text of that many
//       UTF-8 bytes: refuse a huge paste before copying it into the module's
//       memory (which never shrinks).
val parse_data(const std::string& csv) {
  bnlab::CsvRead r = bnlab::read_points_csv(csv);
  val out = val::object();
  out.set("ok", r.ok());
  out.set("points", r.ok() ? r.data.points.size() : 0);
  out.set("classes", r.ok() ? r.data.classes : 0);
  out.set("line", r.line);
  out.set("error", r.error());
  return out;
}

// Bytes allocated and not freed (tests/node/memory-flat.test.mjs: a leak of a
// byte per cycle shows here, while the heap's size hides it in freed space).
double memory_in_use() { return static_cast<double>(mallinfo().uordblks); }

std::string data_size_error(double bytes) {
  return bytes > double(bnlab::kMaxCsvBytes) ? bnlab::csv_size_problem(static_cast<size_t>(bytes)) : "";
}

}  // namespace

EMSCRIPTEN_BINDINGS(bnlab) {
  using emscripten::class_;
  using emscripten::function;

  class_<Lab>("Lab")
      .constructor<>()
      .function("configure", &Lab::configure)
      .function("config", &Lab::config)
      .function("step", &Lab::step)
      .function("stepCount", &Lab::step_count)
      .function("numRuns", &Lab::num_runs)
      .function("report", &Lab::report)
      .function("grid", &Lab::grid)
      .function("gridChannels", &Lab::grid_channels)
      .function("inspect", &Lab::inspect)
      .function("makeIdentity", &Lab::make_identity)
      .function("batchNoise", &Lab::batch_noise)
      .function("smoothness", &Lab::smoothness)
      .function("classes", &Lab::classes)
      .function("extent", &Lab::extent)
      .function("trainX", &Lab::train_x)
      .function("trainY", &Lab::train_y)
      .function("testX", &Lab::test_x)
      .function("testY", &Lab::test_y)
      .function("configureWithData", &Lab::configure_with_data)  // the learner's own data
      .function("dataCsv", &Lab::data_csv)
      .function("gridRows", &Lab::grid_rows)  // responsiveness: snapshots in slices
      .function("runReport", &Lab::run_report)
      .function("configureBegin", &Lab::configure_begin)  // responsiveness: configure in pieces
      .function("configureWithDataBegin", &Lab::configure_with_data_begin)
      .function("configureStep", &Lab::configure_step)
      .function("configureCancel", &Lab::configure_cancel)
      .function("configuring", &Lab::configuring)
      .function("stepBegin", &Lab::step_begin)  // responsiveness: a step run by run
      .function("stepNextRun", &Lab::step_next_run)
      .function("stepPendingRuns", &Lab::step_pending_runs);

  function("presets", &bnlab::presets_json);
  function("presetConfig", &preset_config);
  function("applySets", &apply_sets);
  function("applySetsLenient", &apply_sets_lenient);
  function("configKeys", &config_keys);
  function("parseData", &parse_data);  // the learner's own data
  function("dataSizeError", &data_size_error);
  function("schema", &bnlab::schema_json);
  function("normalizeConfig", &bnlab::normalize_config_json);
  function("valueToText", &value_to_text);
  function("valueFromText", &value_from_text);
  function("changedSettings", &changed_settings);
  function("memoryInUse", &memory_in_use);
}
