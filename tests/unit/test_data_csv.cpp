// The learner's own data: the CSV reader on a table of good and bad files,
// the writer's exact round trip, the seeded train/test split of custom points,
// the plane around them, and experiments built on them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "bnlab/data_csv.hpp"
#include "bnlab/experiment.hpp"
#include "bnlab/rng.hpp"

using namespace bnlab;

namespace {

// Ten rows, two classes, numbers in several spellings of the decimal syntax.
const std::vector<std::string> kRows = {"0.5,1,0",   "-1.25,2e-3,1", "3,-4.5,0",  "1e2,0.25,1",   ".5,5.,0",
                                        "-7,+8,1",   "0,0,0",        "2.5E+1,-1e-2,1", "9,9,0", "-0.125,6,1"};
const double kX[] = {0.5, 1, -1.25, 2e-3, 3, -4.5, 1e2, 0.25, .5, 5., -7, 8, 0, 0, 2.5e1, -1e-2, 9, 9, -0.125, 6};
const int kY[] = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};

std::string join(const std::vector<std::string>& lines, const std::string& end, bool final_end = true) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += lines[i] + (i + 1 < lines.size() || final_end ? end : "");
  return out;
}

std::vector<std::string> with_row(std::vector<std::string> rows, size_t at, const std::string& row) {
  rows[at] = row;
  return rows;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// n points on two (or more) separable clusters, labels 0..classes-1.
CustomPoints clusters(int n, int classes = 2, uint64_t seed = 5) {
  CustomPoints p;
  p.classes = classes;
  Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    int k = i % classes;
    p.points.x.push_back(10 * k + rng.normal(0, 1) + 100);  // far from the origin: standardizing matters
    p.points.x.push_back(-3 * k + rng.normal(0, 0.5));
    p.points.y.push_back(k);
  }
  return p;
}

Config small_config(uint64_t seed = 1) {
  Config c;
  c.seed = seed;
  c.data.test_fraction = 0.25;
  c.model.hidden = {8, 8};
  c.train.batch_size = 16;
  RunConfig a, b;
  a.name = "without BN";
  b.name = "with BN";
  b.model = c.model;
  a.model = c.model;
  b.model.batchnorm = true;
  a.train = b.train = c.train;
  c.runs = {a, b};
  return c;
}

}  // namespace

TEST_CASE("CSV: good files load the same ten points", "[data_csv]") {
  struct Good {
    const char* what;
    std::string text;
  };
  const std::string lf = join(kRows, "\n");
  const Good good[] = {
      {"LF, final line end", lf},
      {"no final line end", join(kRows, "\n", false)},
      {"CRLF", join(kRows, "\r\n")},
      {"lone CR (old Mac)", join(kRows, "\r")},
      {"mixed line ends", join(kRows, "\r\n", false) + "\n"},
      {"UTF-8 byte-order mark + CRLF + header", "\xEF\xBB\xBFx1,x2,label\r\n" + join(kRows, "\r\n")},
      {"UTF-8 byte-order mark, no header", "\xEF\xBB\xBF" + lf},
      {"header", "x1,x2,label\n" + lf},
      {"header with other names, quoted, UTF-8", "\"Größe\", \"Gewicht (kg)\" , Klasse\n" + lf},
      {"blank lines and whitespace-only lines", "\n\nx1,x2,label\n\n" + join(kRows, "\n \t\n") + "\n\n"},
      {"spaces and tabs around fields", join([] {
         std::vector<std::string> r;
         for (const auto& row : kRows) {
           std::string s = " \t";
           for (char c : row) s += c == ',' ? std::string(" ,\t ") : std::string(1, c);
           r.push_back(s + "  ");
         }
         return r;
       }(), "\n")},
      {"quoted fields", join([] {
         std::vector<std::string> r;
         for (const auto& row : kRows) {
           std::string s = "\"";
           for (char c : row) s += c == ',' ? std::string("\",\"") : std::string(1, c);
           r.push_back(s + "\"");
         }
         return r;
       }(), "\n")},
      {"labels written as numpy floats", join(with_row(with_row(kRows, 0, "0.5,1,0.000000000000000000e+00"), 1,
                                                       "-1.25,2e-3,1.0"), "\n")},
  };
  for (const Good& g : good) {
    INFO(g.what);
    CsvRead r = read_points_csv(g.text);
    REQUIRE(r.error() == "");
    REQUIRE(r.data.points.size() == 10);
    CHECK(r.data.classes == 2);
    for (int i = 0; i < 20; ++i) CHECK(same_bits(r.data.points.x[size_t(i)], kX[i]));
    for (int i = 0; i < 10; ++i) CHECK(r.data.points.y[size_t(i)] == kY[i]);
  }
}

