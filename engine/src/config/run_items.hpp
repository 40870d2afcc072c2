// One run's setting as a readable item of --set and the URL hash (an
// additive extension of the config's settings):
//   run.<i>.name=<text>            the name of run i (0-based, as runs[i])
//   run.<i>.<per-run key>=<text>   run i's own value ("run.1.train.learning_rate=0.3")
//   runs=<n>                       keep the first n runs
// Run i may be the next one (i = the number of runs): it is added, with no
// settings of its own, then named. changed_settings writes these items when
// they can say the difference from the base's runs (nothing the base's run
// sets is dropped), else the runs as JSON as before.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "document.hpp"

namespace bnlab::cfg {

bool is_run_item(const std::string& key);  // "run.<...>"

// The item checked alone (index form, name, per-run key, the value's type and range).
Result<Setting> parse_run_item(const std::string& key, const std::string& text);

// Applies a parsed run item (or "runs" = n) to a config document; its runs
// are materialized from the config when the document has none (the default pair).
Status set_run_item(json& doc, const std::string& key, const json& value);

// The items that turn the base's runs into these (normalized runs arrays), or
// nothing when only the JSON form can say it.
std::optional<std::vector<std::pair<std::string, std::string>>> run_items_between(const json& base_runs,
                                                                                  const json& runs);

}  // namespace bnlab::cfg
