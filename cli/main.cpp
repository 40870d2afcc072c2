// bnlab: the native front end (contract in DESIGN.md).
//
//   bnlab run [--preset NAME] [--config FILE] [--set key=value ...] [--data FILE]
//             [--steps N] [--seed S] [--every K] [--csv FILE] [--json FILE] [--trace FILE]
//   bnlab presets
//   bnlab --help
//
// The config is built in a fixed order: a preset (default "default") or a
// config file, then each --set in order, then what a --data file decides
// (data.name=custom, data.points), then --seed and --steps; it is validated
// once, by the engine. Any bad input ends with exit status 2 and one
// line on stderr starting "bnlab: ". Progress goes to stderr (only on a
// terminal), the summary table to stdout.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bnlab/config.hpp"
#include "bnlab/experiment.hpp"
#include "bnlab/report_json.hpp"
#include "data_file.hpp"

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitIoError = 1;  // an output file failed after it was opened
constexpr long kMaxConfigBytes = 4 << 20;
constexpr uint64_t kMaxSeed = 9007199254740992ull;  // 2^53, as the config allows
constexpr double kTargetAccuracy = 0.9;

int fail(const std::string& message) {
  std::fprintf(stderr, "bnlab: %s\n", message.c_str());
  return kExitBadInput;
}

// ------------------------------------------------------------------ help

const char* kUsage =
    "usage: bnlab run [--preset NAME] [--config FILE] [--set key=value ...] [--data FILE]\n"
    "                 [--steps N] [--seed S] [--every K] [--csv FILE] [--json FILE] [--trace FILE]\n"
    "                 [--smoothness FILE]\n"
    "       bnlab presets\n"
    "       bnlab --help\n";

void print_help() {
  std::printf(
      "bnlab: train small networks on toy 2D data, side by side with and without batch norm.\n\n"
      "%s\n"
      "run options:\n"
      "  --preset NAME     start from a preset (default: default; see bnlab presets)\n"
      "  --config FILE     start from a JSON config file instead of a preset\n"
      "  --set key=value   change one config key; repeatable, applied in order;\n"
      "                    value as JSON or bare text: 16,16,16  spiral  true  0.3\n"
      "  --data FILE       train on your own points: a CSV file, one example a line x1,x2,label\n"
      "                    (label an integer class 0..7, at least two classes; 10..20000 rows; an\n"
      "                    optional header line). The file decides data.name (custom) and\n"
      "                    data.points (its rows); the rest of the config (preset, --config, --set)\n"
      "                    applies, except data.noise, data.shift and data.scale. A bad file stops\n"
      "                    with FILE:LINE: what is wrong\n"
      "  --steps N         mini-batch steps to train (overrides train.steps)\n"
      "  --seed S          random seed (overrides seed)\n"
      "  --every K         report, write CSV rows and check accuracy every K steps (default 10)\n"
      "  --csv FILE        write step,run,train_loss,test_loss,train_acc,test_acc every K steps\n"
      "                    (a run that has diverged by then has those four fields empty)\n"
      "  --json FILE       write every K steps one line {\"step\":S,\"runs\":[report...]} with the full\n"
      "                    report the page reads (percentiles, batch-norm statistics, input statistics)\n"
      "  --trace FILE      write a JSON record of the whole experiment (data, weights, batches)\n"
      "  --smoothness FILE write every K steps one line {\"step\":S,\"runs\":[...]}: per run the loss at\n"
      "                    learning rate x 0.5, 1, 2, 4 along the gradient on the last mini-batch, its\n"
      "                    range, and the gradient's change over one step (the run is not changed)\n\n"
      "Progress goes to stderr when it is a terminal; the summary table to stdout.\n"
      "Exit status: 0 on success, 2 on bad input, 1 if an output file could not be written.\n\n"
      "config keys (JSON {\"train\": {\"learning_rate\": 0.1}} is --set train.learning_rate=0.1):\n",
      kUsage);
  for (const std::string& line : bnlab::config_keys_help()) std::printf("  %s\n", line.c_str());
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const bnlab::Preset& p : bnlab::presets()) names.push_back(p.name);
  return names;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

// Display width of UTF-8 text: code points (run names may hold accents).
size_t width(const std::string& s) {
  size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& s, size_t w, bool right_align) {
  std::string fill(w > width(s) ? w - width(s) : 0, ' ');
  return right_align ? fill + s : s + fill;
}

