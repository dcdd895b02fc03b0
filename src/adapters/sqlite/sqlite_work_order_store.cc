#include "adapters/sqlite/sqlite_work_order_store.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <utility>

#include "adapters/json/event_json.h"
#include "adapters/json/stored_event.h"
#include "adapters/sqlite/sqlite_audit_table.h"
#include "adapters/sqlite/sqlite_backup.h"
#include "adapters/sqlite/sqlite_connection.h"
#include "adapters/sqlite/sqlite_migrations.h"
#include "adapters/storage/group_commit.h"
#include "core/ports/store_checks.h"
#include "core/security/masking.h"
#include "core/text.h"

namespace hotline {

namespace {

using sqlite::Connection;
using sqlite::Statement;

// "HOTL" in the database header marks the file as ours.
constexpr std::int64_t kApplicationId = 0x484F544C;
// Readers kept open between calls; more are opened under load and closed after.
constexpr std::size_t kIdleReaders = 8;

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Every event of every stream; `data` is the event body as JSON (event_json.h).
CREATE TABLE events (
  stream     TEXT NOT NULL,
  version    INTEGER NOT NULL CHECK (version >= 1),
  at         TEXT NOT NULL,
  type       TEXT NOT NULL,
  actor_id   TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_unit TEXT NOT NULL,
  reason     TEXT NOT NULL,
  article    TEXT NOT NULL,
  data       TEXT NOT NULL,
  PRIMARY KEY (stream, version)
);

-- The read model: one row per work order, rewritten with every append to it.
-- Instants are seconds since the Unix epoch, so they compare as numbers.
CREATE TABLE work_orders (
  id             TEXT PRIMARY KEY NOT NULL,
  request        TEXT NOT NULL,
  status         TEXT NOT NULL,
  lead_unit      TEXT NOT NULL,
  handling_unit  TEXT NOT NULL,
  policy_profile TEXT NOT NULL,
  type           TEXT NOT NULL,
  urgency        TEXT NOT NULL,
  dispatched_at  INTEGER NOT NULL,
  accept_due     INTEGER,
  handle_due     INTEGER,
  next_check     INTEGER,
  overdue        INTEGER NOT NULL,
  supervised     INTEGER NOT NULL,
  version        INTEGER NOT NULL
) WITHOUT ROWID;
-- The deadline sweep reads this index only: pending work orders, earliest first.
CREATE INDEX work_orders_next_check ON work_orders (next_check, id) WHERE next_check IS NOT NULL;
CREATE INDEX work_orders_lead ON work_orders (lead_unit, status);
CREATE INDEX work_orders_handling ON work_orders (handling_unit) WHERE handling_unit <> '';
CREATE INDEX work_orders_status ON work_orders (status, overdue);
CREATE INDEX work_orders_request ON work_orders (request);

-- Assisting units of each work order (from its latest dispatch), so a unit
-- finds the work orders it assists.
CREATE TABLE work_order_units (
  work_order TEXT NOT NULL,
  unit       TEXT NOT NULL,
  PRIMARY KEY (work_order, unit)
) WITHOUT ROWID;
CREATE INDEX work_order_units_unit ON work_order_units (unit, work_order);

CREATE TABLE sequences (
  counter TEXT PRIMARY KEY NOT NULL,
  value   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE units (
  id             TEXT PRIMARY KEY NOT NULL,
  position       INTEGER NOT NULL,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  parent         TEXT REFERENCES units (id),
  policy_profile TEXT NOT NULL,
  district       TEXT NOT NULL,
  active         INTEGER NOT NULL
);
)sql";

// Request numbers by the keyed hash of the applicant's phone (INT-5), kept
// when personal data is encrypted. Created on open, so stores made before it
// gain it without a schema version change.
constexpr const char* kApplicantLookupSchema = R"sql(
CREATE TABLE IF NOT EXISTS applicant_lookup (
  phone_hash TEXT NOT NULL,
  request    TEXT NOT NULL,
  PRIMARY KEY (phone_hash, request)
) WITHOUT ROWID;
)sql";
// INT-4: one request per intake key (a channel's retry key). Created on
// open, as the lookup above.
constexpr const char* kIntakeKeySchema = R"sql(
CREATE TABLE IF NOT EXISTS intake_keys (
  key     TEXT PRIMARY KEY NOT NULL,
  request TEXT NOT NULL
) WITHOUT ROWID;
)sql";
// The meta key holding the fingerprint of the data key personal data is sealed with.
constexpr const char* kDataKeyMeta = "personal_data_key";

