#pragma once
// Where the platform keeps its data, named by --db (issue 14): a SQLite file
// (the default, "var/hotline.db") or a PostgreSQL database
// ("postgresql://user@host/db?…", several nodes on one database). Every store
// of the platform is opened here, so nothing else in the executable names a
// storage technology, and each store is opened the same way by every door.

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/open311/request_index.h"
#include "adapters/postgresql/pg_session.h"
#include "core/analysis/special_research.h"
#include "core/ports/analysis_archive.h"
#include "core/ports/analysis_checkpoint.h"
#include "core/ports/applicant_index.h"
#include "core/ports/audit_log.h"
#include "core/ports/calendar_store.h"
#include "core/ports/idempotency_store.h"
#include "core/ports/knowledge_store.h"
#include "core/ports/oversight_store.h"
#include "core/ports/personal_data_cipher.h"
#include "core/ports/security_store.h"
#include "core/ports/suggestion_store.h"
#include "core/ports/webhook_outbox.h"
#include "core/ports/work_order_store.h"
#include "core/result.h"
#include "core/triage/triage_store.h"

namespace hotline {
struct OpenedWorkOrders {
  std::unique_ptr<WorkOrderStore> store;
  // The store's index of requests by the applicant's phone hash (INT-5).
  ApplicantIndex* applicants = nullptr;
  // SEC-2: appends an entry through the store's group-committed writer, so
  // it shares a commit with the appends beside it (WriterAuditLog).
  std::function<Result<AuditEntry>(const AuditRecord&)> append_audit;
};

struct OpenedSecurity {
  std::unique_ptr<SecurityStore> store;
  AuditLog* log = nullptr;  // the same store's audit log
  // `audit verify`: every entry, chained with the store's hasher.
  std::function<Result<AuditVerification>(std::span<const AuditAnchor>)> verify;
};

// Whether this node runs a timed job now (the deadline sweep, webhook
// deliveries): with PostgreSQL one node of several (pg_leadership.h); with
// SQLite, the one server.
class Leadership {
 public:
  virtual ~Leadership() = default;
  virtual bool lead() = 0;
};

// Calls back when another process or node commits events, while it lives.
class LogWatch {
 public:
  virtual ~LogWatch() = default;
};

struct OpenedKnowledge {
  std::unique_ptr<KnowledgeStore> store;
  // Runs a knowledge-base change and its audit entry as one transaction
  // (issue 9, item 7).
  std::function<Status(const std::function<Status()>&)> atomically;
  // Where the knowledge base's audit entries must go for that: the store
  // itself (PostgreSQL); null: the platform's audit log, which shares the
  // store's connection (SQLite).
  AuditLog* audit = nullptr;
};

class Storage {
 public:
  virtual ~Storage() = default;

  // What the data is, for messages: "var/hotline.db", "PostgreSQL schema
  // hotline". Never the connection string (it may hold a password).
  virtual std::string name() const = 0;
  // The node-local path the files kept beside the data are named after:
  // the data key (NAME.key), attachments (NAME.attachments), the search
  // index. The SQLite file itself; for PostgreSQL, --state-dir/hotline.
  virtual std::filesystem::path local_base() const = 0;

  virtual Result<OpenedWorkOrders> work_orders(const PersonalDataCipher* cipher,
                                               std::shared_ptr<const AuditHasher> hasher) = 0;
  virtual Result<std::unique_ptr<CalendarStore>> calendar(
      std::shared_ptr<const AuditHasher> hasher) = 0;
  virtual Result<OpenedSecurity> security(std::shared_ptr<const AuditHasher> hasher) = 0;
  virtual Result<OpenedKnowledge> knowledge(std::shared_ptr<const AuditHasher> hasher) = 0;
  virtual Result<std::unique_ptr<triage::TriageStore>> triage(
      std::shared_ptr<const AuditHasher> hasher) = 0;
  virtual Result<std::unique_ptr<SuggestionStore>> suggestions() = 0;
  virtual Result<std::unique_ptr<IdempotencyStore>> idempotency(
      const PersonalDataCipher* cipher) = 0;
  virtual Result<std::unique_ptr<open311::RequestIndex>> open311_index() = 0;
  virtual Result<std::unique_ptr<AnalysisCheckpointStore>> analysis_checkpoints() = 0;
  virtual Result<std::unique_ptr<AnalysisArchive>> analysis_archive() = 0;
  virtual Result<std::unique_ptr<OversightStore>> oversight(
      std::shared_ptr<const AuditHasher> hasher) = 0;
  virtual Result<std::unique_ptr<analysis::ResearchStore>> research(
      std::shared_ptr<const AuditHasher> hasher) = 0;
  virtual Result<std::unique_ptr<WebhookOutbox>> webhook_outbox(
      const PersonalDataCipher* cipher) = 0;
  virtual std::unique_ptr<Leadership> leadership(std::string_view job) = 0;
  // Null when the storage cannot tell (SQLite): readers poll.
  virtual std::unique_ptr<LogWatch> watch_log(std::function<void()> on_commit) = 0;
  // The numbers of the requests never dispatched, oldest first: the web
  // queue's seed (the others never wait again).
  virtual Result<std::vector<std::string>> undispatched_request_numbers() = 0;
};

// The SQLite storage of `file` (storage_sqlite.cc).
std::unique_ptr<Storage> sqlite_storage(const std::filesystem::path& file);

// An opened store as the port it implements (the storages' helper).
template <typename Port, typename Opened>
Result<std::unique_ptr<Port>> as_port(Opened opened) {
  if (!opened) return fail(opened.error());
  return std::unique_ptr<Port>(std::move(*opened));
}

// An opened work-order store as the storages hand it out: the SQLite and
// PostgreSQL stores answer the same calls.
template <typename Store>
OpenedWorkOrders opened_work_orders(std::unique_ptr<Store> store) {
  OpenedWorkOrders out;
  Store* raw = store.get();
  out.applicants = raw;
  out.append_audit = [raw](const AuditRecord& r) { return raw->append_audit(r); };
  out.store = std::move(store);
  return out;
}

// An opened security store (also the audit log), as the storages hand it out.
template <typename Store>
OpenedSecurity opened_security(std::unique_ptr<Store> store) {
  OpenedSecurity out;
  Store* raw = store.get();
  out.log = raw;
  out.verify = [raw](std::span<const AuditAnchor> anchors) { return raw->verify_audit(anchors); };
  out.store = std::move(store);
  return out;
}

// True when `db` names a PostgreSQL database (postgresql:// or postgres://).
bool is_postgresql_url(const std::string& db);

// The PostgreSQL database and schema a postgresql:// URL names: libpq's URL
// with one parameter of ours, `schema` (default "hotline"), taken out.
pg::Target postgresql_target(const std::string& url);

// The storage `db` names. `state_dir`: where a PostgreSQL node keeps its
// local files (ignored for SQLite, whose files sit beside the database).
Result<std::unique_ptr<Storage>> open_storage(const std::filesystem::path& db,
                                              const std::filesystem::path& state_dir);

}  // namespace hotline
