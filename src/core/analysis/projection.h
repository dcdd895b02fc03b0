#pragma once
// ANA-1: the analysis projection. Fed every event of the log in commit order
// (WorkOrderStore::read_log), it keeps the cube (cube.h), one compact fact
// record per work order for drill-down and backlog, and the early warnings of
// ANA-2 (warnings.h). It remembers the log position it has applied (the
// cursor): an event at or before it is skipped, so a checkpoint saved with
// its cursor and replayed from there loses and doubles nothing.
//
// Attribution: a measure counts on the local day of the event that decides it,
// in the cell of the work order's lead unit at that moment and the request's
// category (of the work order's first item), district, channel and type. An
// upheld appeal (APL-1) counts as an exemption in the cell and day of the
// dissatisfied evaluation it removes, so that period's figures change.
//
// Besides the cube (and its rollups, cube.h) it keeps the backlog as counters
// by first-dispatch day and unit (backlog_counters.h). With an archive
// (EvictionSettings) its memory is bounded: the facts of work orders closed
// longer than the appeal window move to the archive.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/analysis/backlog_counters.h"
#include "core/analysis/cube.h"
#include "core/analysis/stream_ids.h"
#include "core/analysis/warnings.h"
#include "core/ports/analysis_archive.h"
#include "core/ports/work_order_store.h"
#include "core/result.h"

namespace hotline::analysis {

// A work order's part in one figure: what the cube counted for it, where.
struct Contribution {
  std::int32_t day = 0;
  std::uint16_t unit = 0;
  Measure measure = Measure::kDispatched;
  std::int8_t delta = 1;
};

struct RequestFacts {
  Instant registered_at{};
  std::uint16_t district = 0;
  std::uint16_t street = 0;
  std::uint8_t channel = 0;
  std::uint8_t type = 0;
  std::uint16_t live_work_orders = 0;  // its work orders still in memory
  std::int32_t last_event_day = 0;     // of its last event (eviction)
  std::vector<std::uint16_t> item_categories;
};

// Compact: ids are numbers (stream_ids.h), no heap string per work order.
struct WorkOrderFacts {
  std::uint64_t id = 0;       // StreamIds number of the work order
  std::uint64_t request = 0;  // … of its request
  Dims dims;                  // unit = the current lead unit
  std::int32_t last_event_day = 0;
  bool last_reply_proper = false;  // on time and without findings
  bool dissatisfied_proper = false;
  Instant dispatched_at{};
  Instant stage_started_at{};  // last dispatch, acceptance or reply: for waiting times
  std::optional<Instant> closed_at;
  // The last dissatisfied evaluation, for an appeal that removes it.
  std::optional<std::pair<std::int32_t, Dims>> dissatisfied_at;
  std::vector<Contribution> contributions;
};

// Bounded memory (docs/analysis.md): with an archive, the facts of a work
// order closed and untouched for `keep_days` local days leave memory for the
// archive (with the request's facts once none of its work orders is left),
// on the first event of each new day. The service derives `keep_days` from
// the policies' appeal deadlines (eviction_days in analysis_service.h). An
// event that arrives later for an archived work order or request brings its
// facts back first, so no figure depends on the window being long enough.
struct EvictionSettings {
  AnalysisArchive* archive = nullptr;  // none: nothing leaves memory
  std::int32_t keep_days = 0;
};

class AnalysisProjection {
 public:
  explicit AnalysisProjection(WarningSettings settings = {}, EvictionSettings eviction = {});

  // Applies one logged event; events at or before the cursor are skipped.
  // Fails on a log that cannot be (a work-order event before its dispatch)
  // or when the archive cannot give back archived facts: the cursor then
  // stays before it.
  Status apply(const LoggedEvent& logged);
  std::int64_t cursor() const { return cursor_; }

  // Writes the facts evicted since the last flush to the archive. Call
  // before a checkpoint is encoded and before a drill-down reads the archive.
  Status flush();
  std::size_t pending() const { return pending_.size() + pending_days_.size(); }

