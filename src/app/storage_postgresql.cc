// The PostgreSQL storage (issue 14): every store in one schema of one
// database, which several nodes open at once. The URL is libpq's, with one
// parameter of ours: `schema` (default "hotline"), taken out before libpq
// sees it: postgresql://hotline@db1/hotline?schema=city&sslmode=require.
#include <fstream>
#include <random>

#include "adapters/postgresql/pg_analysis_archive.h"
#include "adapters/postgresql/pg_analysis_checkpoint.h"
#include "adapters/postgresql/pg_calendar_store.h"
#include "adapters/postgresql/pg_idempotency_store.h"
#include "adapters/postgresql/pg_knowledge_store.h"
#include "adapters/postgresql/pg_leadership.h"
#include "adapters/postgresql/pg_log_listener.h"
#include "adapters/postgresql/pg_open311_index.h"
#include "adapters/postgresql/pg_oversight_store.h"
#include "adapters/postgresql/pg_request_numbers.h"
#include "adapters/postgresql/pg_research_store.h"
#include "adapters/postgresql/pg_security_store.h"
#include "adapters/postgresql/pg_suggestion_store.h"
#include "adapters/postgresql/pg_triage_store.h"
#include "adapters/postgresql/pg_webhook_outbox.h"
#include "adapters/postgresql/pg_work_order_store.h"
#include "app/storage.h"

namespace hotline {
namespace {

// The catalogue's calls to one store, the projection's to the other.
class SplitTriageStore final : public triage::TriageStore {
 public:
  SplitTriageStore(std::unique_ptr<triage::TriageStore> catalogue,
                   std::unique_ptr<triage::TriageStore> projection)
      : catalogue_(std::move(catalogue)), projection_(std::move(projection)) {}

  Result<std::vector<triage::CatalogueChange>> catalogue_changes() override {
    return catalogue_->catalogue_changes();
  }
  Status append_catalogue_change(const triage::CatalogueChange& change,
                                 const std::vector<AuditRecord>& audit) override {
    return catalogue_->append_catalogue_change(change, audit);
  }
  Status load_index(triage::RequestIndex& index) override { return projection_->load_index(index); }
  Status save_observation(const triage::RequestIndex& index,
                          const triage::Observation& observation) override {
    return projection_->save_observation(index, observation);
  }
  Status save_statistics(const triage::TermStatistics& statistics) override {
    return projection_->save_statistics(statistics);
  }
  Result<std::vector<triage::ClusterAlert>> cluster_alerts() override {
    return projection_->cluster_alerts();
  }
  Status save_history(const std::vector<triage::HistoryRecord>& records) override {
    return projection_->save_history(records);
  }
  Result<std::vector<triage::HistoryRecord>> history() override { return projection_->history(); }
  Result<std::optional<std::int64_t>> log_position() override {
    return projection_->log_position();
  }
  Status save_log_position(std::int64_t position) override {
    return projection_->save_log_position(position);
  }
  Status clear_index() override { return projection_->clear_index(); }
  Status begin_bulk() override { return projection_->begin_bulk(); }
  Status end_bulk() override { return projection_->end_bulk(); }

 private:
  std::unique_ptr<triage::TriageStore> catalogue_;
  std::unique_ptr<triage::TriageStore> projection_;
};

class PgStorage final : public Storage {
 public:
  PgStorage(pg::Target target, std::filesystem::path state_dir)
      : target_(std::move(target)), state_dir_(std::move(state_dir)) {}

  std::string name() const override { return "PostgreSQL schema " + target_.schema; }
  std::filesystem::path local_base() const override { return state_dir_ / "hotline"; }

