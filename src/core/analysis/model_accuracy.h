#pragma once
// ANA-6 [R26, C27]: the models used safely. R26 asks the office to use big
// data and AI "在确保安全的前提下，稳妥有序": so every suggestion a model made
// for a request is kept with the model that made it (name and the digest of
// its file), and compared with what the office finally decided — the
// request's category after any reclassification (RequestReclassified, M15)
// and the unit the work order was finally dispatched to (after approved
// returns and re-dispatches, RET-2). The figures go per week or month and
// per model version; a recent window whose accuracy falls below its baseline
// by more than the office's setting raises a drift warning.
//
// Pure: records in, figures out. Where records come from: SuggestionRecorder
// (core/triage/suggestion_recorder.h); where they are kept: the
// SuggestionStore port.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/assessment.h"
#include "core/time.h"

namespace hotline::analysis {

// Which model made a suggestion. `name` is the model file's name and
// algorithm ("category.model (linear)"); `digest` a hash of the file's bytes
// computed when it was loaded ("blake2b-256:" + 16 hex digits), so two files
// of one name are told apart. No model: name "history", digest "" — the
// suggestion came from similar earlier requests alone.
struct ModelVersion {
  std::string name = "history";
  std::string digest;
  std::string label() const { return digest.empty() ? name : name + "@" + digest; }
};

// One suggestion shown for a request, and the office's final decisions on it.
struct SuggestionRecord {
  std::string request;  // request number
  ModelVersion model;
  Instant suggested_at{};
  std::string category;  // the top suggested category ("" when none)
  double category_confidence = 0;
  std::string category_source;  // classifier, history, both
  std::string lead_unit;        // the suggested lead unit for that category ("" none)
  double unit_confidence = 0;
  // The office's decisions, filled in as they are made:
  std::string registered_category;  // item 0 as the agent registered it
  std::string final_category;       // item 0 after reclassifications
  std::string work_order;           // the work order of item 0, once dispatched
  std::string dispatched_unit;      // its lead unit after any re-dispatch
};

// Whether a suggested category matches a decided one: equal, or the decided
// category lies below it ("城乡建设" suggested, "城乡建设/物业服务" decided) —
// the classifier knows the first level only (docs/classification.md).
bool category_matches(std::string_view suggested, std::string_view decided);

enum class Granularity { kWeek, kMonth };
std::optional<Granularity> parse_granularity(std::string_view s);
// "2026-W47" (ISO week) or "2026-11", of the local date.
std::string bucket_of(Granularity g, LocalDate day);

struct AccuracyFigure {
  std::string bucket;  // "2026-11" / "2026-W47"; "all" for the whole period
  std::string model;   // ModelVersion::label()
  std::int64_t suggestions = 0;
  std::int64_t category_decided = 0, category_correct = 0;
  std::int64_t unit_decided = 0, unit_correct = 0;
  std::optional<double> category_accuracy() const;
  std::optional<double> unit_accuracy() const;
};

// The figures of the records suggested within `period` (local days), per
// bucket × model version, then one "all" row per model version; buckets in
// time order, models by label.
std::vector<AccuracyFigure> accuracy(const std::vector<SuggestionRecord>& records,
                                     const Period& period, Granularity by);

// ANA-6 drift (data/triage/settings.toml [model_drift], cited R26): the
// accuracy of the last `recent_days` before now against the `baseline_days`
// before those; a fall of more than `max_drop` (absolute) with at least
// `min_decided` decided suggestions in each window warns.
struct DriftSettings {
  int recent_days = 7;
  int baseline_days = 28;
  double max_drop = 0.10;
  int min_decided = 30;
  std::string article = "R26";
};

enum class DriftMeasure { kCategory, kUnit };
std::string_view to_string(DriftMeasure m);

struct DriftWarning {
  std::string id;  // "drift-2026-11-20-category-<model label>"
  std::string model;
  DriftMeasure measure = DriftMeasure::kCategory;
  std::string title;  // zh-CN
  Instant created_at{};
  double baseline_accuracy = 0, recent_accuracy = 0;
  std::int64_t baseline_decided = 0, recent_decided = 0;
  std::string article;
};

// The drift of each model version and measure as of `now` (nothing when a
// window has too few decisions or accuracy held).
std::vector<DriftWarning> detect_drift(const std::vector<SuggestionRecord>& records,
                                       const DriftSettings& settings, Instant now);

// The two windows of a drift check as of `now`: [baseline.first,
// recent.first) and [recent.first, recent.second), as instants.
struct DriftWindows {
  std::pair<Instant, Instant> baseline, recent;
};
DriftWindows drift_windows(const DriftSettings& settings, Instant now);
// The same warnings from the windows' counts per model (bucket "all"), as
// SuggestionStore::tally gives them: no record is read one by one.
std::vector<DriftWarning> detect_drift(const std::vector<AccuracyFigure>& baseline,
                                       const std::vector<AccuracyFigure>& recent,
                                       const DriftSettings& settings, Instant now);

}  // namespace hotline::analysis
