#include "core/oversight/store_circulations.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace hotline::oversight {
namespace {

constexpr std::size_t kMonthLimit = 100000;  // circulations of one month read at most

std::string month_text(std::chrono::year_month ym) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(ym.year()),
                static_cast<unsigned>(ym.month()));
  return text;
}

}  // namespace

analysis::CirculationNote to_note(const Circulation& c) {
  analysis::CirculationNote n;
  n.id = c.id;
  n.unit = c.unit;
  n.month = c.month;
  n.criticism = c.kind == CirculationKind::kCriticism;
  n.kind = std::string(to_chinese(c.kind));
  n.ground = std::string(to_chinese(c.ground));
  n.article = c.article;
  n.reason = c.reason;
  return n;
}

Result<std::vector<analysis::CirculationNote>> StoreCirculations::circulations(
    const analysis::Period& period) {
  using namespace std::chrono;
  const year_month_day from{period.from}, to{period.to};
  std::vector<analysis::CirculationNote> out;
  for (year_month ym = from.year() / from.month(); ym <= to.year() / to.month(); ym += months{1}) {
    CirculationFilter filter;
    filter.month = month_text(ym);
    filter.limit = kMonthLimit;
    auto listed = store_.list_circulations(filter);
    if (!listed) return fail(listed.error());
    // The store lists newest first; a month's are shown in the order recorded.
    std::vector<analysis::CirculationNote> month;
    for (const Circulation& c : *listed) month.push_back(to_note(c));
    std::reverse(month.begin(), month.end());
    out.insert(out.end(), month.begin(), month.end());
  }
  return out;
}

}  // namespace hotline::oversight
