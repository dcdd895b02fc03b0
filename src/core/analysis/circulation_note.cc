#include "core/analysis/circulation_note.h"

namespace hotline::analysis {

std::map<std::string, std::int64_t> criticisms_by_unit(const std::vector<CirculationNote>& notes) {
  std::map<std::string, std::int64_t> out;
  for (const CirculationNote& n : notes) {
    if (n.criticism) ++out[n.unit];
  }
  return out;
}

}  // namespace hotline::analysis
