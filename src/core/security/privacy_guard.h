#pragma once
// Reads of personal data, masked and audited (SEC-1, SEC-2, SEC-4): the one
// way the HTTP handlers turn stored request details into what a reader sees.
// Each read that discloses any part of an applicant's identity is written to
// the audit log *before* the data is returned; if the log cannot be written,
// nothing is disclosed. Changes (engine commands) are recorded with
// record_change.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/org/organisation.h"
#include "core/ports/audit_log.h"
#include "core/result.h"
#include "core/security/masking.h"
#include "core/work_order/events.h"
#include "core/work_order/work_order_state.h"

namespace hotline {

class PrivacyGuard {
 public:
  // `disclosures` (null: `audit`) records the reads of personal data: the
  // store's group-committed writer where there is one (WriterAuditLog), so
  // that an answer's entry shares a commit with others' (issue 14). Changes
  // and refusals go to `audit`, which a store's transaction may hold (the
  // knowledge base's).
  PrivacyGuard(AuditLog& audit, const Clock& clock, const Organisation& organisation,
               AuditLog* disclosures = nullptr)
      : audit_(audit),
        disclosures_(disclosures != nullptr ? *disclosures : audit),
        clock_(clock),
        organisation_(organisation) {}

  // The details of request `number` as `actor` may see them (masking.h).
  Result<RequestDetails> read_request(const Actor& actor, std::string_view remote,
                                      std::string_view number, const RequestDetails& details);
  // A stream's events as `actor` may see them: one audit entry for the stream.
  Result<std::vector<Event>> read_events(const Actor& actor, std::string_view remote,
                                         std::string_view stream, std::span<const Event> events);
  // The applicant's full contact for a unit that must contact them (HND-4),
  // with the reason recorded; refused where may_reveal_contact says no.
  Result<Applicant> reveal_contact(const Actor& actor, std::string_view remote,
                                   std::string_view number, const RequestDetails& details,
                                   const WorkOrderState& work_order, std::string_view reason);
  // A change (command) or an administrative act, succeeded or refused.
  Status record_change(const Actor& actor, std::string_view remote, std::string_view action,
                       std::string_view target, bool success, std::string detail = {});
  // The entry record_change would append, for a store that commits it with
  // the change itself (CommandAudit, core/engine/engine.h).
  AuditRecord change_record(const Actor& actor, std::string_view remote, std::string_view action,
                            std::string_view target, bool success, std::string detail = {}) const;

 private:
  Status record(AuditLog& log, const Actor& actor, std::string_view remote, std::string_view action,
                std::string_view target, bool success, std::string detail);

  AuditLog& audit_;
  AuditLog& disclosures_;
  const Clock& clock_;
  const Organisation& organisation_;
};

}  // namespace hotline