constexpr const char* kSummaryColumns =
    "id, request, status, lead_unit, handling_unit, policy_profile, type, urgency, "
    "dispatched_at, accept_due, handle_due, next_check, overdue, supervised, version";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
std::optional<std::int64_t> seconds(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return seconds(*t);
}
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }

// One row of `events` from column `first` on: version, at, type, actor_id,
// actor_role, actor_unit, reason, article, data.
Result<Event> read_event_row(const Statement& row, int first, std::string stream,
                             const PersonalDataCipher* cipher) {
  StoredEventView view;
  view.version = row.int64(first);
  view.at = row.text_view(first + 1);
  view.type = row.text_view(first + 2);
  view.actor_id = row.text_view(first + 3);
  view.actor_role = row.text_view(first + 4);
  view.actor_unit = row.text_view(first + 5);
  view.reason = row.text_view(first + 6);
  view.article = row.text_view(first + 7);
  view.data = row.text_view(first + 8);
  return decode_event(std::move(stream), view, cipher);
}

Status write_append(Connection& db, const StoredAppend& p) {
  for (const StoredStream& s : p.streams) {
    auto head = db.prepare("SELECT coalesce(max(version), 0) FROM events WHERE stream = ?1");
    if (!head) return fail(head.error());
    head->bind(1, s.stream);
    int rc = head->step();
    if (rc != SQLITE_ROW) return fail(db.error(rc, "read stream version"));
    const std::int64_t current = head->int64(0);
    if (current != s.expected_version) {
      return fail(Error::conflict("stream " + s.stream + " is at version " +
                                  std::to_string(current) + ", not " +
                                  std::to_string(s.expected_version)));
    }
    for (const StoredEventRow& row : s.rows) {
      auto insert = db.prepare(
          "INSERT INTO events (stream, version, at, type, actor_id, actor_role, actor_unit, "
          "reason, article, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
      if (!insert) return fail(insert.error());
      insert->bind(1, s.stream);
      insert->bind(2, row.version);
      insert->bind(3, row.at);
      insert->bind(4, row.type);
      insert->bind(5, row.actor_id);
      insert->bind(6, row.actor_role);
      insert->bind(7, row.actor_unit);
      insert->bind(8, row.reason);
      insert->bind(9, row.article);
      insert->bind(10, row.data);
      rc = insert->step();
      if (sqlite::primary_code(rc) == SQLITE_CONSTRAINT) {
        return fail(Error::conflict("stream " + s.stream + " already has version " +
                                    std::to_string(row.version)));
      }
      if (rc != SQLITE_DONE) return fail(db.error(rc, "insert event"));
    }
  }
  for (const auto& [key, request] : p.intake_keys) {
    auto add = db.prepare("INSERT INTO intake_keys (key, request) VALUES (?1, ?2)");
    if (!add) return fail(add.error());
    add->bind(1, key);
    add->bind(2, request);
    const int rc = add->step();
    if (sqlite::primary_code(rc) == SQLITE_CONSTRAINT) {
      return fail(Error::conflict("intake key already registered"));
    }
    if (rc != SQLITE_DONE) return fail(db.error(rc, "intake key"));
  }
  for (const auto& [phone_hash, request] : p.lookups) {
    auto add =
        db.prepare("INSERT OR IGNORE INTO applicant_lookup (phone_hash, request) VALUES (?1, ?2)");
    if (!add) return fail(add.error());
    add->bind(1, phone_hash);
    add->bind(2, request);
    if (int rc = add->step(); rc != SQLITE_DONE) return fail(db.error(rc, "applicant lookup"));
  }
  for (const auto& [work_order, units] : p.assisting) {
    auto clear = db.prepare("DELETE FROM work_order_units WHERE work_order = ?1");
    if (!clear) return fail(clear.error());
    clear->bind(1, work_order);
    if (int rc = clear->step(); rc != SQLITE_DONE) return fail(db.error(rc, "assisting units"));
    for (const std::string& unit : units) {
      auto add =
          db.prepare("INSERT OR IGNORE INTO work_order_units (work_order, unit) VALUES (?1, ?2)");
      if (!add) return fail(add.error());
      add->bind(1, work_order);
      add->bind(2, unit);
      if (int rc = add->step(); rc != SQLITE_DONE) return fail(db.error(rc, "assisting units"));
    }
  }
  for (const WorkOrderSummary& s : *p.summaries) {
    // A summary older than the stored one is ignored: the read model only
    // moves forward.
    auto upsert = db.prepare(
        std::string("INSERT INTO work_orders (") + kSummaryColumns +
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
        "ON CONFLICT (id) DO UPDATE SET request = excluded.request, status = excluded.status, "
        "lead_unit = excluded.lead_unit, handling_unit = excluded.handling_unit, "
        "policy_profile = excluded.policy_profile, type = excluded.type, "
        "urgency = excluded.urgency, dispatched_at = excluded.dispatched_at, "
        "accept_due = excluded.accept_due, handle_due = excluded.handle_due, "
        "next_check = excluded.next_check, overdue = excluded.overdue, "
        "supervised = excluded.supervised, version = excluded.version "
        "WHERE excluded.version >= work_orders.version");
    if (!upsert) return fail(upsert.error());
    upsert->bind(1, s.id);
    upsert->bind(2, s.request);
    upsert->bind(3, to_string(s.status));
    upsert->bind(4, s.lead_unit);
    upsert->bind(5, s.handling_unit);
    upsert->bind(6, s.policy_profile);
    upsert->bind(7, to_string(s.type));
    upsert->bind(8, to_string(s.urgency));
    upsert->bind(9, seconds(s.dispatched_at));
    upsert->bind(10, seconds(s.accept_due));
    upsert->bind(11, seconds(s.handle_due));
    upsert->bind(12, seconds(s.next_check));
    upsert->bind(13, std::int64_t{s.overdue});
    upsert->bind(14, std::int64_t{s.supervised});
    upsert->bind(15, s.version);
    if (int rc = upsert->step(); rc != SQLITE_DONE) return fail(db.error(rc, "upsert summary"));
  }
  return {};
}

Result<WorkOrderSummary> read_summary(const Statement& row) {
  WorkOrderSummary s;
  s.id = row.text(0);
  s.request = row.text(1);
  auto status = parse_work_order_status(row.text_view(2));
  auto type = parse_request_type(row.text_view(6));
  auto urgency = parse_urgency(row.text_view(7));
  if (!status || !type || !urgency) {
    return fail(Error::storage("work order " + s.id + ": unreadable summary row"));
  }
  s.status = *status;
  s.lead_unit = row.text(3);
  s.handling_unit = row.text(4);
  s.policy_profile = row.text(5);
  s.type = *type;
  s.urgency = *urgency;
  s.dispatched_at = instant(row.int64(8));
  if (!row.is_null(9)) s.accept_due = instant(row.int64(9));
  if (!row.is_null(10)) s.handle_due = instant(row.int64(10));
  if (!row.is_null(11)) s.next_check = instant(row.int64(11));
  s.overdue = row.int64(12) != 0;
  s.supervised = row.int64(13) != 0;
  s.version = row.int64(14);
  return s;
}

}  // namespace

