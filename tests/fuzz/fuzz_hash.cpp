// apply_sets_lenient, the C++ side of the page's URL hash: one "key=value"
// item per input line, on the default preset, or on the first line when it
// starts with "{" (a config, valid or not: an invalid one falls back to the
// defaults). It never fails as a whole: its JSON is always a valid config, and
// every error is one bounded line, at most one per setting plus one for the
// base config.
#include <cstdint>
#include <string>

#include "bnlab/config.hpp"
#include "fuzz_check.hpp"

namespace {
void apply(const std::string& base, const std::vector<std::string>& items) {
  const bnlab::LenientResult r = bnlab::apply_sets_lenient(base, items);
  for (const std::string& e : r.errors) fuzz::check_message(e, "apply_sets_lenient");
  fuzz::check(r.errors.size() <= items.size() + 1, "more error lines than settings");
  const bnlab::Result<bnlab::Config> parsed = bnlab::parse_config(r.json);
  fuzz::check(parsed.ok(), "apply_sets_lenient returned an invalid config: " + parsed.error + "\n" + r.json);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> items = fuzz::lines(fuzz::as_text(data, size));
  apply(fuzz::take_base_config(items), items);
  return 0;
}
