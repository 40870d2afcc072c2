// parse_config on any bytes (a --config file, the page's config JSON): no
// crash or sanitizer report, an error is one bounded line, and a valid config
// survives a round trip through config_to_json unchanged.
#include <cstdint>
#include <string>

#include "bnlab/config.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const bnlab::Result<bnlab::Config> parsed = bnlab::parse_config(fuzz::as_text(data, size));
  if (!parsed.ok()) {
    fuzz::check_message(parsed.error, "parse_config");
    return 0;
  }
  const std::string once = bnlab::config_to_json(parsed.value);
  const bnlab::Result<bnlab::Config> again = bnlab::parse_config(once);
  fuzz::check(again.ok(), "the normalized config is rejected: " + again.error + "\n" + once);
  fuzz::check(bnlab::config_to_json(again.value) == once, "normalizing twice changes the config:\n" + once);
  return 0;
}