class SqliteWorkOrderStore::Impl {
 public:
  Impl(std::filesystem::path file, Options options)
      : file_(std::move(file)), options_(std::move(options)) {
    if (options_.max_batch == 0) options_.max_batch = 1;
  }

  // The writer drains its queue before the connection closes.
  ~Impl() { commits_.reset(); }

  Status start() {
    auto db = Connection::open(file_, /*create=*/true);
    if (!db) return fail(db.error());
    writer_ = std::move(*db);
    if (auto st = check_and_create_schema(); !st) return st;
    commits_ =
        std::make_unique<GroupCommit<Connection>>([this](std::span<Job*> jobs) { run_batch(jobs); },
                                                  options_.max_batch, options_.group_commit);
    return {};
  }

  // ---- Writes: each is a job run inside the writer's transaction ----------

  // Runs `work` in a transaction of its own or, with group commit, in the
  // writer thread's next one. Returns once committed (or failed).
  Status submit(std::function<Status(Connection&)> work) {
    return commits_->submit(std::move(work));
  }

  // ---- Reads: a connection of their own, from a small pool ---------------

  // A read connection, returned to the pool when the lease ends.
  class ReaderLease {
   public:
    ReaderLease(Impl* impl, std::unique_ptr<Connection> db) : impl_(impl), db_(std::move(db)) {}
    ReaderLease(ReaderLease&&) noexcept = default;
    ReaderLease& operator=(ReaderLease&&) = delete;
    ~ReaderLease() {
      if (db_) impl_->give_back(std::move(db_));
    }
    Connection& connection() { return *db_; }

