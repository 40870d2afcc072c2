// What every fuzz target checks beyond "no crash, no sanitizer report": the
// engine's error contract (one line, bounded, naming the problem) and the
// target's own properties. A failed check aborts, which libFuzzer reports as a
// crash and saves the input.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bnlab/config.hpp"

namespace fuzz {

// Messages end up on one terminal line or in one page banner.
constexpr size_t kMaxMessageBytes = 4096;

inline void check(bool ok, const std::string& what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz check failed: %s\n", what.c_str());
  std::abort();
}

inline void check_message(const std::string& message, const char* where) {
  check(!message.empty(), std::string(where) + ": empty error message");
  check(message.size() <= kMaxMessageBytes,
        std::string(where) + ": error message of " + std::to_string(message.size()) + " bytes");
  check(message.find_first_of("\r\n") == std::string::npos,
        std::string(where) + ": error message spans lines: " + message);
}

inline std::string as_text(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// "key=value" items, one per line (a --set argument or a URL-hash item each).
inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The config the items apply to: the first line when it starts with "{"
// (taken out of items), else the default preset.
inline std::string take_base_config(std::vector<std::string>& items) {
  if (!items.empty() && !items.front().empty() && items.front()[0] == '{') {
    std::string base = items.front();
    items.erase(items.begin());
    return base;
  }
  return bnlab::find_preset("default")->json;
}

}  // namespace fuzz