TEST_CASE("CSV: classes are the largest label + 1", "[data_csv]") {
  auto classes_of = [](std::vector<int> labels) {
    std::string text;
    for (size_t i = 0; i < labels.size(); ++i) text += std::to_string(i) + ",1," + std::to_string(labels[i]) + "\n";
    CsvRead r = read_points_csv(text);
    INFO(r.error());
    REQUIRE(r.ok());
    return r.data.classes;
  };
  CHECK(classes_of({0, 1, 0, 1, 0, 1, 0, 1, 0, 1}) == 2);
  CHECK(classes_of({0, 2, 0, 2, 0, 2, 0, 2, 0, 2}) == 3);  // class 1 empty: still labels 0..2
  CHECK(classes_of({1, 2, 1, 2, 1, 2, 1, 2, 1, 2}) == 3);
  CHECK(classes_of({0, 1, 2, 3, 4, 5, 6, 7, 0, 1}) == 8);
}

TEST_CASE("CSV: bad files are rejected naming the line of the first problem", "[data_csv]") {
  struct Bad {
    std::string text;
    int line;
    std::string problem;  // a part of the message
  };
  const std::string header = "x1,x2,label\n";
  auto rows_with = [&](size_t at, const std::string& row) { return header + join(with_row(kRows, at, row), "\n"); };
  std::string many = header;
  for (int i = 0; i < 20001; ++i) many += std::to_string(i % 100) + ",1," + std::to_string(i % 2) + "\n";
  // Files a learner might pick by mistake: a PNG image, an .xlsx workbook (a zip).
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0", 20);
  const std::string xlsx("PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0", 14);  // the literal's 14 bytes
  const Bad bad[] = {
      {rows_with(2, "1,2"), 4, "2 columns, a column is missing (expected 3: x1,x2,label)"},
      {rows_with(2, "1"), 4, "1 column, a column is missing"},
      {rows_with(2, "1,2,0,4"), 4, "4 columns, more than 3 (expected 3: x1,x2,label)"},
      {rows_with(2, "1,5,2,0"), 4, "4 columns"},  // a decimal comma
      {rows_with(2, "1;5;0"), 4, "1 column: columns must be separated by commas, this line seems to use semicolons"},
      {rows_with(2, "1\t5\t0"), 4, "seems to use tabs"},
      {rows_with(0, "abc,1,0"), 2, "x1 'abc' is not a number (allowed: a decimal number such as -1.5"},
      {rows_with(9, "1,2x,0"), 11, "x2 '2x' is not a number"},
      {rows_with(3, ",1,0"), 5, "x1 is empty"},
      {rows_with(3, "1, ,0"), 5, "x2 is empty"},
      {rows_with(3, "1,1,"), 5, "label is empty"},
      {rows_with(1, "nan,1,0"), 3, "x1 'nan' is not a finite number"},
      {rows_with(1, "NaN,1,0"), 3, "x1 'NaN' is not a finite number"},
      {rows_with(1, "-nan(0x7),1,0"), 3, "is not a finite number"},
      {rows_with(1, "1,inf,0"), 3, "x2 'inf' is not a finite number"},
      {rows_with(1, "1,-Infinity,0"), 3, "x2 '-Infinity' is not a finite number"},
      {rows_with(1, "1,+INF,0"), 3, "x2 '+INF' is not a finite number"},
      {rows_with(1, "0x1p3,1,0"), 3, "x1 '0x1p3' is not a number"},
      {rows_with(1, "0x10,1,0"), 3, "x1 '0x10' is not a number"},
      {rows_with(1, "1e,1,0"), 3, "x1 '1e' is not a number"},
      {rows_with(1, "1_000,1,0"), 3, "x1 '1_000' is not a number"},
      {rows_with(1, "--1,1,0"), 3, "is not a number"},
      {rows_with(1, "1,1e400,0"), 3, "x2 '1e400' is out of range (allowed: -1e6 <= x <= 1e6)"},
      {rows_with(1, "1000001,1,0"), 3, "x1 '1000001' is out of range"},
      {rows_with(1, "1,-1.0000001e6,0"), 3, "x2 '-1.0000001e6' is out of range"},
      {rows_with(4, "1,1,1.5"), 6, "label '1.5' is not an integer (allowed: an integer class 0..7)"},
      {rows_with(4, "1,1,8"), 6, "label '8' is out of range (allowed: an integer class 0..7)"},
      {rows_with(4, "1,1,-1"), 6, "label '-1' is out of range"},
      {rows_with(4, "1,1,1e300"), 6, "label '1e300' is out of range"},
      {rows_with(4, "1,1,one"), 6, "label 'one' is not a number"},
      {rows_with(4, "1,1,NaN"), 6, "label 'NaN' is not a number"},
      {rows_with(5, "x1,x2,label"), 7, "x1 'x1' is not a number"},  // a second header
      {"1.5,abc,0\n" + join(kRows, "\n"), 1, "x2 'abc' is not a number"},  // numbers: not a header
      {"x1,x2\n" + join(kRows, "\n"), 1, "a header of 2 columns (expected 3: x1,x2,label)"},
      {"x1;x2;label\n" + join(kRows, "\n"), 1, "a header of 1 column: columns must be separated by commas"},
      {header + join(with_row(with_row(kRows, 2, "bad"), 6, "worse"), "\n"), 4, "1 column"},  // the first one
      {"\n\r\n\r" + header + "\r\n" + join(with_row(kRows, 1, "1,x,0"), "\r\n"), 7, "x2 'x' is not a number"},
      {header + "0,0,0\n1,1,1\n2,2,0\n", 4, "only 3 rows (allowed: at least 10 rows)"},
      {header + "\n\n", 3, "no data rows"},
      {"", 1, "no data rows"},
      {header + join(std::vector<std::string>(10, "1,2,3"), "\n") + "\n\n", 11,
       "every row has label 3: only one class (allowed: at least two classes among labels 0..7)"},
      {many, 20002, "more than 20000 rows (allowed: at most 20000)"},
      {std::string(50u << 20, '1'), 0, "the data is 52428800 bytes (allowed: up to 4000000 bytes)"},
      {std::string(kMaxCsvBytes + 1, '\n'), 0, "the data is 4000001 bytes"},
      {rows_with(4, std::string("1,\0", 3) + "2,0"), 6, "binary data: byte 0x00 at column 3"},
      {png, 1, "invalid UTF-8 at column 1"},
      {"x1,x2,label\n" + png, 2, "invalid UTF-8 at column 1"},
      {xlsx, 1, "binary data: byte 0x03 at column 3"},
      {std::string("\x01\x02\x03", 3), 1, "binary data: byte 0x01 at column 1"},
      {rows_with(3, "1,1,0\x1b"), 5, "byte 0x1B at column 6"},
      {rows_with(3, "1,1,0\x7f"), 5, "byte 0x7F"},
      {"x\xC3\x28,x2,label\n" + join(kRows, "\n"), 1, "invalid UTF-8 at column 2 (allowed: UTF-8 text)"},
      {rows_with(0, "\x80,1,0"), 2, "invalid UTF-8 at column 1"},
      {rows_with(0, "1,\xC0\xAF,0"), 2, "invalid UTF-8 at column 3"},      // overlong '/'
      {rows_with(0, "1,1,\xED\xA0\x80"), 2, "invalid UTF-8 at column 5"},  // a surrogate
      {rows_with(0, "1,1,\xF4\x90\x80\x80"), 2, "invalid UTF-8"},          // beyond U+10FFFF
      {rows_with(0, "\xC3\xA9\xE2\x82\xAC,1,0"), 2, "x1 '\xC3\xA9\xE2\x82\xAC' is not a number"},  // valid: é€
      {std::string("\xFF\xFEx\0,\0", 6), 1, "the text is UTF-16 (allowed: UTF-8 text"},
  };
  for (const Bad& b : bad) {
    INFO("text starts: " << b.text.substr(0, 40));
    CsvRead r = read_points_csv(b.text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.line == b.line);
    CHECK_THAT(r.problem, Catch::Contains(b.problem));
    CHECK(r.data.points.size() == 0);  // nothing half-read is handed out
    CHECK(r.error() == (b.line > 0 ? "line " + std::to_string(b.line) + ": " + r.problem : r.problem));
    CHECK(r.problem.find('\n') == std::string::npos);
  }
}

