#pragma once
// The triage use case (DIS-2, DIS-3, DIS-8, TRI-5, SUP-1, ANA-2, REP-2,
// REP-3): every door (the HTTP API under /api/v1/triage/, the command line's
// `suggest`, `catalogue`, `clusters hot`, `reply-check`) calls triage's
// operations through this class by the operation's name, never the
// TriageService directly. As in the knowledge base (knowledge_base.h): who
// may call an operation is checked before its body is read (SEC-2), the
// call is read strictly, run, rendered for the caller (an API client's
// suggestion names no other request), and every change of the dispatch
// catalogue and a rebuild of the index leave an audit entry
// "command:<name>", done or refused.
//
// Thread-safety: as safe as the TriageService and the guard it holds (both
// shared by the server's workers); it keeps no state of its own.

#include <string_view>
#include <vector>

#include "application/operation.h"
#include "application/triage_commands.h"
#include "core/security/privacy_guard.h"

namespace hotline {

using TriageOperationEntry = OperationEntry<TriageContext>;

class Triage {
 public:
  // `guard` null: no audit (tests of triage alone).
  Triage(TriageContext context, PrivacyGuard* guard);

  // The table of operations, generated from triage_ops::TriageOperations.
  static const std::vector<TriageOperationEntry>& operations();
  // Null for an unknown name.
  static const TriageOperationEntry* find(std::string_view name);

  // The caller may call operation `name` (SEC-2); a refused change is audited.
  Status admit(std::string_view name, const OperationCall& call);
  // Checks the caller, reads the call, runs the operation, records the audit
  // entry a change asks for; the answer as the caller may see it.
  Result<nlohmann::json> execute(std::string_view name, const OperationCall& call);

  const TriageContext& context() const { return context_; }

 private:
  TriageContext context_;
  PrivacyGuard* guard_;
};

}  // namespace hotline
