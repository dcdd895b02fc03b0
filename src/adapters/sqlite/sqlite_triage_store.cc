#include "adapters/sqlite/sqlite_triage_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "adapters/json/triage_rows.h"
#include "adapters/sqlite/sqlite_audit_table.h"
#include "adapters/sqlite/sqlite_tables.h"

namespace hotline {
namespace {

using sqlite::Connection;
using triage::CatalogueChange;

// "HOTT" in the header of the file of its own triage had before it moved
// into the platform's file (issue 9: one file to back up).
constexpr const char* kTables[] = {"catalogue_change", "request_doc",      "cluster_alert",
                                   "term_statistics",  "dispatch_history", "log_position"};
constexpr sqlite::FormerFile kFormerFile{0x484F5454, 1, "triage database", kTables};

// An import's writes commit in batches of this many, so that it never holds
// the platform file's write lock for long.
constexpr int kBulkBatch = 500;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS catalogue_change (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_unit TEXT NOT NULL,
  action TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  reason TEXT NOT NULL,
  article TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS catalogue_change_entry ON catalogue_change(entry_id);
CREATE TABLE IF NOT EXISTS request_doc (
  doc INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  applicant TEXT NOT NULL,
  at INTEGER NOT NULL,
  district TEXT NOT NULL,
  category TEXT NOT NULL,
  parent INTEGER NOT NULL,
  fingerprint BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS cluster_alert (
  cluster INTEGER NOT NULL,
  raised_at INTEGER NOT NULL,
  applicants INTEGER NOT NULL,
  requests INTEGER NOT NULL,
  threshold INTEGER NOT NULL,
  rule TEXT NOT NULL,
  article TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS term_statistics (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  documents INTEGER NOT NULL,
  counts BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS dispatch_history (
  category TEXT NOT NULL,
  district TEXT NOT NULL,
  unit TEXT NOT NULL,
  weight REAL NOT NULL,
  PRIMARY KEY (category, district, unit)
);
CREATE TABLE IF NOT EXISTS log_position (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL
);
)sql";

// A statement prepared for one use, with blob and double bindings (which
// the shared Statement lacks).
class Raw {
 public:
  Raw(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  // A statement of the connection's cache (Statements), reset when done.
  Raw(sqlite3* db, sqlite3_stmt* cached, int rc) : db_(db), stmt_(cached), rc_(rc), owned_(false) {}
  ~Raw() {
    if (owned_) {
      sqlite3_finalize(stmt_);
    } else if (stmt_ != nullptr) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  void text(int i, std::string_view s) {
    note(sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT));
  }
  void integer(int i, std::int64_t v) { note(sqlite3_bind_int64(stmt_, i, v)); }
  void real(int i, double v) { note(sqlite3_bind_double(stmt_, i, v)); }
  void null(int i) { note(sqlite3_bind_null(stmt_, i)); }
  void blob(int i, const void* data, std::size_t n) {
    note(sqlite3_bind_blob64(stmt_, i, data, n, SQLITE_TRANSIENT));
  }
  int step() {
    if (rc_ != SQLITE_OK) return rc_;
    return sqlite3_step(stmt_);
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::int64_t int64(int c) const { return sqlite3_column_int64(stmt_, c); }
  double dbl(int c) const { return sqlite3_column_double(stmt_, c); }
  bool is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  std::string str(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))) : "";
  }
  std::string_view bytes(int c) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, c));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c)))
             : std::string_view();
  }
  Error error(std::string_view what) const {
    return Error::storage(std::string(what) + ": " + sqlite3_errmsg(db_));
  }

 private:
  void note(int rc) {
    if (rc != SQLITE_OK && rc_ == SQLITE_OK) rc_ = rc;
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
  bool owned_ = true;
};

// The writes' statements, prepared once per connection: preparing them for
// every observation was a tenth of a catch-up from the whole log (issue 14).
class Statements {
 public:
  Statements() = default;
  Statements(const Statements&) = delete;
  Statements& operator=(const Statements&) = delete;
  ~Statements() {
    for (auto& [sql, stmt] : by_sql_) sqlite3_finalize(stmt);
  }
  Raw get(sqlite3* db, const char* sql) {
    auto it = by_sql_.find(sql);
    if (it == by_sql_.end()) {
      sqlite3_stmt* stmt = nullptr;
      if (const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr); rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return Raw(db, nullptr, rc);
      }
      it = by_sql_.emplace(sql, stmt).first;
    }
    return Raw(db, it->second, SQLITE_OK);
  }

 private:
  std::map<std::string, sqlite3_stmt*, std::less<>> by_sql_;
};

}  // namespace

struct SqliteTriageStore::Impl {
  std::mutex mutex;
  std::unique_ptr<Connection> db;
  Options options;
  bool bulk = false;
  int bulk_writes = 0;
  Statements statements;  // after db: finalized before it closes

