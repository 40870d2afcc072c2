// apply_sets, the CLI's --set: one "key=value" item per input line, applied
// strictly to the default preset, or to the first line when it starts with
// "{" (a --config file's text, valid or not). No crash or
// sanitizer report, errors are one bounded line, and what it accepts is JSON
// that parse_config either takes (and round-trips) or rejects with a message.
#include <cstdint>
#include <string>

#include "bnlab/config.hpp"
#include "fuzz_check.hpp"

namespace {
void apply(const std::string& base, const std::vector<std::string>& items) {
  const bnlab::Result<std::string> applied = bnlab::apply_sets(base, items);
  if (!applied.ok()) {
    fuzz::check_message(applied.error, "apply_sets");
    return;
  }
  const bnlab::Result<bnlab::Config> parsed = bnlab::parse_config(applied.value);
  if (!parsed.ok()) {
    fuzz::check_message(parsed.error, "parse_config after apply_sets");
    return;
  }
  const std::string once = bnlab::config_to_json(parsed.value);
  const bnlab::Result<bnlab::Config> again = bnlab::parse_config(once);
  fuzz::check(again.ok() && bnlab::config_to_json(again.value) == once,
              "a config built by apply_sets does not round-trip:\n" + once);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> items = fuzz::lines(fuzz::as_text(data, size));
  apply(fuzz::take_base_config(items), items);
  return 0;
}
