#pragma once
// The store of EVA-2 circulation records and EVA-4 supervision opinions
// (core/oversight/records.h). Adapters: SqliteOversightStore. Records are
// never deleted; an opinion is answered once.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/oversight/records.h"
#include "core/result.h"
#include "core/security/audit.h"

namespace hotline {

class OversightStore {
 public:
  virtual ~OversightStore() = default;

  // `audit` (may be null) on the changes below: the change's audit entry,
  // committed in the same transaction (audit->committed set), or nothing is
  // written (SEC-2).
  //
  // Stores a circulation and returns it with its id; durable once it returns.
  virtual Result<oversight::Circulation> add_circulation(oversight::Circulation c,
                                                         CommandAudit* audit) = 0;
  virtual Result<std::optional<oversight::Circulation>> circulation(std::int64_t id) = 0;
  // Newest first.
  virtual Result<std::vector<oversight::Circulation>> list_circulations(
      const oversight::CirculationFilter& filter) = 0;

  virtual Result<oversight::Opinion> add_opinion(oversight::Opinion o, CommandAudit* audit) = 0;
  virtual Result<std::optional<oversight::Opinion>> opinion(std::int64_t id) = 0;
  // Newest first.
  virtual Result<std::vector<oversight::Opinion>> list_opinions(
      const oversight::OpinionFilter& filter) = 0;
  // Records the answer; kConflict when the opinion was answered already,
  // kNotFound when there is none.
  virtual Status answer_opinion(std::int64_t id, const std::string& answer,
                                const std::string& answered_by, Instant at,
                                CommandAudit* audit) = 0;
};

}  // namespace hotline