int list_presets() {
  size_t w = 0;
  for (const bnlab::Preset& p : bnlab::presets()) w = std::max(w, width(p.name));
  for (const bnlab::Preset& p : bnlab::presets())
    std::printf("%s  %s\n", pad(p.name, w, false).c_str(), p.title.c_str());
  return 0;
}

// ------------------------------------------------------------------ arguments

struct Options {
  std::string preset, config_path, steps, seed, every, csv_path, json_path, trace_path;
  std::string smoothness_path;  // --smoothness FILE
  std::string data_path;  // --data FILE
  std::vector<std::string> sets;
  bool help = false;
};

// Strict unsigned integer: digits only, no sign, no spaces, no overflow.
bool parse_count(const std::string& text, uint64_t lo, uint64_t hi, uint64_t& out) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  errno = 0;
  unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
  if (errno != 0 || v < lo || v > hi) return false;
  out = v;
  return true;
}

std::string quoted(const std::string& s) {
  std::string shown = s.size() > 60 ? s.substr(0, 57) + "..." : s;
  for (char& ch : shown)
    if (static_cast<unsigned char>(ch) < 0x20) ch = '?';
  return "'" + shown + "'";
}

// Fills opts from argv[first..]; "" or the error line.
std::string parse_run_args(int argc, char** argv, int first, Options& opts) {
  struct Flag {
    const char* name;
    std::string* value;  // null for --set, which repeats
  };
  const Flag flags[] = {{"--preset", &opts.preset}, {"--config", &opts.config_path}, {"--set", nullptr},
                        {"--steps", &opts.steps},   {"--seed", &opts.seed},          {"--every", &opts.every},
                        {"--csv", &opts.csv_path},  {"--json", &opts.json_path},      {"--trace", &opts.trace_path},
                        {"--data", &opts.data_path}, {"--smoothness", &opts.smoothness_path}};
  std::vector<std::string> seen;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      opts.help = true;
      continue;
    }
    // --name=value and --name value are both accepted.
    std::string name = arg, value;
    bool has_value = false;
    size_t eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    const Flag* flag = nullptr;
    for (const Flag& f : flags)
      if (name == f.name) flag = &f;
    if (flag == nullptr) {
      if (arg.rfind("-", 0) == 0) return "unknown option " + quoted(name) + " (see bnlab run --help)";
      return "unexpected argument " + quoted(arg) + " (see bnlab run --help)";
    }
    if (!has_value) {
      // A value that looks like the next option means the value was left out.
      if (i + 1 >= argc || std::string(argv[i + 1]).rfind("--", 0) == 0)
        return name + ": missing value (see bnlab run --help)";
      value = argv[++i];
    }
    if (flag->value == nullptr) {
      opts.sets.push_back(value);
      continue;
    }
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) return name + ": given more than once";
    seen.push_back(name);
    if (value.empty()) return name + ": empty value";
    *flag->value = value;
  }
  return "";
}

// ------------------------------------------------------------------ config

bool read_file(const std::string& path, std::string& text, std::string& error) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    error = "cannot read config file " + quoted(path) + ": " + std::strerror(errno);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {  // a directory or a FIFO would fail or block
    error = "cannot read config file " + quoted(path) + ": not a regular file";
    return false;
  }
  if (st.st_size > kMaxConfigBytes) {
    error = "config file " + quoted(path) + " is too large (" + std::to_string(st.st_size) +
            " bytes; allowed: up to " + std::to_string(kMaxConfigBytes) + ")";
    return false;
  }
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    error = "cannot read config file " + quoted(path) + ": " + std::strerror(errno);
    return false;
  }
  text.clear();
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && text.size() <= size_t(kMaxConfigBytes)) text.append(buf, n);
  bool ok = !std::ferror(f);
  std::fclose(f);
  if (!ok) error = "cannot read config file " + quoted(path) + ": read error";
  return ok;
}

// The key of a "key=value" setting, as apply_sets will see it.
std::string setting_key(const std::string& item) {
  std::string key = item.substr(0, item.find('='));
  size_t b = key.find_first_not_of(" \t"), e = key.find_last_not_of(" \t");
  return b == std::string::npos ? "" : key.substr(b, e - b + 1);
}

