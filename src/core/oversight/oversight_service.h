#pragma once
// The `Oversight` use case: EVA-2 circulations and the performance-assessment
// figures, EVA-4 social supervision. Every door (HTTP, CLI) goes through it.
//
// Who may do what:
//   record a circulation, answer an opinion      supervisor, administrator (the office)
//   list circulations, performance figures       office roles and analysts: all units;
//                                                a unit's staff: their unit and below
//   read the sample, leave an opinion            social supervisor (the office may read
//                                                the sample too, to answer)
//   list opinions                                the office: all; a social supervisor: own
// A record, unit or work order outside what the caller may see answers
// "not found", exactly like one that does not exist; a role that has no
// part at all is refused (kForbidden).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/analysis_service.h"
#include "core/clock.h"
#include "core/engine/engine.h"
#include "core/org/organisation.h"
#include "core/oversight/records.h"
#include "core/oversight/sample.h"
#include "core/oversight/sampled_view.h"
#include "core/ports/oversight_store.h"

namespace hotline::oversight {

// What the office gives to record a circulation (the recorder and instant
// are the caller's and the clock's; kind and article follow the ground).
struct CirculationInput {
  std::string unit;
  std::string month;
  std::string ground;  // wire name of CirculationGround
  std::string reason;
  std::vector<std::string> work_orders;
  std::vector<std::string> indicators;
};

// EVA-2 [D25]: one unit's line of the government performance assessment.
struct PerformanceRow {
  analysis::UnitAssessment assessment;  // EVA-1 score with T24 deductions applied
  std::vector<Circulation> circulations;
  std::int64_t criticisms = 0, praises = 0;
};
struct PerformanceExport {
  std::string month;
  analysis::Period period;
  std::vector<PerformanceRow> rows;  // by profile and rank, as EVA-1 ranks them
};

class OversightService {
 public:
  OversightService(OversightStore& store, analysis::AnalysisService& analysis, Engine& engine,
                   const Organisation& organisation, const Clock& clock, SamplingRule rule);

  // A change is stored with `audit`'s entry when one is handed (the
  // Oversight use case's), in one transaction (SEC-2).

  // ---- EVA-2 ----
  Result<Circulation> record_circulation(const Actor& actor, const CirculationInput& input,
                                         CommandAudit* audit = nullptr);
  Result<std::vector<Circulation>> circulations(const Actor& actor, CirculationFilter filter);
  Result<Circulation> circulation(const Actor& actor, std::int64_t id);
  Result<PerformanceExport> performance(const Actor& actor, std::string_view month);

  // ---- EVA-4 ----
  Result<std::vector<SampledWorkOrder>> sample(const Actor& actor, std::string_view month);
  Result<SampledWorkOrder> sampled_work_order(const Actor& actor, const std::string& id);
  // `work_order` empty: an opinion in general.
  Result<Opinion> leave_opinion(const Actor& actor, const std::string& work_order,
                                std::string_view text, CommandAudit* audit = nullptr);
  Result<std::vector<Opinion>> opinions(const Actor& actor, OpinionFilter filter);
  Result<Opinion> opinion(const Actor& actor, std::int64_t id);
  Result<Opinion> answer_opinion(const Actor& actor, std::int64_t id, std::string_view answer,
                                 CommandAudit* audit = nullptr);

  const SamplingRule& rule() const { return rule_; }

 private:
  // The sample of `month`, without the requests that may never be shown.
  Result<std::vector<std::string>> sample_ids(std::string_view month);
  // The month of the sample `id` is in; none when it is not sampled.
  Result<std::optional<std::string>> sampled_month(const std::string& id);
  bool sees_circulation(const Actor& actor, const Circulation& c) const;

  OversightStore& store_;
  analysis::AnalysisService& analysis_;
  Engine& engine_;
  const Organisation& organisation_;
  const Clock& clock_;
  SamplingRule rule_;
};

}  // namespace hotline::oversight
