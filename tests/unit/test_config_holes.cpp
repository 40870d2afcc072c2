// Regression tests for the holes hostile testing found in config parsing
// (issue 12, item 11): NUL bytes, duplicate keys, seeds past 2^53 in every
// spelling, invisible characters in run names, float underflow, nesting and
// length everywhere outside text is read, invalid UTF-8.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bnlab/config.hpp"

using namespace bnlab;

namespace {

std::string rejection(const std::string& text) { return parse_config(text).error; }

bool starts(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// A run named `name` (raw bytes inside the JSON string).
std::string run_named(const std::string& name) { return R"({"runs": [{"name": ")" + name + "\"}]}"; }

}  // namespace

TEST_CASE("a NUL byte is rejected, not the end of the text", "[config][holes]") {
  const std::string text = std::string(R"({"seed":3})") + '\0' + "{{{garbage";
  std::string error = rejection(text);
  INFO(error);
  CHECK(starts(error, "config: a NUL byte at character 11"));
  CHECK(starts(apply_sets(text, {}).error, "config: a NUL byte"));
  CHECK(starts(apply_sets("{}", {std::string("seed=3") + '\0' + "junk"}).error, "seed:"));
  CHECK_FALSE(settings_from_json(std::string(R"(["seed=3"])") + '\0' + "]").ok());
  // An escaped NUL inside a string is JSON text, not a NUL byte: run names refuse it.
  CHECK(starts(rejection(run_named("a\\u0000b")), "runs[0].name:"));
}

TEST_CASE("a key given twice is rejected, naming it", "[config][holes]") {
  CHECK(rejection(R"({"seed": 1, "seed": 2})") == "seed: given twice (allowed: each key once per object)");
  CHECK(starts(rejection(R"({"train": {"learning_rate": 0.1, "learning_rate": 5}})"), "train.learning_rate: given twice"));
  CHECK(starts(rejection(R"({"runs": [{"name": "a", "set": {"model.batchnorm": true, "model.batchnorm": false}}]})"),
               "runs[0].set.model.batchnorm: given twice"));
  CHECK(starts(rejection(R"({"runs": [{"name": "a"}, {"name": "b", "name": "c"}]})"), "runs[1].name: given twice"));
  // The same key in different objects is fine.
  CHECK(rejection(R"({"runs": [{"name": "a", "set": {}}, {"name": "b", "set": {}}]})") == "");
  CHECK(starts(apply_sets(R"({"seed": 1, "seed": 2})", {}).error, "seed: given twice"));
}

TEST_CASE("a seed above 2^53 is rejected in every spelling, never rounded", "[config][holes]") {
  // 2^53 + 1 is not a double: as a float it would round to 2^53 and pass.
  for (const char* seed : {"9007199254740993", "9007199254740993.0", "9007199254740993e0", "90071992547409930e-1",
                           "9.007199254740993e15", "1e16", "18446744073709551616", "1e300"}) {
    INFO(seed);
    std::string error = rejection(std::string(R"({"seed": )") + seed + "}");
    CHECK(starts(error, "seed:"));
    CHECK(error.find("out of range") != std::string::npos);
    CHECK(starts(apply_sets("{}", {std::string("seed=") + seed}).error, "seed:"));
  }
  // Exact integers in any spelling are that integer; anything else is not an integer.
  CHECK(parse_config(R"({"seed": 9007199254740992.0})").value.seed == 9007199254740992ull);
  CHECK(parse_config(R"({"seed": 1e3})").value.seed == 1000);
  CHECK(parse_config(R"({"seed": 12.50e1})").value.seed == 125);
  for (const char* seed : {"3.0000000000000000001", "4503599627370497.5", "1e-1", "2.5"}) {
    INFO(seed);
    std::string error = rejection(std::string(R"({"seed": )") + seed + "}");
    CHECK(error.find("seed: " ) == 0);
    CHECK(error.find("is not an integer") != std::string::npos);
  }
  // The same for every integer field.
  CHECK(starts(rejection(R"({"data": {"points": 400.0000000000000001}})"), "data.points:"));
  CHECK(parse_config(R"({"data": {"points": 4e2}})").value.data.points == 400);
}

TEST_CASE("run names refuse bidirectional controls and other invisible characters", "[config][holes]") {
  // U+202E RIGHT-TO-LEFT OVERRIDE would show "with BN" as its mirror image.
  const std::vector<std::string> hidden = {
      "\u202E", "\u202A", "\u202B", "\u202C", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F",
      "\u061C", "\u200B", "\u200D", "\u2060", "\uFEFF", "\u00AD", "\u2028", "\U000E0041", "\u0085",
  };
  for (const std::string& ch : hidden) {
    INFO("bytes " << ch.size());
    std::string error = rejection(run_named("with" + ch + "BN"));
    CHECK(starts(error, "runs[0].name:"));
    CHECK(error.find("invisible character U+") != std::string::npos);
    // Escaped in JSON too.
  }
  CHECK(starts(rejection(run_named("a\\u202Eb")), "runs[0].name:"));
  CHECK(rejection(run_named("a\\u202Eb")).find("U+202E at character 2") != std::string::npos);
  // Letters of any script, emoji and ordinary punctuation stay allowed.
  for (const char* ok : {"über BN", "ليرة", "批量归一化", "lr 0.1 🚀", "a, \\\"quoted\\\" (b)"}) {
    INFO(ok);
    CHECK(rejection(run_named(ok)) == "");
  }
  CHECK(rejection(run_named(std::string(40, 'n'))) == "");
  CHECK(starts(rejection(run_named(std::string(41, 'n'))), "runs[0].name:"));
}

