#pragma once
// ANA-3 [C25, C26]: special research (专题研究) on long-lasting, hard
// problems. C25: 市、县区人民政府应当对持续时间长、解决难度大的诉求事项开展专题
// 研究…制定解决方案; C26: 市、县区、乡镇街道三级协同联动. The office opens a
// record that links the clusters of the problem (recurring_clusters.h), the
// units of every level that work on it, the decisions taken (决定) and the
// follow-up items, each with a unit, a deadline and a status. Every change
// is kept in the record's history (who, when, what, why) and the store
// refuses a stale version, so two editors never overwrite each other.
//
// Who: supervisors, dispatchers and administrators of the office open and
// steer records; analysts read them; a unit's staff see the records that
// involve their unit or one below it and report their own follow-up items
// done. Anyone else — and a record outside a unit's area — is "not found".

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/org/organisation.h"
#include "core/result.h"
#include "core/security/audit.h"
#include "core/work_order/actor.h"

namespace hotline::analysis {

enum class ResearchStatus { kOpen, kClosed };
std::string_view to_string(ResearchStatus s);
std::string_view to_chinese(ResearchStatus s);
std::optional<ResearchStatus> parse_research_status(std::string_view s);

enum class FollowUpStatus { kOpen, kDone };
std::string_view to_string(FollowUpStatus s);
std::string_view to_chinese(FollowUpStatus s);
std::optional<FollowUpStatus> parse_follow_up_status(std::string_view s);

struct ResearchDecision {
  int number = 0;  // 1, 2, … within the record
  std::string text;
  std::string decided_by;  // actor id
  Instant decided_at{};
};

struct FollowUpItem {
  int number = 0;  // 1, 2, … within the record
  std::string task;
  std::string unit;  // who carries it out
  Instant due{};
  FollowUpStatus status = FollowUpStatus::kOpen;
  std::string result;  // what was done, once done
  std::optional<Instant> done_at;
  bool overdue(Instant now) const { return status == FollowUpStatus::kOpen && now > due; }
};

struct ResearchChange {
  Instant at{};
  std::string actor;
  std::string action;  // opened, decided, follow-up-added, follow-up-done, closed
  std::string reason;
};

struct SpecialResearch {
  std::string id;  // "SR-000001"
  std::string title;
  std::string problem;
  std::vector<std::string> clusters;  // the numbers naming the clusters
  std::vector<std::string> units;     // units of any level taking part (C26)
  ResearchStatus status = ResearchStatus::kOpen;
  std::string opened_by;
  Instant opened_at{};
  std::vector<ResearchDecision> decisions;
  std::vector<FollowUpItem> follow_ups;
  std::vector<ResearchChange> history;
  std::int64_t version = 0;  // 1 once opened; +1 per change
  std::string article = "C25";
};

// The port: records by id, saved whole with an expected version.
class ResearchStore {
 public:
  virtual ~ResearchStore() = default;
  virtual Result<std::int64_t> next_sequence() = 0;
  // kConflict when the stored version is not `expected` (0: must not exist).
  // `audit` (may be null): the change's entry, committed in the same
  // transaction (audit->committed set), or nothing is saved.
  virtual Status save(const SpecialResearch& record, std::int64_t expected,
                      CommandAudit* audit) = 0;
  virtual Result<std::optional<SpecialResearch>> find(const std::string& id) = 0;
  virtual Result<std::vector<SpecialResearch>> list() = 0;
};

struct OpenResearch {
  std::string title;
  std::string problem;
  std::vector<std::string> clusters;
  std::vector<std::string> units;
};

struct NewFollowUp {
  std::string task;
  std::string unit;
  Instant due{};
};

// Whether a number names a cluster (the triage index), for validation.
using ClusterCheck = std::function<bool(const std::string& number)>;

class SpecialResearchService {
 public:
  SpecialResearchService(ResearchStore& store, const Organisation& organisation, const Clock& clock,
                         ClusterCheck clusters = {});

  // Each change is saved with `audit`'s entry when one is handed (the
  // Governance use case's), in one transaction (SEC-2).
  Result<SpecialResearch> open(const Actor& actor, const OpenResearch& in,
                               const std::string& reason, CommandAudit* audit = nullptr);
  Result<SpecialResearch> decide(const Actor& actor, const std::string& id, const std::string& text,
                                 const std::string& reason, CommandAudit* audit = nullptr);
  Result<SpecialResearch> add_follow_up(const Actor& actor, const std::string& id,
                                        const NewFollowUp& in, const std::string& reason,
                                        CommandAudit* audit = nullptr);
  Result<SpecialResearch> complete_follow_up(const Actor& actor, const std::string& id, int number,
                                             const std::string& result,
                                             CommandAudit* audit = nullptr);
  // Refused while a follow-up item is open.
  Result<SpecialResearch> close(const Actor& actor, const std::string& id,
                                const std::string& reason, CommandAudit* audit = nullptr);

  Result<SpecialResearch> get(const Actor& actor, const std::string& id);
  Result<std::vector<SpecialResearch>> list(const Actor& actor,
                                            std::optional<ResearchStatus> status = {});
  const Clock& clock() const { return clock_; }

 private:
  bool may_steer(const Actor& a) const;
  bool may_see(const Actor& a, const SpecialResearch& r) const;
  Result<SpecialResearch> load_for(const Actor& actor, const std::string& id);
  Result<SpecialResearch> commit(SpecialResearch record, const Actor& actor, std::string action,
                                 std::string reason, CommandAudit* audit);

  ResearchStore& store_;
  const Organisation& organisation_;
  const Clock& clock_;
  ClusterCheck clusters_;
};

}  // namespace hotline::analysis
