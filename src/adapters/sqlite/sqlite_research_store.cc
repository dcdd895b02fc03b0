#include "adapters/sqlite/sqlite_research_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "adapters/sqlite/sqlite_audit_table.h"
#include "adapters/sqlite/sqlite_tables.h"

namespace hotline {
namespace {

using nlohmann::json;
using namespace hotline::analysis;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS special_research (
  id        TEXT PRIMARY KEY,
  sequence  INTEGER NOT NULL UNIQUE,
  version   INTEGER NOT NULL,
  status    TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  body      TEXT NOT NULL
);
)sql";

std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }

json encode(const SpecialResearch& r) {
  json decisions = json::array();
  for (const auto& d : r.decisions) {
    decisions.push_back({{"number", d.number},
                         {"text", d.text},
                         {"decided_by", d.decided_by},
                         {"decided_at", seconds(d.decided_at)}});
  }
  json follow_ups = json::array();
  for (const auto& f : r.follow_ups) {
    follow_ups.push_back({{"number", f.number},
                          {"task", f.task},
                          {"unit", f.unit},
                          {"due", seconds(f.due)},
                          {"status", std::string(to_string(f.status))},
                          {"result", f.result},
                          {"done_at", f.done_at ? json(seconds(*f.done_at)) : json()}});
  }
  json history = json::array();
  for (const auto& h : r.history) {
    history.push_back(
        {{"at", seconds(h.at)}, {"actor", h.actor}, {"action", h.action}, {"reason", h.reason}});
  }
  return {{"id", r.id},
          {"title", r.title},
          {"problem", r.problem},
          {"clusters", r.clusters},
          {"units", r.units},
          {"status", std::string(to_string(r.status))},
          {"opened_by", r.opened_by},
          {"opened_at", seconds(r.opened_at)},
          {"decisions", decisions},
          {"follow_ups", follow_ups},
          {"history", history},
          {"version", r.version},
          {"article", r.article}};
}

SpecialResearch decode(const json& j) {
  SpecialResearch r;
  r.id = j.at("id").get<std::string>();
  r.title = j.at("title").get<std::string>();
  r.problem = j.at("problem").get<std::string>();
  r.clusters = j.at("clusters").get<std::vector<std::string>>();
  r.units = j.at("units").get<std::vector<std::string>>();
  r.status =
      parse_research_status(j.at("status").get<std::string>()).value_or(ResearchStatus::kOpen);
  r.opened_by = j.at("opened_by").get<std::string>();
  r.opened_at = instant(j.at("opened_at").get<std::int64_t>());
  for (const auto& d : j.at("decisions")) {
    r.decisions.push_back({d.at("number").get<int>(), d.at("text").get<std::string>(),
                           d.at("decided_by").get<std::string>(),
                           instant(d.at("decided_at").get<std::int64_t>())});
  }
  for (const auto& f : j.at("follow_ups")) {
    FollowUpItem item;
    item.number = f.at("number").get<int>();
    item.task = f.at("task").get<std::string>();
    item.unit = f.at("unit").get<std::string>();
    item.due = instant(f.at("due").get<std::int64_t>());
    item.status =
        parse_follow_up_status(f.at("status").get<std::string>()).value_or(FollowUpStatus::kOpen);
    item.result = f.at("result").get<std::string>();
    if (!f.at("done_at").is_null()) item.done_at = instant(f.at("done_at").get<std::int64_t>());
    r.follow_ups.push_back(std::move(item));
  }
  for (const auto& h : j.at("history")) {
    r.history.push_back({instant(h.at("at").get<std::int64_t>()), h.at("actor").get<std::string>(),
                         h.at("action").get<std::string>(), h.at("reason").get<std::string>()});
  }
  r.version = j.at("version").get<std::int64_t>();
  r.article = j.at("article").get<std::string>();
  return r;
}

Result<SpecialResearch> decode_text(std::string_view text) {
  try {
    return decode(json::parse(text));
  } catch (const std::exception& e) {
    return fail(Error::storage(std::string("special research record unreadable: ") + e.what()));
  }
}

}  // namespace