   private:
    Impl* impl_;
    std::unique_ptr<Connection> db_;
  };

  Result<ReaderLease> reader() {
    {
      std::lock_guard lock(readers_mutex_);
      if (!idle_readers_.empty()) {
        auto db = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        return ReaderLease(this, std::move(db));
      }
    }
    auto db = Connection::open(file_, /*create=*/false);
    if (!db) return fail(db.error());
    // A guard against writes through a read connection.
    if (auto st = (*db)->exec("PRAGMA query_only = ON"); !st) return fail(st.error());
    return ReaderLease(this, std::move(*db));
  }

  const PersonalDataCipher* cipher() const { return options_.cipher; }
  const AuditHasher* audit_hasher() const { return options_.audit_hasher.get(); }

 private:
  using Job = GroupCommit<Connection>::Job;

  void give_back(std::unique_ptr<Connection> db) {
    std::lock_guard lock(readers_mutex_);
    if (idle_readers_.size() < kIdleReaders) idle_readers_.push_back(std::move(db));
  }

  Status check_and_create_schema() {
    Connection& db = *writer_;
    // Reading the header first tells a foreign or non-SQLite file apart
    // before anything is changed in it.
    auto app = db.query_int("PRAGMA application_id");
    if (!app) return fail(not_ours(app.error().message));
    auto tables = db.query_int("SELECT count(*) FROM sqlite_schema");
    if (!tables) return fail(not_ours(tables.error().message));
    if (*app != kApplicationId && !(*app == 0 && *tables == 0)) {
      return fail(not_ours("it holds other data"));
    }
    auto mode = db.query_text("PRAGMA journal_mode = WAL");
    if (!mode) return fail(mode.error());
    if (*mode != "wal") return fail(Error::storage("cannot switch " + file_.string() + " to WAL"));
    if (auto st = db.exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON"); !st) return st;
    if (auto st = keep_before_migration(*app); !st) return st;

    if (auto st = db.exec("BEGIN IMMEDIATE"); !st) return st;
    auto st = create_or_check_schema();
    if (st) st = check_personal_data_key();
    if (st) st = db.exec(kIntakeKeySchema);
    // The audit log's table, for the commands' entries that commit with
    // their events (sqlite_audit_table.h).
    if (st && options_.audit_hasher) st = db.exec(sqlite::kAuditSchema);
    if (!st) {
      (void)db.exec("ROLLBACK");
      return st;
    }
    return db.exec("COMMIT");
  }

  // Issue 14: a file of an older schema is copied whole before it is
  // migrated (DB.before-migration-vN, kept), so a failed or unwanted upgrade
  // can be undone with `hotline restore`.
  Status keep_before_migration(std::int64_t app) {
    if (app != kApplicationId) return {};
    auto version = writer_->query_int("PRAGMA user_version");
    if (!version) return fail(version.error());
    if (*version >= sqlite::current_schema_version()) return {};
    const std::filesystem::path copy =
        file_.string() + ".before-migration-v" + std::to_string(*version);
    std::error_code ec;
    if (std::filesystem::exists(copy, ec)) return {};  // an earlier attempt kept it
    auto copied = sqlite::copy_database(file_, copy, {});
    if (!copied) return fail(copied.error());
    return {};
  }

  // Inside the write lock, so two processes opening a new file do not both
  // create the schema.
  Status create_or_check_schema() {
    Connection& db = *writer_;
    auto app = db.query_int("PRAGMA application_id");
    if (!app) return fail(app.error());
    const std::int64_t current = sqlite::current_schema_version();
    if (*app == kApplicationId) {
      auto version = db.query_int("PRAGMA user_version");
      if (!version) return fail(version.error());
      if (*version > current) {
        Error e = Error::storage(file_.string() + " has schema version " +
                                 std::to_string(*version) + "; this build of hotline knows up to " +
                                 std::to_string(current) + ": run the newer hotline that wrote it");
        e.message_zh = "数据库结构版本 " + std::to_string(*version) + " 高于本程序支持的 " +
                       std::to_string(current) + "，请使用更新版本的 hotline";
        return fail(std::move(e));
      }
      if (*version < current) {
        // Migration time is the file's history, not a deadline: wall time.
        const Instant now = std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now());
        return sqlite::migrate(db, *version, now);
      }
      return {};
    }
    auto tables = db.query_int("SELECT count(*) FROM sqlite_schema");
    if (!tables) return fail(tables.error());
    if (*tables != 0) return fail(not_ours("it holds other data"));
    if (auto st = db.exec(kSchema); !st) return st;
    const std::string stamp = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                              "; PRAGMA user_version = " + std::to_string(current) +
                              "; INSERT INTO meta (key, value) VALUES ('schema_version', '" +
                              std::to_string(current) + "'), ('application', 'hotline');";
    return db.exec(stamp.c_str());
  }