  Result<OpenedWorkOrders> work_orders(const PersonalDataCipher* cipher,
                                       std::shared_ptr<const AuditHasher> hasher) override {
    PgWorkOrderStore::Options options;
    options.cipher = cipher;
    options.audit_hasher = std::move(hasher);
    auto store = PgWorkOrderStore::open(target_, options);
    if (!store) return fail(store.error());
    return opened_work_orders(std::move(*store));
  }
  Result<std::unique_ptr<CalendarStore>> calendar(
      std::shared_ptr<const AuditHasher> hasher) override {
    return as_port<CalendarStore>(PgCalendarStore::open(target_, std::move(hasher)));
  }
  Result<OpenedSecurity> security(std::shared_ptr<const AuditHasher> hasher) override {
    auto store = PgSecurityStore::open(target_, std::move(hasher));
    if (!store) return fail(store.error());
    return opened_security(std::move(*store));
  }
  Result<OpenedKnowledge> knowledge(std::shared_ptr<const AuditHasher> hasher) override {
    auto store = PgKnowledgeStore::open(target_, std::move(hasher));
    if (!store) return fail(store.error());
    OpenedKnowledge out;
    PgKnowledgeStore* raw = store->get();
    // The store is an audit log too: inside atomically() its entries share
    // the change's transaction.
    out.audit = raw;
    out.atomically = [raw](const std::function<Status()>& body) { return raw->atomically(body); };
    out.store = std::move(*store);
    return out;
  }
  // The dispatch catalogue is shared; the request index, its clusters and
  // the dispatch history are each node's projection of the log, kept in the
  // node's schema as the analysis is (one shared copy would count every
  // dispatch once per node).
  Result<std::unique_ptr<triage::TriageStore>> triage(
      std::shared_ptr<const AuditHasher> hasher) override {
    PgTriageStore::Options options;
    options.audit_hasher = std::move(hasher);
    auto catalogue = PgTriageStore::open(target_, std::move(options));
    if (!catalogue) return fail(catalogue.error());
    auto target = node_target();
    if (!target) return fail(target.error());
    auto projection = PgTriageStore::open(*target);
    if (!projection) return fail(projection.error());
    return std::unique_ptr<triage::TriageStore>(
        std::make_unique<SplitTriageStore>(std::move(*catalogue), std::move(*projection)));
  }
  Result<std::unique_ptr<SuggestionStore>> suggestions() override {
    return as_port<SuggestionStore>(PgSuggestionStore::open(target_));
  }
  Result<std::unique_ptr<IdempotencyStore>> idempotency(const PersonalDataCipher* cipher) override {
    return as_port<IdempotencyStore>(PgIdempotencyStore::open(target_, cipher));
  }
  Result<std::unique_ptr<open311::RequestIndex>> open311_index() override {
    return as_port<open311::RequestIndex>(PgOpen311Index::open(target_));
  }
  // Each node keeps its own analysis projection in memory; its checkpoint
  // and archive (the facts it evicted) are its own too, in a schema of the
  // node's: a node's start-up discards what its archive holds past its
  // checkpoint, which must never touch another node's.
  Result<std::unique_ptr<AnalysisCheckpointStore>> analysis_checkpoints() override {
    auto target = node_target();
    if (!target) return fail(target.error());
    return as_port<AnalysisCheckpointStore>(PgAnalysisCheckpoint::open(*target));
  }
  Result<std::unique_ptr<AnalysisArchive>> analysis_archive() override {
    auto target = node_target();
    if (!target) return fail(target.error());
    return as_port<AnalysisArchive>(PgAnalysisArchive::open(*target));
  }
  Result<std::unique_ptr<OversightStore>> oversight(
      std::shared_ptr<const AuditHasher> hasher) override {
    return as_port<OversightStore>(PgOversightStore::open(target_, std::move(hasher)));
  }
  Result<std::unique_ptr<analysis::ResearchStore>> research(
      std::shared_ptr<const AuditHasher> hasher) override {
    return as_port<analysis::ResearchStore>(PgResearchStore::open(target_, std::move(hasher)));
  }
  Result<std::unique_ptr<WebhookOutbox>> webhook_outbox(const PersonalDataCipher* cipher) override {
    return as_port<WebhookOutbox>(PgWebhookOutbox::open(target_, cipher));
  }
  std::unique_ptr<Leadership> leadership(std::string_view job) override {
    struct Lock final : Leadership {
      Lock(const pg::Target& target, std::string_view job) : lock(target, job) {}
      bool lead() override { return lock.lead(); }
      PgLeadership lock;
    };
    return std::make_unique<Lock>(target_, job);
  }
  std::unique_ptr<LogWatch> watch_log(std::function<void()> on_commit) override {
    struct Watch final : LogWatch {
      Watch(const pg::Target& target, std::function<void()> call)
          : listener(target, std::move(call)) {}
      PgLogListener listener;
    };
    return std::make_unique<Watch>(target_, std::move(on_commit));
  }
  Result<std::vector<std::string>> undispatched_request_numbers() override {
    return load_undispatched_request_numbers(target_);
  }

 private:
  // The schema of this node's own tables: SCHEMA_node_ID, ID kept in
  // STATE_DIR/node-id (made at the node's first start).
  Result<pg::Target> node_target() {
    const std::filesystem::path file = state_dir_ / "node-id";
    std::string id;
    if (std::ifstream in(file); in) std::getline(in, id);
    if (id.empty()) {
      std::random_device random;
      constexpr const char* kHex = "0123456789abcdef";
      for (int i = 0; i < 12; ++i) id += kHex[random() % 16];
      std::error_code ec;
      std::filesystem::create_directories(state_dir_, ec);
      std::ofstream out(file);
      out << id << "\n";
      if (!out.flush()) {
        return fail(Error::storage("cannot write the node's id to " + file.string()));
      }
    }
    pg::Target node = target_;
    node.schema = target_.schema + "_node_" + id;
    return node;
  }

  pg::Target target_;
  std::filesystem::path state_dir_;
};

}  // namespace

// Splits `schema=NAME` off the URL's query.
pg::Target postgresql_target(const std::string& url) {
  pg::Target target;
  const auto query = url.find('?');
  if (query == std::string::npos) {
    target.conninfo = url;
    return target;
  }
  std::string kept;
  std::size_t at = query + 1;
  while (at <= url.size()) {
    const auto end = std::min(url.find('&', at), url.size());
    const std::string param = url.substr(at, end - at);
    if (param.rfind("schema=", 0) == 0) {
      target.schema = param.substr(7);
    } else if (!param.empty()) {
      kept += (kept.empty() ? "" : "&") + param;
    }
    at = end + 1;
  }
  target.conninfo = url.substr(0, query) + (kept.empty() ? "" : "?" + kept);
  return target;
}

std::unique_ptr<Storage> postgresql_storage(const std::string& url,
                                            const std::filesystem::path& state_dir) {
  return std::make_unique<PgStorage>(postgresql_target(url), state_dir);
}

}  // namespace hotline
