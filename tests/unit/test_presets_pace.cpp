// Each lesson's pace and its text's formulas (engine/src/presets.cpp): the
// page plays a lesson at its speed and pauses at its stop (web/pace.js), and
// typesets the TeX between dollar signs in its text (web/lesson-math.js).
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bnlab/config.hpp"
#include "bnlab/report_json.hpp"

using namespace bnlab;

TEST_CASE("every lesson has a pace: a toolbar speed and a stop within its steps", "[config][lessons]") {
  // The page's toolbar speeds (web/toolbar.js SPEEDS): a preset's speed must be one of them.
  const int speeds[] = {1, 3, 10, 30, 100, 300, 1000, 3000, 10000};
  for (const Preset& p : presets()) {
    INFO(p.name);
    Result<Config> config = parse_config(p.json);
    REQUIRE(config.error == "");
    if (p.lesson == 0) continue;  // the opening comparison plays on at the page's default
    CHECK(std::find(std::begin(speeds), std::end(speeds), p.speed) != std::end(speeds));
    CHECK(p.stop > 0);
    CHECK(p.stop <= config.value.train.steps);
    // Slow enough to watch: the stop comes no sooner than 3 seconds in.
    CHECK(p.stop >= 3 * p.speed);
  }
}

TEST_CASE("the presets' JSON carries the pace (null where the page's default applies)", "[config][lessons]") {
  const nlohmann::json list = nlohmann::json::parse(presets_json());
  REQUIRE(list.size() == presets().size());
  for (size_t i = 0; i < list.size(); ++i) {
    const Preset& p = presets()[i];
    INFO(p.name);
    if (p.speed > 0) CHECK(list[i]["speed"] == p.speed); else CHECK(list[i]["speed"].is_null());
    if (p.stop > 0) CHECK(list[i]["stop"] == p.stop); else CHECK(list[i]["stop"].is_null());
  }
}

TEST_CASE("lesson text: formulas between dollar signs, paired in every paragraph", "[config][lessons]") {
  for (const Preset& p : presets()) {
    for (const std::string* text : {&p.title, &p.description, &p.look, &p.source, &p.compares}) {
      INFO(p.name << ": " << *text);
      CHECK(std::count(text->begin(), text->end(), '$') % 2 == 0);
    }
    // Titles and the masthead's line are plain text (the CLI's `bnlab presets` prints titles).
    CHECK(p.title.find('$') == std::string::npos);
    CHECK(p.compares.find('$') == std::string::npos);
  }
  // The lessons that write formulas write them as TeX, not in ASCII.
  const Preset* impl = find_preset("implementing-bn");
  REQUIRE(impl != nullptr);
  CHECK(impl->description.find("$\\mu = \\frac{1}{m}") != std::string::npos);
  CHECK(impl->description.find("sqrt(") == std::string::npos);
}
