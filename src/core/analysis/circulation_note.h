#pragma once
// EVA-2 as the figures see it: a circulation (通报, core/oversight/records.h)
// shown beside a unit's EVA-1 assessment and listed in the monthly report;
// the criticisms are the T24 deduction of the profiles that have one. The
// analysis use case reads them through CirculationSource, which the
// oversight part implements over its store (the analysis does not depend on
// oversight).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace hotline::analysis {

struct Period;

struct CirculationNote {
  std::int64_t id = 0;
  std::string unit;
  std::string unit_name;  // filled where the organisation is known (the monthly report)
  std::string month;      // "2026-11": the assessment month it belongs to
  bool criticism = true;
  std::string kind;    // 通报批评 / 通报表扬
  std::string ground;  // zh-CN, e.g. 推诿扯皮、敷衍拖延
  std::string article;
  std::string reason;
};

class CirculationSource {
 public:
  virtual ~CirculationSource() = default;
  // Every unit's circulations of the months the period touches (a month's
  // assessment: that month's), oldest month first.
  virtual Result<std::vector<CirculationNote>> circulations(const Period& period) = 0;
};

// Criticisms per unit (the T24 deduction's records).
std::map<std::string, std::int64_t> criticisms_by_unit(const std::vector<CirculationNote>& notes);

}  // namespace hotline::analysis
