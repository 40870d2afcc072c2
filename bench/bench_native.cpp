// Native throughput, timed the same way as the WASM side (bench/common.mjs):
// warm up, then the median of several timed repeats.
//
//   bnlab_bench                      reference network (2-16-16-16-1, BN before
//                                    ReLU, batch 32, SGD), human-readable
//   bnlab_bench steps CONFIG_JSON [REPEAT_S] [CHUNK] [REPEATS] [WARMUP_S]
//                                    training steps/s of a one-run config
//   bnlab_bench grid CONFIG_JSON [REPEAT_S] [SIDE]
//                                    decision grids: SIDE x SIDE grids of every
//                                    run (inference mode) filled per second
//   bnlab_bench count CONFIG_JSON N  exactly N steps, untimed: for instruction
//                                    counts, which a shared machine does not
//                                    disturb. Per step: the difference of two
//                                    runs, e.g. N = 1000 and 2000, under
//                                    valgrind --tool=callgrind
//   bnlab_bench keep CONFIG_JSON [REPEAT_S]
//                                    what keeping a run's last finite state
//                                    costs per step (checking the parameters
//                                    and BN statistics, then copying them),
//                                    beside the whole step, in ns (CPU time)
// The modes other than the first print one JSON object on stdout (for
// bench/run_all.mjs).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bnlab/config.hpp"
#include "bnlab/dataset.hpp"
#include "bnlab/experiment.hpp"
#include "run.hpp"

using namespace bnlab;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kReferenceConfig =
    R"({"data":{"name":"circle","points":1000},"model":{"hidden":[16,16,16],"batchnorm":true},)"
    R"("train":{"batch_size":32,"learning_rate":0.1},"runs":[{"name":"ref","set":{}}]})";

// Per second of wall-clock time, and per second of this process's CPU time
// (what the work costs on a machine shared with other jobs).
struct Rate {
  double median = 0, cpu_median = 0;
  std::vector<double> repeats, cpu_repeats;
};

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// Calls work(chunk) for warmup_s seconds, then `repeats` times for at least
// repeat_s seconds each; units of work per second, median over repeats.
Rate time_rate(const std::function<void(int)>& work, int chunk, double warmup_s, double repeat_s,
               int repeats) {
  auto t0 = Clock::now();
  while (seconds_since(t0) < warmup_s) work(chunk);
  Rate r;
  for (int k = 0; k < repeats; ++k) {
    long done = 0;
    t0 = Clock::now();
    const double c0 = cpu_seconds();
    double elapsed = 0;
    while (elapsed < repeat_s) {
      work(chunk);
      done += chunk;
      elapsed = seconds_since(t0);
    }
    r.repeats.push_back(done / elapsed);
    r.cpu_repeats.push_back(done / std::max(cpu_seconds() - c0, 1e-6));
  }
  r.median = median_of(r.repeats);
  r.cpu_median = median_of(r.cpu_repeats);
  return r;
}

std::unique_ptr<Experiment> make_experiment(const std::string& json_text) {
  Result<Config> cfg = parse_config(json_text);
  if (!cfg.ok()) {
    std::fprintf(stderr, "bnlab_bench: %s\n", cfg.error.c_str());
    std::exit(2);
  }
  auto e = Experiment::create(cfg.value);
  if (!e.ok()) {
    std::fprintf(stderr, "bnlab_bench: %s\n", e.error.c_str());
    std::exit(2);
  }
  return std::move(e.value);
}

std::string json_list(const std::vector<double>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.3f", i ? "," : "", v[i]);
    s += buf;
  }
  return s + "]";
}

// "rate":..,"rates":[..],"cpuRate":..,"cpuRates":[..] (the fields of timeRate in bench/common.mjs)
std::string json_rates(const Rate& r) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "\"rate\":%.3f,\"cpuRate\":%.3f,", r.median, r.cpu_median);
  return buf + std::string("\"rates\":") + json_list(r.repeats) + ",\"cpuRates\":" + json_list(r.cpu_repeats);
}

// Steps/s of the experiment's runs (all take each step; pass one-run configs).
// Fails if a run diverged: a stopped run would make the rate meaningless.
int bench_steps(const std::string& json_text, double repeat_s, int chunk, int repeats, double warmup_s) {
  auto e = make_experiment(json_text);
  Rate r = time_rate([&](int n) { e->step(n); }, chunk, warmup_s, repeat_s, repeats);
  const RunReport rep = e->report(0);
  if (rep.diverged || rep.step != e->step_count()) {
    std::fprintf(stderr, "bnlab_bench: run diverged at step %lld; rate not valid\n",
                 static_cast<long long>(rep.diverged_step));
    return 1;
  }
  std::printf("{%s,\"steps\":%lld}\n", json_rates(r).c_str(), static_cast<long long>(e->step_count()));
  return 0;
}

