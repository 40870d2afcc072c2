#include "value_text.hpp"

#include <cstdlib>

#include "text.hpp"

namespace bnlab::cfg {
namespace {

// A JSON number from text like "0.3", ".5", "1e-3"; refuses "nan", "inf", "0x10".
bool parse_plain_number(const std::string& text, json& out) {
  if (text.empty() || text.find_first_not_of("0123456789+-.eE") != std::string::npos) return false;
  char* end = nullptr;
  double x = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return false;
  Result<json> exact = read_json(text, "value");  // keeps integers integral (".5" is not JSON)
  out = (exact.ok() && exact.value.is_number()) ? exact.value : json(x);
  return true;
}

// A number as short text: JSON's shortest round trip, without a trailing ".0".
std::string number_text(const json& v) {
  std::string s = dump(v);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

}  // namespace

json value_from_text(const Field* f, const std::string& raw) {
  std::string text = text::trim(raw);
  if (f == nullptr || (!text.empty() && (text[0] == '[' || text[0] == '{' || text[0] == '"'))) {
    Result<json> v = read_json(text, "value");
    return v.ok() ? v.value : json(raw);
  }
  json number;
  switch (f->kind) {
    case Kind::integer:
    case Kind::number:
      return parse_plain_number(text, number) ? number : json(raw);
    case Kind::boolean:
      if (text == "true") return true;
      if (text == "false") return false;
      return json(raw);
    case Kind::name:
      return json(text);
    case Kind::int_list:
    case Kind::pair: {
      json list = json::array();
      if (text.empty()) return list;
      size_t start = 0;
      while (true) {
        size_t comma = text.find(',', start);
        std::string item = text::trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!parse_plain_number(item, number)) return json(raw);
        list.push_back(number);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return list;
    }
  }
  return json(raw);
}

std::string value_to_text(const Field* f, const json& v) {
  if (f == nullptr) return dump(v);
  switch (f->kind) {
    case Kind::integer:
    case Kind::number:
      return v.is_number() ? number_text(v) : dump(v);
    case Kind::boolean:
      return dump(v);
    case Kind::name:
      return v.is_string() ? v.get<std::string>() : dump(v);
    case Kind::int_list:
    case Kind::pair: {
      if (!v.is_array()) return dump(v);
      if (v.empty()) return "[]";
      std::string out;
      for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_number()) return dump(v);
        out += (i ? "," : "") + number_text(v[i]);
      }
      return out;
    }
  }
  return dump(v);
}

}  // namespace bnlab::cfg
