#include "adapters/postgresql/pg_work_order_store.h"

#include <algorithm>
#include <optional>
#include <pqxx/pqxx>
#include <span>
#include <utility>

#include "adapters/json/stored_event.h"
#include "adapters/postgresql/pg_audit_table.h"
#include "adapters/postgresql/pg_log_listener.h"
#include "adapters/postgresql/pg_pool.h"
#include "adapters/storage/group_commit.h"
#include "core/ports/store_checks.h"

namespace hotline {

namespace {

constexpr std::size_t kIdleReaders = 8;

constexpr const char* kSchema = R"sql(
-- Every event of every stream; `position` is its place in the whole log, in
-- commit order (log_head); `data` is the event body as JSON (event_json.h).
CREATE TABLE IF NOT EXISTS events (
  position   BIGINT PRIMARY KEY,
  stream     TEXT NOT NULL,
  version    BIGINT NOT NULL CHECK (version >= 1),
  at         TEXT NOT NULL,
  type       TEXT NOT NULL,
  actor_id   TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  actor_unit TEXT NOT NULL,
  reason     TEXT NOT NULL,
  article    TEXT NOT NULL,
  data       TEXT NOT NULL,
  UNIQUE (stream, version)
);
-- The last position given out; its row lock orders the writers.
CREATE TABLE IF NOT EXISTS log_head (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  position BIGINT NOT NULL
);
INSERT INTO log_head (id, position) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

-- The read model: one row per work order, rewritten with every append to it.
-- Instants are seconds since the Unix epoch.
CREATE TABLE IF NOT EXISTS work_orders (
  id             TEXT PRIMARY KEY,
  request        TEXT NOT NULL,
  status         TEXT NOT NULL,
  lead_unit      TEXT NOT NULL,
  handling_unit  TEXT NOT NULL,
  policy_profile TEXT NOT NULL,
  type           TEXT NOT NULL,
  urgency        TEXT NOT NULL,
  dispatched_at  BIGINT NOT NULL,
  accept_due     BIGINT,
  handle_due     BIGINT,
  next_check     BIGINT,
  overdue        BOOLEAN NOT NULL,
  supervised     BOOLEAN NOT NULL,
  version        BIGINT NOT NULL
);
-- The deadline sweep reads this index only: pending work orders, earliest first.
CREATE INDEX IF NOT EXISTS work_orders_next_check ON work_orders (next_check, id COLLATE "C")
  WHERE next_check IS NOT NULL;
CREATE INDEX IF NOT EXISTS work_orders_lead ON work_orders (lead_unit, status);
CREATE INDEX IF NOT EXISTS work_orders_handling ON work_orders (handling_unit)
  WHERE handling_unit <> '';
CREATE INDEX IF NOT EXISTS work_orders_status ON work_orders (status, overdue);
CREATE INDEX IF NOT EXISTS work_orders_request ON work_orders (request);
CREATE INDEX IF NOT EXISTS work_orders_listing ON work_orders (dispatched_at, id COLLATE "C");

-- Assisting units of each work order (from its latest dispatch).
CREATE TABLE IF NOT EXISTS work_order_units (
  work_order TEXT NOT NULL,
  unit       TEXT NOT NULL,
  PRIMARY KEY (work_order, unit)
);
CREATE INDEX IF NOT EXISTS work_order_units_unit ON work_order_units (unit, work_order);

CREATE TABLE IF NOT EXISTS sequences (
  counter TEXT PRIMARY KEY,
  value   BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS units (
  id             TEXT PRIMARY KEY,
  position       BIGINT NOT NULL,
  name           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  parent         TEXT REFERENCES units (id),
  policy_profile TEXT NOT NULL,
  district       TEXT NOT NULL,
  active         BOOLEAN NOT NULL
);

-- INT-4: one request per intake key (a channel's retry key).
CREATE TABLE IF NOT EXISTS intake_keys (
  key     TEXT PRIMARY KEY,
  request TEXT NOT NULL
);

-- Request numbers by the keyed hash of the applicant's phone (INT-5).
CREATE TABLE IF NOT EXISTS applicant_lookup (
  phone_hash TEXT NOT NULL,
  request    TEXT NOT NULL,
  PRIMARY KEY (phone_hash, request)
);
)sql";

// The meta key holding the fingerprint of the data key personal data is sealed with.
constexpr const char* kDataKeyMeta = "personal_data_key";

constexpr const char* kSummaryColumns =
    "id, request, status, lead_unit, handling_unit, policy_profile, type, urgency, "
    "dispatched_at, accept_due, handle_due, next_check, overdue, supervised, version";

constexpr const char* kEventColumns =
    "version, at, type, actor_id, actor_role, actor_unit, reason, article, data";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
std::optional<std::int64_t> seconds(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return seconds(*t);
}
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }
std::string_view view(const pqxx::field& f) { return {f.c_str(), f.size()}; }
std::int64_t clamp(std::size_t n) {
  return static_cast<std::int64_t>(std::min<std::size_t>(n, INT64_MAX));
}

// Columns kEventColumns of `row` from `first` on.
Result<Event> read_event_row(const pqxx::row& row, int first, std::string stream,
                             const PersonalDataCipher* cipher) {
  StoredEventView v;
  v.version = row[first].as<std::int64_t>();
  v.at = view(row[first + 1]);
  v.type = view(row[first + 2]);
  v.actor_id = view(row[first + 3]);
  v.actor_role = view(row[first + 4]);
  v.actor_unit = view(row[first + 5]);
  v.reason = view(row[first + 6]);
  v.article = view(row[first + 7]);
  v.data = view(row[first + 8]);
  return decode_event(std::move(stream), v, cipher);
}

Result<WorkOrderSummary> read_summary(const pqxx::row& row) {
  WorkOrderSummary s;
  s.id = row[0].as<std::string>();
  s.request = row[1].as<std::string>();
  auto status = parse_work_order_status(view(row[2]));
  auto type = parse_request_type(view(row[6]));
  auto urgency = parse_urgency(view(row[7]));
  if (!status || !type || !urgency) {
    return fail(Error::storage("work order " + s.id + ": unreadable summary row"));
  }
  s.status = *status;
  s.lead_unit = row[3].as<std::string>();
  s.handling_unit = row[4].as<std::string>();
  s.policy_profile = row[5].as<std::string>();
  s.type = *type;
  s.urgency = *urgency;
  s.dispatched_at = instant(row[8].as<std::int64_t>());
  if (!row[9].is_null()) s.accept_due = instant(row[9].as<std::int64_t>());
  if (!row[10].is_null()) s.handle_due = instant(row[10].as<std::int64_t>());
  if (!row[11].is_null()) s.next_check = instant(row[11].as<std::int64_t>());
  s.overdue = row[12].as<bool>();
  s.supervised = row[13].as<bool>();
  s.version = row[14].as<std::int64_t>();
  return s;
}

// A write's view of the writer's transaction: its savepoint, and the log
// position of the last event written so far in the transaction.
struct WriteTxn {
  pqxx::transaction_base& txn;
  std::int64_t& position;
};

Status write_append(WriteTxn& w, const StoredAppend& p) {
  pqxx::transaction_base& txn = w.txn;
  for (const StoredStream& s : p.streams) {
    const std::int64_t current =
        txn.exec_params1("SELECT coalesce(max(version), 0) FROM events WHERE stream = $1",
                         s.stream)[0]
            .as<std::int64_t>();
    if (current != s.expected_version) {
      return fail(Error::conflict("stream " + s.stream + " is at version " +
                                  std::to_string(current) + ", not " +
                                  std::to_string(s.expected_version)));
    }
    for (const StoredEventRow& row : s.rows) {
      txn.exec_params0(
          "INSERT INTO events (position, stream, version, at, type, actor_id, actor_role, "
          "actor_unit, reason, article, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
          "$11)",
          ++w.position, s.stream, row.version, row.at, row.type, row.actor_id, row.actor_role,
          row.actor_unit, row.reason, row.article, row.data);
    }
  }
  for (const auto& [key, request] : p.intake_keys) {
    // A key registered by another node meanwhile: its savepoint undoes the
    // job, the unique violation answers kConflict (run_job).
    txn.exec_params0("INSERT INTO intake_keys (key, request) VALUES ($1, $2)", key, request);
  }
  for (const auto& [phone_hash, request] : p.lookups) {
    txn.exec_params0(
        "INSERT INTO applicant_lookup (phone_hash, request) VALUES ($1, $2) "
        "ON CONFLICT DO NOTHING",
        phone_hash, request);
  }
  for (const auto& [work_order, units] : p.assisting) {
    txn.exec_params0("DELETE FROM work_order_units WHERE work_order = $1", work_order);
    for (const std::string& unit : units) {
      txn.exec_params0(
          "INSERT INTO work_order_units (work_order, unit) VALUES ($1, $2) "
          "ON CONFLICT DO NOTHING",
          work_order, unit);
    }
  }
  for (const WorkOrderSummary& s : *p.summaries) {
    // A summary older than the stored one is ignored: the read model only
    // moves forward.
    txn.exec_params0(
        std::string("INSERT INTO work_orders (") + kSummaryColumns +
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
            "ON CONFLICT (id) DO UPDATE SET request = excluded.request, "
            "status = excluded.status, lead_unit = excluded.lead_unit, "
            "handling_unit = excluded.handling_unit, policy_profile = excluded.policy_profile, "
            "type = excluded.type, urgency = excluded.urgency, "
            "dispatched_at = excluded.dispatched_at, accept_due = excluded.accept_due, "
            "handle_due = excluded.handle_due, next_check = excluded.next_check, "
            "overdue = excluded.overdue, supervised = excluded.supervised, "
            "version = excluded.version WHERE excluded.version >= work_orders.version",
        s.id, s.request, std::string(to_string(s.status)), s.lead_unit, s.handling_unit,
        s.policy_profile, std::string(to_string(s.type)), std::string(to_string(s.urgency)),
        seconds(s.dispatched_at), seconds(s.accept_due), seconds(s.handle_due),
        seconds(s.next_check), s.overdue, s.supervised, s.version);
  }
  return {};
}

// The WHERE clause of a work-order filter with its parameters ($1, …),
// shared by listing and counting.
struct FilterSql {
  std::string where = " WHERE true";
  std::vector<std::string> params;