  // With a cipher: the lookup table exists and the store is bound to this
  // key. Without: the store must never have been written with one.
  Status check_personal_data_key() {
    Connection& db = *writer_;
    auto stored = db.prepare("SELECT value FROM meta WHERE key = ?1");
    if (!stored) return fail(stored.error());
    stored->bind(1, std::string_view(kDataKeyMeta));
    const int rc = stored->step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail(db.error(rc, "read meta"));
    const std::optional<std::string> key_id =
        rc == SQLITE_ROW ? std::optional<std::string>(stored->text(0)) : std::nullopt;
    const PersonalDataCipher* cipher = options_.cipher;
    if (cipher == nullptr) {
      if (!key_id) return {};
      return fail(Error::storage(file_.string() +
                                 ": personal data in this store is encrypted; configure its data "
                                 "key (HOTLINE_KEY_FILE or HOTLINE_DATA_KEY)"));
    }
    if (key_id && *key_id != cipher->key_id()) {
      return fail(Error::storage(file_.string() + ": personal data was encrypted with data key " +
                                 *key_id + ", not the configured key " + cipher->key_id()));
    }
    if (auto st = db.exec(kApplicantLookupSchema); !st) return st;
    if (key_id) return {};
    auto insert = db.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)");
    if (!insert) return fail(insert.error());
    insert->bind(1, std::string_view(kDataKeyMeta));
    insert->bind(2, cipher->key_id());
    if (int st = insert->step(); st != SQLITE_DONE) return fail(db.error(st, "write meta"));
    return {};
  }

  Error not_ours(const std::string& why) const {
    return Error::storage(file_.string() + " is not a hotline store: " + why);
  }

  // One transaction for all `jobs`, each in its own savepoint so that a
  // failing job (a stale version) is undone alone. If the transaction itself
  // fails, nothing is written and every job that had succeeded fails.
  void run_batch(std::span<Job*> jobs) {
    Connection& db = *writer_;
    if (auto st = db.exec("BEGIN IMMEDIATE"); !st) {
      for (Job* job : jobs) job->result = fail(st.error());
      return;
    }
    std::optional<Error> lost;  // set when the transaction can no longer commit
    for (Job* job : jobs) {
      if (lost) break;
      if (auto st = db.exec("SAVEPOINT job"); !st) {
        lost = st.error();
        break;
      }
      try {
        job->result = job->work(db);
      } catch (const std::exception& e) {
        // Out of memory and the like: fail this job, keep the writer alive.
        job->result = fail(Error::internal(std::string("append failed: ") + e.what()));
      }
      if (!db.in_transaction()) {
        // SQLite rolled the whole transaction back itself (I/O error, full disk).
        lost = job->result ? Error::storage("transaction rolled back") : job->result.error();
        break;
      }
      Status undo = job->result ? Status{} : db.exec("ROLLBACK TO job");
      Status release = undo ? db.exec("RELEASE job") : undo;
      if (!release) lost = release.error();
    }
    Status commit = lost ? Status(fail(*lost)) : db.exec("COMMIT");
    if (!commit) {
      if (db.in_transaction()) (void)db.exec("ROLLBACK");
      const Error error =
          Error::storage("commit failed, nothing written: " + commit.error().message);
      for (Job* job : jobs) {
        if (job->result || job->result.error().code == ErrorCode::kStorage) {
          job->result = fail(error);
        }
      }
    }
  }

  std::filesystem::path file_;
  Options options_;

  std::unique_ptr<Connection> writer_;  // used by commits_ only
  std::unique_ptr<GroupCommit<Connection>> commits_;

  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by readers_mutex_
};

Result<std::unique_ptr<SqliteWorkOrderStore>> SqliteWorkOrderStore::open(
    const std::filesystem::path& file, Options options) {
  auto impl = std::make_unique<Impl>(file, std::move(options));
  if (auto st = impl->start(); !st) return fail(st.error());
  return std::unique_ptr<SqliteWorkOrderStore>(new SqliteWorkOrderStore(std::move(impl)));
}

SqliteWorkOrderStore::SqliteWorkOrderStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SqliteWorkOrderStore::~SqliteWorkOrderStore() = default;

