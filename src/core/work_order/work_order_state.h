#pragma once
// The current state of a work order, derived by folding its events in order.
// Folding is pure: no policy, clock or store is consulted, because the events
// carry every deadline they set.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/work_order/events.h"

namespace hotline {

enum class WorkOrderStatus {
  kDispatched,          // 待接单
  kAccepted,            // 办理中
  kReturnPending,       // 退回审核中
  kAwaitingRedispatch,  // 退回已同意，待转派
  kReplied,             // 已办结，待回访
  kHandlingAgain,       // 再次办理中 (VIS-2)
  kClosed,              // 已归档
};
std::string_view to_string(WorkOrderStatus s);
std::string_view to_chinese(WorkOrderStatus s);
std::optional<WorkOrderStatus> parse_work_order_status(std::string_view s);

enum class AppealStatus { kNone, kFiled, kUpheld, kRejected };
std::string_view to_string(AppealStatus s);

struct RecordedSupervision {
  SupervisionRaised supervision;
  Instant at{};
  std::string reason;
  std::string article;
  // SUP-2 [T23]: the unit's report on it, when it came.
  std::optional<Instant> reported_at;
  std::string report;
};

// SUP-4 [C23, T25]: a referral to the discipline inspection body.
struct RecordedReferral {
  ReferredForDiscipline referral;
  Instant at{};
  std::string reason;
  std::string article;
};

// VIS-4 [T17]: a spot-check return visit as recorded.
struct RecordedSpotCheck {
  SpotCheckVisited visit;
  Instant at{};
  std::string by;  // account id of whoever visited
};

struct WorkOrderState {
  std::string id;
  std::string request;
  std::int64_t version = 0;
  WorkOrderStatus status = WorkOrderStatus::kDispatched;

  std::string lead_unit;
  std::vector<std::string> assisting_units;
  std::string handling_unit;               // after internal forwarding (DIS-7)
  std::vector<std::string> earlier_units;  // units it was returned from
  std::string policy_profile;
  DeadlineSubject subject;
  std::vector<SpecialLabel> special_labels;
  std::vector<int> items;
  bool designated = false;
  bool functional_matter = false;

  Instant dispatched_at{};
  std::optional<Instant> accepted_at;
  Deadline accept_due;
  Deadline return_due;
  std::optional<Deadline> return_due_complex;
  std::optional<Deadline> handle_due;
  std::optional<Deadline> statutory_handle_due;
  Instant handle_started_at{};  // start of the current handling period
  PolicyDuration handle_period;

  std::optional<ReturnApplied> pending_return;
  std::string pending_return_unit;
  WorkOrderStatus status_before_return = WorkOrderStatus::kDispatched;
  int returns_applied = 0;
  int returns_approved = 0;
  // RET-4 [T8(3)2]: the reasons of every return applied for, in order.
  std::vector<ReturnReason> return_reasons;
  // ACC-3 [M22(1)]: when the pending return was applied for; a return applied
  // before the acceptance deadline pauses it while the office reviews.
  std::optional<Instant> return_applied_at;

  std::optional<ExtensionApplied> pending_extension;
  int extensions_approved = 0;
  int extensions_applied = 0;

  std::map<std::string, std::string> assisting_results;  // unit -> result
  std::optional<WorkOrderReplied> last_reply;
  std::optional<Instant> replied_at;
  int replies = 0;

  std::optional<WorkOrderEvaluated> last_evaluation;
  std::optional<Instant> evaluated_at;
  int evaluations = 0;
  int dissatisfied_evaluations = 0;
  int handled_again = 0;
  bool handling_again = false;
  bool visit_skipped = false;

  std::vector<RecordedSpotCheck> spot_checks;  // VIS-4
  int spot_check_send_backs = 0;

  AppealStatus appeal = AppealStatus::kNone;
  std::optional<Instant> appeal_filed_at;

  std::vector<RecordedSupervision> supervisions;
  // SUP-3 [T22(5)]: set when the office raised the handling one level.
  std::optional<HandlingRaisedOneLevel> raised_one_level;
  std::vector<RecordedReferral> referrals;  // SUP-4
  // (stage, due) pairs already warned about or marked missed, so the sweep
  // records each once.
  std::set<std::pair<Stage, std::int64_t>> warned;
  std::set<std::pair<Stage, std::int64_t>> missed;

  bool is_open() const { return status != WorkOrderStatus::kClosed; }
  // The unit answerable for the work order now (lead; DIS-7 keeps it so).
  const std::string& responsible_unit() const { return lead_unit; }
  bool involves_unit(std::string_view unit) const;
  bool has_supervision(SupervisionTrigger trigger, std::string_view stage) const;
  // SUP-2: the highest level of supervision recorded (0: none with levels),
  // and the supervision of that level still awaiting the unit's report.
  int supervision_level() const;
  const RecordedSupervision* awaiting_report() const;
  bool overdue(Stage stage) const;
};

// Applies one event to the state. Fails on an event that cannot follow the
// state (a corrupt stream): that is a bug or tampering, never user input.
Status apply(WorkOrderState& state, const Event& event);
Result<WorkOrderState> fold_work_order(const std::vector<Event>& events);

}  // namespace hotline