  std::string param(std::string value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  }
};

FilterSql filter_sql(const WorkOrderFilter& filter) {
  FilterSql f;
  if (filter.unit) {
    const std::string unit = f.param(*filter.unit);
    f.where += " AND (lead_unit = " + unit + " OR handling_unit = " + unit +
               " OR id IN (SELECT work_order FROM work_order_units WHERE unit = " + unit + "))";
  }
  if (!filter.any_of_units.empty()) {
    std::string list;
    for (const std::string& unit : filter.any_of_units) {
      list += (list.empty() ? "" : ", ") + f.param(unit);
    }
    f.where += " AND (lead_unit IN (" + list + ") OR handling_unit IN (" + list +
               ") OR id IN (SELECT work_order FROM work_order_units WHERE unit IN (" + list + ")))";
  }
  if (filter.status) f.where += " AND status = " + f.param(std::string(to_string(*filter.status)));
  if (filter.overdue) f.where += " AND overdue = " + f.param(*filter.overdue ? "true" : "false");
  if (filter.request) f.where += " AND request = " + f.param(*filter.request);
  return f;
}

}  // namespace

class PgWorkOrderStore::Impl {
 public:
  using Job = GroupCommit<WriteTxn>::Job;

  Impl(pg::Target target, Options options)
      : target_(std::move(target)), options_(std::move(options)), readers_(target_, kIdleReaders) {}

