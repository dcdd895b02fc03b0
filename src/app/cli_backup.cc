// Backup, restore and schema migration of the embedded store (issue 14,
// operations):
//
//   hotline backup FILE            a consistent copy of the database while the server runs,
//                                  with the sealed attachments in FILE.attachments/
//   hotline restore FILE [--force] the database (--db) from such a copy
//   hotline migrate                the database brought to this build's schema (every start
//                                  does it too), saying what was done
//
// Both check what they copied before it takes a name: SQLite's quick_check,
// and the audit log's hash chain verified with the platform's data key, so
// a backup that cannot be restored, or a restore with the wrong key, is
// refused, not found out on the day it is needed. The data key is never in
// a backup: it is kept apart (SEC-1), and a restore needs it back beside the
// database or in HOTLINE_KEY_FILE. docs/operations.md.

#include <CLI/CLI.hpp>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "adapters/postgresql/pg_backup.h"
#include "adapters/sqlite/sqlite_backup.h"
#include "adapters/sqlite/sqlite_migrations.h"
#include "adapters/sqlite/sqlite_security_store.h"
#include "app/cli.h"
#include "app/storage.h"

namespace hotline::cli {
namespace {

namespace fs = std::filesystem;

// The audit chain of the copy, verified with the platform's key.
sqlite::CopyCheck audit_chain_check(std::shared_ptr<const AuditHasher> hasher,
                                    AuditVerification& out) {
  return [hasher = std::move(hasher), &out](const fs::path& copy) -> Status {
    auto store = SqliteSecurityStore::open(copy, hasher);
    if (!store) return fail(store.error());
    auto verified = (*store)->verify_audit();
    if (!verified) return fail(verified.error());
    if (!verified->intact()) {
      Error e = Error::invalid(
          "key",
          "the audit log of the copy does not verify with this platform's data key (" +
              verified->explanation +
              "): is it the key of the backed-up platform? Put that key beside the database "
              "(DB.key) or set HOTLINE_KEY_FILE",
          "审计日志无法用本平台的数据密钥校验，请确认使用的是备份时的数据密钥（SEC-2）");
      e.rule = "SEC-2";
      return fail(std::move(e));
    }
    out = *verified;
    return {};
  };
}

void print_copy(const sqlite::CopySummary& copied, std::size_t attachments,
                const AuditVerification& audit) {
  std::cout << "pages: " << copied.pages << " (" << copied.bytes / 1024 << " KiB)\n"
            << "attachments: " << attachments << " sealed files\n"
            << "audit: " << audit.entries << " entries, chain intact\n";
  if (audit.entries > 0) std::cout << "head: " << audit.entries << ":" << audit.head_hash << "\n";
}

void print_pg_copy(const PgCopySummary& copied, std::size_t attachments) {
  std::cout << "dump: " << copied.bytes / 1024 << " KiB (pg_dump custom format)\n"
            << "attachments: " << attachments << " sealed files\n"
            << "audit: " << copied.audit.entries << " entries, chain intact\n";
  if (copied.audit.entries > 0) {
    std::cout << "head: " << copied.audit.entries << ":" << copied.audit.head_hash << "\n";
  }
}

// PostgreSQL: pg_dump of the schema, its audit chain verified in the dump's
// snapshot (pg_backup.h), and this node's attachments beside it.
int backup_postgresql(const PlatformOptions& options, const AuditHasher& hasher,
                      const std::string& file) {
  auto copied = pg_backup(postgresql_target(options.db.string()), file, hasher);
  if (!copied) return report_error(copied.error());
  auto attachments =
      sqlite::copy_folder(local_base(options).string() + ".attachments", file + ".attachments");
  if (!attachments) return report_error(attachments.error());
  std::cout << "backed up the PostgreSQL schema " << postgresql_target(options.db.string()).schema
            << " to " << file << "\n";
  print_pg_copy(*copied, *attachments);
  std::cout << "the data key is not in the backup: keep it (HOTLINE_KEY_FILE) apart\n";
  return 0;
}

int backup(const GlobalOptions& g, const std::string& file) {
  const PlatformOptions options = platform_options(g);
  auto hasher = audit_hasher_for(options);
  if (!hasher) return report_error(hasher.error());
  if (is_postgresql_url(options.db.string())) return backup_postgresql(options, **hasher, file);
  AuditVerification audit;
  auto copied = sqlite::copy_database(options.db, file, audit_chain_check(*hasher, audit));
  if (!copied) return report_error(copied.error());
  // After the database: every attachment its events name was sealed before
  // they committed, so the copy of the folder holds them all.
  auto attachments =
      sqlite::copy_folder(options.db.string() + ".attachments", file + ".attachments");
  if (!attachments) return report_error(attachments.error());
  std::cout << "backed up " << options.db.string() << " to " << file << "\n";
  print_copy(*copied, *attachments, audit);
  std::cout << "the data key is not in the backup: keep " << default_key_file(options.db).string()
            << " (or HOTLINE_KEY_FILE) apart; without it the personal data cannot be read\n";
  return 0;
}

std::string stamp_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%S", &local);
  return text;
}

int restore_postgresql(const PlatformOptions& options, const AuditHasher& hasher,
                       const std::string& file, bool force) {
  const pg::Target target = postgresql_target(options.db.string());
  auto copied = pg_restore(target, file, hasher, force);
  if (!copied) return report_error(copied.error());
  if (!copied->set_aside.empty()) {
    std::cout << "the schema in use was set aside as " << copied->set_aside << "\n";
  }
  std::size_t attachments = 0;
  std::error_code ec;
  if (fs::exists(file + ".attachments", ec)) {
    const std::string folder = local_base(options).string() + ".attachments";
    if (fs::exists(folder, ec)) fs::rename(folder, folder + ".before-restore", ec);
    auto n = sqlite::copy_folder(file + ".attachments", folder);
    if (!n) return report_error(n.error());
    attachments = *n;
  }
  std::cout << "restored the PostgreSQL schema " << target.schema << " from " << file << "\n";
  print_pg_copy(*copied, attachments);
  return 0;
}

int restore(const GlobalOptions& g, const std::string& file, bool force) {
  const PlatformOptions options = platform_options(g);
  if (is_postgresql_url(options.db.string())) {
    auto hasher = audit_hasher_for(options);
    if (!hasher) return report_error(hasher.error());
    return restore_postgresql(options, **hasher, file, force);
  }
  const fs::path db = options.db;
  std::error_code ec;
  if (fs::exists(db, ec) && !force) {
    return report_error(Error::conflict(
        db.string() +
            " exists: stop the server, then restore with --force (the database is "
            "set aside as " +
            db.string() + ".before-restore-TIME, not deleted)",
        db.string() + " 已存在：请先停止服务，再加 --force 恢复（原库改名保留，不删除）"));
  }
  auto hasher = audit_hasher_for(options);
  if (!hasher) return report_error(hasher.error());
  const fs::path restoring = db.string() + ".restoring";
  fs::remove(restoring, ec);
  fs::remove_all(restoring.string() + ".attachments", ec);
  AuditVerification audit;
  auto copied = sqlite::copy_database(file, restoring, audit_chain_check(*hasher, audit));
  if (!copied) return report_error(copied.error());
  auto attachments =
      sqlite::copy_folder(file + ".attachments", restoring.string() + ".attachments");
  if (!attachments) {
    fs::remove(restoring, ec);
    return report_error(attachments.error());
  }
  // The database in use (and its WAL, whose frames belong to it) set aside.
  if (fs::exists(db, ec)) {
    const std::string aside = db.string() + ".before-restore-" + stamp_now();
    for (const char* suffix : {"", "-wal", "-shm", ".attachments"}) {
      const fs::path from = db.string() + suffix;
      if (fs::exists(from, ec)) fs::rename(from, aside + suffix, ec);
      if (ec)
        return report_error(
            Error::storage("cannot set " + from.string() + " aside: " + ec.message()));
    }
    std::cout << "the database in use was set aside as " << aside << "\n";
  }
  fs::rename(restoring, db, ec);
  if (!ec && fs::exists(restoring.string() + ".attachments")) {
    fs::rename(restoring.string() + ".attachments", db.string() + ".attachments", ec);
  }
  if (ec || !sqlite::sync_folder_of(db)) {
    return report_error(Error::storage("cannot put the restored database in place at " +
                                       db.string() + ": " + ec.message()));
  }
  std::cout << "restored " << db.string() << " from " << file << "\n";
  print_copy(*copied, *attachments, audit);
  return 0;
}

int migrate(const GlobalOptions& g) {
  const PlatformOptions options = platform_options(g);
  if (is_postgresql_url(options.db.string())) {
    // Each store brings its tables to this build's schema on open, and a
    // newer schema is refused (pg_session.h): opening the platform migrates.
    auto platform = open_platform(options);
    if (!platform) return report_error(platform.error());
    std::cout << (*platform)->storage->name() << ": schema version " << pg::current_schema_version()
              << "\n";
    return 0;
  }
  auto before = sqlite::schema_version_of(options.db);
  if (!before) return report_error(before.error());
  if (!*before) {
    return report_error(
        Error::not_found("database " + options.db.string(), "数据库不存在，请先运行 hotline init"));
  }
  auto platform = open_platform(options);  // migrates, or refuses a newer schema
  if (!platform) return report_error(platform.error());
  const std::int64_t current = sqlite::current_schema_version();
  if (**before == current) {
    std::cout << "schema version " << current << ": nothing to migrate\n";
    return 0;
  }
  auto db = sqlite::Connection::open(options.db, /*create=*/false);
  if (!db) return report_error(db.error());
  auto applied = sqlite::applied_migrations(**db);
  if (!applied) return report_error(applied.error());
  std::cout << "migrated " << options.db.string() << " from schema version " << **before << " to "
            << current << ":\n";
  for (const auto& m : *applied) {
    if (m.version > **before) std::cout << "  " << m.version << "  " << m.description << "\n";
  }
  std::cout << "the file as it was: " << options.db.string() << ".before-migration-v" << **before
            << "\n";
  return 0;
}

}  // namespace

void add_backup_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto file = std::make_shared<std::string>();
  auto* b = app.add_subcommand(
      "backup", "a consistent copy of the database while it serves, attachments included");
  b->add_option("file", *file, "the new backup file (never overwritten)")->required();
  b->callback([&g, &exit_code, file] { exit_code = backup(g, *file); });

  auto from = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto* r = app.add_subcommand("restore", "the database (--db) from a backup, checked first");
  r->add_option("file", *from, "a file written by `hotline backup`")->required();
  r->add_flag("--force", *force,
              "replace an existing database (stop the server first; the old one is set aside)");
  r->callback([&g, &exit_code, from, force] { exit_code = restore(g, *from, *force); });

  app.add_subcommand("migrate", "bring the database to this build's schema (each start does too)")
      ->callback([&g, &exit_code] { exit_code = migrate(g); });
}

}  // namespace hotline::cli
