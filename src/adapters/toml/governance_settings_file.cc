#include "adapters/toml/governance_settings_file.h"

#include "adapters/toml/catalogue_file.h"
#include "adapters/toml/toml_document.h"

namespace hotline {
namespace {

// A cited number: { value = …, article = "…", note = "…" }, within [lo, hi].
Result<double> cited_number(const toml::table& t, std::string_view key, double lo, double hi,
                            bool whole, std::string_view file, std::string& article) {
  const toml::node* n = t.get(key);
  const toml::table* c = n ? n->as_table() : nullptr;
  if (c == nullptr) {
    return fail(file_error(
        file, n ? line_of(*n) : 1,
        "key \"" + std::string(key) + "\" must be { value = …, article = \"…\", note = \"…\" }",
        "键“" + std::string(key) + "”须写成 { value, article, note }"));
  }
  if (auto s = check_keys(*c, {"value", "article", "note"}, std::string(key), file); !s) {
    return fail(s.error());
  }
  const auto a = c->get("article") ? c->get("article")->value<std::string>() : std::nullopt;
  const toml::node* v = c->get("value");
  if (!a || a->empty() || v == nullptr) {
    return fail(file_error(file, line_of(*n),
                           "key \"" + std::string(key) + "\" needs a value and an article",
                           "键“" + std::string(key) + "”须有 value 与 article"));
  }
  std::optional<double> x =
      whole ? (v->value<std::int64_t>() ? std::optional<double>(*v->value<std::int64_t>())
                                        : std::nullopt)
            : v->value<double>();
  if (!x || *x < lo || *x > hi) {
    const std::string range =
        std::to_string(static_cast<long long>(lo)) + " to " +
        (whole ? std::to_string(static_cast<long long>(hi)) : std::to_string(hi));
    return fail(file_error(file, line_of(*v),
                           "key \"" + std::string(key) + "\" must be " +
                               (whole ? "a whole number" : "a number") + " from " + range,
                           "键“" + std::string(key) + "”取值超出范围"));
  }
  article = *a;
  return *x;
}

const toml::table* section(const toml::table& doc, std::string_view name) {
  const toml::node* n = doc.get(name);
  return n ? n->as_table() : nullptr;
}

}  // namespace

Result<GovernanceSettings> parse_governance_settings(std::string_view text, std::string_view file) {
  try {
    auto doc = parse_toml_document(text, file, SyntaxErrorAt::kLine);
    if (!doc) return fail(doc.error());
    GovernanceSettings out;
    if (const toml::table* t = section(*doc, "recurring_clusters")) {
      if (auto s = check_keys(*t, {"months", "min_months"}, "[recurring_clusters]", file); !s) {
        return fail(s.error());
      }
      auto& r = out.recurring;
      auto m = cited_number(*t, "months", 2, 60, true, file, r.article);
      if (!m) return fail(m.error());
      auto n = cited_number(*t, "min_months", 2, 60, true, file, r.article);
      if (!n) return fail(n.error());
      r.months = static_cast<int>(*m);
      r.min_months = static_cast<int>(*n);
      if (r.min_months > r.months) {
        return fail(file_error(file, line_of(*t->get("min_months")),
                               "min_months must not exceed months", "min_months 不得大于 months"));
      }
    }
    if (const toml::table* t = section(*doc, "model_drift")) {
      if (auto s = check_keys(*t, {"recent_days", "baseline_days", "max_drop", "min_decided"},
                              "[model_drift]", file);
          !s) {
        return fail(s.error());
      }
      auto& d = out.drift;
      auto recent = cited_number(*t, "recent_days", 1, 366, true, file, d.article);
      if (!recent) return fail(recent.error());
      auto baseline = cited_number(*t, "baseline_days", 1, 366, true, file, d.article);
      if (!baseline) return fail(baseline.error());
      auto drop = cited_number(*t, "max_drop", 0, 1, false, file, d.article);
      if (!drop) return fail(drop.error());
      auto min = cited_number(*t, "min_decided", 1, 1000000, true, file, d.article);
      if (!min) return fail(min.error());
      d.recent_days = static_cast<int>(*recent);
      d.baseline_days = static_cast<int>(*baseline);
      d.max_drop = *drop;
      d.min_decided = static_cast<int>(*min);
    }
    return out;
  } catch (const std::exception& e) {
    return fail(Error::internal(std::string(file) + ": " + e.what()));
  }
}

Result<GovernanceSettings> load_governance_settings(const std::filesystem::path& file) {
  auto text = read_text_file(file, "分诊设置");
  if (!text) return fail(text.error());
  return parse_governance_settings(*text, file.string());
}

}  // namespace hotline