Result<std::vector<Event>> SqliteWorkOrderStore::load(std::string_view stream) {
  auto lease = impl_->reader();
  if (!lease) return fail(lease.error());
  Connection& db = lease->connection();
  auto query = db.prepare(
      "SELECT version, at, type, actor_id, actor_role, actor_unit, reason, article, data "
      "FROM events WHERE stream = ?1 ORDER BY version");
  if (!query) return fail(query.error());
  query->bind(1, stream);
  std::vector<Event> events;
  int rc;
  while ((rc = query->step()) == SQLITE_ROW) {
    auto e = read_event_row(*query, 0, std::string(stream), impl_->cipher());
    if (!e) return fail(e.error());
    if (e->version != static_cast<std::int64_t>(events.size()) + 1) {
      return fail(Error::storage(e->stream + " version " + std::to_string(e->version) +
                                 ": versions of the stream are not contiguous"));
    }
    events.push_back(std::move(*e));
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "load " + std::string(stream)));
  return events;
}

// The events table's rowid is the log position: the single writer inserts
// rows in commit order and events are never deleted, so rowids grow with
// commits. Personal data stays sealed (no cipher passed): analysis never
// needs it (SEC-1).
Result<std::vector<LoggedEvent>> SqliteWorkOrderStore::read_log(std::int64_t position,
                                                                std::size_t limit) {
  auto page = read_page(position, limit, nullptr);
  if (!page) return fail(page.error());
  return std::move(page->events);
}

Result<LogPage> SqliteWorkOrderStore::read_log_of(std::int64_t position, std::size_t limit,
                                                  const EventKinds& kinds) {
  return read_page(position, limit, &kinds);
}

// A page of the log; with `kinds`, only the rows of those kinds are decoded.
Result<LogPage> SqliteWorkOrderStore::read_page(std::int64_t position, std::size_t limit,
                                                const EventKinds* kinds) {
  auto lease = impl_->reader();
  if (!lease) return fail(lease.error());
  Connection& db = lease->connection();
  auto query = db.prepare(
      "SELECT rowid, stream, version, at, type, actor_id, actor_role, actor_unit, reason, "
      "article, data FROM events WHERE rowid > ?1 ORDER BY rowid LIMIT ?2");
  if (!query) return fail(query.error());
  query->bind(1, position);
  query->bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1'000'000)));
  LogPage page;
  page.end = position;
  int rc;
  while ((rc = query->step()) == SQLITE_ROW) {
    ++page.read;
    page.end = query->int64(0);
    if (kinds != nullptr && !kinds->has_name(query->text_view(4))) continue;
    auto e = read_event_row(*query, 2, query->text(1), nullptr);
    if (!e) return fail(e.error());
    page.events.push_back(LoggedEvent{page.end, std::move(*e)});
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "read the event log"));
  return page;
}

Result<std::int64_t> SqliteWorkOrderStore::log_head() {
  auto lease = impl_->reader();
  if (!lease) return fail(lease.error());
  return lease->connection().query_int("SELECT coalesce(max(rowid), 0) FROM events");
}

Status SqliteWorkOrderStore::append(const std::vector<StreamAppend>& batch,
                                    const std::vector<WorkOrderSummary>& summaries,
                                    const std::vector<AuditRecord>& audit) {
  const AuditHasher* hasher = impl_->audit_hasher();
  if (auto st = check_audit_records(hasher, audit); !st) return st;
  auto prepared = encode_append(batch, summaries, impl_->cipher());
  if (!prepared) return fail(prepared.error());
  return impl_->submit([&](Connection& db) -> Status {
    if (auto st = write_append(db, *prepared); !st) return st;
    // In the append's own savepoint: the entries stand or fall with the
    // events, and the writer chains them in commit order.
    for (const AuditRecord& r : audit) {
      if (auto entry = sqlite::append_audit_entry(db, *hasher, r); !entry) {
        return fail(entry.error());
      }
    }
    return {};
  });
}

Result<AuditEntry> SqliteWorkOrderStore::append_audit(const AuditRecord& record) {
  const AuditHasher* hasher = impl_->audit_hasher();
  if (auto st = check_audit_records(hasher, std::span(&record, 1)); !st) {
    return fail(st.error());
  }
  AuditEntry entry;
  auto st = impl_->submit([&](Connection& db) -> Status {
    auto appended = sqlite::append_audit_entry(db, *hasher, record);
    if (!appended) return fail(appended.error());
    entry = std::move(*appended);
    return {};
  });
  if (!st) return fail(st.error());
  return entry;
}

