#include "core/analysis/model_accuracy.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

namespace hotline::analysis {

bool category_matches(std::string_view suggested, std::string_view decided) {
  if (suggested.empty() || decided.empty()) return false;
  if (suggested == decided) return true;
  return decided.size() > suggested.size() && decided.starts_with(suggested) &&
         decided[suggested.size()] == '/';
}

std::optional<Granularity> parse_granularity(std::string_view s) {
  if (s == "week") return Granularity::kWeek;
  if (s == "month") return Granularity::kMonth;
  return std::nullopt;
}

std::string bucket_of(Granularity g, LocalDate day) {
  using namespace std::chrono;
  char buf[16];
  if (g == Granularity::kMonth) {
    const year_month_day ymd{day};
    std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()));
    return buf;
  }
  // ISO 8601 week: the week belongs to the year of its Thursday.
  const unsigned iso_weekday = weekday{day}.iso_encoding();  // Monday 1 … Sunday 7
  const sys_days thursday = day + days{4 - static_cast<int>(iso_weekday)};
  const year y = year_month_day{thursday}.year();
  const int week = static_cast<int>((thursday - sys_days{y / January / 1}).count() / 7 + 1);
  std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(y), week);
  return buf;
}

namespace {

std::optional<double> ratio(std::int64_t num, std::int64_t den) {
  if (den <= 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

void add(AccuracyFigure& f, const SuggestionRecord& r) {
  ++f.suggestions;
  if (!r.final_category.empty()) {
    ++f.category_decided;
    if (category_matches(r.category, r.final_category)) ++f.category_correct;
  }
  if (!r.dispatched_unit.empty()) {
    ++f.unit_decided;
    if (r.lead_unit == r.dispatched_unit) ++f.unit_correct;
  }
}

std::int32_t day_of(Instant t) {
  return static_cast<std::int32_t>(local_date(t).time_since_epoch().count());
}

}  // namespace

std::optional<double> AccuracyFigure::category_accuracy() const {
  return ratio(category_correct, category_decided);
}
std::optional<double> AccuracyFigure::unit_accuracy() const {
  return ratio(unit_correct, unit_decided);
}

std::vector<AccuracyFigure> accuracy(const std::vector<SuggestionRecord>& records,
                                     const Period& period, Granularity by) {
  // (first day of the bucket, bucket, model) keeps buckets in time order.
  std::map<std::tuple<std::int32_t, std::string, std::string>, AccuracyFigure> cells;
  std::map<std::string, AccuracyFigure> totals;
  std::map<std::string, std::int32_t> bucket_start;
  for (const SuggestionRecord& r : records) {
    const std::int32_t day = day_of(r.suggested_at);
    if (day < period.first() || day > period.last()) continue;
    const std::string bucket = bucket_of(by, local_date(r.suggested_at));
    auto [it, fresh] = bucket_start.try_emplace(bucket, day);
    if (!fresh && day < it->second) it->second = day;
    const std::string model = r.model.label();
    AccuracyFigure& total = totals[model];
    total.bucket = "all";
    total.model = model;
    add(total, r);
  }
  for (const SuggestionRecord& r : records) {
    const std::int32_t day = day_of(r.suggested_at);
    if (day < period.first() || day > period.last()) continue;
    const std::string bucket = bucket_of(by, local_date(r.suggested_at));
    const std::string model = r.model.label();
    AccuracyFigure& f = cells[{bucket_start[bucket], bucket, model}];
    f.bucket = bucket;
    f.model = model;
    add(f, r);
  }
  std::vector<AccuracyFigure> out;
  out.reserve(cells.size() + totals.size());
  for (auto& [key, f] : cells) out.push_back(std::move(f));
  for (auto& [model, f] : totals) out.push_back(std::move(f));
  return out;
}

std::string_view to_string(DriftMeasure m) {
  return m == DriftMeasure::kCategory ? "category" : "unit";
}

namespace {

struct Windows {
  AccuracyFigure baseline, recent;
};

std::vector<DriftWarning> warnings_of(const std::map<std::string, Windows>& per_model,
                                      const DriftSettings& settings, Instant now) {
  std::vector<DriftWarning> out;
  const std::string date = format_date(local_date(now));
  for (const auto& [model, w] : per_model) {
    for (DriftMeasure m : {DriftMeasure::kCategory, DriftMeasure::kUnit}) {
      const bool cat = m == DriftMeasure::kCategory;
      const std::int64_t bd = cat ? w.baseline.category_decided : w.baseline.unit_decided;
      const std::int64_t rd = cat ? w.recent.category_decided : w.recent.unit_decided;
      if (bd < settings.min_decided || rd < settings.min_decided) continue;
      const double base = cat ? *w.baseline.category_accuracy() : *w.baseline.unit_accuracy();
      const double recent = cat ? *w.recent.category_accuracy() : *w.recent.unit_accuracy();
      if (!(recent < base - settings.max_drop)) continue;
      DriftWarning d;
      d.id = "drift-";
      d.id.append(date).append("-").append(to_string(m)).append("-").append(model);
      d.model = model;
      d.measure = m;
      d.created_at = now;
      d.baseline_accuracy = base;
      d.recent_accuracy = recent;
      d.baseline_decided = bd;
      d.recent_decided = rd;
      d.article = settings.article;
      const auto pct = [](double v) { return std::to_string(std::lround(v * 100)) + "%"; };
      d.title = date + " 模型" + (cat ? "分类" : "派单单位") + "建议准确率下降：近" +
                std::to_string(settings.recent_days) + "天" + pct(recent) + "（基线" + pct(base) +
                "）";
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace

DriftWindows drift_windows(const DriftSettings& settings, Instant now) {
  // The recent window ends with today; the baseline is the days before it.
  const LocalDate today = local_date(now);
  const LocalDate recent_first = today - std::chrono::days{settings.recent_days - 1};
  const LocalDate baseline_first = recent_first - std::chrono::days{settings.baseline_days};
  return DriftWindows{{at_local(baseline_first), at_local(recent_first)},
                      {at_local(recent_first), at_local(today + std::chrono::days{1})}};
}

std::vector<DriftWarning> detect_drift(const std::vector<SuggestionRecord>& records,
                                       const DriftSettings& settings, Instant now) {
  const std::int32_t today = day_of(now);
  const std::int32_t recent_first = today - settings.recent_days + 1;
  const std::int32_t baseline_first = recent_first - settings.baseline_days;
  std::map<std::string, Windows> per_model;
  for (const SuggestionRecord& r : records) {
    const std::int32_t day = day_of(r.suggested_at);
    if (day < baseline_first || day > today) continue;
    Windows& w = per_model[r.model.label()];
    add(day >= recent_first ? w.recent : w.baseline, r);
  }
  return warnings_of(per_model, settings, now);
}

std::vector<DriftWarning> detect_drift(const std::vector<AccuracyFigure>& baseline,
                                       const std::vector<AccuracyFigure>& recent,
                                       const DriftSettings& settings, Instant now) {
  std::map<std::string, Windows> per_model;
  for (const AccuracyFigure& f : baseline) per_model[f.model].baseline = f;
  for (const AccuracyFigure& f : recent) per_model[f.model].recent = f;
  return warnings_of(per_model, settings, now);
}

}  // namespace hotline::analysis
