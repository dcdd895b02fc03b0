#pragma once
// The platform file's schema versions and the forward steps between them
// (issue 14, `hotline migrate`). The file's version is PRAGMA user_version,
// owned by the work-order store, which opens the file first: a file older
// than this build is migrated on open — a copy of it kept first beside it
// (DB.before-migration-vN), then every step in one transaction, each
// recorded in `schema_migrations` — and a file newer than this build is
// refused, naming both versions. Tables a store adds with CREATE TABLE IF
// NOT EXISTS need no step; a step changes what is already there.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "adapters/sqlite/sqlite_connection.h"
#include "core/time.h"

namespace hotline::sqlite {

struct Migration {
  std::int64_t version;          // the schema version it leads to
  std::string_view description;  // what changes and why
  Status (*apply)(Connection& db);
};

// The steps this build knows, oldest first; the last one's version is the
// schema version it writes (1, the first schema, has no step).
const std::vector<Migration>& migrations();
std::int64_t current_schema_version();

// The file's schema version without opening it for writing; nullopt when
// the file does not exist or has no schema yet.
Result<std::optional<std::int64_t>> schema_version_of(const std::filesystem::path& file);

// Within the caller's write transaction on `db` (version `from`): applies
// every step after `from` and records each with `at`.
Status migrate(Connection& db, std::int64_t from, Instant at);

// The steps applied to the file, oldest first (empty for a file created at
// the current version).
struct AppliedMigration {
  std::int64_t version = 0;
  std::string description;
  Instant applied_at{};
};
Result<std::vector<AppliedMigration>> applied_migrations(Connection& db);

}  // namespace hotline::sqlite
