// Reading JSON from outside (a config file, a URL hash, a WASM call) with
// bounds, and writing it back without ever throwing.
//
// read_json is the only way the config module parses text. Beyond nlohmann's
// syntax check it refuses what nlohmann would accept silently or slowly:
//   - text longer than kMaxJsonChars, a NUL byte (nlohmann's lexer stops at
//     one, so `{"seed":3}` NUL `{{{garbage` would read as `{"seed":3}`),
//   - nesting deeper than kMaxJsonDepth, more than kMaxObjectKeys in one object,
//   - a key given twice in one object (named by its path: "train.learning_rate"),
// and it reads every number whose text is an exact integer ("3.0", "1e3",
// "9007199254740993.0") as that integer, so an integer field never sees a
// rounded double: 9007199254740993.0 is 2^53 + 1, out of range, not 2^53.
#pragma once
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "bnlab/config.hpp"

namespace bnlab::cfg {

// ordered_json keeps keys in document order: the first bad field in the text is
// the one reported, and the normalized output reads seed, data, model, train, runs.
using json = nlohmann::ordered_json;

constexpr size_t kMaxJsonChars = 1 << 20;
constexpr int kMaxJsonDepth = 32;
constexpr size_t kMaxObjectKeys = 1000;

// `what` names the text in messages ("config", "sets").
Result<json> read_json(const std::string& text, const char* what = "config");

// Compact (or indented) JSON text; invalid UTF-8 in a string becomes U+FFFD
// instead of an exception (an abort under -fno-exceptions).
std::string dump(const json& v, int indent = -1);

// A value as shown in a message: compact JSON, never more than a short line.
std::string show(const json& v);

// A key as shown in a message: plain if it looks like a key, else quoted.
std::string show_key(const std::string& key);

}  // namespace bnlab::cfg
