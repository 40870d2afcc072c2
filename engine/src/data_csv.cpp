// The CSV reader and writer for custom data; the rules are in data_csv.hpp.
// One pass over the text, line by line, so the first problem is the one named.
// Numbers are checked against the plain decimal syntax first, then converted
// with strtod (correctly rounded in glibc and in Emscripten's musl, so native
// and WASM read the same doubles; the "C" locale: nothing here calls setlocale).
#include "bnlab/data_csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace bnlab {
namespace {

const char* const kColumns = "expected 3: x1,x2,label";
const char* const kNumberRule = "allowed: a decimal number such as -1.5, 0.25 or 3e-4";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// A field without its spaces and one pair of surrounding double quotes.
std::string_view field_text(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = trim(s.substr(1, s.size() - 2));
  return s;
}

// [+-] (digits [. digits*] | . digits) [(e|E) [+-] digits]
bool is_plain_decimal(std::string_view s) {
  size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < n && is_digit(s[i])) ++i, ++int_digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && is_digit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < n && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == n;
}

// NaN and infinity as strtod would read them: [+-] (nan[(...)] | inf | infinity), any case.
bool spells_non_finite(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  std::string lower;
  for (char c : s) lower += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  return lower == "inf" || lower == "infinity" || lower.rfind("nan", 0) == 0;
}

// What a header field may not look like: the start of a number.
bool looks_numeric(std::string_view s) {
  return !s.empty() && (is_digit(s[0]) || s[0] == '+' || s[0] == '-' || s[0] == '.' || spells_non_finite(s));
}

// A field as quoted in a message: at most ~30 characters, never a split UTF-8
// sequence (lines are checked to be valid UTF-8 before fields are read).
std::string shown(std::string_view s) {
  const size_t max_bytes = 30;
  if (s.size() <= max_bytes) return "'" + std::string(s) + "'";
  size_t end = max_bytes - 3;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return "'" + std::string(s.substr(0, end)) + "...'";
}

// Reads one number field; "" or the problem ("x1 'abc' is not a number (...)").
std::string read_number(std::string_view raw, const char* column, double& out) {
  std::string_view s = field_text(raw);
  if (s.empty()) return std::string(column) + " is empty (" + kNumberRule + ")";
  if (spells_non_finite(s)) return std::string(column) + " " + shown(s) + " is not a finite number (" + kNumberRule + ")";
  if (!is_plain_decimal(s)) return std::string(column) + " " + shown(s) + " is not a number (" + kNumberRule + ")";
  out = std::strtod(std::string(s).c_str(), nullptr);  // overflow gives +-HUGE_VAL: out of range below
  return "";
}

std::string read_coordinate(std::string_view raw, const char* column, double& out) {
  std::string problem = read_number(raw, column, out);
  if (problem.empty() && !(std::abs(out) <= kMaxAbsCoordinate))
    problem = std::string(column) + " " + shown(field_text(raw)) + " is out of range (allowed: -1e6 <= x <= 1e6)";
  return problem;
}

std::string read_label(std::string_view raw, int& out) {
  const std::string rule = "(allowed: an integer class 0.." + std::to_string(kMaxClasses - 1) + ")";
  std::string_view s = field_text(raw);
  if (s.empty()) return "label is empty " + rule;
  if (spells_non_finite(s) || !is_plain_decimal(s)) return "label " + shown(s) + " is not a number " + rule;
  double v = std::strtod(std::string(s).c_str(), nullptr);
  if (v != std::floor(v)) return "label " + shown(s) + " is not an integer " + rule;  // also inf
  if (v < 0 || v >= kMaxClasses) return "label " + shown(s) + " is out of range " + rule;
  out = static_cast<int>(v);
  return "";
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

std::string columns_problem(const std::vector<std::string_view>& fields, std::string_view line, bool header) {
  const size_t n = fields.size();
  std::string what = (header ? "a header of " : "") + std::to_string(n) + (n == 1 ? " column" : " columns");
  if (n == 1) {
    for (char sep : {';', '\t', ' '})
      if (trim(line).find(sep) != std::string_view::npos) {
        const char* name = sep == ';' ? "semicolons" : sep == '\t' ? "tabs" : "spaces";
        return what + ": columns must be separated by commas, this line seems to use " + name + " (" +
               kColumns + ")";
      }
  }
  if (header) return what + " (" + kColumns + ")";
  return what + (n < 3 ? ", a column is missing (" : ", more than 3 (") + kColumns + ")";
}

// "" or the problem with the bytes of one line: control characters, broken UTF-8.
std::string check_text(std::string_view line) {
  size_t column = 0;  // characters (code points) before position i
  for (size_t i = 0; i < line.size(); ++column) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", c);
        return "binary data: byte " + std::string(hex) + " at column " + std::to_string(column + 1) +
               " (allowed: text, one example a line: x1,x2,label)";
      }
      ++i;
      continue;
    }
    // A well-formed UTF-8 sequence (RFC 3629): no overlongs, surrogates or > U+10FFFF.
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    bool ok = len != 0 && c >= 0xC2 && c <= 0xF4 && i + len <= line.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(line[i + k]) & 0xC0) == 0x80;
    if (ok && len >= 3) {
      const auto c1 = static_cast<unsigned char>(line[i + 1]);
      if (c == 0xE0) ok = c1 >= 0xA0;                // overlong
      if (c == 0xED) ok = c1 <= 0x9F;                // surrogates
      if (c == 0xF0) ok = c1 >= 0x90;                // overlong
      if (c == 0xF4) ok = c1 <= 0x8F;                // beyond U+10FFFF
    }
    if (!ok) return "invalid UTF-8 at column " + std::to_string(column + 1) + " (allowed: UTF-8 text)";
    i += len;
  }
  return "";
}