TEST_CASE("CSV: a long field is cut in the message, not split inside a character", "[data_csv]") {
  std::string field;
  for (int i = 0; i < 40; ++i) field += "\xC3\xA9";  // 'é', two bytes each
  CsvRead r = read_points_csv("x1,x2,label\n1," + field + ",0\n");
  REQUIRE(r.line == 2);
  CHECK(r.problem.size() < 150);
  CHECK_THAT(r.problem, Catch::StartsWith("x2 '\xC3\xA9") && Catch::Contains("...' is not a number"));
  CHECK(r.problem.find("\xC3...") == std::string::npos);
}

TEST_CASE("CSV: what is written reads back to the same bits", "[data_csv]") {
  PointSet s;
  const double specials[] = {0.1, -0.0, 0.0, 1e6, -1e6, 5e-324, 2.2250738585072014e-308, 1.0 / 3, 999999.99999999988,
                             -1.2345678901234567e-5, 123456.789, 1e-300};
  for (double v : specials) {
    s.x.push_back(v);
    s.x.push_back(-v / 7);
  }
  Rng rng(4);
  for (int i = 0; i < 2000; ++i) {
    // Uniform on a log scale over the whole allowed range, either sign.
    double mag = std::pow(10.0, rng.uniform(-300, 6));
    s.x.push_back(rng.uniform() < 0.5 ? -mag : mag);
    s.x.push_back(rng.uniform(-1e6, 1e6));
  }
  for (size_t i = 0; i < s.x.size() / 2; ++i) s.y.push_back(int(i % 8));
  const std::string text = points_csv(s);
  CHECK(text.rfind("x1,x2,label\n0.1,-0.014285714285714287,0\n-0,0,1\n0,-0,2\n", 0) == 0);  // fewest digits
  CsvRead r = read_points_csv(text);
  REQUIRE(r.error() == "");
  REQUIRE(r.data.points.size() == s.size());
  CHECK(r.data.classes == 8);
  size_t differing = 0;
  for (size_t i = 0; i < s.x.size(); ++i) differing += !same_bits(r.data.points.x[i], s.x[i]);
  CHECK(differing == 0);
  CHECK(r.data.points.y == s.y);
}

