#pragma once
// Conduct on both sides of the line.
//
// INT-6 [M14 第二款]: an applicant complains about hotline staff's conduct
// (态度生硬、作风粗暴、敷衍塞责). The complaint is a request of its own — it
// gets a number the applicant follows (INT-5) — but the office handles it
// and it is never dispatched to a unit. Both events are on the request's
// stream.
//
// CON-1 [D32, M12 第三款] (an option of the policy): after a recorded warning
// the office may suspend an applicant who, without a proper request,
// repeatedly or lengthily occupies the line or harasses staff. The events are
// on the applicant's own stream, named by a keyed hash of the phone number
// (never the number itself); emergencies always get through.

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "core/work_order/deadline.h"

namespace hotline {

// ---- INT-6: complaints about hotline staff --------------------------------

enum class StaffMisconduct { kRudeAttitude, kRoughManner, kPerfunctory, kOther };
std::string_view to_string(StaffMisconduct m);
std::string_view to_chinese(StaffMisconduct m);
std::optional<StaffMisconduct> parse_staff_misconduct(std::string_view s);

// Recorded right after the RequestRegistered of the complaint.
struct ConductComplaintFiled {
  std::string staff_member;  // account id of the staff member complained about
  StaffMisconduct behaviour = StaffMisconduct::kOther;
  std::string about_request;  // the request (call) it happened in, if known
  std::optional<Instant> occurred_at;
};

enum class ComplaintFinding { kSubstantiated, kPartlySubstantiated, kUnsubstantiated };
std::string_view to_string(ComplaintFinding f);
std::string_view to_chinese(ComplaintFinding f);
std::optional<ComplaintFinding> parse_complaint_finding(std::string_view s);

// The office's handling record; concludes the complaint.
struct ConductComplaintHandled {
  ComplaintFinding finding = ComplaintFinding::kUnsubstantiated;
  std::string measures;        // what the office did about it (talk, training …)
  std::string told_applicant;  // the answer given to the applicant
};

// ---- CON-1: applicant conduct ---------------------------------------------

enum class ApplicantMisconduct { kOccupyingLine, kHarassingStaff };
std::string_view to_string(ApplicantMisconduct m);
std::string_view to_chinese(ApplicantMisconduct m);
std::optional<ApplicantMisconduct> parse_applicant_misconduct(std::string_view s);

// D32 经热线工作人员提醒: the warning that must come first.
struct ApplicantWarned {
  ApplicantMisconduct behaviour = ApplicantMisconduct::kOccupyingLine;
  std::string request;  // the call it happened in
};

// The suspension, with its end and the date by which the office reviews it.
// Its reason is the event's reason.
struct ApplicantSuspended {
  ApplicantMisconduct behaviour = ApplicantMisconduct::kOccupyingLine;
  std::string request;
  Deadline until;       // the end of the suspension
  Deadline review_due;  // the office reviews it by then
};

// The review: upheld (runs to its end) or lifted at once.
struct SuspensionReviewed {
  bool upheld = true;
};

}  // namespace hotline
