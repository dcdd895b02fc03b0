#pragma once
// Where the analysis projection (core/analysis/projection.h) puts the facts
// of work orders and requests it no longer needs in memory: those closed
// longer than the appeal window (docs/analysis.md, "Bounded memory"). The
// archive answers the drill-down for them ("every figure opens to the work
// orders behind it", EVA-1) and gives their facts back when a late event
// (an appeal reviewed, a supervision) arrives for one of them.
//
// Consistency with the checkpoint (ports/analysis_checkpoint.h): every
// record is written with the log position up to which the projection had
// applied events when it evicted it. The checkpoint's cursor decides: on
// start the projection calls discard_after(cursor), which forgets whatever
// was archived after the checkpoint (the replay archives it again), so a
// crash between an archive write and the next checkpoint neither loses nor
// doubles a drill-down row. A record archived again after its facts came
// back is a newer version; only the newest version answers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hotline {

// One contribution of an archived work order to the cube: on `day` (local
// day number), for `unit`, measure number `measure` (analysis::Measure),
// `delta` (+1 or −1).
struct ArchivedContribution {
  std::int32_t day = 0;
  std::string unit;
  std::uint8_t measure = 0;
  std::int8_t delta = 1;
};

struct ArchivedRecord {
  std::string stream;  // the work-order id or the request number
  std::string facts;   // the projection's encoding, to bring the facts back
  bool work_order = false;
  // Work orders only: what the drill-down lists, and the local day of the
  // last closing (EVA-4's sample of a month's closed work orders).
  std::string request, category, district;
  std::optional<std::int32_t> closed_day;
  std::vector<ArchivedContribution> contributions;
};

// One archived work order behind a figure: its contributions to the asked
// measures, summed per measure.
struct ArchivedFigureRow {
  std::string work_order, request, category, district;
  std::vector<std::pair<std::uint8_t, std::int64_t>> measures;  // measure → sum of deltas
};

// One part of a local day's cube (analysis/cube.h) that left memory: the
// projection's encoding of its cells. A day archived whole has one part; a
// late event for it (an appeal upheld months later) adds another. The day's
// figures are the sum of its parts. `coarse` is the same part reduced to
// the day rollup's coarse cells (Rollup::coarse, ≈ 5 % of the bytes), which
// is all the dashboard, the assessment and the public figures read; a part
// archived before schema version 3 has none.
struct ArchivedDayPart {
  std::int32_t day = 0;
  std::string cells;
  std::string coarse;
};

// What a reader of archived days needs: every cell, or the coarse cells only
// (a part without them gives its cells instead; readers of coarse cells
// reduce what they read, so both sum the same).
enum class DayDetail : std::uint8_t { kCells, kCoarse };

class AnalysisArchive {
 public:
  virtual ~AnalysisArchive() = default;

  // Stores the records evicted by the projection when its cursor was
  // `position`, in one transaction (all or none).
  virtual Status put(std::int64_t position, const std::vector<ArchivedRecord>& records) = 0;
  // The newest version of a stream's record; none when it was never archived.
  virtual Result<std::optional<ArchivedRecord>> get(std::string_view stream) = 0;
  // The archived work orders with a contribution for `unit` between the days
  // `from`..`to` (inclusive) to one of `measures`, newest versions only,
  // ordered by work-order id.
  virtual Result<std::vector<ArchivedFigureRow>> contributions(
      std::string_view unit, std::int32_t from, std::int32_t to,
      const std::vector<std::uint8_t>& measures) = 0;
  // The archived work orders last closed between the days from..to.
  virtual Result<std::vector<std::string>> closed_between(std::int32_t from, std::int32_t to) = 0;
  // Stores parts of days evicted when the cursor was `position`, in one
  // transaction.
  virtual Status put_days(std::int64_t position, const std::vector<ArchivedDayPart>& parts) = 0;
  // Every part of the days from..to (inclusive), by day, in the order
  // written. kCells: `cells` only. kCoarse: `coarse`, or `cells` for a part
  // that has no coarse cells.
  virtual Result<std::vector<ArchivedDayPart>> days(std::int32_t from, std::int32_t to,
                                                    DayDetail detail) = 0;
  // Forgets the records and day parts archived after `position` (the
  // checkpoint's cursor) and the versions superseded by a newer one at or
  // before it.
  virtual Status discard_after(std::int64_t position) = 0;
  // How many streams have a record (for measurements and tests).
  virtual Result<std::int64_t> size() = 0;
};

}  // namespace hotline
