// The SQLite storage: every store in one file (WAL, synchronous=FULL). The
// security store and the knowledge base share one connection, so a
// knowledge-base change commits with its audit entry (issue 9, item 7).
#include <mutex>

#include "adapters/sqlite/sqlite_analysis_archive.h"
#include "adapters/sqlite/sqlite_analysis_checkpoint.h"
#include "adapters/sqlite/sqlite_calendar_store.h"
#include "adapters/sqlite/sqlite_idempotency_store.h"
#include "adapters/sqlite/sqlite_knowledge_store.h"
#include "adapters/sqlite/sqlite_open311_index.h"
#include "adapters/sqlite/sqlite_oversight_store.h"
#include "adapters/sqlite/sqlite_request_numbers.h"
#include "adapters/sqlite/sqlite_research_store.h"
#include "adapters/sqlite/sqlite_security_store.h"
#include "adapters/sqlite/sqlite_shared_connection.h"
#include "adapters/sqlite/sqlite_suggestion_store.h"
#include "adapters/sqlite/sqlite_triage_store.h"
#include "adapters/sqlite/sqlite_webhook_outbox.h"
#include "adapters/sqlite/sqlite_work_order_store.h"
#include "app/storage.h"

namespace hotline {
namespace {

class SqliteStorage final : public Storage {
 public:
  explicit SqliteStorage(std::filesystem::path file) : file_(std::move(file)) {}

  std::string name() const override { return file_.string(); }
  std::filesystem::path local_base() const override { return file_; }

  Result<OpenedWorkOrders> work_orders(const PersonalDataCipher* cipher,
                                       std::shared_ptr<const AuditHasher> hasher) override {
    SqliteWorkOrderStore::Options options;
    options.cipher = cipher;
    options.audit_hasher = std::move(hasher);
    auto store = SqliteWorkOrderStore::open(file_, options);
    if (!store) return fail(store.error());
    return opened_work_orders(std::move(*store));
  }
  Result<std::unique_ptr<CalendarStore>> calendar(
      std::shared_ptr<const AuditHasher> hasher) override {
    return as_port<CalendarStore>(SqliteCalendarStore::open(file_, std::move(hasher)));
  }
  Result<OpenedSecurity> security(std::shared_ptr<const AuditHasher> hasher) override {
    auto db = shared();
    if (!db) return fail(db.error());
    auto store = SqliteSecurityStore::open(*db, file_, std::move(hasher));
    if (!store) return fail(store.error());
    return opened_security(std::move(*store));
  }
  Result<OpenedKnowledge> knowledge(std::shared_ptr<const AuditHasher>) override {
    auto db = shared();
    if (!db) return fail(db.error());
    auto store = SqliteKnowledgeStore::open(*db, SqliteKnowledgeStore::former_file(file_));
    if (!store) return fail(store.error());
    OpenedKnowledge out;
    out.store = std::move(*store);
    // The security store's audit log shares this connection: one transaction.
    out.atomically = [db = *db](const std::function<Status()>& body) {
      return db->atomically(body);
    };
    return out;
  }
  Result<std::unique_ptr<triage::TriageStore>> triage(
      std::shared_ptr<const AuditHasher> hasher) override {
    SqliteTriageStore::Options options;
    options.audit_hasher = std::move(hasher);
    options.former_file = SqliteTriageStore::former_file(file_);
    return as_port<triage::TriageStore>(SqliteTriageStore::open(file_, std::move(options)));
  }
  Result<std::unique_ptr<SuggestionStore>> suggestions() override {
    return as_port<SuggestionStore>(SqliteSuggestionStore::open(file_));
  }
  Result<std::unique_ptr<IdempotencyStore>> idempotency(const PersonalDataCipher* cipher) override {
    return as_port<IdempotencyStore>(SqliteIdempotencyStore::open(file_, cipher));
  }
  Result<std::unique_ptr<open311::RequestIndex>> open311_index() override {
    return as_port<open311::RequestIndex>(SqliteOpen311Index::open(file_));
  }
  Result<std::unique_ptr<AnalysisCheckpointStore>> analysis_checkpoints() override {
    return as_port<AnalysisCheckpointStore>(SqliteAnalysisCheckpoint::open(file_));
  }
  Result<std::unique_ptr<AnalysisArchive>> analysis_archive() override {
    return as_port<AnalysisArchive>(SqliteAnalysisArchive::open(file_));
  }
  Result<std::unique_ptr<OversightStore>> oversight(
      std::shared_ptr<const AuditHasher> hasher) override {
    return as_port<OversightStore>(SqliteOversightStore::open(file_, std::move(hasher)));
  }
  Result<std::unique_ptr<analysis::ResearchStore>> research(
      std::shared_ptr<const AuditHasher> hasher) override {
    return as_port<analysis::ResearchStore>(SqliteResearchStore::open(file_, std::move(hasher)));
  }
  Result<std::unique_ptr<WebhookOutbox>> webhook_outbox(const PersonalDataCipher* cipher) override {
    return as_port<WebhookOutbox>(SqliteWebhookOutbox::open(file_, cipher));
  }
  std::unique_ptr<Leadership> leadership(std::string_view) override {
    // One server per file: it always leads.
    struct Always final : Leadership {
      bool lead() override { return true; }
    };
    return std::make_unique<Always>();
  }
  std::unique_ptr<LogWatch> watch_log(std::function<void()>) override { return nullptr; }
  Result<std::vector<std::string>> undispatched_request_numbers() override {
    return load_undispatched_request_numbers(file_);
  }

 private:
  // Opened once, after the work-order store has created the file.
  Result<std::shared_ptr<sqlite::SharedConnection>> shared() {
    std::lock_guard lock(mutex_);
    if (!shared_) {
      auto db = sqlite::SharedConnection::open(file_, /*create=*/false);
      if (!db) return fail(db.error());
      shared_ = std::move(*db);
    }
    return shared_;
  }

  std::filesystem::path file_;
  std::mutex mutex_;
  std::shared_ptr<sqlite::SharedConnection> shared_;  // guarded by mutex_
};

}  // namespace

std::unique_ptr<Storage> sqlite_storage(const std::filesystem::path& file) {
  return std::make_unique<SqliteStorage>(file);
}

}  // namespace hotline
