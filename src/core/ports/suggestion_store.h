#pragma once
// ANA-6 [R26]: where the suggestion records (which model suggested what for
// each request, and the office's final decisions on it) and the drift
// warnings are kept. SqliteSuggestionStore implements it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/model_accuracy.h"
#include "core/result.h"

namespace hotline {

class SuggestionStore {
 public:
  virtual ~SuggestionStore() = default;

  // The first suggestion of a request is kept; a later one for the same
  // request (a replay) changes nothing.
  virtual Status save_suggestion(const analysis::SuggestionRecord& record) = 0;
  // The office's decisions: item 0's category after a reclassification, and
  // the unit its work order was (re-)dispatched to: the first dispatch of
  // item 0 names the work order; with `request` empty, the record whose work
  // order is `work_order` (a re-dispatch). Unknown requests: no-op.
  virtual Status set_final_category(const std::string& request, const std::string& category) = 0;
  virtual Status set_dispatched_unit(const std::string& request, const std::string& work_order,
                                     const std::string& unit) = 0;
  virtual Result<std::optional<analysis::SuggestionRecord>> suggestion(
      const std::string& request) = 0;
  // Records suggested within [from, to), oldest first.
  virtual Result<std::vector<analysis::SuggestionRecord>> suggestions(Instant from, Instant to) = 0;

  // ANA-6 drift, bounded: the counts of AccuracyFigure (bucket "all") per
  // model version of the records suggested within [from, to), summed by the
  // store instead of read record by record; models by label.
  virtual Result<std::vector<analysis::AccuracyFigure>> tally(Instant from, Instant to) = 0;

  // Any record at all (a store from before positions were kept).
  virtual Result<bool> has_suggestions() = 0;
  // How far the recorder has taken the work-order event log in
  // (SuggestionRecorder::catch_up); none before the first store.
  virtual Result<std::optional<std::int64_t>> log_position() = 0;
  virtual Status save_log_position(std::int64_t position) = 0;

  // Drift warnings: one per id; a second save of an id keeps the first.
  // Returns whether it was new.
  virtual Result<bool> save_drift_warning(const analysis::DriftWarning& warning) = 0;
  virtual Result<std::vector<analysis::DriftWarning>> drift_warnings(Instant from, Instant to) = 0;
};

}  // namespace hotline
