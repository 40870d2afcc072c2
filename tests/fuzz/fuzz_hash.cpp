// apply_sets_lenient, the C++ side of the page's URL hash: one "key=value"
// item per input line, on the default preset and on an empty config. It never
// fails as a whole: its JSON is always a valid config, every rejected item
// gets one bounded error line, and nothing else does.
#include <cstdint>
#include <string>

#include "bnlab/config.hpp"
#include "fuzz_check.hpp"

namespace {
void apply(const std::string& base, const std::vector<std::string>& items) {
  const bnlab::LenientResult r = bnlab::apply_sets_lenient(base, items);
  for (const std::string& e : r.errors) fuzz::check_message(e, "apply_sets_lenient");
  fuzz::check(r.errors.size() <= items.size(), "more error lines than settings");
  const bnlab::Result<bnlab::Config> parsed = bnlab::parse_config(r.json);
  fuzz::check(parsed.ok(), "apply_sets_lenient returned an invalid config: " + parsed.error + "\n" + r.json);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string preset = bnlab::find_preset("default")->json;
  const std::vector<std::string> items = fuzz::lines(fuzz::as_text(data, size));
  apply(preset, items);
  apply("{}", items);
  return 0;
}