// Preset or file, then --set, then --seed and --steps; validated once.
std::string build_config(Options& opts, bnlab::Config& cfg, std::string& source) {
  // "--set preset=NAME" (as in the page's URL hash) picks the preset.
  for (auto it = opts.sets.begin(); it != opts.sets.end();) {
    if (it->find('=') != std::string::npos && setting_key(*it) == "preset") {
      std::string name = it->substr(it->find('=') + 1);
      if (!opts.preset.empty() && opts.preset != name)
        return "--set preset=" + name + " conflicts with --preset " + opts.preset;
      opts.preset = name;
      it = opts.sets.erase(it);
    } else {
      ++it;
    }
  }
  std::string text;
  if (!opts.config_path.empty()) {
    if (!opts.preset.empty())
      return "--preset and --config cannot be combined (a config file is a whole config; use --set to change it)";
    std::string error;
    if (!read_file(opts.config_path, text, error)) return error;
    bnlab::Result<std::string> syntax = bnlab::apply_sets(text, {});
    if (!syntax.ok()) return opts.config_path + ": " + syntax.error;
    source = "config " + opts.config_path;
  } else {
    std::string name = opts.preset.empty() ? "default" : opts.preset;
    const bnlab::Preset* preset = bnlab::find_preset(name);
    if (preset == nullptr)
      return "unknown preset " + quoted(name) + " (allowed: " + join(preset_names(), ", ") + ")";
    text = preset->json;
    source = "preset " + name;
  }

  // --seed and --steps go in a call of their own, after the user's --set
  // items: a limit on the number of settings counts only what the user typed.
  std::vector<std::string> flags;
  uint64_t n = 0;
  if (!opts.seed.empty()) {
    if (!parse_count(opts.seed, 0, kMaxSeed, n))
      return "--seed: " + quoted(opts.seed) + " is not an integer in range (allowed: 0..2^53)";
    flags.push_back("seed=" + opts.seed);
  }
  if (!opts.steps.empty()) {
    if (!parse_count(opts.steps, 1, bnlab::limits::max_steps, n))
      return "--steps: " + quoted(opts.steps) + " is not an integer in range (allowed: 1.." +
             std::to_string(bnlab::limits::max_steps) + ")";
    flags.push_back("train.steps=" + opts.steps);
  }
  bnlab::Result<std::string> applied = bnlab::apply_sets(text, opts.sets);
  if (!applied.ok()) return applied.error;
  applied = bnlab::apply_sets(applied.value, flags);
  if (!applied.ok()) return applied.error;
  bnlab::Result<bnlab::Config> parsed = bnlab::parse_config(applied.value);
  if (!parsed.ok()) return parsed.error;
  cfg = parsed.value;
  return "";
}

// ------------------------------------------------------------------ output

std::string number(double x, const char* format) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

// A CSV number: empty for NaN and infinities (a diverged run), never "nan".
std::string csv_number(double x) { return std::isfinite(x) ? number(x, "%.9g") : ""; }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// ------------------------------------------------------------------ output files

// The files a run writes (--csv, --json, --trace). Every one is checked before
// any is opened, and they are opened only once the experiment is built, so a
// bad later argument or a rejected config never truncates a file the user
// already had; if opening one still fails, the files this run created are
// removed and the existing ones are left as they were.
struct OutputFile {
  const char* flag;
  std::string path;
  FILE* file = nullptr;
  // What the path names: an existing file (device and inode, so two spellings
  // or hard links of it compare equal), or a file to create (its directory's
  // canonical path and its name).
  bool exists = false, regular = false, created = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string canonical;
};

std::string cannot_write(const OutputFile& out, const std::string& why) {
  return "cannot write " + std::string(out.flag) + " file " + quoted(out.path) + ": " + why;
}

