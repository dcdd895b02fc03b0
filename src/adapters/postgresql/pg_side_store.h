#pragma once
// What the smaller PostgreSQL stores (oversight, special research, calendar,
// webhook outbox) share: one writer connection per store, its writes one at
// a time in this process, each in a transaction of its own with the change's
// audit entry when one is handed (pg::write_with_audit); reads on a small
// pool of connections of their own, outside any transaction (each read is
// one statement, so it sees one snapshot). A lost connection is reopened at
// the next call. Serialising writers across nodes is each store's business
// (row locks, unique keys, conditional UPDATEs); its header says how.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "adapters/postgresql/pg_pool.h"
#include "adapters/postgresql/pg_session.h"
#include "core/ports/audit_log.h"
#include "core/result.h"

namespace hotline::pg {

class SideStore {
 public:
  // Connects and prepares the schema with `ddl` (pg::prepare_schema), and
  // the audit log's tables too when `audit_hasher` is given.
  static Result<std::unique_ptr<SideStore>> open(const Target& target, std::string ddl,
                                                 std::shared_ptr<const AuditHasher> audit_hasher);

  // Runs `change` and appends `audit`'s entry in one transaction
  // (pg::write_with_audit); `what` names the write in a storage error. An
  // entry handed to a store without an audit log is refused unwritten.
  Status write(CommandAudit* audit, std::string_view what,
               const std::function<Status(pqxx::transaction_base&)>& change);

  template <typename T>
  Result<T> read(std::string_view what,
                 const std::function<Result<T>(pqxx::transaction_base&)>& query) {
    auto lease = readers_.lease();
    if (!lease) return fail(lease.error());
    try {
      pqxx::nontransaction txn(lease->connection());
      return query(txn);
    } catch (const std::exception& e) {
      return fail(storage_error(e, what));
    }
  }

 private:
  SideStore(Target target, std::unique_ptr<pqxx::connection> writer,
            std::shared_ptr<const AuditHasher> audit_hasher);

  Target target_;
  std::shared_ptr<const AuditHasher> audit_hasher_;
  std::mutex mutex_;
  std::unique_ptr<pqxx::connection> writer_;  // guarded by mutex_
  Pool readers_;
};

// Seconds since the epoch, as the stores keep instants (BIGINT).
inline std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
inline Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }
// A count or limit as a BIGINT parameter: beyond INT64_MAX is no limit.
inline std::int64_t clamp(std::size_t n) {
  return static_cast<std::int64_t>(std::min<std::size_t>(n, INT64_MAX));
}
// A text column without a copy, valid while its result lives.
inline std::string_view view(const pqxx::field& f) { return {f.c_str(), f.size()}; }

}  // namespace hotline::pg
