#include "app/services.h"

#include <iterator>
#include <string_view>

#include "adapters/classifier/lexicon_file.h"
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

// A model file of `task` (any algorithm: the header says which), or an
// error naming the option it was given with.
Result<ml::LoadedModel> load_task_model(const std::string& path, const std::string& task,
                                        const std::string& option) {
  auto loaded = ml::load_model(path);
  if (!loaded) return fail(loaded.error());
  if (loaded->task != task) {
    return fail(Error::invalid(
        option, "the model must be a " + task + " model, not " + loaded->task,
        option + " 需要 " + task + " 模型（hotline model train --task " + task + "）"));
  }
  return loaded;
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
                                                             const TriageModelFiles& models) {
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
  if (!models.category.empty()) {
    auto loaded = load_task_model(models.category, "category", "--model");
    if (!loaded) return fail(loaded.error());
    t->classifier = std::move(loaded->classifier);
    auto digest = sodium::file_digest(models.category);
    if (!digest) return fail(digest.error());
    t->model_version.name =
        std::filesystem::path(models.category).filename().string() + " (" + loaded->algorithm + ")";
    t->model_version.digest = *digest;
  }
  // TYP-2, TYP-1: the lexicons are data beside the settings; the models optional.
  triage::TypeUrgencyRules type_urgency;
  auto urgency = ml::load_urgency_rules((dir / "urgency_lexicon.tsv").string());
  if (!urgency) return fail(urgency.error());
  type_urgency.urgency = std::move(*urgency);
  auto type = ml::load_request_type_rules((dir / "type_lexicon.tsv").string());
  if (!type) return fail(type.error());
  type_urgency.type = std::move(*type);
  if (!models.urgency.empty()) {
    auto loaded = load_task_model(models.urgency, "urgency", "--urgency-model");
    if (!loaded) return fail(loaded.error());
    t->urgency_classifier = std::move(loaded->classifier);
    type_urgency.urgency_model = t->urgency_classifier.get();
  }
  if (!models.type.empty()) {
    auto loaded = load_task_model(models.type, "type", "--type-model");
    if (!loaded) return fail(loaded.error());
    t->type_classifier = std::move(loaded->classifier);
    type_urgency.type_model = t->type_classifier.get();
  }
  t->service = std::make_unique<triage::TriageService>(
      org, platform.policies, platform.engine->deadlines(), std::move(settings),
      std::move(catalogue), std::move(*gazetteer), t->store.get(), t->classifier.get());
  if (auto st = t->service->load(Actor::system(), platform.clock->now()); !st) {
    return fail(st.error());
  }
  t->service->set_progress_lookup(progress_lookup(*platform.engine, *platform.store));
  t->service->set_type_urgency_rules(std::move(type_urgency));
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
