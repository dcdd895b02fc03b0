#pragma once
// The knowledge base's other records: update requests from the office to a
// unit (KB-3 [R17, R15]), supervision of a unit for stale content (KB-9
// [M22(5)]), notices to units (expiry reminders, requests), and the monthly
// reports of profile T (KB-8 [T31]).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "core/work_order/actor.h"

namespace hotline {

// KB-3: the office asks a unit to add, correct, confirm or withdraw content.
enum class UpdateKind { kAdd, kCorrect, kConfirm, kWithdraw };
std::string_view to_string(UpdateKind k);
std::string_view to_chinese(UpdateKind k);
std::optional<UpdateKind> parse_update_kind(std::string_view s);

enum class UpdateRequestStatus { kOpen, kDone, kOverdue, kDoneLate, kCancelled };
std::string_view to_string(UpdateRequestStatus s);
std::optional<UpdateRequestStatus> parse_update_request_status(std::string_view s);

// A step in a request's life, like a work order's event.
struct RequestStep {
  Instant at{};
  Actor actor;
  std::string action;  // "requested", "overdue", "done", "cancelled"
  std::string note;
  std::string rule;
  std::string article_ref;
};

struct UpdateRequest {
  std::string id;  // "KR000001"
  std::string unit;
  UpdateKind kind = UpdateKind::kCorrect;
  std::string article;     // the article concerned; empty for an addition
  std::string text;        // what the office asks for
  bool emergency = false;  // sudden event: 1 day of clock time (R17)
  Instant requested_at{};
  Instant due{};
  std::string due_article;  // "R17"
  UpdateRequestStatus status = UpdateRequestStatus::kOpen;
  std::optional<Instant> done_at;
  std::string result_article;  // the article that answers it
  std::vector<RequestStep> steps;
  std::int64_t revision_number = 0;

  bool is_open() const {
    return status == UpdateRequestStatus::kOpen || status == UpdateRequestStatus::kOverdue;
  }
};

// KB-9 [M22(5)]: a unit under supervision for its knowledge-base content.
struct UnitSupervision {
  std::string id;  // "KS000001"
  std::string unit;
  Instant at{};
  std::string rule;         // what was missed: "KB-5", "KB-3", "KB-4", "KB-8"
  std::string article_ref;  // "M22(5)" plus the missed rule's article
  std::string subject;      // article, request or report concerned
  std::string reason;       // English
  std::string reason_zh;
};

// Something a unit must see: a reminder, a request, a supervision.
struct KnowledgeNotice {
  std::int64_t id = 0;  // assigned by the store
  std::string unit;
  Instant at{};
  std::string kind;     // "expiry-reminder", "update-request", "supervision", "prenotice"
  std::string subject;  // article or request id
  std::string message_zh;
};

// KB-8 [T31]: the monthly reports of profile T.
enum class ReportKind { kKnowledgeBase, kTraining };
std::string_view to_string(ReportKind k);
std::string_view to_chinese(ReportKind k);
std::optional<ReportKind> parse_report_kind(std::string_view s);

struct MonthlyReport {
  std::string unit;
  ReportKind kind = ReportKind::kKnowledgeBase;
  std::string month;  // "2026-03": the month reported on
  Instant submitted_at{};
  Actor actor;
  bool no_changes = false;  // confirmation even with no changes (T31)
  std::string text;
  // Figures of the month, filled from the history for the KB report.
  int added = 0;
  int changed = 0;
  int withdrawn = 0;
  int confirmed = 0;
  bool late = false;
};

}  // namespace hotline
