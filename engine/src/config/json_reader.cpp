#include "json_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "text.hpp"

namespace bnlab::cfg {
namespace {

// The integer that a JSON number's text denotes exactly, if it fits 64 bits:
// "3.0" -> 3, "-2.50e1" -> -25, "1e3" -> 1000; not "0.5", "1e-3" or "1e30".
bool exact_integer(const std::string& t, bool& negative, uint64_t& magnitude) {
  size_t i = 0;
  negative = !t.empty() && t[0] == '-';
  if (negative) ++i;
  std::string digits;
  long exp10 = 0;
  auto digit = [&](size_t k) { return k < t.size() && t[k] >= '0' && t[k] <= '9'; };
  while (digit(i)) digits += t[i++];
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (digit(i)) {
      digits += t[i++];
      --exp10;
    }
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    bool exp_negative = i < t.size() && t[i] == '-';
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
    long e = 0;
    while (digit(i)) e = std::min(e * 10 + (t[i++] - '0'), 1000000L);  // far past 64 bits
    exp10 += exp_negative ? -e : e;
  }
  if (i != t.size()) return false;
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exp10;
  }
  if (digits.empty()) {
    magnitude = 0;
    return true;
  }
  if (exp10 < 0 || long(digits.size()) + exp10 > 20) return false;
  uint64_t v = 0;
  for (long k = 0; k < long(digits.size()) + exp10; ++k) {
    const unsigned d = k < long(digits.size()) ? unsigned(digits[size_t(k)] - '0') : 0;
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  magnitude = v;
  return true;
}

// Builds the document while checking what nlohmann does not (see the header).
class Reader {
 public:
  explicit Reader(json& root) : root_(root) {}
  std::string error;

  bool null() { return place(json(nullptr)); }
  bool boolean(bool b) { return place(json(b)); }
  bool number_integer(json::number_integer_t v) { return place(json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return place(json(v)); }
  bool number_float(json::number_float_t v, const json::string_t& text) {
    bool negative = false;
    uint64_t magnitude = 0;
    if (!exact_integer(text, negative, magnitude)) return place(json(v));
    if (!negative) return place(json(magnitude));
    if (magnitude <= uint64_t(INT64_MAX)) return place(json(-int64_t(magnitude)));
    if (magnitude == uint64_t(INT64_MAX) + 1) return place(json(INT64_MIN));
    return place(json(v));
  }
  bool string(json::string_t& s) { return place(json(std::move(s))); }
  bool binary(json::binary_t&) { return fail("invalid JSON: binary values are not JSON text"); }
  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& k) {
    Frame& f = frames_.back();
    if (f.node->contains(k))
      return fail(child_path(f, k) + ": given twice (allowed: each key once per object)");
    if (f.node->size() >= kMaxObjectKeys)
      return fail(path_or_config(f) + ": more than " + std::to_string(kMaxObjectKeys) +
                  " keys in one object (allowed: up to " + std::to_string(kMaxObjectKeys) + ")");
    f.key = std::move(k);
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    // what() = "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    std::string what = ex.what();
    size_t at = what.find("at line");
    size_t bracket = what.find("] ");
    if (at != std::string::npos)
      error = "invalid JSON " + what.substr(at);
    else
      error = "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2));
    // "last read" may hold control bytes or broken UTF-8: keep the line plain ASCII.
    for (char& ch : error)
      if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7f) ch = '?';
    error = text::cut(error, 300);
    return false;
  }

 private:
  struct Frame {
    json* node;
    std::string path;  // "train", "runs[0].set"; "" for the top level
    std::string key;   // objects: the key of the next value
  };

  static std::string child_path(const Frame& f, const std::string& key) {
    if (f.node->is_array()) return f.path + "[" + std::to_string(f.node->size()) + "]";
    return (f.path.empty() ? "" : f.path + ".") + show_key(key);
  }
  static std::string path_or_config(const Frame& f) { return f.path.empty() ? "config" : f.path; }

  bool fail(std::string message) {
    error = text::cut(message, 300);
    return false;
  }

  // Puts v where the document is at; returns it (for containers to fill).
  json* put(json&& v, std::string& path) {
    if (frames_.empty()) {
      root_ = std::move(v);
      path.clear();
      return &root_;
    }
    Frame& f = frames_.back();
    path = child_path(f, f.key);
    if (f.node->is_array()) {
      f.node->push_back(std::move(v));
      return &f.node->back();
    }
    json& slot = (*f.node)[f.key];
    slot = std::move(v);
    return &slot;
  }

  bool place(json&& v) {
    std::string path;
    put(std::move(v), path);
    return true;
  }

  bool open(json&& container) {
    if (int(frames_.size()) >= kMaxJsonDepth)
      return fail("invalid JSON: nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
    std::string path;
    json* node = put(std::move(container), path);
    // Children are only added to the innermost open container, so the
    // pointers to the outer ones stay valid until they close.
    frames_.push_back(Frame{node, std::move(path), {}});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  json& root_;
  std::vector<Frame> frames_;
};

}  // namespace

Result<json> read_json(const std::string& text, const char* what) {
  Result<json> r;
  if (text.size() > kMaxJsonChars) {
    r.error = std::string(what) + ": " + std::to_string(text.size()) + " characters is too long (allowed: up to " +
              std::to_string(kMaxJsonChars) + ")";
    return r;
  }
  size_t nul = text.find('\0');
  if (nul != std::string::npos) {
    r.error = std::string(what) + ": a NUL byte at character " + std::to_string(nul + 1) +
              " (allowed: text without NUL bytes)";
    return r;
  }
  Reader reader(r.value);
  if (!json::sax_parse(text, &reader) || !reader.error.empty()) {
    r.error = reader.error.empty() ? "invalid JSON" : reader.error;
    r.value = json();
  }
  return r;
}

std::string dump(const json& v, int indent) { return v.dump(indent, ' ', false, json::error_handler_t::replace); }

std::string show(const json& v) { return text::cut(dump(v), 60); }

std::string show_key(const std::string& key) {
  bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           ch == '.' || ch == '-' || ch == '[' || ch == ']';
  });
  return plain ? text::cut(key, 60) : show(json(key));
}

}  // namespace bnlab::cfg
