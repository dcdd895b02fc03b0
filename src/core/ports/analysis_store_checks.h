#pragma once
// The checks the analysis stores (ports/analysis_archive.h,
// ports/analysis_checkpoint.h) make before they write: their text is valid
// UTF-8 without NUL, as for every store (store_checks.h; PostgreSQL's text
// cannot hold U+0000). Bytes (a record's facts, a day's cells, the
// checkpoint's state) are not text and are not checked.

#include <string>
#include <vector>

#include "core/ports/analysis_archive.h"
#include "core/result.h"

namespace hotline {

// Each record's stream, request, category, district and contributions' units.
Status check_archived_records(const std::vector<ArchivedRecord>& records);
// Each word of the sensitive-word watch list (field "words[i]", as
// AnalysisService::set_watch_list names it).
Status check_watch_list(const std::vector<std::string>& words);

}  // namespace hotline