TEST_CASE("CSV: mutated files never crash, and what loads writes back the same", "[data_csv]") {
  // A cheap stand-in for fuzzing (the fuzz target calls read_points_csv alone):
  // bytes flipped, inserted and deleted in a good file, 3000 times.
  const std::string base = "\xEF\xBB\xBFx1,x2,label\r\n" + join(kRows, "\r\n") + "\n3,4,2\n";
  const char specials[] = {',', '\n', '\r', '"', '.', 'e', '-', '+', ' ', '\t', '\0', '\x80', '\xC3', '\xFF', '7', 'n'};
  Rng rng(21);
  int loaded = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text = base;
    for (int k = 1 + int(rng.below(4)); k > 0; --k) {
      const size_t at = rng.below(uint32_t(text.size()));
      const char c = rng.uniform() < 0.7 ? specials[rng.below(sizeof specials)] : char(rng.below(256));
      switch (rng.below(3)) {
        case 0: text[at] = c; break;
        case 1: text.insert(text.begin() + long(at), c); break;
        default: text.erase(at, 1); break;
      }
    }
    CsvRead r = read_points_csv(text);
    const int lines = 1 + int(std::count(text.begin(), text.end(), '\n') + std::count(text.begin(), text.end(), '\r'));
    INFO("trial " << trial << ": " << r.error());
    if (r.ok()) {
      ++loaded;
      REQUIRE(r.data.points.size() >= 10);
      REQUIRE(r.data.points.x.size() == 2 * r.data.points.y.size());
      CsvRead back = read_points_csv(points_csv(r.data.points));
      REQUIRE(back.ok());
      CHECK(back.data.points.x == r.data.points.x);
      CHECK(back.data.points.y == r.data.points.y);
      CHECK(back.data.classes == r.data.classes);
    } else {
      CHECK(r.line >= 1);
      CHECK(r.line <= lines);
      CHECK(r.problem.find_first_of("\n\r") == std::string::npos);
      CHECK(r.data.points.size() == 0);
    }
  }
  CHECK(loaded > 100);   // both outcomes were exercised
  CHECK(loaded < 2900);
}

