#include "data_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "bnlab/data_csv.hpp"

namespace bnlab_cli {
namespace {

// The path as typed, kept on one line.
std::string printable(const std::string& path) {
  std::string out = path;
  for (char& ch : out)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '?';
  return out;
}

bool read_text(const std::string& path, std::string& text, std::string& error) {
  const std::string cannot = "cannot read --data file '" + printable(path) + "': ";
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    error = cannot + std::strerror(errno);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {  // a directory or a FIFO would fail or block
    error = cannot + "not a regular file";
    return false;
  }
  // Refused before reading: the same words as the reader's, which checks again.
  std::string too_large = bnlab::csv_size_problem(static_cast<size_t>(st.st_size));
  if (!too_large.empty()) {
    error = printable(path) + ": " + too_large;
    return false;
  }
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    error = cannot + std::strerror(errno);
    return false;
  }
  text.clear();
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && text.size() <= bnlab::kMaxCsvBytes) text.append(buf, n);
  const bool ok = !std::ferror(f);
  std::fclose(f);
  if (!ok) error = cannot + "read error";
  return ok;
}

// "key" of a "key = value" setting, and its value without spaces and quotes.
void split_setting(const std::string& item, std::string& key, std::string& value) {
  auto strip = [](std::string s) {
    size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return s;
  };
  size_t eq = item.find('=');
  key = strip(item.substr(0, eq));
  value = eq == std::string::npos ? "" : strip(item.substr(eq + 1));
}

}  // namespace

std::string load_data_file(const std::string& path, std::vector<std::string>& sets, bnlab::CustomPoints& points) {
  std::string text, error;
  if (!read_text(path, text, error)) return error;
  bnlab::CsvRead read = bnlab::read_points_csv(text);
  if (!read.ok())
    return printable(path) + (read.line > 0 ? ":" + std::to_string(read.line) : "") + ": " + read.problem;

  const std::string rows = std::to_string(read.data.points.size());
  for (const std::string& item : sets) {
    std::string key, value;
    split_setting(item, key, value);
    if ((key == "data.name" && value != "custom") || (key == "data.points" && value != rows))
      return "--set " + item + " conflicts with --data (the file decides: data.name=custom, data.points=" + rows +
             ", its rows)";
  }
  sets.push_back("data.name=custom");
  sets.push_back("data.points=" + rows);
  points = std::move(read.data);
  return "";
}

}  // namespace bnlab_cli
