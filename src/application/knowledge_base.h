#pragma once
// The knowledge-base use case (KB-1..KB-9): every door (the HTTP API, the
// command line) calls the knowledge base's operations through this class,
// by the operation's name, never the KnowledgeService directly. A call is
// checked against its declaration (knowledge_commands.h) the same way
// whichever door it came by: who may call it before its body is read
// (SEC-2), its body and query read strictly, the service run, the answer
// rendered for the caller (applicants see the published text only), and an
// audit entry "command:<name>" done or refused for every change (SEC-2
// [M27, R28]), committed with the change when the composition root gives
// the store's transaction (`atomically`: the knowledge base and the audit
// log share one SQLite connection).
//
// Thread-safety: as safe as the service and the guard it holds (both are
// shared by the server's workers); it keeps no state of its own.

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "application/knowledge_commands.h"
#include "application/operation.h"
#include "core/knowledge/knowledge_service.h"
#include "core/security/privacy_guard.h"

namespace hotline {

using KnowledgeOperationEntry = OperationEntry<KnowledgeService>;

class KnowledgeBase {
 public:
  // `guard` null: no audit (tests of the knowledge base alone).
  // `atomically`: one transaction around a change and its audit entry; a
  // change rolled back by a storage failure is then taken out of the search
  // index again (a rebuild from the store).
  KnowledgeBase(KnowledgeService& service, PrivacyGuard* guard, Atomically atomically = {});

  // The table of operations, generated from kb::KnowledgeOperations.
  static const std::vector<KnowledgeOperationEntry>& operations();
  // Null for an unknown name.
  static const KnowledgeOperationEntry* find(std::string_view name);

  // The caller may call operation `name` (SEC-2); a refusal of a change is
  // audited. execute() checks it too; a door calls it first to refuse
  // before it reads a body.
  Status admit(std::string_view name, const OperationCall& call);
  // Checks the caller, reads the call, runs the operation, records the
  // audit entry a change asks for; the answer as the caller may see it.
  Result<nlohmann::json> execute(std::string_view name, const OperationCall& call);
  // kb-import for a door that read the articles itself (the command line's
  // JSON-lines or Markdown files): the same check, audit and answer.
  Result<nlohmann::json> import(const OperationCall& call, kb::ImportArticles articles);

 private:
  KnowledgeService& service_;
  PrivacyGuard* guard_;
  Atomically atomically_;  // empty: each change commits alone, its entry after it
};

}  // namespace hotline