TEST_CASE("custom points: the split is a seeded permutation of the rows", "[data_csv]") {
  CustomPoints p = clusters(203, 3);
  DataConfig cfg;
  cfg.test_fraction = 0.3;
  Dataset d = make_custom_dataset(cfg, p, 11);
  CHECK(d.classes == 3);
  REQUIRE(d.test.size() == 61);  // round(60.9)
  REQUIRE(d.train.size() == 142);
  REQUIRE(d.train_rows.size() == 142);
  REQUIRE(d.test_rows.size() == 61);

  // Disjoint, and together exactly the rows.
  std::vector<int> all(d.train_rows);
  all.insert(all.end(), d.test_rows.begin(), d.test_rows.end());
  std::sort(all.begin(), all.end());
  std::vector<int> expected(203);
  std::iota(expected.begin(), expected.end(), 0);
  CHECK(all == expected);
  // Each point is its row's point.
  for (const auto& [set, rows] : {std::pair{&d.train, &d.train_rows}, std::pair{&d.test, &d.test_rows}})
    for (int i = 0; i < set->size(); ++i) {
      const int row = (*rows)[size_t(i)];
      CHECK(set->x[2 * size_t(i)] == p.points.x[2 * size_t(row)]);
      CHECK(set->x[2 * size_t(i) + 1] == p.points.x[2 * size_t(row) + 1]);
      CHECK(set->y[size_t(i)] == p.points.y[size_t(row)]);
    }
  // Not the file's order: the test set is not simply the last rows.
  CHECK(*std::min_element(d.test_rows.begin(), d.test_rows.end()) < 142);

  // The same seed gives the same split; other seeds other splits.
  Dataset again = make_custom_dataset(cfg, p, 11);
  CHECK(again.train_rows == d.train_rows);
  CHECK(again.test_rows == d.test_rows);
  CHECK(again.train.x == d.train.x);
  for (uint64_t seed : {1, 2, 12}) CHECK(make_custom_dataset(cfg, p, seed).test_rows != d.test_rows);
}

