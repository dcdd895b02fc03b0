// The PostgreSQL storage (issue 14): every store in one schema of one
// database, which several nodes open at once. The URL is libpq's, with one
// parameter of ours: `schema` (default "hotline"), taken out before libpq
// sees it: postgresql://hotline@db1/hotline?schema=city&sslmode=require.
#include "adapters/postgresql/pg_leadership.h"
#include "adapters/postgresql/pg_log_listener.h"
#include "adapters/postgresql/pg_request_numbers.h"
#include "adapters/postgresql/pg_work_order_store.h"
#include "app/storage.h"

namespace hotline {
namespace {

Error not_yet(const char* store) {
  return Error::storage(std::string("the ") + store +
                        " is not yet kept in PostgreSQL (issue 14); run this command on SQLite");
}

class PgStorage final : public Storage {
 public:
  PgStorage(pg::Target target, std::filesystem::path state_dir)
      : target_(std::move(target)), state_dir_(std::move(state_dir)) {}

  std::string name() const override { return "PostgreSQL schema " + target_.schema; }
  bool is_postgresql() const override { return true; }
  std::filesystem::path local_base() const override { return state_dir_ / "hotline"; }

  Result<OpenedWorkOrders> work_orders(const PersonalDataCipher* cipher,
                                       std::shared_ptr<const AuditHasher> hasher) override {
    PgWorkOrderStore::Options options;
    options.cipher = cipher;
    options.audit_hasher = std::move(hasher);
    auto store = PgWorkOrderStore::open(target_, options);
    if (!store) return fail(store.error());
    OpenedWorkOrders out;
    PgWorkOrderStore* raw = store->get();
    out.applicants = raw;
    out.append_audit = [raw](const AuditRecord& r) { return raw->append_audit(r); };
    out.store = std::move(*store);
    return out;
  }
  Result<std::unique_ptr<CalendarStore>> calendar(std::shared_ptr<const AuditHasher>) override {
    return fail(not_yet("calendar store"));
  }
  Result<OpenedSecurity> security(std::shared_ptr<const AuditHasher>) override {
    return fail(not_yet("security store"));
  }
  Result<std::unique_ptr<KnowledgeStore>> knowledge(std::shared_ptr<const AuditHasher>) override {
    return fail(not_yet("knowledge base"));
  }
  std::function<Status(const std::function<Status()>&)> knowledge_atomically() override {
    return [](const std::function<Status()>&) -> Status { return fail(not_yet("knowledge base")); };
  }
  Result<std::unique_ptr<triage::TriageStore>> triage(std::shared_ptr<const AuditHasher>) override {
    return fail(not_yet("triage store"));
  }
  Result<std::unique_ptr<SuggestionStore>> suggestions() override {
    return fail(not_yet("suggestion store"));
  }
  Result<std::unique_ptr<IdempotencyStore>> idempotency(const PersonalDataCipher*) override {
    return fail(not_yet("idempotency store"));
  }
  Result<std::unique_ptr<open311::RequestIndex>> open311_index() override {
    return fail(not_yet("Open311 index"));
  }
  Result<std::unique_ptr<AnalysisCheckpointStore>> analysis_checkpoints() override {
    return fail(not_yet("analysis checkpoint"));
  }
  Result<std::unique_ptr<AnalysisArchive>> analysis_archive() override {
    return fail(not_yet("analysis archive"));
  }
  Result<std::unique_ptr<OversightStore>> oversight(std::shared_ptr<const AuditHasher>) override {
    return fail(not_yet("oversight store"));
  }
  Result<std::unique_ptr<analysis::ResearchStore>> research(
      std::shared_ptr<const AuditHasher>) override {
    return fail(not_yet("research store"));
  }
  Result<std::unique_ptr<WebhookOutbox>> webhook_outbox(const PersonalDataCipher*) override {
    return fail(not_yet("webhook outbox"));
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
  Result<std::vector<std::string>> request_numbers() override {
    return load_request_numbers(target_);
  }

 private:
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