  // The writer drains its queue before its connection closes.
  ~Impl() { commits_.reset(); }

  Status start() {
    auto db = pg::connect(target_);
    if (!db) return fail(db.error());
    writer_ = std::move(*db);
    std::string ddl = kSchema;
    // The audit log's tables, for the commands' entries that commit with
    // their events (pg_audit_table.h).
    if (options_.audit_hasher) ddl += pg::kAuditSchema;
    if (auto st = pg::prepare_schema(*writer_, target_, ddl); !st) return st;
    if (auto st = check_personal_data_key(); !st) return st;
    commits_ =
        std::make_unique<GroupCommit<WriteTxn>>([this](std::span<Job*> jobs) { run_batch(jobs); },
                                                options_.max_batch, options_.group_commit);
    return {};
  }

  Status submit(GroupCommit<WriteTxn>::Work work) { return commits_->submit(std::move(work)); }

  // Runs `read` on a pooled connection, outside any transaction (each read
  // is one statement, so it sees one snapshot).
  // Each read is one statement, outside any transaction (it sees one
  // snapshot), retried once on a connection the server dropped (pg_pool.h).
  template <typename T>
  Result<T> read(std::string_view what, const std::function<Result<T>(pqxx::nontransaction&)>& f) {
    return readers_.read(what, [&](pqxx::connection& db) -> Result<T> {
      pqxx::nontransaction txn(db);
      return f(txn);
    });
  }

