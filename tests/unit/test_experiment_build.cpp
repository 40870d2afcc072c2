// Responsiveness in the engine (issue 12, item 9): an experiment built in
// pieces (ExperimentBuild) and a step taken run by run (Experiment::step_begin
// / step_next_run) give what the one-call forms give, bit for bit, whatever
// else happens between the pieces; a build dropped half-way or refused
// changes nothing else.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bnlab/experiment.hpp"
#include "bnlab/report_json.hpp"

using namespace bnlab;

namespace {

// Three runs that differ in what keeps state of its own (batch norm, dropout's
// random stream, Adam's moments), so a piece that leaked into another would show.
Config three_runs(uint64_t seed = 5) {
  Config c;
  c.seed = seed;
  c.data.name = DatasetKind::spiral;
  c.data.points = 400;
  RunConfig a, b, d;
  a.name = "plain";
  b.name = "bn";
  b.model.batchnorm = true;
  d.name = "dropout adam";
  d.model.dropout = 0.2;
  d.train.optimizer = OptimizerKind::adam;
  d.train.learning_rate = 0.01;
  c.runs = {a, b, d};
  return c;
}

Config other() {
  Config c;
  c.seed = 11;
  c.data.name = DatasetKind::xor_;
  c.data.points = 300;
  RunConfig r;
  r.model.hidden = {8, 8};
  c.runs = {r, r};
  return c;
}

std::unique_ptr<Experiment> make(const Config& c) {
  auto r = Experiment::create(c, true);
  REQUIRE(r.ok());
  return std::move(r.value);
}

// Everything an experiment shows: its reports, grids in two modes, its trace.
std::string fingerprint(Experiment& e) {
  std::string out = experiment_report_json(e) + e.trace_json();
  for (int i = 0; i < e.num_runs(); ++i)
    for (GridMode mode : {GridMode::inference, GridMode::last_batch}) {
      const int side = 24, n = side * side * e.grid_channels();
      const float* g = e.grid(i, side, side, mode);
      out.append(reinterpret_cast<const char*>(g), size_t(n) * sizeof(float));
    }
  return out;
}

}  // namespace

TEST_CASE("an experiment built in pieces, another one training between them, is create()'s bit for bit",
          "[experiment][build]") {
  auto whole = make(three_runs());
  auto busy = make(other());
  auto begun = ExperimentBuild::begin(three_runs(), true);
  REQUIRE(begun.ok());
  ExperimentBuild& b = *begun.value;
  CHECK(b.pieces() == 4);  // the data, then each run
  int pieces = 0;
  while (!b.done()) {
    CHECK(b.pieces_done() == pieces);
    REQUIRE(b.step().empty());
    ++pieces;
    busy->step(3);  // what the worker does between pieces: other work of the engine
    (void)busy->report(0);
  }
  CHECK(pieces == 4);
  CHECK(b.step().empty());  // done: nothing more to do
  std::unique_ptr<Experiment> built = b.take();
  REQUIRE(built);
  CHECK_FALSE(b.take());  // taken once
  CHECK_FALSE(b.done());
  CHECK(fingerprint(*built) == fingerprint(*whole));
  built->step(40);
  whole->step(40);
  CHECK(built->step_count() == 40);
  CHECK(fingerprint(*built) == fingerprint(*whole));

  // With the memory touched first (the WASM Lab's build), in small pieces.
  auto warmed = ExperimentBuild::begin(three_runs(), true);
  REQUIRE(warmed.ok());
  warmed.value->warm_memory(64 * 1024);
  const int total = warmed.value->pieces();
  CHECK(total > 4 + 10);  // a few MB in 64 KB pieces, then the data and 3 runs
  while (!warmed.value->done()) REQUIRE(warmed.value->step().empty());
  CHECK(warmed.value->pieces_done() == total);
  auto w = warmed.value->take();
  w->step(40);
  CHECK(fingerprint(*w) == fingerprint(*whole));
}

