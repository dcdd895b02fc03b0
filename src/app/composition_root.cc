#include "app/composition_root.h"

#include <spdlog/spdlog.h>

#include "adapters/sodium/sealed_file_vault.h"
#include "adapters/sodium/sodium_cipher.h"
#include "app/storage.h"
#include "core/analysis/monitoring.h"
#include "core/attachments/vault_attachment_resolver.h"
#include "core/knowledge/knowledge_linker.h"
#include "core/triage/suggestion_recorder.h"
#include "core/triage/triage_hooks.h"

namespace hotline {
namespace {

// RET-4: the knowledge base as the engine sees it, opened when a return first
// cites an article (see CompositionRoot::knowledge).
class LazyKnowledgeLinker final : public KnowledgeLinker {
 public:
  explicit LazyKnowledgeLinker(CompositionRoot& root) : root_(root) {}
  Result<KnowledgeLink> link(const std::string& article_id) const override {
    auto kb = root_.knowledge();
    if (!kb) return fail(kb.error());
    return KnowledgeBaseLinker(*(*kb)->service).link(article_id);
  }

 private:
  CompositionRoot& root_;
};

}  // namespace

CompositionRoot::CompositionRoot() = default;

CompositionRoot::~CompositionRoot() {
  if (triage_) {
    if (auto st = flush(); !st) spdlog::error("triage flush: {}", st.error().describe());
  }
}

Result<std::unique_ptr<CompositionRoot>> CompositionRoot::open(RootOptions options) {
  std::unique_ptr<CompositionRoot> root(new CompositionRoot());
  root->options_ = std::move(options);
  const PlatformOptions& po = root->options_.platform;
  auto platform = open_platform(po);
  if (!platform) return fail(platform.error());
  root->platform_ = std::move(*platform);
  auto triage = open_triage_services(
      *root->platform_, po.data_dir,
      {root->options_.model, root->options_.urgency_model, root->options_.type_model});
  if (!triage) return fail(triage.error());
  root->triage_ = std::move(*triage);
  auto intake = load_intake_file(po.data_dir / "intake.toml");
  if (!intake) return fail(intake.error());
  root->intake_ = std::move(*intake);
  auto key = resolve_data_key(po);
  if (!key) return fail(key.error());
  if (*key) {
    auto vault = SealedFileVault::open(local_base(po).string() + ".attachments", **key);
    if (!vault) return fail(vault.error());
    root->vault_ = std::move(*vault);
  }
  if (auto st = root->attach_hooks(); !st) return fail(st.error());
  Platform& p = *root->platform_;
  root->work_orders_ =
      std::make_unique<WorkOrders>(*p.engine, *p.store, *p.organisation, p.privacy.get());
  CompositionRoot* self = root.get();
  root->triage_use_case_ = std::make_unique<Triage>(
      TriageContext{
          *root->triage_->service, *p.clock, [self](const Actor& a) { return self->area_of(a); },
          [self](bool drop_imported) { return self->rebuild_triage_index(drop_imported); }},
      p.privacy.get());
  return root;
}

std::optional<AreaFilter> CompositionRoot::area_of(const Actor& a) const {
  const Organisation& org = *platform_->organisation;
  if (!is_unit_role(a.role) || org.find(a.unit) == nullptr) return std::nullopt;
  auto scope = std::make_shared<analysis::Scope>(analysis::Scope::of_unit(org, a.unit));
  Engine* engine = platform_->engine.get();
  return AreaFilter([scope, engine](const std::string& number, const std::string& district) {
    if (!district.empty() && scope->has_district(district)) return true;
    auto request = engine->request(number);
    if (!request) return false;
    for (const auto& order : request->orders) {
      if (scope->has_unit(order.lead_unit)) return true;
      for (const auto& u : order.assisting_units) {
        if (scope->has_unit(u)) return true;
      }
    }
    return false;
  });
}

Status CompositionRoot::attach_hooks() {
  // The triage store keeps a keyed hash of the applicant's phone, never the number.
  const PersonalDataCipher* cipher = platform_->cipher.get();
  triage_hooks_ = std::make_unique<triage::TriageHooks>(
      *triage_->service, *platform_->engine, *platform_->store, [cipher](std::string_view digits) {
        return cipher ? "h:" + cipher->lookup_hash(digits) : std::string(digits);
      });
  auto report = options_.on_hook_error;
  if (!report) {
    report = [](const Error& e) { spdlog::warn("triage: {}", e.describe()); };
  }
  triage_hooks_->on_error(report);
  // ANA-6: the record of each suggestion and its model version. It listens
  // before the triage hooks index the request, so the request's own
  // registered category does not vote for itself.
  auto suggestions = platform_->storage->suggestions();
  if (!suggestions) return fail(suggestions.error());
  suggestions_ = std::move(*suggestions);
  suggestion_recorder_ = std::make_unique<triage::SuggestionRecorder>(
      *triage_->service, *suggestions_, triage_->model_version, platform_->store.get());
  suggestion_recorder_->on_error(report);
  knowledge_linker_ = std::make_unique<LazyKnowledgeLinker>(*this);
  Engine& engine = *platform_->engine;
  engine.set_reply_reviewer(triage_hooks_.get());
  engine.set_knowledge_linker(knowledge_linker_.get());
  if (vault_) {
    attachment_resolver_ = std::make_unique<VaultAttachmentResolver>(*vault_, intake_.attachments);
    engine.set_attachment_resolver(attachment_resolver_.get());
  }
  engine.add_listener(suggestion_recorder_.get());
  engine.add_listener(triage_hooks_.get());
  // What was committed while triage was down (a crash between the two
  // commits) is taken in now: the suggestion records first (ANA-6: made
  // before the index takes the request in), then the index. A failure leaves
  // them behind, not the platform down: it is logged (the records try again
  // on the next commit), and `hotline reindex triage` rebuilds the index.
  if (auto st = suggestion_recorder_->catch_up(); !st) {
    spdlog::error("suggestion records: taking in the event log failed: {}", st.error().describe());
  }
  if (auto st = triage_hooks_->catch_up_at_start(); !st) {
    spdlog::error("triage index: taking in the event log failed: {}", st.error().describe());
  }
  return {};
}

Result<triage::RebuildSummary> CompositionRoot::rebuild_triage_index(bool drop_imported) {
  return triage_hooks_->rebuild(drop_imported);
}

Result<KnowledgeServices*> CompositionRoot::knowledge() {
  std::lock_guard lock(knowledge_mutex_);
  if (!knowledge_) {
    auto opened = open_knowledge_services(*platform_, options_.platform,
                                          options_.knowledge_read_only_when_locked);
    if (!opened) return fail(opened.error());
    knowledge_ = std::move(*opened);
    // A change and its audit entry commit together (issue 9, item 7): on
    // PostgreSQL the entries go through the knowledge store itself, so the
    // knowledge base has a guard of its own on it.
    PrivacyGuard* guard = platform_->privacy.get();
    if (guard != nullptr && knowledge_->audit != nullptr) {
      knowledge_privacy_ = std::make_unique<PrivacyGuard>(*knowledge_->audit, *platform_->clock,
                                                          *platform_->organisation, nullptr);
      guard = knowledge_privacy_.get();
    }
    knowledge_base_ =
        std::make_unique<KnowledgeBase>(*knowledge_->service, guard, knowledge_->atomically);
  }
  return knowledge_.get();
}

Result<KnowledgeBase*> CompositionRoot::knowledge_base() {
  auto opened = knowledge();
  if (!opened) return fail(opened.error());
  std::lock_guard lock(knowledge_mutex_);
  return knowledge_base_.get();
}

Result<GovernanceServices*> CompositionRoot::governance() {
  std::lock_guard lock(governance_mutex_);
  if (!governance_) {
    auto opened =
        open_governance_services(*platform_, options_.platform, *triage_->service, *suggestions_);
    if (!opened) return fail(opened.error());
    governance_ = std::move(*opened);
    // A special research's change commits with its audit entry: the
    // research store takes the entry handed with the call.
    governance_use_case_ = std::make_unique<Governance>(
        GovernanceContext{*governance_->models, *governance_->research, *triage_->service,
                          governance_->settings.recurring, *platform_->clock,
                          [this](const Actor& a) { return area_of(a); }},
        platform_->privacy.get());
  }
  return governance_.get();
}

Result<Governance*> CompositionRoot::governance_use_case() {
  auto opened = governance();
  if (!opened) return fail(opened.error());
  std::lock_guard lock(governance_mutex_);
  return governance_use_case_.get();
}

Status CompositionRoot::flush() { return triage_->service->flush(); }

}  // namespace hotline