  sqlite3* handle() const { return db->handle(); }
  Raw cached(const char* sql) { return statements.get(db->handle(), sql); }

  // Runs `body` in a transaction; in bulk, in a savepoint of the open one
  // (a failed write is undone alone), which commits every kBulkBatch writes.
  template <typename F>
  Status transaction(F&& body) {
    if (!bulk) return sqlite::transaction(*db, body);
    if (auto st = sqlite::transaction(*db, body); !st) return st;
    if (++bulk_writes % kBulkBatch != 0) return {};
    if (auto st = db->exec("COMMIT"); !st) return st;
    return db->exec("BEGIN IMMEDIATE");
  }
};

SqliteTriageStore::SqliteTriageStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteTriageStore::~SqliteTriageStore() {
  if (impl_ && impl_->bulk) (void)impl_->db->exec("COMMIT");
}

std::filesystem::path SqliteTriageStore::former_file(const std::filesystem::path& db) {
  std::filesystem::path out = db;
  out.replace_extension(".triage.db");
  return out;
}

Result<std::unique_ptr<SqliteTriageStore>> SqliteTriageStore::open(
    const std::filesystem::path& file) {
  return open(file, Options{});
}

Result<std::unique_ptr<SqliteTriageStore>> SqliteTriageStore::open(
    const std::filesystem::path& file, Options options) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  if (options.audit_hasher) {
    if (auto st = (*db)->exec(sqlite::kAuditSchema); !st) return fail(st.error());
  }
  if (!options.former_file.empty()) {
    if (auto st = sqlite::adopt_former_file(**db, options.former_file, kFormerFile); !st) {
      return fail(st.error());
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  impl->options = std::move(options);
  return std::unique_ptr<SqliteTriageStore>(new SqliteTriageStore(std::move(impl)));
}

Result<std::vector<CatalogueChange>> SqliteTriageStore::catalogue_changes() {
  std::lock_guard lock(impl_->mutex);
  Raw q(impl_->handle(),
        "SELECT seq, at, actor_id, actor_role, actor_unit, action, entry_id, before_json, "
        "after_json, reason, article FROM catalogue_change ORDER BY seq");
  std::vector<CatalogueChange> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    const std::string actor_id = q.str(2), role = q.str(3), unit = q.str(4), action = q.str(5),
                      entry = q.str(6), before = q.str(7), after = q.str(8), reason = q.str(9),
                      article = q.str(10);
    triage_rows::ChangeColumns columns;
    columns.sequence = q.int64(0);
    columns.at = q.int64(1);
    columns.actor_id = actor_id;
    columns.actor_role = role;
    columns.actor_unit = unit;
    columns.action = action;
    columns.entry_id = entry;
    if (!q.is_null(7)) columns.before = before;
    if (!q.is_null(8)) columns.after = after;
    columns.reason = reason;
    columns.article = article;
    auto c = triage_rows::read_change(columns);
    if (!c) return fail(c.error());
    out.push_back(std::move(*c));
  }
  if (rc != SQLITE_DONE) return fail(q.error("reading the catalogue log"));
  return out;
}

Status SqliteTriageStore::append_catalogue_change(const CatalogueChange& c,
                                                  const std::vector<AuditRecord>& audit) {
  const AuditHasher* hasher = impl_->options.audit_hasher.get();
  if (auto st = triage_rows::check_change(c); !st) return st;
  if (auto st = check_audit_records(hasher, audit); !st) return st;
  std::lock_guard lock(impl_->mutex);
  return impl_->transaction([&]() -> Status {
    Raw q(impl_->handle(),
          "INSERT INTO catalogue_change (seq, at, actor_id, actor_role, actor_unit, action, "
          "entry_id, before_json, after_json, reason, article) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    q.integer(1, c.sequence);
    q.integer(2, c.at.time_since_epoch().count());
    q.text(3, c.actor.id);
    q.text(4, to_string(c.actor.role));
    q.text(5, c.actor.unit);
    q.text(6, triage::to_string(c.action));
    q.text(7, c.entry_id);
    if (c.before) {
      q.text(8, triage_rows::entry_json(*c.before));
    } else {
      q.null(8);
    }
    if (c.after) {
      q.text(9, triage_rows::entry_json(*c.after));
    } else {
      q.null(9);
    }
    q.text(10, c.reason);
    q.text(11, c.article);
    const int rc = q.step();
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || sqlite::primary_code(rc) == SQLITE_CONSTRAINT) {
      return fail(Error::conflict("catalogue change " + std::to_string(c.sequence) +
                                      " was recorded by someone else meanwhile",
                                  "目录已被他人修改，请刷新后重试"));
    }
    if (rc != SQLITE_DONE) return fail(q.error("recording the catalogue change"));
    // SEC-2 [M27]: the change's audit entry, in the same transaction.
    for (const AuditRecord& r : audit) {
      if (auto entry = sqlite::append_audit_entry(*impl_->db, *hasher, r); !entry) {
        return fail(entry.error());
      }
    }
    return {};
  });
}