SqliteResearchStore::SqliteResearchStore(std::unique_ptr<sqlite::Connection> db,
                                         std::shared_ptr<const AuditHasher> audit_hasher)
    : audit_hasher_(std::move(audit_hasher)), db_(std::move(db)) {}

Result<std::unique_ptr<SqliteResearchStore>> SqliteResearchStore::open(
    const std::filesystem::path& file, std::shared_ptr<const AuditHasher> audit_hasher) {
  auto db = sqlite::open_tables(file, {.schema = kSchema});
  if (!db) return fail(db.error());
  return std::unique_ptr<SqliteResearchStore>(
      new SqliteResearchStore(std::move(*db), std::move(audit_hasher)));
}

Result<std::int64_t> SqliteResearchStore::next_sequence() {
  std::lock_guard lock(mutex_);
  return db_->query_int("SELECT COALESCE(MAX(sequence), 0) + 1 FROM special_research");
}

Status SqliteResearchStore::save(const SpecialResearch& r, std::int64_t expected,
                                 CommandAudit* audit) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  // SEC-2 [M27]: the change and its audit entry commit together.
  return sqlite::write_with_audit(db, audit_hasher_.get(), audit, [&]() -> Status {
    auto get = db.prepare("SELECT version FROM special_research WHERE id = ?1");
    if (!get) return fail(get.error());
    get->bind(1, r.id);
    const int rc = get->step();
    std::int64_t stored = 0;
    if (rc == SQLITE_ROW) {
      stored = get->int64(0);
    } else if (rc != SQLITE_DONE) {
      return fail(db.error(rc, "read special research version"));
    }
    if (stored != expected) {
      return fail(Error::conflict("special research " + r.id + " changed meanwhile (version " +
                                      std::to_string(stored) + ", expected " +
                                      std::to_string(expected) + ")",
                                  "该专题研究已被他人修改，请刷新后重试"));
    }
    // The sequence is the number in the id ("SR-000012" → 12).
    const std::int64_t sequence = std::stoll(r.id.substr(r.id.find('-') + 1));
    auto put = db.prepare(
        "INSERT INTO special_research (id, sequence, version, status, opened_at, body) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET version = "
        "excluded.version, "
        "status = excluded.status, body = excluded.body");
    if (!put) return fail(put.error());
    put->bind(1, r.id);
    put->bind(2, sequence);
    put->bind(3, r.version);
    put->bind(4, to_string(r.status));
    put->bind(5, seconds(r.opened_at));
    put->bind(6, encode(r).dump());
    if (int prc = put->step(); prc != SQLITE_DONE) {
      if (sqlite::primary_code(prc) == SQLITE_CONSTRAINT) {
        return fail(Error::conflict("special research number " + r.id + " is taken",
                                    "专题研究编号冲突，请重试"));
      }
      return fail(db.error(prc, "save special research"));
    }
    return {};
  });
}

Result<std::optional<SpecialResearch>> SqliteResearchStore::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare("SELECT body FROM special_research WHERE id = ?1");
  if (!get) return fail(get.error());
  get->bind(1, id);
  const int rc = get->step();
  if (rc == SQLITE_DONE) return std::optional<SpecialResearch>();
  if (rc != SQLITE_ROW) return fail(db.error(rc, "read special research"));
  auto r = decode_text(get->text_view(0));
  if (!r) return fail(r.error());
  return std::optional<SpecialResearch>(std::move(*r));
}

Result<std::vector<SpecialResearch>> SqliteResearchStore::list() {
  std::lock_guard lock(mutex_);
  sqlite::Connection& db = *db_;
  auto get = db.prepare("SELECT body FROM special_research ORDER BY sequence DESC");
  if (!get) return fail(get.error());
  std::vector<SpecialResearch> out;
  for (;;) {
    const int rc = get->step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return fail(db.error(rc, "list special research"));
    auto r = decode_text(get->text_view(0));
    if (!r) return fail(r.error());
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace hotline
