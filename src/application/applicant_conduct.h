#pragma once
// CON-1 [D32, M12] for every door: the warning, the suspension (with its
// end, reason and review) and the record of an applicant, named by one of
// their requests. The engine holds the rules (core/engine/conduct.cc: the
// warnings first, the longest suspension, a second person reviews,
// emergencies always get through); this use case checks the role before the
// body is read, writes the audit entry done or refused, and answers with the
// record — which holds no personal data (the applicant is a keyed hash).

#include <nlohmann/json.hpp>
#include <string>

#include "application/command.h"
#include "core/engine/engine.h"
#include "core/security/privacy_guard.h"

namespace hotline {

class ApplicantConduct {
 public:
  ApplicantConduct(Engine& engine, const Clock& clock, PrivacyGuard* guard)
      : engine_(engine), clock_(clock), guard_(guard) {}

  // SEC-2: the permission row of `action` (kWarnApplicant, …) for the caller.
  Status permit(const Caller& caller, Action action, const std::string& number);
  Result<ApplicantConductState> warn(const Caller& caller, const std::string& number,
                                     ApplicantMisconduct behaviour, const std::string& reason);
  Result<ApplicantConductState> suspend(const Caller& caller, const std::string& number,
                                        ApplicantMisconduct behaviour, Instant until,
                                        const std::string& reason);
  Result<ApplicantConductState> review(const Caller& caller, const std::string& number, bool upheld,
                                       const std::string& reason);
  // The record, for the office's agents, dispatchers and supervisors.
  Result<ApplicantConductState> record(const Caller& caller, const std::string& number);

  // The record as answered: warnings and suspensions, whether one is in force.
  nlohmann::json to_json(const ApplicantConductState& state) const;
  static nlohmann::json schema();

 private:
  void audit(const Caller& caller, std::string_view action, const std::string& number,
             const Status& outcome);

  Engine& engine_;
  const Clock& clock_;
  PrivacyGuard* guard_;
};

}  // namespace hotline
