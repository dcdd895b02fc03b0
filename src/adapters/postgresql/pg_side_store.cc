#include "adapters/postgresql/pg_side_store.h"

#include "adapters/postgresql/pg_audit_table.h"

namespace hotline::pg {

namespace {
constexpr std::size_t kIdleReaders = 2;
}  // namespace

Result<std::unique_ptr<SideStore>> SideStore::open(
    const Target& target, std::string ddl, std::shared_ptr<const AuditHasher> audit_hasher) {
  auto db = connect(target);
  if (!db) return fail(db.error());
  if (audit_hasher) ddl += kAuditSchema;
  if (auto st = prepare_schema(**db, target, ddl); !st) return fail(st.error());
  return std::unique_ptr<SideStore>(new SideStore(target, std::move(*db), std::move(audit_hasher)));
}

SideStore::SideStore(Target target, std::unique_ptr<pqxx::connection> writer,
                     std::shared_ptr<const AuditHasher> audit_hasher)
    : target_(std::move(target)),
      audit_hasher_(std::move(audit_hasher)),
      writer_(std::move(writer)),
      readers_(target_, kIdleReaders) {}

Status SideStore::write(CommandAudit* audit, std::string_view what,
                        const std::function<Status(pqxx::transaction_base&)>& change) {
  std::lock_guard lock(mutex_);
  if (!writer_ || !writer_->is_open()) {
    auto db = connect(target_);
    if (!db) return fail(db.error());
    writer_ = std::move(*db);
  }
  return write_with_audit(*writer_, audit_hasher_.get(), audit, what, change);
}

}  // namespace hotline::pg