Status SqliteTriageStore::load_index(triage::RequestIndex& index) {
  std::lock_guard lock(impl_->mutex);
  {
    Raw q(impl_->handle(), "SELECT documents, counts FROM term_statistics WHERE id = 1");
    const int rc = q.step();
    if (rc == SQLITE_ROW) {
      if (!index.statistics().restore(triage_rows::decode_counts(q.bytes(1)),
                                      static_cast<std::uint64_t>(q.int64(0)))) {
        return fail(Error::storage("term statistics: the table size is not a power of two"));
      }
    } else if (rc != SQLITE_DONE) {
      return fail(q.error("reading term statistics"));
    }
  }
  Raw q(impl_->handle(),
        "SELECT doc, number, applicant, at, district, category, parent, fingerprint "
        "FROM request_doc ORDER BY doc");
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    const auto doc = static_cast<triage::DocId>(q.int64(0));
    if (doc != index.size()) {
      return fail(Error::storage("triage index: request row " + std::to_string(doc) +
                                 " out of sequence (expected " + std::to_string(index.size()) +
                                 ")"));
    }
    triage::IndexedRequest r;
    r.number = q.str(1);
    r.applicant_key = q.str(2);
    r.at = Instant{Seconds{q.int64(3)}};
    r.district = q.str(4);
    r.category = q.str(5);
    index.restore(r, triage_rows::decode_fingerprint(q.bytes(7)),
                  static_cast<triage::DocId>(q.int64(6)));
  }
  if (rc != SQLITE_DONE) return fail(q.error("reading the triage index"));
  Raw a(impl_->handle(), "SELECT cluster, raised_at FROM cluster_alert ORDER BY rowid");
  while ((rc = a.step()) == SQLITE_ROW) {
    index.restore_alert(static_cast<triage::DocId>(a.int64(0)), Instant{Seconds{a.int64(1)}});
  }
  if (rc != SQLITE_DONE) return fail(a.error("reading cluster alerts"));
  return {};
}

Status SqliteTriageStore::save_observation(const triage::RequestIndex& index,
                                           const triage::Observation& obs) {
  if (auto st = triage_rows::check_observation(index, obs); !st) return st;
  std::lock_guard lock(impl_->mutex);
  return impl_->transaction([&]() -> Status {
    const triage::IndexedRequest& r = index.request(obs.doc);
    Raw ins = impl_->cached(
        "INSERT INTO request_doc (doc, number, applicant, at, district, category, parent, "
        "fingerprint) VALUES (?,?,?,?,?,?,?,?)");
    ins.integer(1, obs.doc);
    ins.text(2, r.number);
    ins.text(3, r.applicant_key);
    ins.integer(4, r.at.time_since_epoch().count());
    ins.text(5, r.district);
    ins.text(6, r.category);
    ins.integer(7, index.parent_of(obs.doc));
    const std::string fp = triage_rows::encode_fingerprint(obs.fingerprint);
    ins.blob(8, fp.data(), fp.size());
    if (const int rc = ins.step(); sqlite::primary_code(rc) == SQLITE_CONSTRAINT) {
      // Another process indexed it (or took its place) meanwhile.
      return fail(
          Error::conflict("request " + r.number + " is indexed already", "该诉求已登记入索引"));
    } else if (rc != SQLITE_DONE) {
      return fail(ins.error("indexing the request"));
    }
    Raw up = impl_->cached("UPDATE request_doc SET parent = ? WHERE doc = ?");
    for (const auto& [doc, parent] : obs.parent_updates) {
      if (doc == obs.doc) continue;
      up.integer(1, parent);
      up.integer(2, doc);
      if (const int rc = up.step(); rc != SQLITE_DONE) return fail(up.error("linking clusters"));
      up.reset();
    }
    if (obs.alert) {
      const auto& al = *obs.alert;
      Raw q = impl_->cached(
          "INSERT INTO cluster_alert (cluster, raised_at, applicants, requests, threshold, "
          "rule, article) VALUES (?,?,?,?,?,?,?)");
      q.integer(1, al.cluster);
      q.integer(2, al.raised_at.time_since_epoch().count());
      q.integer(3, static_cast<std::int64_t>(al.applicants));
      q.integer(4, static_cast<std::int64_t>(al.requests));
      q.integer(5, al.threshold);
      q.text(6, al.rule);
      q.text(7, al.article);
      if (const int rc = q.step(); rc != SQLITE_DONE) return fail(q.error("recording the alert"));
    }
    return {};
  });
}

