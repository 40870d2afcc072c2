// The WASM bindings' own argument parsing, natively: bindings/bnlab_wasm.cpp
// compiled against a stand-in for Embind (embind_stub/), and its applySets and
// applySetsLenient called as the page calls them: (configJson, setsJson), the
// sets a JSON array of "key=value" strings (the URL hash's items). The input
// is setsJson alone, or "configJson\nsetsJson" when it has a line break (else
// the config is the default preset). In the browser a C++ exception or abort
// kills the module, so any throw here is a crash. Replies must be JSON
// objects; a lenient reply to a valid config must be a valid config.
#include <cstdint>
#include <string>

#include "../../bindings/bnlab_wasm.cpp"
#include "fuzz_check.hpp"

namespace {
nlohmann::json reply(const std::string& text, const char* where) {
  nlohmann::json r = nlohmann::json::parse(text, nullptr, false);
  fuzz::check(!r.is_discarded() && r.is_object() && r.contains("json") && r["json"].is_string(),
              std::string(where) + ": the reply is not {\"json\": ...}: " + text);
  return r;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input = fuzz::as_text(data, size);
  const size_t split = input.find('\n');
  const std::string config = split == std::string::npos ? bnlab::find_preset("default")->json : input.substr(0, split);
  const std::string sets = split == std::string::npos ? input : input.substr(split + 1);

  nlohmann::json strict = reply(::apply_sets(config, sets), "applySets");
  fuzz::check(strict.contains("error") && strict["error"].is_string(), "applySets: no error field");
  const std::string error = strict["error"];
  if (!error.empty()) fuzz::check_message(error, "applySets");

  nlohmann::json lenient = reply(::apply_sets_lenient(config, sets), "applySetsLenient");
  fuzz::check(lenient.contains("errors") && lenient["errors"].is_array(), "applySetsLenient: no errors array");
  for (const auto& e : lenient["errors"]) {
    fuzz::check(e.is_string(), "applySetsLenient: an error that is not a string");
    fuzz::check_message(e.get<std::string>(), "applySetsLenient");
  }
  // From a valid config (the page always passes its own) the lenient reply is
  // a valid config, whatever the settings.
  if (bnlab::parse_config(config).ok()) {
    const bnlab::Result<bnlab::Config> parsed = bnlab::parse_config(lenient["json"].get<std::string>());
    fuzz::check(parsed.ok(), "applySetsLenient returned an invalid config: " + parsed.error);
  }
  return 0;
}
