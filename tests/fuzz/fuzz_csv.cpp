// read_points_csv, the learner's data file (CLI --data, the page's load
// dialog, data.custom links). No crash or sanitizer report; an error is one
// bounded line with a line number inside the text; what it accepts obeys the
// contract (10..20,000 rows, labels 0..7, at least two classes, finite
// coordinates within 1e6) and round-trips exactly through points_csv.
#include <cmath>
#include <cstdint>
#include <string>

#include "bnlab/data_csv.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::as_text(data, size);
  const bnlab::CsvRead read = bnlab::read_points_csv(text);
  if (!read.ok()) {
    fuzz::check_message(read.error(), "read_points_csv");
    size_t lines = 1;
    for (char c : text) lines += c == '\n' || c == '\r';
    fuzz::check(read.line >= 0 && static_cast<size_t>(read.line) <= lines,
                "problem reported at line " + std::to_string(read.line) + " of a text with at most " +
                    std::to_string(lines) + " lines");
    return 0;
  }
  const bnlab::PointSet& p = read.data.points;
  fuzz::check(p.size() >= 10 && p.size() <= 20000, "accepted " + std::to_string(p.size()) + " rows");
  fuzz::check(p.x.size() == 2 * p.y.size(), "coordinates and labels differ in count");
  bool two_classes = false;
  for (int i = 0; i < p.size(); ++i) {
    fuzz::check(p.y[i] >= 0 && p.y[i] < read.data.classes && read.data.classes <= 8, "label out of range");
    two_classes = two_classes || p.y[i] != p.y[0];
    for (int d = 0; d < 2; ++d)
      fuzz::check(std::isfinite(p.x[2 * i + d]) && std::fabs(p.x[2 * i + d]) <= 1e6, "coordinate out of range");
  }
  fuzz::check(two_classes, "accepted a single class");
  const std::string once = bnlab::points_csv(p);
  const bnlab::CsvRead again = bnlab::read_points_csv(once);
  fuzz::check(again.ok() && again.data.points.x == p.x && again.data.points.y == p.y,
              "points_csv does not read back to the same points");
  return 0;
}