Status SqliteTriageStore::save_statistics(const triage::TermStatistics& stats) {
  std::lock_guard lock(impl_->mutex);
  return impl_->transaction([&]() -> Status {
    Raw q = impl_->cached(
        "INSERT INTO term_statistics (id, documents, counts) VALUES (1, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET documents = excluded.documents, counts = excluded.counts");
    q.integer(1, static_cast<std::int64_t>(stats.documents()));
    const std::string_view counts = triage_rows::counts_bytes(stats);
    q.blob(2, counts.data(), counts.size());
    if (const int rc = q.step(); rc != SQLITE_DONE) return fail(q.error("saving term statistics"));
    return {};
  });
}

Result<std::vector<triage::ClusterAlert>> SqliteTriageStore::cluster_alerts() {
  std::lock_guard lock(impl_->mutex);
  Raw q(impl_->handle(),
        "SELECT cluster, raised_at, applicants, requests, threshold, rule, article "
        "FROM cluster_alert ORDER BY rowid");
  std::vector<triage::ClusterAlert> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    triage::ClusterAlert a;
    a.cluster = static_cast<triage::DocId>(q.int64(0));
    a.raised_at = Instant{Seconds{q.int64(1)}};
    a.applicants = static_cast<std::size_t>(q.int64(2));
    a.requests = static_cast<std::size_t>(q.int64(3));
    a.threshold = static_cast<int>(q.int64(4));
    a.rule = q.str(5);
    a.article = q.str(6);
    out.push_back(std::move(a));
  }
  if (rc != SQLITE_DONE) return fail(q.error("reading cluster alerts"));
  return out;
}

Status SqliteTriageStore::save_history(const std::vector<triage::HistoryRecord>& records) {
  if (auto st = triage_rows::check_history(records); !st) return st;
  std::lock_guard lock(impl_->mutex);
  return impl_->transaction([&]() -> Status {
    Raw q = impl_->cached(
        "INSERT INTO dispatch_history (category, district, unit, weight) VALUES (?,?,?,?) "
        "ON CONFLICT(category, district, unit) DO UPDATE SET weight = "
        "max(0, weight + excluded.weight)");
    for (const auto& r : records) {
      q.text(1, r.category);
      q.text(2, r.district);
      q.text(3, r.unit);
      q.real(4, r.weight);
      if (const int rc = q.step(); rc != SQLITE_DONE) return fail(q.error("saving history"));
      q.reset();
    }
    return {};
  });
}

Result<std::vector<triage::HistoryRecord>> SqliteTriageStore::history() {
  std::lock_guard lock(impl_->mutex);
  Raw q(impl_->handle(), "SELECT category, district, unit, weight FROM dispatch_history");
  std::vector<triage::HistoryRecord> out;
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) out.push_back({q.str(0), q.str(1), q.str(2), q.dbl(3)});
  if (rc != SQLITE_DONE) return fail(q.error("reading history"));
  return out;
}

Result<std::optional<std::int64_t>> SqliteTriageStore::log_position() {
  std::lock_guard lock(impl_->mutex);
  Raw q(impl_->handle(), "SELECT position FROM log_position WHERE id = 1");
  const int rc = q.step();
  if (rc == SQLITE_ROW) return std::optional<std::int64_t>(q.int64(0));
  if (rc != SQLITE_DONE) return fail(q.error("reading the log position"));
  return std::optional<std::int64_t>();
}

Status SqliteTriageStore::save_log_position(std::int64_t position) {
  std::lock_guard lock(impl_->mutex);
  return impl_->transaction([&]() -> Status {
    Raw q = impl_->cached(
        "INSERT INTO log_position (id, position) VALUES (1, ?) "
        "ON CONFLICT(id) DO UPDATE SET position = excluded.position");
    q.integer(1, position);
    if (q.step() != SQLITE_DONE) return fail(q.error("saving the log position"));
    return {};
  });
}

Status SqliteTriageStore::clear_index() {
  std::lock_guard lock(impl_->mutex);
  return impl_->transaction([&]() -> Status {
    for (const char* table :
         {"request_doc", "cluster_alert", "term_statistics", "dispatch_history", "log_position"}) {
      const std::string sql = std::string("DELETE FROM ") + table;
      if (auto st = impl_->db->exec(sql.c_str()); !st) return st;
    }
    return {};
  });
}

Status SqliteTriageStore::begin_bulk() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->bulk) return {};
  if (auto st = impl_->db->exec("BEGIN IMMEDIATE"); !st) return st;
  impl_->bulk = true;
  return {};
}

Status SqliteTriageStore::end_bulk() {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->bulk) return {};
  impl_->bulk = false;
  return impl_->db->exec("COMMIT");
}

}  // namespace hotline