std::string dir_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Fills out's identity; "" or the one-line reason it cannot be written.
std::string check_output(OutputFile& out) {
  std::string path = out.path;
  for (int hops = 0;; ++hops) {
    struct stat st;
    if (stat(path.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) return cannot_write(out, "it is a directory");
      if (access(path.c_str(), W_OK) != 0) return cannot_write(out, std::strerror(errno));
      out.exists = true;
      out.regular = S_ISREG(st.st_mode);
      out.dev = st.st_dev;
      out.ino = st.st_ino;
      return "";
    }
    if (errno != ENOENT) return cannot_write(out, std::strerror(errno));
    if (path.back() == '/') return cannot_write(out, "no such directory");
    // A symbolic link to a file not there yet: writing creates its target.
    struct stat link;
    char target[4096];
    ssize_t len;
    if (lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode) && hops < 8 &&
        (len = readlink(path.c_str(), target, sizeof target - 1)) > 0) {
      std::string to(target, static_cast<size_t>(len));
      path = to[0] == '/' ? to : dir_name(path) + "/" + to;
      continue;
    }
    break;
  }
  // A new file: its directory must exist and let us create files.
  const std::string dir = dir_name(path);
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) return cannot_write(out, "directory " + quoted(dir) + ": " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) return cannot_write(out, quoted(dir) + " is not a directory");
  if (access(dir.c_str(), W_OK | X_OK) != 0) return cannot_write(out, "directory " + quoted(dir) + ": " + std::strerror(errno));
  char* real = realpath(dir.c_str(), nullptr);
  if (real == nullptr) return cannot_write(out, "directory " + quoted(dir) + ": " + std::strerror(errno));
  out.canonical = std::string(real) + "/" + path.substr(path.find_last_of('/') + 1);
  std::free(real);
  out.regular = true;
  return "";
}

// Two outputs, or an output and an input, naming one regular file (devices
// such as /dev/null may be shared).
bool same_file(const OutputFile& a, const OutputFile& b) {
  if (!a.regular || !b.regular || a.exists != b.exists) return false;
  return a.exists ? a.dev == b.dev && a.ino == b.ino : a.canonical == b.canonical;
}

// Checks every output, then that no two name the same file and that none is
// one of the inputs (flag, path). "" or the error line.
std::string check_outputs(std::vector<OutputFile>& outputs,
                          const std::vector<std::pair<const char*, std::string>>& inputs) {
  for (OutputFile& out : outputs) {
    std::string error = check_output(out);
    if (!error.empty()) return error;
  }
  for (size_t i = 0; i < outputs.size(); ++i)
    for (size_t j = i + 1; j < outputs.size(); ++j)
      if (same_file(outputs[i], outputs[j]))
        return std::string(outputs[i].flag) + " " + quoted(outputs[i].path) + " and " + outputs[j].flag + " " +
               quoted(outputs[j].path) + " are the same file (each output needs its own)";
  for (const auto& [flag, path] : inputs) {
    struct stat st;
    if (path.empty() || stat(path.c_str(), &st) != 0) continue;
    for (const OutputFile& out : outputs)
      if (out.exists && out.regular && out.dev == st.st_dev && out.ino == st.st_ino)
        return std::string(out.flag) + " " + quoted(out.path) + " is the " + flag + " file " + quoted(path) +
               " (writing it would destroy the input)";
  }
  return "";
}

void close_outputs(std::vector<OutputFile>& outputs, bool remove_created) {
  for (OutputFile& out : outputs) {
    if (out.file) std::fclose(out.file);
    out.file = nullptr;
    if (remove_created && out.created) unlink(out.path.c_str());
  }
}