TEST_CASE("positive fields have lower bounds a float can hold with meaning", "[config][holes]") {
  // 1e-46 is 0 in float: every step diverged (eps) or nothing moved.
  for (const char* key : {"train.eps", "model.bn_eps", "train.learning_rate", "model.init_std", "model.bn_momentum"}) {
    for (const char* value : {"1e-46", "1e-40", "1e-20", "0"}) {
      INFO(key << "=" << value);
      std::string error = apply_sets("{}", {std::string(key) + "=" + value}).error;
      CHECK(starts(error, std::string(key) + ":"));
      CHECK(error.find("out of range") != std::string::npos);
    }
  }
  CHECK(starts(apply_sets("{}", {"data.scale=1e-46,1"}).error, "data.scale:"));
  // Decay coefficients that float rounds to 1 never decay.
  for (const char* key : {"train.momentum", "train.beta1", "train.beta2", "train.rms_alpha"}) {
    INFO(key);
    CHECK(starts(apply_sets("{}", {std::string(key) + "=0.99999999"}).error, std::string(key) + ":"));
    CHECK(apply_sets("{}", {std::string(key) + "=0.999"}).ok());
  }
  // Raw inputs that would round together in float: a huge shift, a tiny scale.
  std::string error = rejection(R"({"data": {"shift": [1e6, 0], "scale": [1e-3, 1], "standardize": false}})");
  CHECK(starts(error, "data.scale:"));
  CHECK(rejection(R"({"data": {"shift": [1e6, 0], "scale": [1e-3, 1], "standardize": true}})") == "");
  CHECK(starts(rejection(R"({"data": {"shift": [1e6, 0], "scale": [1e-3, 1]},
                             "runs": [{"name": "raw", "set": {"data.standardize": false}}]})"),
               "data.scale:"));
}

TEST_CASE("nesting and length are bounded wherever outside text is read", "[config][holes]") {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  Result<std::vector<std::string>> sets = settings_from_json(deep);
  CHECK_FALSE(sets.ok());
  CHECK(sets.error.find("nested more than") != std::string::npos);
  CHECK(sets.error.size() < 300);
  CHECK_FALSE(settings_from_json(R"([")" + std::string(2 << 20, 'x') + R"("])").ok());
  CHECK_FALSE(settings_from_json(R"({"a": 1})").ok());
  CHECK_FALSE(settings_from_json(R"(["seed=1", 2])").ok());
  CHECK(settings_from_json(R"(["seed=1", "data.name=xor"])").value == std::vector<std::string>{"seed=1", "data.name=xor"});
  // A nested value inside a setting.
  CHECK(starts(apply_sets("{}", {"model.hidden=" + std::string(400, '[') + std::string(400, ']')}).error,
               "model.hidden:"));
  CHECK(starts(apply_sets("{}", {"runs=" + std::string(400, '[') + std::string(400, ']')}).error, "runs:"));
  // Many keys in one object.
  std::string wide = "{";
  for (int i = 0; i < 1500; ++i) wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  wide += "}";
  CHECK(starts(rejection(wide), "config: more than 1000 keys"));
  // Every message stays one short line, whatever the input.
  for (const std::string& text : {deep, wide, std::string(R"({"seed": ")") + std::string(5000, 'x') + "\"}",
                                  std::string(R"({")") + std::string(5000, 'k') + "\": 1}"}) {
    std::string e = rejection(text);
    CHECK(e.size() < 400);
    CHECK(e.find('\n') == std::string::npos);
  }
}

TEST_CASE("invalid UTF-8 anywhere is an error value, never an exception", "[config][holes]") {
  const std::string bad = "\xED\xA0\x80";  // a lone surrogate, as Emscripten encodes one from JS
  const std::string bad2 = "\xC3\x28";      // a broken two-byte sequence
  for (const std::string& b : {bad, bad2, std::string("\xFF")}) {
    CHECK(starts(rejection(R"({"seed": ")" + b + "\"}"), "invalid JSON"));
    CHECK_FALSE(apply_sets(R"({"x": ")" + b + "\"}", {"seed=1"}).ok());
    CHECK(starts(apply_sets("{}", {b + "=1"}).error, "\""));
    CHECK_FALSE(apply_sets("{}", {"data.name=" + b}).ok());
    CHECK_FALSE(apply_sets("{}", {"runs=[{\"name\": \"" + b + "\"}]"}).ok());
    LenientResult lenient = apply_sets_lenient(R"({"seed": ")" + b + "\"}", {b + "=" + b, "data.name=" + b});
    CHECK(parse_config(lenient.json).ok());
    CHECK(lenient.errors.size() == 3);
    CHECK_FALSE(value_from_text("data.name", b).ok());
    CHECK_FALSE(value_to_text(b, "1").ok());
    CHECK_FALSE(changed_settings("{}", b).ok());
    CHECK(normalize_config_json(b).find("\"ok\":false") != std::string::npos);
  }
}
