#include "adapters/toml/oversight_file.h"

#include "adapters/toml/catalogue_file.h"
#include "adapters/toml/toml_document.h"

namespace hotline {

Result<oversight::SamplingRule> parse_oversight_settings(std::string_view toml_text,
                                                         std::string_view file) {
  auto doc = parse_toml_document(toml_text, file);
  if (!doc) return fail(doc.error());
  if (auto st = check_keys(*doc, {"social_supervision"}, "", file); !st) return fail(st.error());
  const toml::node* node = doc->get("social_supervision");
  if (node == nullptr || node->as_table() == nullptr) {
    return fail(file_error(file, 1, "missing [social_supervision]", "缺少 [social_supervision]"));
  }
  const toml::table& t = *node->as_table();
  constexpr std::string_view where = "[social_supervision]";
  if (auto st = check_keys(
          t, {"article", "sample_rate", "sample_minimum", "sample_maximum", "seed", "note"}, where,
          file);
      !st) {
    return fail(st.error());
  }
  oversight::SamplingRule rule;
  rule.source = std::string(file);
  for (std::string_view key :
       {"article", "sample_rate", "sample_minimum", "sample_maximum", "seed"}) {
    if (t.get(key) == nullptr) return fail(missing_key(t, key, where, file));
  }
  auto article = string_value(*t.get("article"), "article", file);
  if (!article) return fail(article.error());
  rule.article = *article;
  auto seed = string_value(*t.get("seed"), "seed", file);
  if (!seed) return fail(seed.error());
  rule.seed = *seed;
  const auto rate = t.get("sample_rate")->value<double>();
  const auto minimum = t.get("sample_minimum")->value<std::int64_t>();
  const auto maximum = t.get("sample_maximum")->value<std::int64_t>();
  if (!rate || !minimum || !maximum) {
    const toml::node* bad = !rate ? t.get("sample_rate")
                                  : (!minimum ? t.get("sample_minimum") : t.get("sample_maximum"));
    return fail(file_error(file, line_of(*bad), "sample_rate is a number, the others whole numbers",
                           "sample_rate 须为数值，sample_minimum、sample_maximum 须为整数"));
  }
  rule.rate = *rate;
  rule.minimum = *minimum;
  rule.maximum = *maximum;
  if (auto st = oversight::validate(rule); !st) {
    const toml::node* at = t.get(st.error().field);
    return fail(file_error(file, at != nullptr ? line_of(*at) : line_of(t),
                           st.error().field + " " + st.error().message, st.error().message_zh));
  }
  return rule;
}

Result<oversight::SamplingRule> load_oversight_file(const std::filesystem::path& file) {
  auto text = read_text_file(file, "社会监督设置文件");
  if (!text) return fail(text.error());
  return parse_oversight_settings(*text, file.string());
}

}  // namespace hotline