// Shortest of %.15g, %.16g, %.17g that reads back to x exactly.
std::string exact_number(double x) {
  char buf[40];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  return buf;
}

}  // namespace

std::string CsvRead::error() const {
  if (ok()) return "";
  return line > 0 ? "line " + std::to_string(line) + ": " + problem : problem;
}

std::string csv_size_problem(size_t bytes) {
  if (bytes <= kMaxCsvBytes) return "";
  return "the data is " + std::to_string(bytes) + " bytes (allowed: up to " + std::to_string(kMaxCsvBytes) + " bytes)";
}

CsvRead read_points_csv(const std::string& text) {
  CsvRead r;
  auto fail = [&r](int line, std::string problem) {
    r.line = line;
    r.problem = std::move(problem);
    r.data = CustomPoints{};
    return r;
  };
  std::string too_large = csv_size_problem(text.size());
  if (!too_large.empty()) return fail(0, too_large);
  std::string_view rest(text);
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // UTF-8 byte-order mark
  if (rest.substr(0, 2) == "\xFF\xFE" || rest.substr(0, 2) == "\xFE\xFF")
    return fail(1, "the text is UTF-16 (allowed: UTF-8 text; save the file as CSV UTF-8)");

  PointSet& pts = r.data.points;
  int line_no = 0, last_data_line = 0, rows = 0;
  bool seen_content = false;  // a non-blank line: the header chance is gone
  std::vector<int> per_class(size_t(kMaxClasses), 0);
  while (!rest.empty()) {
    size_t end = rest.find_first_of("\r\n");
    std::string_view line = rest.substr(0, end);
    if (end == std::string_view::npos) {
      rest = {};
    } else {
      bool crlf = rest[end] == '\r' && end + 1 < rest.size() && rest[end + 1] == '\n';
      rest.remove_prefix(end + (crlf ? 2 : 1));
    }
    ++line_no;
    std::string problem = check_text(line);
    if (!problem.empty()) return fail(line_no, problem);
    if (trim(line).empty()) continue;

    std::vector<std::string_view> fields = split_fields(line);
    if (!seen_content) {
      seen_content = true;
      bool header = std::none_of(fields.begin(), fields.end(),
                                 [](std::string_view f) { return looks_numeric(field_text(f)); });
      if (header) {
        if (fields.size() != 3) return fail(line_no, columns_problem(fields, line, true));
        continue;
      }
    }
    if (fields.size() != 3) return fail(line_no, columns_problem(fields, line, false));
    if (rows == limits::max_points)
      return fail(line_no, "more than " + std::to_string(limits::max_points) + " rows (allowed: at most " +
                               std::to_string(limits::max_points) + ")");
    double x1 = 0, x2 = 0;
    int label = 0;
    problem = read_coordinate(fields[0], "x1", x1);
    if (problem.empty()) problem = read_coordinate(fields[1], "x2", x2);
    if (problem.empty()) problem = read_label(fields[2], label);
    if (!problem.empty()) return fail(line_no, problem);
    pts.x.push_back(x1);
    pts.x.push_back(x2);
    pts.y.push_back(label);
    ++per_class[size_t(label)];
    ++rows;
    last_data_line = line_no;
  }

  if (rows == 0) return fail(std::max(line_no, 1), "no data rows (expected one example a line: x1,x2,label)");
  if (rows < kMinCustomPoints)
    return fail(last_data_line, "only " + std::to_string(rows) + (rows == 1 ? " row" : " rows") +
                                    " (allowed: at least " + std::to_string(kMinCustomPoints) + " rows)");
  const int present = static_cast<int>(std::count_if(per_class.begin(), per_class.end(), [](int n) { return n > 0; }));
  if (present < 2)
    return fail(last_data_line, "every row has label " + std::to_string(pts.y.front()) +
                                    ": only one class (allowed: at least two classes among labels 0.." +
                                    std::to_string(kMaxClasses - 1) + ")");
  r.data.classes = *std::max_element(pts.y.begin(), pts.y.end()) + 1;
  return r;
}

std::string points_csv(const PointSet& points) {
  std::string out = "x1,x2,label\n";
  out.reserve(out.size() + 48 * size_t(points.size()));
  for (int i = 0; i < points.size(); ++i) {
    out += exact_number(points.x[2 * size_t(i)]);
    out += ',';
    out += exact_number(points.x[2 * size_t(i) + 1]);
    out += ',';
    out += std::to_string(points.y[size_t(i)]);
    out += '\n';
  }
  return out;
}

std::string dataset_csv(const Dataset& d) { return points_csv(dataset_points(d).points); }

}  // namespace bnlab
