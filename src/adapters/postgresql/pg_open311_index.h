#pragma once
// The Open311 request index (adapters/open311/request_index.h) on
// PostgreSQL 15 (issue 14): the same port, tables (open311_requests,
// open311_log_position) and contract suite as SqliteOpen311Index, for
// several nodes on one database.
//
// Thread safety: any thread may call any method; each call runs on a pooled
// connection of its own, as one statement (its own transaction). Several
// nodes at once: a row is written by INSERT … ON CONFLICT on its number, so
// a POST's put() on one node and the projection's add_missing() on another
// never fail each other (the upsert waits for the other's row and then
// replaces it, or leaves it). The projection's position is one row written
// the same way; a node stores it only after the rows it read up to it are
// committed, so a stored position never runs ahead of its rows.

#include <memory>

#include "adapters/open311/request_index.h"
#include "adapters/postgresql/pg_pool.h"

namespace hotline {

class PgOpen311Index final : public open311::RequestIndex {
 public:
  // Creates the tables when missing; fails when the database is not UTF-8
  // or of a newer schema version.
  static Result<std::unique_ptr<PgOpen311Index>> open(const pg::Target& target);
  ~PgOpen311Index() override;

  Status put(const open311::IndexedRequest& entry) override;
  Result<std::optional<open311::IndexedRequest>> get(const std::string& number) override;
  Result<std::vector<open311::IndexedRequest>> list(const open311::IndexQuery& query) override;
  Status set_status(const std::string& number, bool closed, Instant updated_at) override;
  Result<bool> add_missing(const open311::IndexedRequest& entry) override;
  Result<std::optional<std::int64_t>> log_position() override;
  Status save_log_position(std::int64_t position) override;

 private:
  explicit PgOpen311Index(const pg::Target& target);
  // Runs `f` on a pooled connection; a libpqxx exception becomes a storage
  // error naming `what`.
  template <typename T, typename F>
  Result<T> run(const char* what, F&& f);
  // put() and add_missing(): the row, replaced or kept when it exists.
  Result<bool> write(const open311::IndexedRequest& entry, bool replace);

  pg::Pool pool_;
};

}  // namespace hotline
