#include "adapters/postgresql/pg_backup.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <vector>

#include "adapters/postgresql/pg_audit_table.h"

extern char** environ;

namespace hotline {

namespace {

namespace fs = std::filesystem;

// Runs a PostgreSQL tool with `args` (no shell), waiting for it. Its own
// messages go to our stderr.
Status run_tool(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    return fail(Error::storage("cannot run " + args[0] +
                               ": install PostgreSQL's client tools (postgresql-client-15)"));
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return fail(Error::storage(args[0] + " failed (its message is above)"));
  }
  return {};
}

// Every entry of the schema's audit log, verified with `hasher`.
Result<AuditVerification> verify_chain(pqxx::transaction_base& txn, const AuditHasher& hasher) {
  const pqxx::row head = txn.exec1("SELECT algorithm FROM audit_head WHERE id = 1");
  const std::string algorithm = head[0].c_str();
  if (!algorithm.empty() && algorithm != hasher.algorithm()) {
    Error e =
        Error::invalid("key",
                       "the audit log is chained with " + algorithm + ", not " +
                           hasher.algorithm() + ": give the data key of the backed-up platform",
                       "审计日志使用的密钥与当前配置不同，请使用备份时的数据密钥（SEC-2）");
    e.rule = "SEC-2";
    return fail(std::move(e));
  }
  std::vector<AuditEntry> entries;
  const pqxx::result rows =
      txn.exec(std::string("SELECT ") + pg::kAuditColumns + " FROM audit_log ORDER BY sequence");
  entries.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    auto e = pg::read_audit_entry(row);
    if (!e) return fail(e.error());
    entries.push_back(std::move(*e));
  }
  AuditVerification v =
      verify_audit_chain(entries, [&](std::string_view prev, std::string_view canonical) {
        return hasher.chain(prev, canonical);
      });
  if (!v.intact()) {
    Error e = Error::invalid(
        "key",
        "the audit log does not verify with this platform's data key (" + v.explanation + ")",
        "审计日志无法用本平台的数据密钥校验（SEC-2）");
    e.rule = "SEC-2";
    return fail(std::move(e));
  }
  return v;
}

// The libpq URL or keywords without our `schema` (pg_session.h).
std::string identifier(const std::string& schema) { return "\"" + schema + "\""; }

std::string stamp_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &local);
  return text;
}

}  // namespace

Result<PgCopySummary> pg_backup(const pg::Target& target, const fs::path& file,
                                const AuditHasher& hasher) {
  std::error_code ec;
  if (fs::exists(file, ec)) {
    return fail(Error::conflict(file.string() + " exists: a backup is never overwritten",
                                "备份文件已存在，不会覆盖"));
  }
  auto db = pg::connect(target);
  if (!db) return fail(db.error());
  const fs::path partial = file.string() + ".partial";
  fs::remove(partial, ec);
  try {
    // The snapshot lives as long as this transaction: pg_dump reads it.
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>
        txn(**db);
    const std::string snapshot = txn.exec1("SELECT pg_export_snapshot()")[0].c_str();
    auto verified = verify_chain(txn, hasher);
    if (!verified) return fail(verified.error());
    if (auto st = run_tool({"pg_dump", "--format=custom", "--no-owner", "--snapshot=" + snapshot,
                            "--schema=" + target.schema, "--file=" + partial.string(),
                            "--dbname=" + target.conninfo});
        !st) {
      fs::remove(partial, ec);
      return fail(st.error());
    }
    txn.commit();
    PgCopySummary out;
    out.audit = *verified;
    out.bytes = fs::file_size(partial, ec);
    fs::rename(partial, file, ec);
    if (ec) return fail(Error::storage("cannot name the backup " + file.string()));
    return out;
  } catch (const std::exception& e) {
    fs::remove(partial, ec);
    return fail(pg::storage_error(e, "back up the PostgreSQL schema " + target.schema));
  }
}

Result<PgCopySummary> pg_restore(const pg::Target& target, const fs::path& file,
                                 const AuditHasher& hasher, bool force) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return fail(Error::not_found("backup " + file.string()));
  auto db = pg::connect(target);
  if (!db) return fail(db.error());
  PgCopySummary out;
  // One transaction object at a time on a libpqxx connection: each step
  // has its own.
  const auto admin = [&db](const std::string& sql) {
    pqxx::nontransaction txn(**db);
    return txn.exec(sql);
  };
  try {
    const bool exists =
        !admin("SELECT 1 FROM pg_namespace WHERE nspname = '" + target.schema + "'").empty();
    if (exists && !force) {
      return fail(Error::conflict(
          "the schema " + target.schema +
              " exists: stop the nodes, then restore with --force (the schema is renamed, not "
              "dropped)",
          "模式已存在：请先停止服务，再加 --force 恢复（原模式改名保留，不删除）"));
    }
    if (exists) {
      out.set_aside = target.schema + "_before_restore_" + stamp_now();
      admin("ALTER SCHEMA " + identifier(target.schema) + " RENAME TO " +
            identifier(out.set_aside));
    }
    Status restored = run_tool({"pg_restore", "--no-owner", "--exit-on-error",
                                "--dbname=" + target.conninfo, file.string()});
    Result<AuditVerification> verified = fail(Error::internal("not verified"));
    if (restored) {
      pqxx::work txn(**db);
      txn.exec0("SET LOCAL search_path = " + identifier(target.schema));
      verified = verify_chain(txn, hasher);
    }
    if (!restored || !verified) {
      // Back as it was: the restored schema goes, the old one comes back.
      admin("DROP SCHEMA IF EXISTS " + identifier(target.schema) + " CASCADE");
      if (!out.set_aside.empty()) {
        admin("ALTER SCHEMA " + identifier(out.set_aside) + " RENAME TO " +
              identifier(target.schema));
      }
      return fail(restored ? verified.error() : restored.error());
    }
    out.audit = *verified;
    out.bytes = fs::file_size(file, ec);
    return out;
  } catch (const std::exception& e) {
    return fail(pg::storage_error(e, "restore the PostgreSQL schema " + target.schema));
  }
}

}  // namespace hotline