  // Bounded memory: the days before cube_floor() left the cube and the day
  // rollup for the archive (the month rollup keeps them). A query over days
  // from..to calls page_in first, which flushes and reads the archived days
  // of that span back as read-only copies (Cube::page) for the queries that
  // follow, until the next eviction or page_in of other days. Without an
  // archive, or for days in memory, it does nothing. DayDetail::kCoarse
  // pages in only what the rollup readers need (the dashboard, the
  // assessment); Cube::for_each needs kCells.
  Status page_in(std::int32_t from, std::int32_t to, DayDetail detail);
  std::int32_t cube_floor() const { return cube_floor_; }
  AnalysisArchive* archive() const { return eviction_.archive; }
  void set_eviction(EvictionSettings eviction) { eviction_ = eviction; }

  const Cube& cube() const { return cube_; }
  const Dictionary& units() const { return units_; }
  const Dictionary& categories() const { return categories_; }
  const Dictionary& districts() const { return districts_; }
  // The work orders whose facts are in memory (all of them without an archive).
  const std::vector<WorkOrderFacts>& work_orders() const { return work_orders_; }
  const WorkOrderFacts* work_order(std::string_view id) const;
  std::string id_of(const WorkOrderFacts& w) const { return ids_.decode(w.id); }
  std::string request_of(const WorkOrderFacts& w) const { return ids_.decode(w.request); }
  std::size_t requests() const { return requests_.size(); }
  const BacklogCounters& backlog() const { return backlog_; }
  const Warnings& warnings() const { return warnings_; }
  Warnings& mutable_warnings() { return warnings_; }

  // For the checkpoint codec (checkpoint.h).
  friend class CheckpointCodec;

 private:
  void count(WorkOrderFacts& w, std::int32_t day, Measure m, std::int64_t delta = 1);
  void close(WorkOrderFacts& w, Instant at, std::int32_t day);
  void lead(WorkOrderFacts& w, std::string_view unit);  // a (re-)dispatch: moves its backlog
  void wait(const Dims& dims, std::int32_t day, Measure seconds, Measure count, Seconds waited);
  Status on_request_event(const Event& e);
  Status on_work_order_event(const Event& e, WorkOrderFacts& w);
  // Eviction and its way back.
  void evict_before(std::int32_t cutoff);
  void evict_days_before(std::int32_t cutoff);
  Result<std::optional<ArchivedRecord>> archived(std::string_view stream) const;
  Result<RequestFacts*> request_facts(std::string_view number);  // brings it back if archived
  Result<WorkOrderFacts*> revive(std::string_view stream);       // none: never dispatched

  std::int64_t cursor_ = 0;
  Cube cube_;
  Dictionary units_, categories_, districts_;
  StreamIds ids_;
  std::unordered_map<std::uint64_t, RequestFacts> requests_;
  std::vector<WorkOrderFacts> work_orders_;
  std::unordered_map<std::uint64_t, std::uint32_t> work_order_index_;
  BacklogCounters backlog_;
  Warnings warnings_;
  EvictionSettings eviction_;
  std::int32_t swept_day_ = 0;  // the last day eviction ran for
  // Evicted but not yet written: (the cursor's position then, record).
  std::vector<std::pair<std::int64_t, ArchivedRecord>> pending_;
  std::vector<std::pair<std::int64_t, ArchivedDayPart>> pending_days_;
  std::int32_t cube_floor_ = 0;  // days before it: archived (in parts)
  // The span paged in (Cube::page), empty when from > to.
  std::int32_t paged_from_ = 1, paged_to_ = 0;
  DayDetail paged_detail_ = DayDetail::kCoarse;
};

// The request number of a work-order stream ("2026…01-2" → "2026…01"); the
// stream itself for a request stream.
std::string_view request_of_stream(std::string_view stream);
bool is_work_order_stream(std::string_view stream);

}  // namespace hotline::analysis
