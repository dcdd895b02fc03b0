#pragma once
// What the SQLite and PostgreSQL suggestion stores (ANA-6) share besides
// SQL: the checks before a write and confidences kept as integer parts per
// million, so both give back the same figures.

#include <cmath>
#include <cstdint>

#include "core/analysis/model_accuracy.h"
#include "core/ports/store_checks.h"

namespace hotline::suggestion_rows {

inline std::int64_t ppm(double v) { return std::llround(v * 1e6); }
inline double from_ppm(std::int64_t v) { return static_cast<double>(v) / 1e6; }

inline Status check_record(const analysis::SuggestionRecord& r) {
  return check_stored_fields({{"request", r.request},
                              {"model.name", r.model.name},
                              {"model.digest", r.model.digest},
                              {"category", r.category},
                              {"category_source", r.category_source},
                              {"lead_unit", r.lead_unit},
                              {"registered_category", r.registered_category},
                              {"final_category", r.final_category},
                              {"work_order", r.work_order},
                              {"dispatched_unit", r.dispatched_unit}});
}

inline Status check_drift_warning(const analysis::DriftWarning& w) {
  return check_stored_fields(
      {{"id", w.id}, {"model", w.model}, {"title", w.title}, {"article", w.article}});
}

}  // namespace hotline::suggestion_rows
