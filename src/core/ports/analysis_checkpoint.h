#pragma once
// Where the analysis projection keeps its checkpoint (core/analysis/
// checkpoint.h): the encoded state and the log position it covers, written
// together so the two never disagree; and the office's sensitive-word watch
// list (ANA-2), kept apart from the projection so a rebuild keeps it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace hotline {

struct AnalysisCheckpoint {
  std::int64_t cursor = 0;
  std::string state;  // CheckpointCodec bytes
};

class AnalysisCheckpointStore {
 public:
  virtual ~AnalysisCheckpointStore() = default;
  // Replaces the checkpoint atomically and durably.
  virtual Status save(const AnalysisCheckpoint& checkpoint) = 0;
  // None when there is none yet.
  virtual Result<std::optional<AnalysisCheckpoint>> load() = 0;

  virtual Status save_watch_list(const std::vector<std::string>& words) = 0;
  virtual Result<std::vector<std::string>> load_watch_list() = 0;
};

}  // namespace hotline
