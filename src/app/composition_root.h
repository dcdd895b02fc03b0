#pragma once
// The composition root: the one place that builds the whole platform, for
// every door — the command line, `hotline serve`, `hotline simulate` and the
// benchmarks. It opens the Platform (policies, calendar, organisation, store,
// clock, engine, security: privacy guard, audit log, accounts), triage and
// the knowledge base, and attaches ALL of the engine's hooks (the reply
// reviewer and the triage listener with cluster supervision, SUP-1, REP-2,
// DIS-8; the knowledge-base linker, RET-4), then the use cases on top
// (src/application). So `hotline reply`, `hotline simulate` and the server
// apply exactly the same rules.
//
// Thread-safety: built on one thread; afterwards the engine, the use cases
// and the services may be shared by the server's workers as their headers
// say. knowledge() opens the knowledge base on first use, under a mutex.

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "adapters/toml/intake_file.h"
#include "app/platform.h"
#include "app/services.h"
#include "application/governance.h"
#include "application/knowledge_base.h"
#include "application/triage.h"
#include "application/work_orders.h"
#include "core/ports/attachment_vault.h"
#include "core/ports/suggestion_store.h"

namespace hotline {

namespace triage {
class TriageHooks;
class SuggestionRecorder;
struct RebuildSummary;
}  // namespace triage

struct RootOptions {
  PlatformOptions platform;
  std::string model;  // category model for triage suggestions (DIS-8); empty: history only
  // TYP-2, TYP-1 models for the urgency and type suggestions; empty: the
  // lexicons alone.
  std::string urgency_model;
  std::string type_model;
  // Failures of the engine's listeners after a change stood (the triage index,
  // the dispatch history); default: a warning in the log.
  std::function<void(const Error&)> on_hook_error;
  // Commands run beside a server: open the knowledge base's search index
  // read-only when the server holds it (searches work, changes are refused).
  bool knowledge_read_only_when_locked = false;
};

class CompositionRoot {
 public:
  // Opens everything; a bad policy, data file or store stops here with the
  // file and what is wrong.
  static Result<std::unique_ptr<CompositionRoot>> open(RootOptions options);
  ~CompositionRoot();  // flushes triage's pending state
  CompositionRoot(const CompositionRoot&) = delete;
  CompositionRoot& operator=(const CompositionRoot&) = delete;

  Platform& platform() { return *platform_; }
  Engine& engine() { return *platform_->engine; }
  const Clock& clock() const { return *platform_->clock; }
  FakeClock* fake_clock() { return platform_->fake_clock; }
  const Organisation& organisation() const { return *platform_->organisation; }

  // The use cases (src/application): what every door calls.
  WorkOrders& work_orders() { return *work_orders_; }

  triage::TriageService& triage() { return *triage_->service; }
  TriageServices& triage_services() { return *triage_; }
  // The triage use case (src/application) on it: what the doors call.
  Triage& triage_use_case() { return *triage_use_case_; }
  // ANA-4 [C29], ANA-5 [D23]: the area of a unit's staff (requests
  // registered in its district or handled by it or a unit below it);
  // nullopt for an actor without one.
  std::optional<AreaFilter> area_of(const Actor& actor) const;
  // The knowledge base, opened on first use: a command that never cites an
  // article does not take the search index's write lock.
  Result<KnowledgeServices*> knowledge();
  // The knowledge-base use case (src/application) on it: what the doors call.
  Result<KnowledgeBase*> knowledge_base();

  // ANA-6: the suggestion records (which model suggested what, and the
  // office's decisions), kept in the work-order database.
  SuggestionStore& suggestions() { return *suggestions_; }
  // ANA-3, ANA-6: special research and the models' figures, opened on first
  // use (their settings file is read then), and their use case: what the
  // doors call.
  Result<GovernanceServices*> governance();
  Result<Governance*> governance_use_case();

  // INT-3: data/intake.toml (attachment limits, the applicant look-up rate),
  // and the attachment vault beside the database — null without a data key,
  // when attachments are refused rather than kept in clear. The engine's
  // AttachmentResolver (replies' files) is built on them.
  const IntakeSettings& intake() const { return intake_; }
  AttachmentVault* attachment_vault() { return vault_.get(); }

  // Writes what triage keeps in memory (clusters, history) to its store.
  Status flush();
  // `hotline reindex triage`: the triage index rebuilt from the event log.
  Result<triage::RebuildSummary> rebuild_triage_index(bool drop_imported);

 private:
  CompositionRoot();
  Status attach_hooks();

  RootOptions options_;
  std::unique_ptr<Platform> platform_;
  std::unique_ptr<TriageServices> triage_;
  std::mutex knowledge_mutex_;
  std::unique_ptr<KnowledgeServices> knowledge_;  // GUARDED_BY(knowledge_mutex_) until opened
  // PostgreSQL: the knowledge base's guard, appending through its store.
  std::unique_ptr<PrivacyGuard> knowledge_privacy_;  // GUARDED_BY(knowledge_mutex_) until opened
  std::unique_ptr<KnowledgeBase> knowledge_base_;    // GUARDED_BY(knowledge_mutex_) until opened
  std::unique_ptr<SuggestionStore> suggestions_;
  std::mutex governance_mutex_;
  std::unique_ptr<GovernanceServices> governance_;   // GUARDED_BY(governance_mutex_) until opened
  std::unique_ptr<Governance> governance_use_case_;  // GUARDED_BY(governance_mutex_) until opened
  std::unique_ptr<triage::SuggestionRecorder> suggestion_recorder_;
  std::unique_ptr<triage::TriageHooks> triage_hooks_;
  std::unique_ptr<KnowledgeLinker> knowledge_linker_;
  std::unique_ptr<WorkOrders> work_orders_;
  std::unique_ptr<Triage> triage_use_case_;
  IntakeSettings intake_;
  std::unique_ptr<AttachmentVault> vault_;
  std::unique_ptr<AttachmentResolver> attachment_resolver_;
};

}  // namespace hotline
