#include "adapters/postgresql/pg_triage_store.h"

#include <algorithm>
#include <functional>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <tuple>
#include <utility>

#include "adapters/json/triage_rows.h"
#include "adapters/postgresql/pg_audit_table.h"
#include "core/ports/store_checks.h"

namespace hotline {
namespace {

using triage::CatalogueChange;

// An import's writes commit in batches of this many, so that it never holds
// its row locks for long.
constexpr int kBulkBatch = 500;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS catalogue_change (
  seq         BIGINT PRIMARY KEY,
  at          BIGINT NOT NULL,
  actor_id    TEXT NOT NULL,
  actor_role  TEXT NOT NULL,
  actor_unit  TEXT NOT NULL,
  action      TEXT NOT NULL,
  entry_id    TEXT NOT NULL,
  before_json TEXT,
  after_json  TEXT,
  reason      TEXT NOT NULL,
  article     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS catalogue_change_entry ON catalogue_change (entry_id);
CREATE TABLE IF NOT EXISTS request_doc (
  doc         BIGINT PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,
  applicant   TEXT NOT NULL,
  at          BIGINT NOT NULL,
  district    TEXT NOT NULL,
  category    TEXT NOT NULL,
  parent      BIGINT NOT NULL,
  fingerprint BYTEA NOT NULL
);
-- `id` keeps the order the records were raised in (SQLite's rowid).
CREATE TABLE IF NOT EXISTS cluster_alert (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cluster    BIGINT NOT NULL,
  raised_at  BIGINT NOT NULL,
  applicants BIGINT NOT NULL,
  requests   BIGINT NOT NULL,
  threshold  INTEGER NOT NULL,
  rule       TEXT NOT NULL,
  article    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS term_statistics (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  documents BIGINT NOT NULL,
  counts    BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS dispatch_history (
  category TEXT NOT NULL,
  district TEXT NOT NULL,
  unit     TEXT NOT NULL,
  weight   DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (category, district, unit)
);
CREATE TABLE IF NOT EXISTS log_position (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position BIGINT NOT NULL
);
)sql";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }
std::string_view view(const pqxx::field& f) { return {f.c_str(), f.size()}; }
pqxx::binarystring bytes(std::string_view b) { return pqxx::binarystring(b.data(), b.size()); }
std::string_view view(const pqxx::binarystring& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

using Body = std::function<Status(pqxx::transaction_base&)>;

}  // namespace

struct PgTriageStore::Impl {
  pg::Target target;
  Options options;
  std::mutex mutex;
  std::unique_ptr<pqxx::connection> db;  // guarded by mutex
  // In bulk mode, the open transaction every call runs in; guarded by mutex.
  std::unique_ptr<pqxx::work> bulk;
  int bulk_writes = 0;
  // Why bulk mode ended before end_bulk(), for end_bulk() to say.
  std::optional<Error> bulk_lost;

  Result<pqxx::connection*> connection() {
    if (db && db->is_open()) return db.get();
    auto opened = pg::connect(target);
    if (!opened) return fail(opened.error());
    db = std::move(*opened);
    return db.get();
  }

  // Runs `body` in a transaction of its own (of type Txn), committed when
  // it succeeds; in bulk mode, in the open transaction under a savepoint,
  // so that a failed call is undone alone. `write`: counts towards the
  // batch. The caller holds `mutex`.
  template <typename Txn = pqxx::work>
  Status run(std::string_view what, bool write, const Body& body) {
    if (bulk) return run_in_bulk(what, write, body);
    auto c = connection();
    if (!c) return fail(c.error());
    try {
      Txn txn(**c);
      if (auto st = body(txn); !st) return st;  // rolled back with txn
      txn.commit();
      return {};
    } catch (const std::exception& e) {
      return fail(pg::storage_error(e, what));
    }
  }

  Status run_in_bulk(std::string_view what, bool write, const Body& body) {
    try {
      bulk->exec0("SAVEPOINT call");
      Status st;
      try {
        st = body(*bulk);
      } catch (const pqxx::broken_connection&) {
        throw;
      } catch (const pqxx::in_doubt_error&) {
        throw;
      } catch (const std::exception& e) {
        st = fail(pg::storage_error(e, what));
      }
      bulk->exec0(st ? "RELEASE SAVEPOINT call" : "ROLLBACK TO SAVEPOINT call");
      if (!st) return st;
    } catch (const std::exception& e) {
      return fail(lose_bulk(pg::storage_error(e, what)));
    }
    if (write && ++bulk_writes % kBulkBatch == 0) {
      if (auto st = commit_bulk(); !st) return st;
      return reopen_bulk();
    }
    return {};
  }

  Status open_bulk() {
    auto c = connection();
    if (!c) return fail(c.error());
    try {
      bulk = std::make_unique<pqxx::work>(**c);
      return {};
    } catch (const std::exception& e) {
      return fail(pg::storage_error(e, "start an import's transaction"));
    }
  }

  // The next batch's transaction, after one committed.
  Status reopen_bulk() {
    if (auto st = open_bulk(); !st) return fail(lose_bulk(st.error()));
    return {};
  }

  // Commits the open bulk transaction and leaves bulk mode.
  Status commit_bulk() {
    try {
      bulk->commit();
      bulk.reset();
      return {};
    } catch (const std::exception& e) {
      return fail(lose_bulk(pg::storage_error(e, "commit an import's batch")));
    }
  }

  Error lose_bulk(Error e) {
    bulk.reset();
    e.message += "; the import's writes since its last committed batch are lost";
    bulk_lost = e;
    return e;
  }
};

PgTriageStore::PgTriageStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PgTriageStore::~PgTriageStore() {
  if (impl_ && impl_->bulk) (void)impl_->commit_bulk();
}

Result<std::unique_ptr<PgTriageStore>> PgTriageStore::open(const pg::Target& target) {
  return open(target, Options{});
}

Result<std::unique_ptr<PgTriageStore>> PgTriageStore::open(const pg::Target& target,
                                                           Options options) {
  auto db = pg::connect(target);
  if (!db) return fail(db.error());
  std::string ddl = kSchema;
  // The audit log's tables, for the catalogue changes' entries.
  if (options.audit_hasher) ddl += pg::kAuditSchema;
  if (auto st = pg::prepare_schema(**db, target, ddl); !st) return fail(st.error());
  auto impl = std::make_unique<Impl>();
  impl->target = target;
  impl->options = std::move(options);
  impl->db = std::move(*db);
  return std::unique_ptr<PgTriageStore>(new PgTriageStore(std::move(impl)));
}

Result<std::vector<CatalogueChange>> PgTriageStore::catalogue_changes() {
  std::lock_guard lock(impl_->mutex);
  std::vector<CatalogueChange> out;
  auto st = impl_->run("read the catalogue log", false, [&](pqxx::transaction_base& txn) -> Status {
    const pqxx::result rows = txn.exec(
        "SELECT seq, at, actor_id, actor_role, actor_unit, action, entry_id, before_json, "
        "after_json, reason, article FROM catalogue_change ORDER BY seq");
    out.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      triage_rows::ChangeColumns columns;
      columns.sequence = row[0].as<std::int64_t>();
      columns.at = row[1].as<std::int64_t>();
      columns.actor_id = view(row[2]);
      columns.actor_role = view(row[3]);
      columns.actor_unit = view(row[4]);
      columns.action = view(row[5]);
      columns.entry_id = view(row[6]);
      if (!row[7].is_null()) columns.before = view(row[7]);
      if (!row[8].is_null()) columns.after = view(row[8]);
      columns.reason = view(row[9]);
      columns.article = view(row[10]);
      auto c = triage_rows::read_change(columns);
      if (!c) return fail(c.error());
      out.push_back(std::move(*c));
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

Status PgTriageStore::append_catalogue_change(const CatalogueChange& c,
                                              const std::vector<AuditRecord>& audit) {
  const AuditHasher* hasher = impl_->options.audit_hasher.get();
  if (auto st = triage_rows::check_change(c); !st) return st;
  if (auto st = check_audit_records(hasher, audit); !st) return st;
  std::lock_guard lock(impl_->mutex);
  // In bulk mode, what is pending commits first and the change on its own:
  // the audit head it locks is not held for a batch.
  const bool bulk = impl_->bulk != nullptr;
  if (bulk) {
    if (auto st = impl_->commit_bulk(); !st) return st;
  }
  const std::optional<std::string> before =
      c.before ? std::optional(triage_rows::entry_json(*c.before)) : std::nullopt;
  const std::optional<std::string> after =
      c.after ? std::optional(triage_rows::entry_json(*c.after)) : std::nullopt;
  Status st =
      impl_->run("record the catalogue change", true, [&](pqxx::transaction_base& txn) -> Status {
        try {
          txn.exec_params0(
              "INSERT INTO catalogue_change (seq, at, actor_id, actor_role, actor_unit, action, "
              "entry_id, before_json, after_json, reason, article) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
              c.sequence, seconds(c.at), c.actor.id, std::string(to_string(c.actor.role)),
              c.actor.unit, std::string(triage::to_string(c.action)), c.entry_id, before, after,
              c.reason, c.article);
        } catch (const pqxx::unique_violation&) {
          return fail(Error::conflict("catalogue change " + std::to_string(c.sequence) +
                                          " was recorded by someone else meanwhile",
                                      "目录已被他人修改，请刷新后重试"));
        }
        // SEC-2 [M27]: the change's audit entry, in the same transaction.
        for (const AuditRecord& r : audit) {
          if (auto entry = pg::append_audit_entry(txn, *hasher, r); !entry) {
            return fail(entry.error());
          }
        }
        return {};
      });
  if (bulk) {
    if (auto reopened = impl_->reopen_bulk(); !reopened && st) return reopened;
  }
  return st;
}

Status PgTriageStore::load_index(triage::RequestIndex& index) {
  std::lock_guard lock(impl_->mutex);
  // One snapshot: the statistics, rows and records of the same moment,
  // whatever another node writes meanwhile.
  return impl_->run<pqxx::transaction<pqxx::repeatable_read>>(
      "read the triage index", false, [&](pqxx::transaction_base& txn) -> Status {
        const pqxx::result stats =
            txn.exec("SELECT documents, counts FROM term_statistics WHERE id = 1");
        if (!stats.empty()) {
          const pqxx::binarystring counts(stats[0][1]);
          if (!index.statistics().restore(triage_rows::decode_counts(view(counts)),
                                          stats[0][0].as<std::uint64_t>())) {
            return fail(Error::storage("term statistics: the table size is not a power of two"));
          }
        }
        const pqxx::result docs = txn.exec(
            "SELECT doc, number, applicant, at, district, category, parent, fingerprint "
            "FROM request_doc ORDER BY doc");
        for (const pqxx::row& row : docs) {
          const auto doc = row[0].as<std::int64_t>();
          if (doc != static_cast<std::int64_t>(index.size())) {
            return fail(Error::storage("triage index: request row " + std::to_string(doc) +
                                       " out of sequence (expected " +
                                       std::to_string(index.size()) + ")"));
          }
          triage::IndexedRequest r;
          r.number = row[1].as<std::string>();
          r.applicant_key = row[2].as<std::string>();
          r.at = instant(row[3].as<std::int64_t>());
          r.district = row[4].as<std::string>();
          r.category = row[5].as<std::string>();
          const pqxx::binarystring fingerprint(row[7]);
          index.restore(r, triage_rows::decode_fingerprint(view(fingerprint)),
                        static_cast<triage::DocId>(row[6].as<std::int64_t>()));
        }
        for (const pqxx::row& row :
             txn.exec("SELECT cluster, raised_at FROM cluster_alert ORDER BY id")) {
          index.restore_alert(static_cast<triage::DocId>(row[0].as<std::int64_t>()),
                              instant(row[1].as<std::int64_t>()));
        }
        return {};
      });
}

Status PgTriageStore::save_observation(const triage::RequestIndex& index,
                                       const triage::Observation& obs) {
  if (auto st = triage_rows::check_observation(index, obs); !st) return st;
  const triage::IndexedRequest& r = index.request(obs.doc);
  const std::string fingerprint = triage_rows::encode_fingerprint(obs.fingerprint);
  // Row locks are taken in the order of the rows' ids, as on every node, so
  // two nodes relinking the same clusters wait for each other instead of
  // deadlocking. Of a row updated twice, the later update stays last.
  auto updates = obs.parent_updates;
  std::stable_sort(updates.begin(), updates.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::lock_guard lock(impl_->mutex);
  return impl_->run("index the request", true, [&](pqxx::transaction_base& txn) -> Status {
    try {
      txn.exec_params0(
          "INSERT INTO request_doc (doc, number, applicant, at, district, category, parent, "
          "fingerprint) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          static_cast<std::int64_t>(obs.doc), r.number, r.applicant_key, seconds(r.at), r.district,
          r.category, static_cast<std::int64_t>(index.parent_of(obs.doc)), bytes(fingerprint));
    } catch (const pqxx::unique_violation&) {
      // Another node indexed it (or took its place) meanwhile.
      return fail(
          Error::conflict("request " + r.number + " is indexed already", "该诉求已登记入索引"));
    }
    for (const auto& [doc, parent] : updates) {
      if (doc == obs.doc) continue;
      txn.exec_params0("UPDATE request_doc SET parent = $1 WHERE doc = $2",
                       static_cast<std::int64_t>(parent), static_cast<std::int64_t>(doc));
    }
    if (obs.alert) {
      const triage::ClusterAlert& a = *obs.alert;
      txn.exec_params0(
          "INSERT INTO cluster_alert (cluster, raised_at, applicants, requests, threshold, rule, "
          "article) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          static_cast<std::int64_t>(a.cluster), seconds(a.raised_at),
          static_cast<std::int64_t>(a.applicants), static_cast<std::int64_t>(a.requests),
          a.threshold, a.rule, a.article);
    }
    return {};
  });
}

Status PgTriageStore::save_statistics(const triage::TermStatistics& stats) {
  std::lock_guard lock(impl_->mutex);
  return impl_->run("save term statistics", true, [&](pqxx::transaction_base& txn) -> Status {
    txn.exec_params0(
        "INSERT INTO term_statistics (id, documents, counts) VALUES (1, $1, $2) "
        "ON CONFLICT (id) DO UPDATE SET documents = excluded.documents, counts = excluded.counts",
        static_cast<std::int64_t>(stats.documents()), bytes(triage_rows::counts_bytes(stats)));
    return {};
  });
}

Result<std::vector<triage::ClusterAlert>> PgTriageStore::cluster_alerts() {
  std::lock_guard lock(impl_->mutex);
  std::vector<triage::ClusterAlert> out;
  auto st = impl_->run("read cluster alerts", false, [&](pqxx::transaction_base& txn) -> Status {
    const pqxx::result rows = txn.exec(
        "SELECT cluster, raised_at, applicants, requests, threshold, rule, article "
        "FROM cluster_alert ORDER BY id");
    out.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      triage::ClusterAlert a;
      a.cluster = static_cast<triage::DocId>(row[0].as<std::int64_t>());
      a.raised_at = instant(row[1].as<std::int64_t>());
      a.applicants = static_cast<std::size_t>(row[2].as<std::int64_t>());
      a.requests = static_cast<std::size_t>(row[3].as<std::int64_t>());
      a.threshold = row[4].as<int>();
      a.rule = row[5].as<std::string>();
      a.article = row[6].as<std::string>();
      out.push_back(std::move(a));
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

Status PgTriageStore::save_history(const std::vector<triage::HistoryRecord>& records) {
  if (auto st = triage_rows::check_history(records); !st) return st;
  // Rows locked in key order on every node (no deadlock between two
  // corrections); records of one key keep their order.
  std::vector<const triage::HistoryRecord*> ordered;
  ordered.reserve(records.size());
  for (const auto& r : records) ordered.push_back(&r);
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto* a, const auto* b) {
    return std::tie(a->category, a->district, a->unit) <
           std::tie(b->category, b->district, b->unit);
  });
  std::lock_guard lock(impl_->mutex);
  return impl_->run("save history", true, [&](pqxx::transaction_base& txn) -> Status {
    // The update reads the row as committed under its lock: two nodes
    // adding to one weight both count.
    for (const triage::HistoryRecord* r : ordered) {
      txn.exec_params0(
          "INSERT INTO dispatch_history (category, district, unit, weight) VALUES ($1, $2, $3, "
          "$4::double precision) ON CONFLICT (category, district, unit) DO UPDATE SET weight = "
          "greatest(0, dispatch_history.weight + excluded.weight)",
          r->category, r->district, r->unit, r->weight);
    }
    return {};
  });
}

Result<std::vector<triage::HistoryRecord>> PgTriageStore::history() {
  std::lock_guard lock(impl_->mutex);
  std::vector<triage::HistoryRecord> out;
  auto st = impl_->run("read history", false, [&](pqxx::transaction_base& txn) -> Status {
    const pqxx::result rows = txn.exec(
        "SELECT category, district, unit, weight FROM dispatch_history "
        "ORDER BY category COLLATE \"C\", district COLLATE \"C\", unit COLLATE \"C\"");
    out.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                     row[3].as<double>()});
    }
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

Result<std::optional<std::int64_t>> PgTriageStore::log_position() {
  std::lock_guard lock(impl_->mutex);
  std::optional<std::int64_t> out;
  auto st = impl_->run("read the log position", false, [&](pqxx::transaction_base& txn) -> Status {
    const pqxx::result rows = txn.exec("SELECT position FROM log_position WHERE id = 1");
    if (!rows.empty()) out = rows[0][0].as<std::int64_t>();
    return {};
  });
  if (!st) return fail(st.error());
  return out;
}

Status PgTriageStore::save_log_position(std::int64_t position) {
  std::lock_guard lock(impl_->mutex);
  return impl_->run("save the log position", true, [&](pqxx::transaction_base& txn) -> Status {
    txn.exec_params0(
        "INSERT INTO log_position (id, position) VALUES (1, $1) "
        "ON CONFLICT (id) DO UPDATE SET position = excluded.position",
        position);
    return {};
  });
}

Status PgTriageStore::clear_index() {
  std::lock_guard lock(impl_->mutex);
  return impl_->run("clear the triage index", true, [](pqxx::transaction_base& txn) -> Status {
    for (const char* table :
         {"request_doc", "cluster_alert", "term_statistics", "dispatch_history", "log_position"}) {
      txn.exec0(std::string("DELETE FROM ") + table);
    }
    return {};
  });
}

Status PgTriageStore::begin_bulk() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->bulk) return {};
  impl_->bulk_lost.reset();
  impl_->bulk_writes = 0;
  return impl_->open_bulk();
}

Status PgTriageStore::end_bulk() {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->bulk) {
    if (auto lost = std::exchange(impl_->bulk_lost, std::nullopt)) return fail(std::move(*lost));
    return {};
  }
  return impl_->commit_bulk();
}

}  // namespace hotline
