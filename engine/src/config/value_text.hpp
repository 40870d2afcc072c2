// The bare-text value codec of --set and the URL hash: "16,16,16", "[]",
// "spiral", "true", "0.3", "10,-5"; runs as JSON. JSON text is accepted for
// every field too ("[16, 16]", "\"xor\"").
#pragma once
#include <string>

#include "fields.hpp"

namespace bnlab::cfg {

// Bare text to the JSON value the field reads (f null: "runs", JSON only).
// Anything unreadable becomes a JSON string, so the field's check names it.
json value_from_text(const Field* f, const std::string& raw);

// The value as bare text: value_from_text(f, value_to_text(f, v)) reads v back.
std::string value_to_text(const Field* f, const json& v);

}  // namespace bnlab::cfg
