// The learner's own data as CSV (contract: DESIGN.md, "The learner's own data
// and runs"). Errors are values (the WASM build has no exceptions).
//
// What is read:
//   - one example a line: x1,x2,label; fields separated by commas, spaces and
//     tabs around a field ignored, a field may be wrapped in double quotes
//     (with no comma or quote inside);
//   - an optional header: the first non-blank line is one when none of its
//     fields looks like a number (starts with a digit, a sign or a point, or
//     spells NaN or Infinity); it must have 3 columns too;
//   - blank lines anywhere; line ends LF, CRLF or a lone CR (old Mac), mixed;
//     a final line end or none; a UTF-8 byte-order mark;
//   - x1, x2: plain decimal numbers, as spreadsheets write them:
//     [+-] digits [. digits] [e|E [+-] digits] (".5" and "5." too), |x| <= 1e6.
//     Not NaN, Infinity, hex (0x1p3), digit separators or decimal commas;
//   - label: a number in the same syntax whose value is an integer 0..7
//     ("1", "1.0" and numpy's "1.000000000000000000e+00" are all class 1);
//   - 10..20,000 rows (the range of data.points), at least two different labels;
//   - at most kMaxCsvBytes bytes, checked before anything else is read;
//   - text only: UTF-8, no control characters other than tab, CR and LF.
// Classes: K = largest label + 1, so a label always names the same class (and
// colour); 2 classes train with the sigmoid loss, more with softmax; a class
// below the largest that has no points is allowed (it is never the answer).
//
// The first problem in the text is reported, with its line (1-based; every
// line end counts, blank lines too). A problem of the data as a whole is
// reported at the line where it shows: too many rows at the first row too
// many, too few rows or one class at the last data line. Only a text over the
// size limit names no line.
#pragma once
#include <cstddef>
#include <string>

#include "bnlab/dataset.hpp"

namespace bnlab {

constexpr size_t kMaxCsvBytes = 4000000;  // ~200 bytes a row for 20,000 rows

struct CsvRead {
  CustomPoints data;    // the rows in file order (when ok())
  int line = 0;         // line of the first problem; 0 when the text is too large
  std::string problem;  // what is wrong, one line, "" when ok
  bool ok() const { return problem.empty(); }
  // "line L: problem" (the problem alone for line 0): what the page shows.
  std::string error() const;
};

// Reads CSV text (any bytes: never crashes, never throws). The one entry point
// for every front end and for fuzzing.
CsvRead read_points_csv(const std::string& text);

// The problem read_points_csv names for a text of `bytes` bytes ("" when the
// size is allowed), for callers that know the size before reading (the CLI).
std::string csv_size_problem(size_t bytes);

// x1,x2,label with a header line and LF line ends; each number in the fewest
// digits (up to 17) that read back to exactly the same double.
std::string points_csv(const PointSet& points);

// A dataset's points as CSV, in dataset_points' order: custom data as it was given
// (so loading it again with the same config and seed gives the same
// experiment), generated data train points first, then test points.
std::string dataset_csv(const Dataset& d);

}  // namespace bnlab