// Opens every checked output; only when all are open are the existing regular
// files truncated. "" or the error line (then nothing is left open or created).
std::string open_outputs(std::vector<OutputFile>& outputs) {
  for (OutputFile& out : outputs) {
    int fd = open(out.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
    out.created = fd >= 0;
    if (fd < 0 && errno == EEXIST) fd = open(out.path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd >= 0) out.file = fdopen(fd, "wb");
    if (out.file == nullptr) {
      std::string error = cannot_write(out, std::strerror(errno));
      if (fd >= 0) close(fd);
      close_outputs(outputs, true);
      return error;
    }
  }
  for (OutputFile& out : outputs) {
    struct stat st;
    if (fstat(fileno(out.file), &st) == 0 && S_ISREG(st.st_mode) && ftruncate(fileno(out.file), 0) != 0) {
      std::string error = cannot_write(out, std::strerror(errno));
      close_outputs(outputs, true);
      return error;
    }
  }
  return "";
}

// A one-line bar on stderr, redrawn at most ~10 times a second; only on a terminal.
class Progress {
 public:
  explicit Progress(int64_t total) : total_(total), enabled_(isatty(fileno(stderr)) != 0) {}
  void update(int64_t done) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const int cells = 30;
    int filled = static_cast<int>(cells * done / std::max<int64_t>(total_, 1));
    std::fprintf(stderr, "\rbnlab: training [%s%s] %lld/%lld steps", std::string(filled, '#').c_str(),
                 std::string(cells - filled, '.').c_str(), static_cast<long long>(done),
                 static_cast<long long>(total_));
    std::fflush(stderr);
    drawn_ = true;
  }
  void clear() {
    if (drawn_) std::fprintf(stderr, "\r%80s\r", "");
    drawn_ = false;
  }

 private:
  int64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

struct RunSummary {
  bnlab::RunReport last;
  int64_t reached_target = -1;  // first report step with test accuracy >= 90%
};

void print_summary(const bnlab::Config& cfg, const std::string& source, const std::vector<RunSummary>& runs,
                   int every) {
  const int n_train = cfg.train_size(), n_test = cfg.data.points - n_train;
  std::printf("%s: %s, %d train / %d test points, %d steps, seed %llu\n", source.c_str(),
              bnlab::to_string(cfg.data.name), n_train, n_test, cfg.train.steps,
              static_cast<unsigned long long>(cfg.seed));
  std::vector<std::vector<std::string>> rows = {
      {"run", "train loss", "test loss", "train acc", "test acc", "test acc >= 90%", ""}};
  for (const RunSummary& s : runs) {
    const bnlab::RunReport& r = s.last;
    // A diverged run has no meaningful final numbers: say so instead of "nan".
    auto cell = [&](double x, const char* format) { return r.diverged ? std::string("-") : number(x, format); };
    rows.push_back({r.name, cell(r.train_loss, "%.4f"), cell(r.test_loss, "%.4f"),
                    cell(100 * r.train_acc, "%.1f%%"), cell(100 * r.test_acc, "%.1f%%"),
                    s.reached_target >= 0 ? "step " + std::to_string(s.reached_target) : "-",
                    r.diverged ? "diverged at step " + std::to_string(r.diverged_step) + " (last finite state: step " +
                                     std::to_string(r.last_good_step) + ")"
                               : ""});
  }
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (widths[c] == 0) continue;
      line += (c ? "  " : "") + pad(row[c], widths[c], c > 0 && c < 6);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    std::printf("%s\n", line.c_str());
  }
  std::printf("(test accuracy checked every %d steps)\n", every);
}

// ------------------------------------------------------------------ run