Result<std::int64_t> SqliteWorkOrderStore::next_sequence(std::string_view counter) {
  std::int64_t value = 0;
  auto st = impl_->submit([&](Connection& db) -> Status {
    auto next = db.prepare(
        "INSERT INTO sequences (counter, value) VALUES (?1, 1) "
        "ON CONFLICT (counter) DO UPDATE SET value = value + 1 RETURNING value");
    if (!next) return fail(next.error());
    next->bind(1, counter);
    int rc = next->step();
    if (rc != SQLITE_ROW) return fail(db.error(rc, "next sequence"));
    value = next->int64(0);
    rc = next->step();
    if (rc != SQLITE_DONE) return fail(db.error(rc, "next sequence"));
    return {};
  });
  if (!st) return fail(st.error());
  return value;
}

Result<std::vector<std::string>> SqliteWorkOrderStore::due_for_check(Instant now,
                                                                     std::size_t limit) {
  auto lease = impl_->reader();
  if (!lease) return fail(lease.error());
  Connection& db = lease->connection();
  auto query = db.prepare(
      "SELECT id FROM work_orders WHERE next_check IS NOT NULL AND next_check <= ?1 "
      "ORDER BY next_check, id LIMIT ?2");
  if (!query) return fail(query.error());
  query->bind(1, seconds(now));
  query->bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
  std::vector<std::string> ids;
  int rc;
  while ((rc = query->step()) == SQLITE_ROW) ids.push_back(query->text(0));
  if (rc != SQLITE_DONE) return fail(db.error(rc, "due for check"));
  return ids;
}

namespace {

// The WHERE clause of a work-order filter, shared by listing and counting.
std::string filter_sql(const WorkOrderFilter& filter) {
  std::string sql = " WHERE 1";
  if (filter.unit) {
    sql +=
        " AND (lead_unit = :unit OR handling_unit = :unit OR id IN "
        "(SELECT work_order FROM work_order_units WHERE unit = :unit))";
  }
  if (!filter.any_of_units.empty()) {
    std::string list;
    for (std::size_t i = 0; i < filter.any_of_units.size(); ++i) {
      list += (i ? ", :u" : ":u") + std::to_string(i);
    }
    sql += " AND (lead_unit IN (" + list + ") OR handling_unit IN (" + list +
           ") OR id IN (SELECT work_order FROM work_order_units WHERE unit IN (" + list + ")))";
  }
  if (filter.status) sql += " AND status = :status";
  if (filter.overdue) sql += " AND overdue = :overdue";
  if (filter.request) sql += " AND request = :request";
  return sql;
}

void bind_filter(Statement& query, const WorkOrderFilter& filter) {
  if (filter.unit) query.bind(query.parameter(":unit"), *filter.unit);
  for (std::size_t i = 0; i < filter.any_of_units.size(); ++i) {
    query.bind(query.parameter((":u" + std::to_string(i)).c_str()), filter.any_of_units[i]);
  }
  if (filter.status) query.bind(query.parameter(":status"), to_string(*filter.status));
  if (filter.overdue) query.bind(query.parameter(":overdue"), std::int64_t{*filter.overdue});
  if (filter.request) query.bind(query.parameter(":request"), *filter.request);
}

}  // namespace

Result<std::vector<WorkOrderSummary>> SqliteWorkOrderStore::list_work_orders(
    const WorkOrderFilter& filter) {
  const std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM work_orders" +
                          filter_sql(filter) +
                          " ORDER BY dispatched_at, id LIMIT :limit OFFSET :offset";
  auto lease = impl_->reader();
  if (!lease) return fail(lease.error());
  Connection& db = lease->connection();
  auto query = db.prepare(sql);
  if (!query) return fail(query.error());
  bind_filter(*query, filter);
  query->bind(query->parameter(":limit"),
              static_cast<std::int64_t>(std::min<std::size_t>(filter.limit, INT64_MAX)));
  query->bind(query->parameter(":offset"),
              static_cast<std::int64_t>(std::min<std::size_t>(filter.offset, INT64_MAX)));
  std::vector<WorkOrderSummary> rows;
  int rc;
  while ((rc = query->step()) == SQLITE_ROW) {
    auto row = read_summary(*query);
    if (!row) return fail(row.error());
    rows.push_back(std::move(*row));
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "list work orders"));
  return rows;
}

