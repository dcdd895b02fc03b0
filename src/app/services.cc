#include "app/services.h"

#include <iterator>
#include <string_view>

#include "adapters/liblinear/model_file.h"
#include "adapters/sodium/file_digest.h"
#include "adapters/toml/catalogue_file.h"
#include "adapters/toml/gazetteer_file.h"
#include "adapters/xapian/xapian_article_index.h"
#include "app/storage.h"

namespace hotline {

namespace {

// TRI-5: what the applicant can be told about an earlier request.
triage::ProgressLookup progress_lookup(Engine& engine, WorkOrderStore& store) {
  return [&engine, &store](const std::string& number) -> std::optional<triage::RequestProgress> {
    auto r = engine.request(number);
    if (!r) return std::nullopt;
    triage::RequestProgress p;
    p.status = std::string(to_string(r->status));
    p.status_zh = std::string(to_chinese(r->status));
    for (const auto& o : r->orders) p.units.push_back(o.lead_unit);
    WorkOrderFilter f;
    f.request = number;
    if (auto list = store.list_work_orders(f); list && !list->empty()) {
      p.status = std::string(to_string(list->front().status));
      p.status_zh = std::string(to_chinese(list->front().status));
      p.due = list->front().handle_due;
    }
    return p;
  };
}

}  // namespace

TriageServices::TriageServices() = default;
TriageServices::~TriageServices() = default;
GovernanceServices::GovernanceServices() = default;
GovernanceServices::~GovernanceServices() = default;
KnowledgeServices::KnowledgeServices() = default;
KnowledgeServices::~KnowledgeServices() = default;

Result<std::unique_ptr<TriageServices>> open_triage_services(Platform& platform,
                                                             const std::filesystem::path& data_dir,
                                                             const std::string& model) {
  const std::filesystem::path dir = data_dir / "triage";
  const Organisation& org = *platform.organisation;
  triage::TriageSettings settings;
  if (auto st = load_triage_settings(dir / "settings.toml", settings); !st) return fail(st.error());
  triage::apply_supervision_policy(settings, platform.policies.default_policy());
  auto entries = load_catalogue_file(dir / "catalogue.toml", &org);
  if (!entries) return fail(entries.error());
  triage::DispatchCatalogue catalogue;
  for (auto& e : *entries) {
    auto c = catalogue.add(std::move(e), org, Actor::system(), "从派单目录文件导入", Instant{});
    if (!c) return fail(c.error());
    if (auto st = catalogue.apply(*c); !st) return fail(st.error());
  }
  auto gazetteer = load_gazetteer_file(dir / "gazetteer.toml", &org);
  if (!gazetteer) return fail(gazetteer.error());
  auto t = std::make_unique<TriageServices>();
  auto store = platform.storage->triage(platform.audit_hasher);
  if (!store) return fail(store.error());
  t->store = std::move(*store);
  if (!model.empty()) {
    // Any algorithm's file (fastText, linear, ensemble): the header says which.
    auto loaded = ml::load_model(model);
    if (!loaded) return fail(loaded.error());
    if (loaded->task != "category") {
      return fail(Error::invalid(
          "--model", "the suggestion model must be a category model, not " + loaded->task,
          "派单建议需要类别模型（--task category）"));
    }
    t->classifier = std::move(loaded->classifier);
    auto digest = sodium::file_digest(model);
    if (!digest) return fail(digest.error());
    t->model_version.name =
        std::filesystem::path(model).filename().string() + " (" + loaded->algorithm + ")";
    t->model_version.digest = *digest;
  }
  t->service = std::make_unique<triage::TriageService>(
      org, platform.policies, platform.engine->deadlines(), std::move(settings),
      std::move(catalogue), std::move(*gazetteer), t->store.get(), t->classifier.get());
  if (auto st = t->service->load(Actor::system(), platform.clock->now()); !st) {
    return fail(st.error());
  }
  t->service->set_progress_lookup(progress_lookup(*platform.engine, *platform.store));
  return t;
}

Result<std::unique_ptr<KnowledgeServices>> open_knowledge_services(const Platform& platform,
                                                                   const PlatformOptions& options,
                                                                   bool read_only_when_locked) {
  auto kb = std::make_unique<KnowledgeServices>();
  auto store = platform.storage->knowledge(platform.audit_hasher);
  if (!store) return fail(store.error());
  kb->store = std::move(store->store);
  kb->atomically = std::move(store->atomically);
  kb->audit = store->audit;
  auto index = XapianArticleIndex::open(
      XapianArticleIndex::beside(local_base(options)),
      read_only_when_locked ? IndexAccess::kReadOnlyWhenLocked : IndexAccess::kWrite);
  if (!index) return fail(index.error());
  kb->index = std::move(*index);
  // KB-8 [T31]: which units file the monthly reports is the profile's
  // knowledge_base.monthly_report_units.
  const KnowledgeOptions knowledge_options;
  kb->service = std::make_unique<KnowledgeService>(*kb->store, *kb->index, *platform.clock,
                                                   *platform.calendar, platform.policies,
                                                   *platform.organisation, knowledge_options);
  // The holder of the write lock keeps the index up to date.
  if (kb->index->read_only()) return kb;
  auto size = kb->index->size();
  if (kb->index->outdated()) {
    if (auto n = kb->service->reindex(); !n) return fail(n.error());
  } else if (size && *size == 0) {
    ArticleFilter f;
    f.status = ArticleStatus::kPublished;
    f.limit = 1;
    auto any = kb->store->list_articles(f);
    if (any && !any->empty()) {
      if (auto n = kb->service->reindex(); !n) return fail(n.error());
    }
  }
  return kb;
}

Result<std::unique_ptr<GovernanceServices>> open_governance_services(const Platform& platform,
                                                                     const PlatformOptions& options,
                                                                     triage::TriageService& triage,
                                                                     SuggestionStore& suggestions) {
  auto settings = load_governance_settings(options.data_dir / "triage" / "settings.toml");
  if (!settings) return fail(settings.error());
  auto g = std::make_unique<GovernanceServices>();
  g->settings = std::move(*settings);
  auto store = platform.storage->research(platform.audit_hasher);
  if (!store) return fail(store.error());
  g->research_store = std::move(*store);
  const Clock& clock = *platform.clock;
  g->research = std::make_unique<analysis::SpecialResearchService>(
      *g->research_store, *platform.organisation, clock, [&triage, &clock](const std::string& n) {
        return triage.cluster(n, clock.now()).has_value();
      });
  g->models =
      std::make_unique<analysis::ModelAccuracyService>(suggestions, g->settings.drift, clock);
  return g;
}

}  // namespace hotline
