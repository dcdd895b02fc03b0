#include "adapters/postgresql/pg_research_store.h"

#include <pqxx/pqxx>

#include "adapters/json/special_research_json.h"
#include "adapters/postgresql/pg_side_store.h"

namespace hotline {
namespace {

using analysis::SpecialResearch;

constexpr const char* kSchema = R"sql(
-- ANA-3: one row per record; `body` is the record as JSON, `sequence` the
-- number in its id, which orders the list.
CREATE TABLE IF NOT EXISTS special_research (
  id        TEXT PRIMARY KEY,
  sequence  BIGINT NOT NULL UNIQUE,
  version   BIGINT NOT NULL,
  status    TEXT NOT NULL,
  opened_at BIGINT NOT NULL,
  body      TEXT NOT NULL
);
)sql";

Error stale(const std::string& id, std::int64_t stored, std::int64_t expected) {
  return Error::conflict("special research " + id + " changed meanwhile (version " +
                             std::to_string(stored) + ", expected " + std::to_string(expected) +
                             ")",
                         "该专题研究已被他人修改，请刷新后重试");
}

}  // namespace

PgResearchStore::PgResearchStore(std::unique_ptr<pg::SideStore> db) : db_(std::move(db)) {}

PgResearchStore::~PgResearchStore() = default;

Result<std::unique_ptr<PgResearchStore>> PgResearchStore::open(
    const pg::Target& target, std::shared_ptr<const AuditHasher> audit_hasher) {
  auto db = pg::SideStore::open(target, kSchema, std::move(audit_hasher));
  if (!db) return fail(db.error());
  return std::unique_ptr<PgResearchStore>(new PgResearchStore(std::move(*db)));
}

Result<std::int64_t> PgResearchStore::next_sequence() {
  return db_->read<std::int64_t>(
      "next special research number", [](pqxx::transaction_base& txn) -> Result<std::int64_t> {
        return txn.exec1("SELECT COALESCE(MAX(sequence), 0) + 1 FROM special_research")[0]
            .as<std::int64_t>();
      });
}

Status PgResearchStore::save(const SpecialResearch& r, std::int64_t expected, CommandAudit* audit) {
  auto body = encode_special_research(r);
  if (!body) return fail(body.error());
  const std::int64_t sequence = *special_research_sequence(r.id);  // checked by the encoding
  // SEC-2 [M27]: the change and its audit entry commit together.
  return db_->write(audit, "save special research", [&](pqxx::transaction_base& txn) -> Status {
    if (expected == 0) {
      const pqxx::result inserted = txn.exec_params(
          "INSERT INTO special_research (id, sequence, version, status, opened_at, body) "
          "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
          r.id, sequence, r.version, std::string(to_string(r.status)), pg::seconds(r.opened_at),
          *body);
      if (inserted.affected_rows() == 1) return {};
    } else {
      const pqxx::result updated = txn.exec_params(
          "UPDATE special_research SET version = $2, status = $3, body = $4 "
          "WHERE id = $1 AND version = $5",
          r.id, r.version, std::string(to_string(r.status)), *body, expected);
      if (updated.affected_rows() == 1) return {};
    }
    // Nothing written: say why, from the row as committed now.
    const pqxx::result stored =
        txn.exec_params("SELECT version FROM special_research WHERE id = $1", r.id);
    if (!stored.empty()) return fail(stale(r.id, stored[0][0].as<std::int64_t>(), expected));
    if (expected != 0) return fail(stale(r.id, 0, expected));
    return fail(Error::conflict("special research number " + r.id + " is taken",
                                "专题研究编号冲突，请重试"));
  });
}

Result<std::optional<SpecialResearch>> PgResearchStore::find(const std::string& id) {
  return db_->read<std::optional<SpecialResearch>>(
      "read special research",
      [&](pqxx::transaction_base& txn) -> Result<std::optional<SpecialResearch>> {
        const pqxx::result rows =
            txn.exec_params("SELECT body FROM special_research WHERE id = $1", id);
        if (rows.empty()) return std::optional<SpecialResearch>();
        auto r = decode_special_research(pg::view(rows[0][0]));
        if (!r) return fail(r.error());
        return std::optional<SpecialResearch>(std::move(*r));
      });
}

Result<std::vector<SpecialResearch>> PgResearchStore::list() {
  return db_->read<std::vector<SpecialResearch>>(
      "list special research",
      [](pqxx::transaction_base& txn) -> Result<std::vector<SpecialResearch>> {
        const pqxx::result rows =
            txn.exec("SELECT body FROM special_research ORDER BY sequence DESC");
        std::vector<SpecialResearch> out;
        out.reserve(rows.size());
        for (const pqxx::row& row : rows) {
          auto r = decode_special_research(pg::view(row[0]));
          if (!r) return fail(r.error());
          out.push_back(std::move(*r));
        }
        return out;
      });
}

}  // namespace hotline