TEST_CASE("a build in pieces on the learner's points is create()'s on them", "[experiment][build]") {
  CustomPoints pts;
  pts.classes = 2;
  for (int i = 0; i < 120; ++i) {
    pts.points.x.push_back(std::cos(i * 0.37) * (1 + i % 3));
    pts.points.x.push_back(std::sin(i * 0.53) * (1 + i % 5));
    pts.points.y.push_back(i % 2);
  }
  Config c = three_runs();
  for (RunConfig& r : c.runs) r.train.batch_size = 16;
  auto whole = Experiment::create(c, pts, true);
  REQUIRE(whole.ok());
  auto begun = ExperimentBuild::begin(c, pts, true);
  REQUIRE(begun.ok());
  while (!begun.value->done()) REQUIRE(begun.value->step().empty());
  auto built = begun.value->take();
  built->step(25);
  whole.value->step(25);
  CHECK(built->config().data.name == DatasetKind::custom);
  CHECK(fingerprint(*built) == fingerprint(*whole.value));
}

TEST_CASE("a build's errors are values, and a refused or dropped build changes nothing else", "[experiment][build]") {
  auto running = make(three_runs());
  auto twin = make(three_runs());
  running->step(10);
  twin->step(10);

  SECTION("refused before any work") {
    Config c = three_runs();
    c.runs.clear();
    auto begun = ExperimentBuild::begin(c);
    CHECK_FALSE(begun.ok());
    CHECK(begun.error == "runs: at least one run is needed");
    Config custom = three_runs();
    custom.data.name = DatasetKind::custom;
    CHECK(ExperimentBuild::begin(custom).error.rfind("data.name: ", 0) == 0);
  }
  SECTION("refused in a piece: the error is kept, nothing is handed out") {
    Config c = three_runs();
    c.runs[2].train.batch_size = 201;  // 400 points, half for the test set: 200 to train
    auto begun = ExperimentBuild::begin(c);
    REQUIRE(begun.ok());
    ExperimentBuild& b = *begun.value;
    std::string error;
    for (int i = 0; i < 10 && error.empty(); ++i) error = b.step();
    CHECK(error == "train.batch_size: 201 is larger than the training set (200)");
    CHECK(b.step() == error);
    CHECK(b.pieces_done() == 3);  // the data and two runs were built
    CHECK_FALSE(b.done());
    CHECK_FALSE(b.take());
    // create() says the same in one call.
    CHECK(Experiment::create(c).error == error);
  }
  SECTION("dropped half-way") {
    auto begun = ExperimentBuild::begin(three_runs(7));
    REQUIRE(begun.ok());
    REQUIRE(begun.value->step().empty());
    REQUIRE(begun.value->step().empty());
    running->step(2);  // the worker trains the old one meanwhile
    twin->step(2);
    begun.value.reset();
  }
  running->step(15);
  twin->step(15);
  CHECK(fingerprint(*running) == fingerprint(*twin));
}

TEST_CASE("a step taken run by run is step(n) bit for bit", "[experiment][build]") {
  auto parts = make(three_runs());
  auto whole = make(three_runs());
  CHECK_FALSE(parts->step_begin(0));
  CHECK_FALSE(parts->step_pending());
  for (int round = 0; round < 4; ++round) {
    REQUIRE(parts->step_begin(7));
    CHECK_FALSE(parts->step_begin(1));  // one at a time
    const int64_t before = parts->step_count();
    for (int left = 3; left > 0; --left) {
      CHECK(parts->step_pending_runs() == left);
      CHECK(parts->step_count() == before);  // moves on once every run has trained
      CHECK(parts->step_next_run() == (left == 1));
    }
    CHECK(parts->step_count() == before + 7);
    CHECK_FALSE(parts->step_pending());
    CHECK(parts->step_next_run());  // nothing pending: nothing to do
    whole->step(7);
  }
  CHECK(fingerprint(*parts) == fingerprint(*whole));
  // step(n) finishes a step begun in parts first, then takes its own.
  REQUIRE(parts->step_begin(5));
  CHECK_FALSE(parts->step_next_run());
  parts->step(3);
  whole->step(8);
  CHECK(parts->step_count() == 36);
  CHECK_FALSE(parts->step_pending());
  CHECK(fingerprint(*parts) == fingerprint(*whole));
}
