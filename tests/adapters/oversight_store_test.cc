// EVA-4: the settings file of the social supervisors' sample is read
// strictly. The oversight store's behaviour (circulations and opinions kept,
// filtered, answered once, committed with their audit entries) is its
// port's contract: tests/support/oversight_store_contract.h, run on SQLite
// by oversight_store_contract_sqlite_test.cc.

#include <gtest/gtest.h>

#include <filesystem>

#include "adapters/toml/oversight_file.h"

namespace hotline {
namespace {

using namespace oversight;

TEST(OversightSettings, EVA_4_the_sample_settings_are_read_strictly) {
  auto rule = load_oversight_file(std::filesystem::path(HOTLINE_DATA_DIR) / "oversight.toml");
  ASSERT_TRUE(rule) << rule.error().describe();
  EXPECT_EQ(rule->article, "R22");
  EXPECT_GT(rule->rate, 0);
  EXPECT_LE(rule->minimum, rule->maximum);

  const char* base = "[social_supervision]\narticle = \"R22\"\nseed = \"s\"\n";
  auto typo = parse_oversight_settings(
      std::string(base) + "sample_rate = 0.1\nsample_minimum = 1\nsample_maximun = 5\n", "o.toml");
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().field.find("o.toml:"), std::string::npos) << typo.error().describe();
  auto bad = parse_oversight_settings(
      std::string(base) + "sample_rate = 1.5\nsample_minimum = 1\nsample_maximum = 5\n", "o.toml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "o.toml:4") << bad.error().describe();
}

}  // namespace
}  // namespace hotline