Result<std::size_t> SqliteWorkOrderStore::count_work_orders(const WorkOrderFilter& filter) {
  auto lease = impl_->reader();
  if (!lease) return fail(lease.error());
  Connection& db = lease->connection();
  auto query = db.prepare("SELECT count(*) FROM work_orders" + filter_sql(filter));
  if (!query) return fail(query.error());
  bind_filter(*query, filter);
  const int rc = query->step();
  if (rc != SQLITE_ROW) return fail(db.error(rc, "count work orders"));
  return static_cast<std::size_t>(query->int64(0));
}

Result<std::optional<std::string>> SqliteWorkOrderStore::request_for_intake_key(
    std::string_view key) {
  auto lease = impl_->reader();
  if (!lease) return fail(lease.error());
  Connection& db = lease->connection();
  auto query = db.prepare("SELECT request FROM intake_keys WHERE key = ?1");
  if (!query) return fail(query.error());
  query->bind(1, key);
  const int rc = query->step();
  if (rc == SQLITE_DONE) return std::optional<std::string>{};
  if (rc != SQLITE_ROW) return fail(db.error(rc, "intake key"));
  return std::optional<std::string>{query->text(0)};
}

Status SqliteWorkOrderStore::save_units(const std::vector<Unit>& units) {
  // Parents go in before their children, so the foreign key holds at every
  // statement.
  auto order = units_parents_first(units);
  if (!order) return fail(order.error());
  return impl_->submit([&](Connection& db) -> Status {
    if (auto st = db.exec("DELETE FROM units"); !st) return st;
    for (std::size_t i : *order) {
      const Unit& u = units[i];
      auto insert = db.prepare(
          "INSERT INTO units (id, position, name, kind, parent, policy_profile, district, "
          "active) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
      if (!insert) return fail(insert.error());
      insert->bind(1, u.id);
      insert->bind(2, static_cast<std::int64_t>(i));
      insert->bind(3, u.name);
      insert->bind(4, to_string(u.kind));
      if (u.parent) {
        insert->bind(5, *u.parent);
      } else {
        insert->bind_null(5);
      }
      insert->bind(6, u.policy_profile);
      insert->bind(7, u.district);
      insert->bind(8, std::int64_t{u.active});
      if (int rc = insert->step(); rc != SQLITE_DONE) return fail(db.error(rc, "save unit"));
    }
    return {};
  });
}

Result<std::vector<Unit>> SqliteWorkOrderStore::load_units() {
  auto lease = impl_->reader();
  if (!lease) return fail(lease.error());
  Connection& db = lease->connection();
  auto query = db.prepare(
      "SELECT id, name, kind, parent, policy_profile, district, active FROM units "
      "ORDER BY position");
  if (!query) return fail(query.error());
  std::vector<Unit> units;
  int rc;
  while ((rc = query->step()) == SQLITE_ROW) {
    Unit u;
    u.id = query->text(0);
    u.name = query->text(1);
    auto kind = parse_unit_kind(query->text_view(2));
    if (!kind) return fail(Error::storage("unit " + u.id + ": unknown kind"));
    u.kind = *kind;
    if (!query->is_null(3)) u.parent = query->text(3);
    u.policy_profile = query->text(4);
    u.district = query->text(5);
    u.active = query->int64(6) != 0;
    units.push_back(std::move(u));
  }
  if (rc != SQLITE_DONE) return fail(db.error(rc, "load units"));
  return units;
}

Result<std::vector<std::string>> SqliteWorkOrderStore::requests_for_phone_hash(
    std::string_view phone_hash) {
  if (!indexes_applicants()) return std::vector<std::string>{};
  auto lease = impl_->reader();
  if (!lease) return fail(lease.error());
  Connection& db = lease->connection();
  auto query = db.prepare(
      "SELECT l.request FROM applicant_lookup l LEFT JOIN events e "
      "ON e.stream = l.request AND e.version = 1 WHERE l.phone_hash = ?1 "
      "ORDER BY e.at, l.request");
  if (!query) return fail(query.error());
  query->bind(1, phone_hash);
  std::vector<std::string> out;
  int rc;
  while ((rc = query->step()) == SQLITE_ROW) out.push_back(query->text(0));
  if (rc != SQLITE_DONE) return fail(db.error(rc, "applicant lookup"));
  return out;
}

bool SqliteWorkOrderStore::indexes_applicants() const { return impl_->cipher() != nullptr; }

}  // namespace hotline