int run_command(int argc, char** argv) {
  Options opts;
  std::string error = parse_run_args(argc, argv, 2, opts);
  if (!error.empty()) return fail(error);
  if (opts.help) {
    print_help();
    return 0;
  }
  bnlab::CustomPoints points;  // --data: its settings join opts.sets before the config is built
  if (!opts.data_path.empty()) {
    error = bnlab_cli::load_data_file(opts.data_path, opts.sets, points);
    if (!error.empty()) return fail(error);
  }
  bnlab::Config cfg;
  std::string source;
  error = build_config(opts, cfg, source);
  if (!error.empty()) return fail(error);
  if (!opts.data_path.empty()) source += ", data " + opts.data_path;
  if (opts.data_path.empty() && cfg.data.name == bnlab::DatasetKind::custom)
    return fail("data.name: \"custom\" needs --data FILE (the learner's points, a CSV file x1,x2,label)");
  uint64_t every = 10;
  if (!opts.every.empty() && !parse_count(opts.every, 1, bnlab::limits::max_steps, every))
    return fail("--every: " + quoted(opts.every) + " is not an integer in range (allowed: 1.." +
                std::to_string(bnlab::limits::max_steps) + ")");

  // Outputs: all checked now, opened once the experiment exists (see OutputFile).
  std::vector<OutputFile> outputs;
  for (auto [flag, path] : {std::pair<const char*, const std::string*>{"--csv", &opts.csv_path},
                            {"--json", &opts.json_path},
                            {"--trace", &opts.trace_path},
                            {"--smoothness", &opts.smoothness_path}})
    if (!path->empty()) outputs.push_back(OutputFile{flag, *path});
  error = check_outputs(outputs, {{"--config", opts.config_path}});
  if (!error.empty()) return fail(error);

  const bool record_trace = !opts.trace_path.empty();
  auto created = opts.data_path.empty() ? bnlab::Experiment::create(cfg, record_trace)
                                        : bnlab::Experiment::create(cfg, points, record_trace);
  if (!created.ok()) return fail(created.error);
  bnlab::Experiment& exp = *created.value;

  error = open_outputs(outputs);
  if (!error.empty()) return fail(error);
  struct Closer {
    std::vector<OutputFile>& outputs;
    ~Closer() { close_outputs(outputs, false); }
  } closer{outputs};
  auto output = [&](const char* flag) -> FILE* {
    for (const OutputFile& out : outputs)
      if (std::strcmp(out.flag, flag) == 0) return out.file;
    return nullptr;
  };
  FILE* csv = output("--csv");
  FILE* jsonl = output("--json");
  FILE* trace = output("--trace");
  FILE* smooth = output("--smoothness");

  std::vector<RunSummary> runs(static_cast<size_t>(exp.num_runs()));
  if (csv) std::fprintf(csv, "step,run,train_loss,test_loss,train_acc,test_acc\n");
  auto record = [&](int64_t step) {
    for (int i = 0; i < exp.num_runs(); ++i) {
      RunSummary& s = runs[static_cast<size_t>(i)];
      s.last = exp.report(i);
      if (s.reached_target < 0 && s.last.test_acc >= kTargetAccuracy) s.reached_target = step;
      if (csv)
        std::fprintf(csv, "%lld,%s,%s,%s,%s,%s\n", static_cast<long long>(step), csv_field(s.last.name).c_str(),
                     csv_number(s.last.train_loss).c_str(), csv_number(s.last.test_loss).c_str(),
                     csv_number(s.last.train_acc).c_str(), csv_number(s.last.test_acc).c_str());
    }
    if (jsonl) {
      std::string line = "{\"step\":" + std::to_string(step) + ",\"runs\":[";
      for (size_t i = 0; i < runs.size(); ++i) line += (i ? "," : "") + bnlab::run_report_json(runs[i].last);
      line += "]}\n";
      std::fwrite(line.data(), 1, line.size(), jsonl);
    }
    if (smooth) {
      std::string line = "{\"step\":" + std::to_string(step) + ",\"runs\":[";
      for (int i = 0; i < exp.num_runs(); ++i) line += (i ? "," : "") + bnlab::smoothness_json(exp.smoothness(i));
      line += "]}\n";
      std::fwrite(line.data(), 1, line.size(), smooth);
    }
  };

  const int64_t total = cfg.train.steps;
  Progress progress(total);
  record(0);
  for (int64_t done = 0; done < total;) {
    int k = static_cast<int>(std::min<int64_t>(static_cast<int64_t>(every), total - done));
    exp.step(k);
    done += k;
    record(done);
    progress.update(done);
  }
  progress.clear();

  print_summary(cfg, source, runs, static_cast<int>(every));
  std::fflush(stdout);

  int status = 0;
  if (csv && (std::fflush(csv) != 0 || std::ferror(csv))) {
    std::fprintf(stderr, "bnlab: error writing --csv file %s\n", quoted(opts.csv_path).c_str());
    status = kExitIoError;
  }
  if (jsonl && (std::fflush(jsonl) != 0 || std::ferror(jsonl))) {
    std::fprintf(stderr, "bnlab: error writing --json file %s\n", quoted(opts.json_path).c_str());
    status = kExitIoError;
  }
  if (smooth && (std::fflush(smooth) != 0 || std::ferror(smooth))) {
    std::fprintf(stderr, "bnlab: error writing --smoothness file %s\n", quoted(opts.smoothness_path).c_str());
    status = kExitIoError;
  }
  if (trace) {
    const std::string json = exp.trace_json();
    if (std::fwrite(json.data(), 1, json.size(), trace) != json.size() || std::fflush(trace) != 0) {
      std::fprintf(stderr, "bnlab: error writing --trace file %s\n", quoted(opts.trace_path).c_str());
      status = kExitIoError;
    }
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return fail("missing command (allowed: run, presets, --help)");
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    print_help();
    return 0;
  }
  if (command == "run") return run_command(argc, argv);
  if (command == "presets") {
    if (argc > 2) {
      if (std::string(argv[2]) == "--help" || std::string(argv[2]) == "-h") {
        std::fputs(kUsage, stdout);
        return 0;
      }
      return fail("presets takes no arguments, got " + quoted(argv[2]));
    }
    return list_presets();
  }
  return fail("unknown command " + quoted(command) + " (allowed: run, presets, --help)");
}
