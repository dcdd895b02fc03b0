#include "core/ports/analysis_store_checks.h"

#include <string_view>
#include <utility>

#include "core/ports/store_checks.h"

namespace hotline {

Status check_archived_records(const std::vector<ArchivedRecord>& records) {
  for (std::size_t i = 0; i < records.size(); ++i) {
    const ArchivedRecord& r = records[i];
    const std::string field = "records[" + std::to_string(i) + "]";
    for (const auto& [name, text] : {std::pair<const char*, std::string_view>{"stream", r.stream},
                                     {"request", r.request},
                                     {"category", r.category},
                                     {"district", r.district}}) {
      if (auto st = check_stored_text(field + "." + name, text); !st) return st;
    }
    for (std::size_t j = 0; j < r.contributions.size(); ++j) {
      const std::string unit = field + ".contributions[" + std::to_string(j) + "].unit";
      if (auto st = check_stored_text(unit, r.contributions[j].unit); !st) return st;
    }
  }
  return {};
}

Status check_watch_list(const std::vector<std::string>& words) {
  return check_stored_texts("words", words);
}

}  // namespace hotline