  const PersonalDataCipher* cipher() const { return options_.cipher; }
  const AuditHasher* audit_hasher() const { return options_.audit_hasher.get(); }

 private:
  // With a cipher, the store is bound to its key; without, it must never
  // have been written with one.
  Status check_personal_data_key() {
    try {
      pqxx::work txn(*writer_);
      const pqxx::result stored =
          txn.exec_params("SELECT value FROM meta WHERE key = $1", std::string(kDataKeyMeta));
      const std::optional<std::string> key_id =
          stored.empty() ? std::nullopt : std::optional<std::string>(stored[0][0].c_str());
      const PersonalDataCipher* cipher = options_.cipher;
      if (cipher == nullptr) {
        if (!key_id) return {};
        return fail(Error::storage(
            "personal data in this PostgreSQL store is encrypted; configure its data key "
            "(HOTLINE_KEY_FILE or HOTLINE_DATA_KEY)"));
      }
      if (key_id && *key_id != cipher->key_id()) {
        return fail(Error::storage("personal data was encrypted with data key " + *key_id +
                                   ", not the configured key " + cipher->key_id()));
      }
      if (key_id) return {};
      txn.exec_params0("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                       std::string(kDataKeyMeta), cipher->key_id());
      txn.commit();
      return {};
    } catch (const std::exception& e) {
      return fail(pg::storage_error(e, "read the store's data key"));
    }
  }

  // One transaction for all `jobs`, each in its own savepoint so that a
  // failing job (a stale version) is undone alone. If the transaction itself
  // fails, nothing is written and every job that had succeeded fails.
  void run_batch(std::span<Job*> jobs) {
    // A connection the server dropped since the last batch (a restart, a
    // fail-over) is found out before anything commits: the batch is run
    // once more on a new one, so callers do not see the restart.
    for (int attempt = 0;; ++attempt) {
      if (!writer_ || !writer_->is_open()) {
        auto db = pg::connect(target_);
        if (!db) {
          for (Job* job : jobs) job->result = fail(db.error());
          return;
        }
        writer_ = std::move(*db);
      }
      try {
        commit_batch(jobs);
        return;
      } catch (const pqxx::in_doubt_error& e) {
        fail_all(jobs, pg::storage_error(e, "commit"));
        return;
      } catch (const pqxx::broken_connection& e) {
        writer_.reset();
        if (attempt > 0) {
          fail_all(jobs, pg::storage_error(e, "commit failed, nothing written"));
          return;
        }
        for (Job* job : jobs) job->result = {};
      } catch (const std::exception& e) {
        fail_all(jobs, pg::storage_error(e, "commit failed, nothing written"));
        return;
      }
    }
  }

  void commit_batch(std::span<Job*> jobs) {
    pqxx::work txn(*writer_);
    // Taken first, by every writer: positions follow commit order, and
    // the audit head (locked later) is never waited for while holding it
    // the other way round.
    std::int64_t position =
        txn.exec1("SELECT position FROM log_head WHERE id = 1 FOR UPDATE")[0].as<std::int64_t>();
    const std::int64_t first = position;
    for (Job* job : jobs) run_job(txn, *job, position);
    if (position != first) {
      txn.exec_params0("UPDATE log_head SET position = $1 WHERE id = 1", position);
      // Delivered at commit: other nodes' readers wake (pg_log_listener.h).
      txn.exec0("NOTIFY " + log_channel(target_));
    }
    txn.commit();
  }

  // The transaction failed: a job that had succeeded (or failed only for
  // storage) did not happen.
  static void fail_all(std::span<Job*> jobs, const Error& error) {
    for (Job* job : jobs) {
      if (job->result || job->result.error().code == ErrorCode::kStorage) {
        job->result = fail(error);
      }
    }
  }

  // A lost connection propagates (the transaction cannot commit); a failed
  // statement fails its job only. The savepoint is our own statement:
  // libpqxx 6's subtransaction opens its savepoint only for exec(), not for
  // exec_params().
  static void run_job(pqxx::work& txn, Job& job, std::int64_t& position) {
    const std::int64_t before = position;
    txn.exec0("SAVEPOINT job");
    try {
      WriteTxn write{txn, position};
      job.result = job.work(write);
    } catch (const pqxx::broken_connection&) {
      throw;
    } catch (const pqxx::in_doubt_error&) {
      throw;
    } catch (const std::exception& e) {
      job.result = pg::is_unique_violation(e)
                       ? fail(Error::conflict(std::string("a concurrent write won: ") + e.what()))
                       : fail(pg::storage_error(e, "append"));
    }
    if (job.result) {
      txn.exec0("RELEASE SAVEPOINT job");
      return;
    }
    txn.exec0("ROLLBACK TO SAVEPOINT job");
    position = before;  // its events were undone with its savepoint
  }

  pg::Target target_;
  Options options_;
  std::unique_ptr<pqxx::connection> writer_;  // used by commits_ only
  std::unique_ptr<GroupCommit<WriteTxn>> commits_;
  pg::Pool readers_;
};

Result<std::unique_ptr<PgWorkOrderStore>> PgWorkOrderStore::open(const pg::Target& target,
                                                                 Options options) {
  auto impl = std::make_unique<Impl>(target, std::move(options));
  if (auto st = impl->start(); !st) return fail(st.error());
  return std::unique_ptr<PgWorkOrderStore>(new PgWorkOrderStore(std::move(impl)));
}

PgWorkOrderStore::PgWorkOrderStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PgWorkOrderStore::~PgWorkOrderStore() = default;

Result<std::vector<Event>> PgWorkOrderStore::load(std::string_view stream) {
  return impl_->read<std::vector<Event>>(
      "load a stream", [&](pqxx::nontransaction& txn) -> Result<std::vector<Event>> {
        const pqxx::result rows = txn.exec_params(std::string("SELECT ") + kEventColumns +
                                                      " FROM events WHERE stream = $1 "
                                                      "ORDER BY version",
                                                  std::string(stream));
        std::vector<Event> events;
        events.reserve(rows.size());
        for (const pqxx::row& row : rows) {
          auto e = read_event_row(row, 0, std::string(stream), impl_->cipher());
          if (!e) return fail(e.error());
          if (e->version != static_cast<std::int64_t>(events.size()) + 1) {
            return fail(Error::storage(e->stream + " version " + std::to_string(e->version) +
                                       ": versions of the stream are not contiguous"));
          }
          events.push_back(std::move(*e));
        }
        return events;
      });
}

// Personal data stays sealed (no cipher passed): analysis never needs it (SEC-1).
Result<std::vector<LoggedEvent>> PgWorkOrderStore::read_log(std::int64_t position,
                                                            std::size_t limit) {
  auto page = read_page(position, limit, nullptr);
  if (!page) return fail(page.error());
  return std::move(page->events);
}

Result<LogPage> PgWorkOrderStore::read_log_of(std::int64_t position, std::size_t limit,
                                              const EventKinds& kinds) {
  return read_page(position, limit, &kinds);
}

// A page of the log; with `kinds`, only the rows of those kinds are decoded.
Result<LogPage> PgWorkOrderStore::read_page(std::int64_t position, std::size_t limit,
                                            const EventKinds* kinds) {
  return impl_->read<LogPage>(
      "read the event log", [&](pqxx::nontransaction& txn) -> Result<LogPage> {
        const pqxx::result rows =
            txn.exec_params(std::string("SELECT position, stream, ") + kEventColumns +
                                " FROM events WHERE position > $1 ORDER BY position LIMIT $2",
                            position, clamp(std::min<std::size_t>(limit, 1'000'000)));
        LogPage page;
        page.end = position;
        page.read = rows.size();
        page.events.reserve(kinds == nullptr ? rows.size() : 0);
        for (const pqxx::row& row : rows) {
          page.end = row[0].as<std::int64_t>();
          if (kinds != nullptr && !kinds->has_name(view(row[4]))) continue;  // type
          auto e = read_event_row(row, 2, row[1].as<std::string>(), nullptr);
          if (!e) return fail(e.error());
          page.events.push_back(LoggedEvent{page.end, std::move(*e)});
        }
        return page;
      });
}

Result<std::int64_t> PgWorkOrderStore::log_head() {
  return impl_->read<std::int64_t>(
      "read the log head", [](pqxx::nontransaction& txn) -> Result<std::int64_t> {
        return txn.exec1("SELECT position FROM log_head WHERE id = 1 FOR UPDATE")[0]
            .as<std::int64_t>();
      });
}

Status PgWorkOrderStore::append(const std::vector<StreamAppend>& batch,
                                const std::vector<WorkOrderSummary>& summaries,
                                const std::vector<AuditRecord>& audit) {
  const AuditHasher* hasher = impl_->audit_hasher();
  if (auto st = check_audit_records(hasher, audit); !st) return st;
  auto stored = encode_append(batch, summaries, impl_->cipher());
  if (!stored) return fail(stored.error());
  return impl_->submit([&](WriteTxn& w) -> Status {
    if (auto st = write_append(w, *stored); !st) return st;
    // In the append's own savepoint: the entries stand or fall with the events.
    for (const AuditRecord& r : audit) {
      if (auto entry = pg::append_audit_entry(w.txn, *hasher, r); !entry) {
        return fail(entry.error());
      }
    }
    return {};
  });
}

Result<AuditEntry> PgWorkOrderStore::append_audit(const AuditRecord& record) {
  const AuditHasher* hasher = impl_->audit_hasher();
  if (auto st = check_audit_records(hasher, std::span(&record, 1)); !st) return fail(st.error());
  AuditEntry entry;
  auto st = impl_->submit([&](WriteTxn& w) -> Status {
    auto appended = pg::append_audit_entry(w.txn, *hasher, record);
    if (!appended) return fail(appended.error());
    entry = std::move(*appended);
    return {};
  });
  if (!st) return fail(st.error());
  return entry;
}

Result<std::int64_t> PgWorkOrderStore::next_sequence(std::string_view counter) {
  std::int64_t value = 0;
  auto st = impl_->submit([&](WriteTxn& w) -> Status {
    value = w.txn
                .exec_params1(
                    "INSERT INTO sequences (counter, value) VALUES ($1, 1) "
                    "ON CONFLICT (counter) DO UPDATE SET value = sequences.value + 1 "
                    "RETURNING value",
                    std::string(counter))[0]
                .as<std::int64_t>();
    return {};
  });
  if (!st) return fail(st.error());
  return value;
}

Result<std::optional<std::string>> PgWorkOrderStore::request_for_intake_key(std::string_view key) {
  return impl_->read<std::optional<std::string>>(
      "intake key", [&](pqxx::nontransaction& txn) -> Result<std::optional<std::string>> {
        const pqxx::result rows =
            txn.exec_params("SELECT request FROM intake_keys WHERE key = $1", std::string(key));
        if (rows.empty()) return std::optional<std::string>{};
        return std::optional<std::string>{rows[0][0].as<std::string>()};
      });
}

Result<std::vector<std::string>> PgWorkOrderStore::due_for_check(Instant now, std::size_t limit) {
  return impl_->read<std::vector<std::string>>(
      "due for check", [&](pqxx::nontransaction& txn) -> Result<std::vector<std::string>> {
        const pqxx::result rows = txn.exec_params(
            "SELECT id FROM work_orders WHERE next_check IS NOT NULL AND next_check <= $1 "
            "ORDER BY next_check, id COLLATE \"C\" LIMIT $2",
            seconds(now), clamp(limit));
        std::vector<std::string> ids;
        ids.reserve(rows.size());
        for (const pqxx::row& row : rows) ids.push_back(row[0].as<std::string>());
        return ids;
      });
}

Result<std::vector<WorkOrderSummary>> PgWorkOrderStore::list_work_orders(
    const WorkOrderFilter& filter) {
  FilterSql f = filter_sql(filter);
  const std::string limit = f.param(std::to_string(clamp(filter.limit)));
  const std::string offset = f.param(std::to_string(clamp(filter.offset)));
  const std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM work_orders" + f.where +
                          " ORDER BY dispatched_at, id COLLATE \"C\" LIMIT " + limit + " OFFSET " +
                          offset;
  return impl_->read<std::vector<WorkOrderSummary>>(
      "list work orders", [&](pqxx::nontransaction& txn) -> Result<std::vector<WorkOrderSummary>> {
        const pqxx::result rows =
            txn.exec_params(sql, pqxx::prepare::make_dynamic_params(f.params));
        std::vector<WorkOrderSummary> out;
        out.reserve(rows.size());
        for (const pqxx::row& row : rows) {
          auto s = read_summary(row);
          if (!s) return fail(s.error());
          out.push_back(std::move(*s));
        }
        return out;
      });
}

Result<std::size_t> PgWorkOrderStore::count_work_orders(const WorkOrderFilter& filter) {
  const FilterSql f = filter_sql(filter);
  return impl_->read<std::size_t>(
      "count work orders", [&](pqxx::nontransaction& txn) -> Result<std::size_t> {
        const pqxx::row row = txn.exec_params1("SELECT count(*) FROM work_orders" + f.where,
                                               pqxx::prepare::make_dynamic_params(f.params));
        return static_cast<std::size_t>(row[0].as<std::int64_t>());
      });
}

Status PgWorkOrderStore::save_units(const std::vector<Unit>& units) {
  // Parents go in before their children, so the foreign key holds at every
  // statement.
  auto order = units_parents_first(units);
  if (!order) return fail(order.error());
  return impl_->submit([&](WriteTxn& w) -> Status {
    w.txn.exec0("DELETE FROM units");
    for (std::size_t i : *order) {
      const Unit& u = units[i];
      w.txn.exec_params0(
          "INSERT INTO units (id, position, name, kind, parent, policy_profile, district, "
          "active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
          u.id, static_cast<std::int64_t>(i), u.name, std::string(to_string(u.kind)), u.parent,
          u.policy_profile, u.district, u.active);
    }
    return {};
  });
}

Result<std::vector<Unit>> PgWorkOrderStore::load_units() {
  return impl_->read<std::vector<Unit>>(
      "load units", [](pqxx::nontransaction& txn) -> Result<std::vector<Unit>> {
        const pqxx::result rows = txn.exec(
            "SELECT id, name, kind, parent, policy_profile, district, active FROM units "
            "ORDER BY position");
        std::vector<Unit> units;
        units.reserve(rows.size());
        for (const pqxx::row& row : rows) {
          Unit u;
          u.id = row[0].as<std::string>();
          u.name = row[1].as<std::string>();
          auto kind = parse_unit_kind(view(row[2]));
          if (!kind) return fail(Error::storage("unit " + u.id + ": unknown kind"));
          u.kind = *kind;
          if (!row[3].is_null()) u.parent = row[3].as<std::string>();
          u.policy_profile = row[4].as<std::string>();
          u.district = row[5].as<std::string>();
          u.active = row[6].as<bool>();
          units.push_back(std::move(u));
        }
        return units;
      });
}

Result<std::vector<std::string>> PgWorkOrderStore::requests_for_phone_hash(
    std::string_view phone_hash) {
  if (!indexes_applicants()) return std::vector<std::string>{};
  return impl_->read<std::vector<std::string>>(
      "applicant lookup", [&](pqxx::nontransaction& txn) -> Result<std::vector<std::string>> {
        const pqxx::result rows = txn.exec_params(
            "SELECT l.request FROM applicant_lookup l LEFT JOIN events e "
            "ON e.stream = l.request AND e.version = 1 WHERE l.phone_hash = $1 "
            "ORDER BY e.at, l.request COLLATE \"C\"",
            std::string(phone_hash));
        std::vector<std::string> out;
        out.reserve(rows.size());
        for (const pqxx::row& row : rows) out.push_back(row[0].as<std::string>());
        return out;
      });
}

bool PgWorkOrderStore::indexes_applicants() const { return impl_->cipher() != nullptr; }

}  // namespace hotline
