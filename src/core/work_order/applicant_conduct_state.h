#pragma once
// CON-1 [D32, M12]: an applicant's conduct record, folded from the stream
// named by the keyed hash of their phone number (applicant_stream). It holds
// no personal data: the requests it names are numbers, the applicant a hash.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/work_order/events.h"

namespace hotline {

// "applicant-<hash>": the stream of the applicant whose phone hashes to `key`.
std::string applicant_stream(std::string_view key);

struct RecordedWarning {
  ApplicantWarned warning;
  Instant at{};
  std::string by;
  std::string reason;
};

struct RecordedSuspension {
  ApplicantSuspended suspension;
  Instant at{};
  std::string by;  // who suspended
  std::string reason;
  std::optional<bool> upheld;        // empty until reviewed
  std::optional<Instant> lifted_at;  // set when the review lifted it
  std::string reviewed_by;

  // The instant the suspension stops applying.
  Instant ends() const { return lifted_at ? *lifted_at : suspension.until.due; }
};

struct ApplicantConductState {
  std::string stream;
  std::int64_t version = 0;
  std::vector<RecordedWarning> warnings;
  std::vector<RecordedSuspension> suspensions;

  // The suspension in force at `now`, if any.
  const RecordedSuspension* active_suspension(Instant now) const;
  // Warnings recorded after the end of the last suspension (all, if none):
  // what a new suspension may rest on.
  int warnings_since_last_suspension() const;
};

Status apply(ApplicantConductState& state, const Event& event);
Result<ApplicantConductState> fold_applicant_conduct(const std::vector<Event>& events);

}  // namespace hotline
