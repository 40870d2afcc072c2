// Native training throughput on the reference network: 2-16-16-16-1, batch
// norm before ReLU, batch 32, SGD, binary cross-entropy. Prints steps/s.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "bnlab/experiment.hpp"

using namespace bnlab;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  Config c;
  c.data.name = DatasetKind::circle;
  c.data.points = 1000;
  RunConfig r;
  r.name = "reference";
  r.model.hidden = {16, 16, 16};
  r.model.batchnorm = true;
  r.train.batch_size = 32;
  c.runs = {r};
  auto e = Experiment::create(c);
  if (!e.ok()) {
    std::fprintf(stderr, "bench: %s\n", e.error.c_str());
    return 1;
  }
  e.value->step(1000);  // warm up
  long steps = 0;
  const auto t0 = Clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    e.value->step(1000);
    steps += 1000;
    elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  }
  std::printf("native steps/s: %.0f (reference network 2-16-16-16-1, BN before ReLU, batch 32, SGD; %ld steps in %.2f s)\n",
              steps / elapsed, steps, elapsed);
  return 0;
}
