#pragma once
// The Open311 request index (adapters/open311/request_index.h) as a table,
// open311_requests, in the work-order store's database file (open
// SqliteWorkOrderStore first), with the projection's position in the event
// log (open311_log_position). Own connection, guarded by a mutex.

#include <filesystem>
#include <memory>
#include <mutex>

#include "adapters/open311/request_index.h"

namespace hotline {

namespace sqlite {
class Connection;
}

class SqliteOpen311Index final : public open311::RequestIndex {
 public:
  static Result<std::unique_ptr<SqliteOpen311Index>> open(const std::filesystem::path& file);
  ~SqliteOpen311Index() override;

  Status put(const open311::IndexedRequest& entry) override;
  Result<std::optional<open311::IndexedRequest>> get(const std::string& number) override;
  Result<std::vector<open311::IndexedRequest>> list(const open311::IndexQuery& query) override;
  Status set_status(const std::string& number, bool closed, Instant updated_at) override;
  Result<bool> add_missing(const open311::IndexedRequest& entry) override;
  Result<std::optional<std::int64_t>> log_position() override;
  Status save_log_position(std::int64_t position) override;

 private:
  explicit SqliteOpen311Index(std::unique_ptr<sqlite::Connection> db);
  Status write(const open311::IndexedRequest& entry, const char* verb);  // REQUIRES(mutex_)

  std::mutex mutex_;
  std::unique_ptr<sqlite::Connection> db_;  // guarded by mutex_
};

}  // namespace hotline
