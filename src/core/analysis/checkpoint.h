#pragma once
// The projection's state as bytes, with its cursor, so that a restart goes
// on from the last checkpoint instead of the start of the log (ANA-1 at
// scale). A checkpoint and its cursor are written together (one row, one
// transaction: ports/analysis_checkpoint.h); after a crash the projection
// resumes from the checkpoint's cursor and the events after it are applied
// again — nothing is lost, nothing counted twice (the cursor skips).
// The format is versioned; an unknown version is refused, and the caller
// rebuilds from the log.

#include <string>
#include <string_view>

#include "core/analysis/projection.h"

namespace hotline::analysis {

class CheckpointCodec {
 public:
  static std::string encode(const AnalysisProjection& projection);
  // Replaces `projection`'s state (its warning settings are kept).
  static Status decode(std::string_view bytes, AnalysisProjection& projection);
};

}  // namespace hotline::analysis