TEST_CASE("custom points: the plane covers every point with a 10% margin", "[data_csv]") {
  CustomPoints p = clusters(50);
  DataConfig cfg;
  Dataset d = make_custom_dataset(cfg, p, 1);
  double lo[2] = {1e9, 1e9}, hi[2] = {-1e9, -1e9};
  for (int i = 0; i < 50; ++i)
    for (int f = 0; f < 2; ++f) {
      lo[f] = std::min(lo[f], p.points.x[2 * size_t(i) + f]);
      hi[f] = std::max(hi[f], p.points.x[2 * size_t(i) + f]);
    }
  CHECK(d.xmin == Approx(lo[0] - 0.1 * (hi[0] - lo[0])));
  CHECK(d.xmax == Approx(hi[0] + 0.1 * (hi[0] - lo[0])));
  CHECK(d.ymin == Approx(lo[1] - 0.1 * (hi[1] - lo[1])));
  CHECK(d.ymax == Approx(hi[1] + 0.1 * (hi[1] - lo[1])));

  // A coordinate that never changes still gets a plane of non-zero size.
  for (int i = 0; i < 50; ++i) p.points.x[2 * size_t(i) + 1] = 250;
  Dataset flat = make_custom_dataset(cfg, p, 1);
  CHECK(flat.ymin == Approx(225));
  CHECK(flat.ymax == Approx(275));
  for (int i = 0; i < 50; ++i) p.points.x[2 * size_t(i) + 1] = 0;
  Dataset zero = make_custom_dataset(cfg, p, 1);
  CHECK(zero.ymin == Approx(-1));
  CHECK(zero.ymax == Approx(1));
}

TEST_CASE("custom points: dataset_csv writes them back in their own order", "[data_csv]") {
  CustomPoints p = clusters(97, 2, 8);
  DataConfig cfg;
  Dataset d = make_custom_dataset(cfg, p, 3);
  CsvRead back = read_points_csv(dataset_csv(d));
  REQUIRE(back.ok());
  CHECK(back.data.points.x == p.points.x);
  CHECK(back.data.points.y == p.points.y);
  CHECK(back.data.classes == 2);
  // Generated data: train points, then test points.
  DataConfig gen;
  gen.points = 40;
  Dataset g = make_dataset(gen, 2);
  CsvRead gb = read_points_csv(dataset_csv(g));
  REQUIRE(gb.ok());
  std::vector<double> x(g.train.x);
  x.insert(x.end(), g.test.x.begin(), g.test.x.end());
  CHECK(gb.data.points.x == x);
}

TEST_CASE("custom points: invalid points are an error value", "[data_csv]") {
  CustomPoints ok = clusters(20);
  CHECK(check_custom_points(ok) == "");
  CustomPoints p = ok;
  p.points.x.pop_back();
  CHECK_THAT(check_custom_points(p), Catch::Contains("two per point"));
  p = ok;
  p.points.y[3] = 2;
  CHECK_THAT(check_custom_points(p), Catch::Contains("point 3 has label 2 (allowed: 0..1)"));
  p = ok;
  p.points.x[5] = std::numeric_limits<double>::quiet_NaN();
  CHECK_THAT(check_custom_points(p), Catch::Contains("not finite"));
  p = ok;
  p.points.x[5] = 2e6;
  CHECK_THAT(check_custom_points(p), Catch::Contains("beyond +-1e6"));
  p = ok;
  std::fill(p.points.y.begin(), p.points.y.end(), 1);
  CHECK_THAT(check_custom_points(p), Catch::Contains("only one class"));
  p = ok;
  p.classes = 9;
  CHECK_THAT(check_custom_points(p), Catch::Contains("9 classes (allowed: 2..8)"));
  CHECK_THAT(check_custom_points(clusters(9)), Catch::Contains("9 points (allowed: 10..20000)"));
}