// Grids per second: one unit = one side x side grid of every run.
int bench_grid(const std::string& json_text, double repeat_s, int side) {
  auto e = make_experiment(json_text);
  e->step(100);  // trained weights and running statistics, as on the page
  volatile float sink = 0;
  Rate r = time_rate(
      [&](int n) {
        for (int k = 0; k < n; ++k)
          for (int run = 0; run < e->num_runs(); ++run) sink = sink + e->grid(run, side, side, GridMode::inference)[0];
      },
      1, 0.5, repeat_s, 3);
  std::printf("{%s,\"runs\":%d,\"side\":%d}\n", json_rates(r).c_str(), e->num_runs(), side);
  return 0;
}

// N steps and nothing else (the setup is the same for every N).
int count_steps(const std::string& json_text, long n) {
  auto e = make_experiment(json_text);
  for (long done = 0; done < n;) {
    const int k = int(std::min(1000L, n - done));
    e->step(k);
    done += k;
  }
  std::printf("{\"steps\":%lld,\"diverged\":%s}\n", static_cast<long long>(e->step_count()),
              e->report(0).diverged ? "true" : "false");
  return 0;
}

// The first run of the config: its step, and the check and copy that
// Run::keep does every step (Network::state_finite, Network::save_state),
// timed apart on the same network.
int bench_keep(const std::string& json_text, double repeat_s) {
  Result<Config> cfg = parse_config(json_text);
  if (!cfg.ok()) {
    std::fprintf(stderr, "bnlab_bench: %s\n", cfg.error.c_str());
    return 2;
  }
  const Dataset data = make_dataset(cfg.value.data, cfg.value.seed);
  Run run(cfg.value.runs[0], data, cfg.value.seed, false);
  run.train(100);
  Network<Real>& net = run.net();
  Vec<Real> to = Vec<Real>::Zero(net.state_size());
  volatile bool sink = false;
  const Rate step = time_rate([&](int n) { run.train(n); }, 100, 0.5, repeat_s, 5);
  const Rate keep = time_rate(
      [&](int n) {
        for (int k = 0; k < n; ++k) {
          sink = net.state_finite();
          net.save_state(to.data());
        }
      },
      100, 0.5, repeat_s, 5);
  if (run.diverged()) {
    std::fprintf(stderr, "bnlab_bench: the run diverged; rates not valid\n");
    return 1;
  }
  std::printf("{\"stateFloats\":%d,\"stepNs\":%.1f,\"keepNs\":%.1f,\"keepShare\":%.4f}\n", net.state_size(),
              1e9 / step.cpu_median, 1e9 / keep.cpu_median, step.cpu_median / keep.cpu_median);
  return 0;
}

int bench_reference(double seconds) {
  auto e = make_experiment(kReferenceConfig);
  Rate r = time_rate([&](int n) { e->step(n); }, 1000, 1.0, seconds / 3, 3);
  std::printf("native steps/s: %.0f (reference network 2-16-16-16-1, BN before ReLU, batch 32, SGD; "
              "median of 3 repeats: %.0f %.0f %.0f)\n",
              r.median, r.repeats[0], r.repeats[1], r.repeats[2]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "steps" && argc > 2) {
    const double repeat_s = argc > 3 ? std::atof(argv[3]) : 1.0;
    const int chunk = argc > 4 ? std::max(1, std::atoi(argv[4])) : 1000;
    const int repeats = argc > 5 ? std::max(1, std::atoi(argv[5])) : 3;
    const double warmup_s = argc > 6 ? std::atof(argv[6]) : 1.0;
    return bench_steps(argv[2], repeat_s, chunk, repeats, warmup_s);
  }
  if (mode == "grid" && argc > 2) {
    return bench_grid(argv[2], argc > 3 ? std::atof(argv[3]) : 1.0, argc > 4 ? std::atoi(argv[4]) : 256);
  }
  if (mode == "keep" && argc > 2) {
    return bench_keep(argv[2], argc > 3 ? std::atof(argv[3]) : 0.5);
  }
  if (mode == "count" && argc > 3) {
    return count_steps(argv[2], std::atol(argv[3]));
  }
  if (argc <= 2 && (argc == 1 || std::atof(argv[1]) > 0)) {
    return bench_reference(argc > 1 ? std::atof(argv[1]) : 3.0);
  }
  std::fprintf(stderr,
               "usage: bnlab_bench [SECONDS]\n"
               "       bnlab_bench steps CONFIG_JSON [REPEAT_S] [CHUNK] [REPEATS] [WARMUP_S]\n"
               "       bnlab_bench grid CONFIG_JSON [REPEAT_S] [SIDE]\n"
               "       bnlab_bench count CONFIG_JSON N\n"
               "       bnlab_bench keep CONFIG_JSON [REPEAT_S]\n");
  return 2;
}
