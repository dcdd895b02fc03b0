#include "adapters/postgresql/pg_session.h"

#include <pqxx/pqxx>

namespace hotline::pg {

namespace {

constexpr int kSchemaVersion = 1;

// pg_advisory_xact_lock's key for DDL: "HOTL" as in the SQLite header.
constexpr std::int64_t kSchemaLock = 0x484F544C;

constexpr const char* kMetaSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

std::string quoted(std::string_view schema) { return "\"" + std::string(schema) + "\""; }

}  // namespace

int current_schema_version() { return kSchemaVersion; }

bool is_valid_schema_name(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return !(name[0] >= '0' && name[0] <= '9');
}

Error storage_error(const std::exception& e, std::string_view what) {
  std::string message = std::string(what) + ": ";
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    message += "the connection to PostgreSQL is lost: ";
  } else if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    message += "PostgreSQL did not confirm the commit: ";
  }
  // libpq's messages end with a newline.
  std::string detail = e.what();
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  return Error::storage(message + detail);
}

bool is_unique_violation(const std::exception& e) {
  return dynamic_cast<const pqxx::unique_violation*>(&e) != nullptr;
}

Result<std::unique_ptr<pqxx::connection>> connect(const Target& target) {
  if (!is_valid_schema_name(target.schema)) {
    return fail(Error::invalid("schema", "must be lower-case letters, digits and _",
                               "模式名只能包含小写字母、数字和下划线"));
  }
  try {
    auto db = std::make_unique<pqxx::connection>(target.conninfo);
    pqxx::nontransaction setup(*db);
    const std::string encoding = setup.exec1("SHOW server_encoding")[0].c_str();
    if (encoding != "UTF8") {
      return fail(Error::storage("the PostgreSQL database's encoding is " + encoding +
                                 ", not UTF8: create it with ENCODING 'UTF8'"));
    }
    setup.exec0("SET client_encoding = 'UTF8'");
    setup.exec0("SET search_path = " + quoted(target.schema));
    // Who is connected, in pg_stat_activity: the platform and its schema.
    setup.exec0("SET application_name = 'hotline:" + target.schema + "'");
    // A statement stuck behind a lock longer than this is a fault, not load.
    setup.exec0("SET lock_timeout = '60s'");
    return db;
  } catch (const std::exception& e) {
    return fail(storage_error(e, "connect to PostgreSQL"));
  }
}

Status prepare_schema(pqxx::connection& db, const Target& target, std::string_view ddl) {
  try {
    pqxx::work txn(db);
    txn.exec_params("SELECT pg_advisory_xact_lock($1)", kSchemaLock);
    txn.exec0("CREATE SCHEMA IF NOT EXISTS " + quoted(target.schema));
    txn.exec0(kMetaSchema);
    const pqxx::result version = txn.exec("SELECT value FROM meta WHERE key = 'schema_version'");
    if (version.empty()) {
      txn.exec_params0(
          "INSERT INTO meta (key, value) VALUES ('schema_version', $1), "
          "('application', 'hotline')",
          std::to_string(kSchemaVersion));
    } else {
      const int stored = std::stoi(version[0][0].c_str());
      if (stored > kSchemaVersion) {
        Error e = Error::storage("the PostgreSQL schema " + target.schema + " has schema version " +
                                 std::to_string(stored) + "; this build of hotline knows up to " +
                                 std::to_string(kSchemaVersion) +
                                 ": run the newer hotline that wrote it");
        e.message_zh = "数据库结构版本 " + std::to_string(stored) + " 高于本程序支持的 " +
                       std::to_string(kSchemaVersion) + "，请使用更新版本的 hotline";
        return fail(std::move(e));
      }
    }
    txn.exec0(std::string(ddl));
    txn.commit();
    return {};
  } catch (const std::exception& e) {
    return fail(storage_error(e, "prepare the PostgreSQL schema " + target.schema));
  }
}

}  // namespace hotline::pg