TEST_CASE("experiments on custom points", "[data_csv][experiment]") {
  Config c = small_config();
  CustomPoints p = clusters(120);

  SECTION("custom without points is an error value") {
    Config named = c;
    named.data.name = DatasetKind::custom;
    auto r = Experiment::create(named);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error, Catch::StartsWith("data.name: \"custom\" has no points here"));
  }

  SECTION("the config reads back custom and the number of rows") {
    auto r = Experiment::create(c, p);
    REQUIRE(r.error == "");
    const Experiment& e = *r.value;
    CHECK(e.config().data.name == DatasetKind::custom);
    CHECK(e.config().data.points == 120);
    CHECK(e.dataset().train.size() == 90);
    CHECK(e.dataset().test.size() == 30);
    CHECK_THAT(config_to_json(e.config()), Catch::Contains(R"("name":"custom","points":120)"));
    // ... which parses again (a config the CLI takes with --data).
    CHECK(parse_config(config_to_json(e.config())).ok());
  }

  SECTION("inputs are standardized with the custom train set's statistics") {
    auto r = Experiment::create(c, p);
    REQUIRE(r.ok());
    const Dataset& d = r.value->dataset();
    FeatureStats st = feature_stats(d.train);
    RunReport rep = r.value->report(0);
    CHECK(rep.standardized);
    CHECK(rep.input_mean[0] == Approx(st.mean[0]));
    CHECK(rep.input_mean[0] > 90);  // the raw mean, around 105
    CHECK(rep.input_std[1] == Approx(st.std[1]));
  }

  SECTION("it trains, both runs, on separable points") {
    auto r = Experiment::create(c, p);
    REQUIRE(r.ok());
    r.value->step(300);
    for (int run = 0; run < 2; ++run) {
      RunReport rep = r.value->report(run);
      INFO(rep.name);
      CHECK_FALSE(rep.diverged);
      CHECK(rep.train_acc > 0.95);
      CHECK(rep.test_acc > 0.9);
    }
  }

  SECTION("three classes, one of them absent, train with softmax over 3 outputs") {
    CustomPoints three = clusters(120, 3);
    for (int& y : three.points.y)
      if (y == 1) y = 0;
    auto r = Experiment::create(c, three, true);
    REQUIRE(r.ok());
    CHECK(r.value->grid_channels() == 3);
    r.value->step(2);
    CHECK_THAT(r.value->trace_json(), Catch::Contains(R"("loss":"softmax_ce")") && Catch::Contains(R"("classes":3)"));
  }

  SECTION("a batch larger than the custom train set is an error value naming the field") {
    auto r = Experiment::create(c, clusters(20));  // 15 train points, batch 16
    REQUIRE_FALSE(r.ok());
    CHECK(r.error ==
          "train.batch_size: 16 is larger than the train set (allowed: 1 <= x <= 15, the train set size for "
          "the data's 20 points)");
    Config own = c;
    own.runs[0].train.batch_size = 8;
    own.runs[1].train.batch_size = 64;
    own.runs[1].overrides = {{"train.batch_size", "64"}};
    auto r2 = Experiment::create(own, clusters(40));
    REQUIRE_FALSE(r2.ok());
    CHECK_THAT(r2.error, Catch::StartsWith("runs[1].set.train.batch_size: 64 is larger than the train set"));
  }

  SECTION("a test fraction that leaves no train or no test points is an error value") {
    Config tf = c;
    tf.data.test_fraction = 0.95;
    tf.train.batch_size = tf.runs[0].train.batch_size = tf.runs[1].train.batch_size = 2;
    auto r = Experiment::create(tf, clusters(10));  // round(9.5) = 10 test points
    REQUIRE_FALSE(r.ok());
    CHECK(r.error ==
          "data.test_fraction: 0.95 leaves no train points out of the data's 10 (allowed: a fraction that leaves "
          "both sets non-empty)");
  }

  SECTION("invalid points are an error value") {
    CustomPoints bad = p;
    bad.points.y[0] = 5;
    auto r = Experiment::create(c, bad);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error, Catch::Contains("point 0 has label 5"));
  }

  SECTION("same config, seed and points: the same numbers") {
    auto a = Experiment::create(c, p);
    auto b = Experiment::create(c, p);
    REQUIRE((a.ok() && b.ok()));
    a.value->step(50);
    b.value->step(50);
    CHECK(a.value->report(1).train_loss == b.value->report(1).train_loss);
  }
}
