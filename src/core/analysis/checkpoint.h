#pragma once
// The projection's state as bytes, with its cursor, so that a restart goes
// on from the last checkpoint instead of the start of the log (ANA-1 at
// scale). A checkpoint and its cursor are written together (one row, one
// transaction: ports/analysis_checkpoint.h); after a crash the projection
// resumes from the checkpoint's cursor and the events after it are applied
// again — nothing is lost, nothing counted twice (the cursor skips).
// The format is versioned; an unknown version is refused, and the caller
// rebuilds from the log. With an archive, the checkpoint holds only the facts
// still in memory; the caller flushes the evicted ones to the archive before
// encoding (AnalysisProjection::flush).

#include <functional>
#include <string>
#include <string_view>

#include "core/analysis/projection.h"

namespace hotline::analysis {

class CheckpointCodec {
 public:
  static std::string encode(const AnalysisProjection& projection);
  // Replaces `projection`'s state (its warning settings are kept).
  static Status decode(std::string_view bytes, AnalysisProjection& projection);

  // One work order's or request's facts, for the archive (ports/
  // analysis_archive.h). The ids are not in the bytes: the archive record
  // names the stream and the request. false: unreadable.
  static std::string encode_work_order(const WorkOrderFacts& facts);
  static bool decode_work_order(std::string_view bytes, WorkOrderFacts& facts);
  // One day's cube cells (the archive's day parts): a cell is its key, the
  // mask of its non-zero measures and their values. decode_day calls
  // fn(key, counters) for each; false: unreadable.
  static std::string encode_day(const Cube::Day& cells);
  static bool decode_day(std::string_view bytes,
                         const std::function<void(std::uint64_t, const Counters&)>& fn);
  static std::string encode_request(const RequestFacts& facts);
  static bool decode_request(std::string_view bytes, RequestFacts& facts);
};

}  // namespace hotline::analysis
