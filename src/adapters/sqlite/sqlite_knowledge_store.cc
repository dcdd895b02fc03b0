#include "adapters/sqlite/sqlite_knowledge_store.h"

#include <utility>

#include "adapters/json/knowledge_rows.h"
#include "adapters/sqlite/sqlite_shared_connection.h"
#include "adapters/sqlite/sqlite_tables.h"
#include "core/ports/store_checks.h"

namespace hotline {
namespace {

using sqlite::Connection;
using sqlite::Statement;

// "HOTK" in the header of the file of its own a knowledge base had before
// it moved into the platform's file (issue 9: one file to back up).
constexpr const char* kTables[] = {"kb_articles", "kb_changes", "kb_requests", "kb_supervisions",
                                   "kb_notices",  "kb_reports", "kb_synonyms", "kb_sequences"};
constexpr sqlite::FormerFile kFormerFile{0x484F544B, 1, "knowledge base", kTables};

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS kb_articles (
  id          TEXT PRIMARY KEY NOT NULL,
  type        TEXT NOT NULL,
  unit        TEXT NOT NULL,
  status      TEXT NOT NULL,
  catalogue   TEXT NOT NULL,
  valid_until INTEGER,             -- seconds since the epoch
  in_review   INTEGER NOT NULL,    -- a revision waits for review
  revision    INTEGER NOT NULL,
  data        TEXT NOT NULL        -- the article as JSON
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kb_articles_unit ON kb_articles (unit, status);
CREATE INDEX IF NOT EXISTS kb_articles_valid ON kb_articles (status, valid_until);
CREATE INDEX IF NOT EXISTS kb_articles_catalogue ON kb_articles (catalogue, id);

-- Who changed what, when and why; `content` is the text the change set.
CREATE TABLE IF NOT EXISTS kb_changes (
  article     TEXT NOT NULL,
  sequence    INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  actor_id    TEXT NOT NULL,
  actor_role  TEXT NOT NULL,
  actor_unit  TEXT NOT NULL,
  action      TEXT NOT NULL,
  reason      TEXT NOT NULL,
  rule        TEXT NOT NULL,
  article_ref TEXT NOT NULL,
  version     INTEGER NOT NULL,
  status      TEXT NOT NULL,
  content     TEXT,
  PRIMARY KEY (article, sequence)
);
CREATE INDEX IF NOT EXISTS kb_changes_at ON kb_changes (at);

CREATE TABLE IF NOT EXISTS kb_requests (
  id       TEXT PRIMARY KEY NOT NULL,
  unit     TEXT NOT NULL,
  status   TEXT NOT NULL,
  due      INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  data     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kb_requests_due ON kb_requests (status, due);

CREATE TABLE IF NOT EXISTS kb_supervisions (
  id          TEXT PRIMARY KEY NOT NULL,
  unit        TEXT NOT NULL,
  at          INTEGER NOT NULL,
  rule        TEXT NOT NULL,
  article_ref TEXT NOT NULL,
  subject     TEXT NOT NULL,
  reason      TEXT NOT NULL,
  reason_zh   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kb_supervisions_unit ON kb_supervisions (unit, at);

CREATE TABLE IF NOT EXISTS kb_notices (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  unit       TEXT NOT NULL,
  at         INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  message_zh TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS kb_notices_unit ON kb_notices (unit, id);

CREATE TABLE IF NOT EXISTS kb_reports (
  unit  TEXT NOT NULL,
  kind  TEXT NOT NULL,
  month TEXT NOT NULL,
  data  TEXT NOT NULL,
  PRIMARY KEY (unit, kind, month)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS kb_synonyms (
  grp  INTEGER NOT NULL,
  pos  INTEGER NOT NULL,
  term TEXT NOT NULL,
  PRIMARY KEY (grp, pos)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS kb_sequences (
  name  TEXT PRIMARY KEY NOT NULL,
  value INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

std::int64_t secs(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{Seconds{s}}; }

}  // namespace

struct SqliteKnowledgeStore::Impl {
  std::shared_ptr<sqlite::SharedConnection> shared;
  Connection* db = nullptr;  // shared's connection, used under shared->lock()

  auto lock() { return shared->lock(); }

  Status step_done(Statement& s, const char* what) {
    const int rc = s.step();
    if (rc != SQLITE_DONE) return fail(db->error(rc, what));
    return {};
  }

  Status write_article(const ArticleWrite& w, const StoredArticleWrite& stored) {
    const Article& a = w.article;
    const std::string& data = stored.data;
    const std::int64_t expected = a.revision_number;
    std::optional<std::int64_t> valid;
    if (a.valid_until) valid = secs(*a.valid_until);
    const std::int64_t in_review = a.revision && a.revision->in_review ? 1 : 0;
    if (expected == 0) {
      auto s = db->prepare(
          "INSERT INTO kb_articles (id, type, unit, status, catalogue, valid_until, in_review, "
          "revision, data) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)");
      if (!s) return fail(s.error());
      s->bind(1, a.id);
      s->bind(2, to_string(a.type));
      s->bind(3, a.unit);
      s->bind(4, to_string(a.status));
      s->bind(5, a.content.catalogue);
      s->bind(6, valid);
      s->bind(7, in_review);
      s->bind(8, data);
      const int rc = s->step();
      if (sqlite::primary_code(rc) == SQLITE_CONSTRAINT) {
        return fail(Error::conflict("article " + a.id + " exists", "知识条目已存在"));
      }
      if (rc != SQLITE_DONE) return fail(db->error(rc, "insert article"));
    } else {
      auto s = db->prepare(
          "UPDATE kb_articles SET type = ?, unit = ?, status = ?, catalogue = ?, valid_until = ?, "
          "in_review = ?, revision = revision + 1, data = ? WHERE id = ? AND revision = ?");
      if (!s) return fail(s.error());
      s->bind(1, to_string(a.type));
      s->bind(2, a.unit);
      s->bind(3, to_string(a.status));
      s->bind(4, a.content.catalogue);
      s->bind(5, valid);
      s->bind(6, in_review);
      s->bind(7, data);
      s->bind(8, a.id);
      s->bind(9, expected);
      if (auto st = step_done(*s, "update article"); !st) return st;
      if (sqlite3_changes(db->handle()) != 1) {
        return fail(Error::conflict("article " + a.id + " was changed by someone else",
                                    "知识条目已被他人修改，请刷新后重试"));
      }
    }
    auto next = db->prepare("SELECT COALESCE(MAX(sequence), 0) FROM kb_changes WHERE article = ?");
    if (!next) return fail(next.error());
    next->bind(1, a.id);
    if (next->step() != SQLITE_ROW) return fail(Error::storage("history sequence"));
    std::int64_t seq = next->int64(0);
    for (std::size_t i = 0; i < w.changes.size(); ++i) {
      const ArticleChange& c = w.changes[i];
      auto s = db->prepare(
          "INSERT INTO kb_changes (article, sequence, at, actor_id, actor_role, actor_unit, "
          "action, reason, rule, article_ref, version, status, content) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      if (!s) return fail(s.error());
      s->bind(1, a.id);
      s->bind(2, ++seq);
      s->bind(3, secs(c.at));
      s->bind(4, c.actor.id);
      s->bind(5, to_string(c.actor.role));
      s->bind(6, c.actor.unit);
      s->bind(7, c.action);
      s->bind(8, c.reason);
      s->bind(9, c.rule);
      s->bind(10, c.article_ref);
      s->bind(11, static_cast<std::int64_t>(c.version));
      s->bind(12, to_string(c.status));
      if (stored.contents[i]) {
        s->bind(13, *stored.contents[i]);
      } else {
        s->bind_null(13);
      }
      if (auto st = step_done(*s, "insert change"); !st) return st;
    }
    return {};
  }

  Status write_request(const UpdateRequest& r, const std::string& data) {
    if (r.revision_number == 0) {
      auto s = db->prepare(
          "INSERT INTO kb_requests (id, unit, status, due, revision, data) VALUES (?, ?, ?, ?, 1, "
          "?)");
      if (!s) return fail(s.error());
      s->bind(1, r.id);
      s->bind(2, r.unit);
      s->bind(3, to_string(r.status));
      s->bind(4, secs(r.due));
      s->bind(5, data);
      const int rc = s->step();
      if (sqlite::primary_code(rc) == SQLITE_CONSTRAINT)
        return fail(Error::conflict("request " + r.id + " exists"));
      if (rc != SQLITE_DONE) return fail(db->error(rc, "insert request"));
      return {};
    }
    auto s = db->prepare(
        "UPDATE kb_requests SET status = ?, due = ?, revision = revision + 1, data = ? "
        "WHERE id = ? AND revision = ?");
    if (!s) return fail(s.error());
    s->bind(1, to_string(r.status));
    s->bind(2, secs(r.due));
    s->bind(3, data);
    s->bind(4, r.id);
    s->bind(5, r.revision_number);
    if (auto st = step_done(*s, "update request"); !st) return st;
    if (sqlite3_changes(db->handle()) != 1) {
      return fail(Error::conflict("request " + r.id + " was changed by someone else"));
    }
    return {};
  }

  Status write(const KnowledgeCommit& c, const StoredKnowledgeCommit& stored) {
    for (std::size_t i = 0; i < c.articles.size(); ++i) {
      if (auto st = write_article(c.articles[i], stored.articles[i]); !st) return st;
    }
    for (std::size_t i = 0; i < c.requests.size(); ++i) {
      if (auto st = write_request(c.requests[i].request, stored.requests[i]); !st) return st;
    }
    for (const auto& s : c.supervisions) {
      auto stmt = db->prepare(
          "INSERT INTO kb_supervisions (id, unit, at, rule, article_ref, subject, reason, "
          "reason_zh) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      if (!stmt) return fail(stmt.error());
      stmt->bind(1, s.id);
      stmt->bind(2, s.unit);
      stmt->bind(3, secs(s.at));
      stmt->bind(4, s.rule);
      stmt->bind(5, s.article_ref);
      stmt->bind(6, s.subject);
      stmt->bind(7, s.reason);
      stmt->bind(8, s.reason_zh);
      if (auto st = step_done(*stmt, "insert supervision"); !st) return st;
    }
    for (const auto& n : c.notices) {
      auto stmt = db->prepare(
          "INSERT INTO kb_notices (unit, at, kind, subject, message_zh) VALUES (?, ?, ?, ?, ?)");
      if (!stmt) return fail(stmt.error());
      stmt->bind(1, n.unit);
      stmt->bind(2, secs(n.at));
      stmt->bind(3, n.kind);
      stmt->bind(4, n.subject);
      stmt->bind(5, n.message_zh);
      if (auto st = step_done(*stmt, "insert notice"); !st) return st;
    }
    for (std::size_t i = 0; i < c.reports.size(); ++i) {
      const MonthlyReport& r = c.reports[i];
      auto stmt =
          db->prepare("INSERT INTO kb_reports (unit, kind, month, data) VALUES (?, ?, ?, ?)");
      if (!stmt) return fail(stmt.error());
      stmt->bind(1, r.unit);
      stmt->bind(2, to_string(r.kind));
      stmt->bind(3, r.month);
      stmt->bind(4, stored.reports[i]);
      const int rc = stmt->step();
      if (sqlite::primary_code(rc) == SQLITE_CONSTRAINT)
        return fail(Error::conflict("report already filed", "该月报表已报送"));
      if (rc != SQLITE_DONE) return fail(db->error(rc, "insert report"));
    }
    return {};
  }

  Result<std::vector<ArticleChange>> read_changes(Statement& s) {
    std::vector<ArticleChange> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      ArticleChange c;
      c.article = s.text(0);
      c.sequence = s.int64(1);
      c.at = instant(s.int64(2));
      c.actor.id = s.text(3);
      c.actor.role = parse_role(s.text_view(4)).value_or(Role::kSystem);
      c.actor.unit = s.text(5);
      c.action = s.text(6);
      c.reason = s.text(7);
      c.rule = s.text(8);
      c.article_ref = s.text(9);
      c.version = static_cast<int>(s.int64(10));
      c.status = parse_article_status(s.text_view(11)).value_or(ArticleStatus::kDraft);
      if (!s.is_null(12)) {
        auto content = decode_change_content(s.text_view(12));
        if (!content) return fail(content.error());
        c.content = std::move(*content);
      }
      out.push_back(std::move(c));
    }
    if (rc != SQLITE_DONE) return fail(db->error(rc, "read changes"));
    return out;
  }
};

SqliteKnowledgeStore::SqliteKnowledgeStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteKnowledgeStore::~SqliteKnowledgeStore() = default;

std::filesystem::path SqliteKnowledgeStore::former_file(const std::filesystem::path& db) {
  std::filesystem::path out = db;
  out.replace_extension(".kb.db");
  return out;
}

Result<std::unique_ptr<SqliteKnowledgeStore>> SqliteKnowledgeStore::open(
    const std::filesystem::path& file) {
  auto db = sqlite::SharedConnection::open(file, /*create=*/true);
  if (!db) return fail(db.error());
  return open(std::move(*db));
}

Result<std::unique_ptr<SqliteKnowledgeStore>> SqliteKnowledgeStore::open(
    std::shared_ptr<sqlite::SharedConnection> db, const std::filesystem::path& former) {
  auto ready = db->locked([&](Connection& c) -> Status {
    if (auto st = c.exec(kSchema); !st) return st;
    if (former.empty()) return {};
    return sqlite::adopt_former_file(c, former, kFormerFile);
  });
  if (!ready) return fail(ready.error());
  auto impl = std::make_unique<Impl>();
  impl->db = &db->connection();
  impl->shared = std::move(db);
  return std::unique_ptr<SqliteKnowledgeStore>(new SqliteKnowledgeStore(std::move(impl)));
}

Status SqliteKnowledgeStore::commit(const KnowledgeCommit& commit) {
  if (commit.empty()) return {};
  // Checked and serialised before the lock is taken.
  auto stored = encode_knowledge_commit(commit);
  if (!stored) return fail(stored.error());
  auto lock = impl_->lock();
  return sqlite::transaction(*impl_->db, [&] { return impl_->write(commit, *stored); });
}

Result<std::int64_t> SqliteKnowledgeStore::next_sequence(std::string_view counter) {
  if (auto st = check_stored_text("counter", counter); !st) return fail(st.error());
  auto lock = impl_->lock();
  auto s = impl_->db->prepare(
      "INSERT INTO kb_sequences (name, value) VALUES (?, 1) "
      "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value");
  if (!s) return fail(s.error());
  s->bind(1, counter);
  const int rc = s->step();
  if (rc != SQLITE_ROW) return fail(impl_->db->error(rc, "sequence"));
  const std::int64_t value = s->int64(0);
  s->step();
  return value;
}

Result<std::optional<Article>> SqliteKnowledgeStore::load_article(std::string_view id) {
  auto lock = impl_->lock();
  auto s = impl_->db->prepare("SELECT data, revision FROM kb_articles WHERE id = ?");
  if (!s) return fail(s.error());
  s->bind(1, id);
  const int rc = s->step();
  if (rc == SQLITE_DONE) return std::optional<Article>{};
  if (rc != SQLITE_ROW) return fail(impl_->db->error(rc, "load article"));
  auto a = decode_article_row(s->text_view(0), s->int64(1));
  if (!a) return fail(a.error());
  return std::optional<Article>{std::move(*a)};
}

Result<std::vector<Article>> SqliteKnowledgeStore::list_articles(const ArticleFilter& f) {
  auto lock = impl_->lock();
  std::string sql = "SELECT data, revision FROM kb_articles WHERE 1";
  if (f.unit) sql += " AND unit = :unit";
  if (f.status) sql += " AND status = :status";
  if (f.type) sql += " AND type = :type";
  if (f.catalogue) {
    sql += " AND (catalogue = :cat OR substr(catalogue, 1, length(:cat) + 1) = :cat || '/')";
  }
  if (f.valid_until_before) sql += " AND valid_until IS NOT NULL AND valid_until <= :before";
  if (f.with_pending_revision) sql += " AND in_review = 1";
  sql += " ORDER BY catalogue, id LIMIT :limit OFFSET :offset";
  auto s = impl_->db->prepare(sql);
  if (!s) return fail(s.error());
  if (f.unit) s->bind(s->parameter(":unit"), *f.unit);
  if (f.status) s->bind(s->parameter(":status"), to_string(*f.status));
  if (f.type) s->bind(s->parameter(":type"), to_string(*f.type));
  if (f.catalogue) s->bind(s->parameter(":cat"), *f.catalogue);
  if (f.valid_until_before) s->bind(s->parameter(":before"), secs(*f.valid_until_before));
  s->bind(s->parameter(":limit"), static_cast<std::int64_t>(f.limit));
  s->bind(s->parameter(":offset"), static_cast<std::int64_t>(f.offset));
  std::vector<Article> out;
  int rc;
  while ((rc = s->step()) == SQLITE_ROW) {
    auto a = decode_article_row(s->text_view(0), s->int64(1));
    if (!a) return fail(a.error());
    out.push_back(std::move(*a));
  }
  if (rc != SQLITE_DONE) return fail(impl_->db->error(rc, "list articles"));
  return out;
}

namespace {
constexpr const char* kChangeColumns =
    "SELECT article, sequence, at, actor_id, actor_role, actor_unit, action, reason, rule, "
    "article_ref, version, status, content FROM kb_changes ";
}

Result<std::vector<ArticleChange>> SqliteKnowledgeStore::history(std::string_view article) {
  auto lock = impl_->lock();
  auto s = impl_->db->prepare(std::string(kChangeColumns) + "WHERE article = ? ORDER BY sequence");
  if (!s) return fail(s.error());
  s->bind(1, article);
  return impl_->read_changes(*s);
}

Result<std::vector<ArticleChange>> SqliteKnowledgeStore::changes_between(Instant from, Instant to) {
  auto lock = impl_->lock();
  auto s = impl_->db->prepare(std::string(kChangeColumns) +
                              "WHERE at >= ? AND at < ? ORDER BY at, article, sequence");
  if (!s) return fail(s.error());
  s->bind(1, secs(from));
  s->bind(2, secs(to));
  return impl_->read_changes(*s);
}

Result<std::optional<UpdateRequest>> SqliteKnowledgeStore::load_request(std::string_view id) {
  auto lock = impl_->lock();
  auto s = impl_->db->prepare("SELECT data, revision FROM kb_requests WHERE id = ?");
  if (!s) return fail(s.error());
  s->bind(1, id);
  const int rc = s->step();
  if (rc == SQLITE_DONE) return std::optional<UpdateRequest>{};
  if (rc != SQLITE_ROW) return fail(impl_->db->error(rc, "load request"));
  auto r = decode_request_row(s->text_view(0), s->int64(1));
  if (!r) return fail(r.error());
  return std::optional<UpdateRequest>{std::move(*r)};
}

Result<std::vector<UpdateRequest>> SqliteKnowledgeStore::list_requests(const RequestFilter& f) {
  auto lock = impl_->lock();
  std::string sql = "SELECT data, revision FROM kb_requests WHERE 1";
  if (f.unit) sql += " AND unit = :unit";
  if (f.open_only) sql += " AND status IN ('open', 'overdue')";
  if (f.due_before) sql += " AND due <= :due";
  sql += " ORDER BY due, id LIMIT :limit";
  auto s = impl_->db->prepare(sql);
  if (!s) return fail(s.error());
  if (f.unit) s->bind(s->parameter(":unit"), *f.unit);
  if (f.due_before) s->bind(s->parameter(":due"), secs(*f.due_before));
  s->bind(s->parameter(":limit"), static_cast<std::int64_t>(f.limit));
  std::vector<UpdateRequest> out;
  int rc;
  while ((rc = s->step()) == SQLITE_ROW) {
    auto r = decode_request_row(s->text_view(0), s->int64(1));
    if (!r) return fail(r.error());
    out.push_back(std::move(*r));
  }
  if (rc != SQLITE_DONE) return fail(impl_->db->error(rc, "list requests"));
  return out;
}

Result<std::vector<UnitSupervision>> SqliteKnowledgeStore::supervisions(
    std::optional<std::string> unit) {
  auto lock = impl_->lock();
  std::string sql =
      "SELECT id, unit, at, rule, article_ref, subject, reason, reason_zh FROM kb_supervisions";
  if (unit) sql += " WHERE unit = ?";
  sql += " ORDER BY at, id";
  auto s = impl_->db->prepare(sql);
  if (!s) return fail(s.error());
  if (unit) s->bind(1, *unit);
  std::vector<UnitSupervision> out;
  int rc;
  while ((rc = s->step()) == SQLITE_ROW) {
    out.push_back({s->text(0), s->text(1), instant(s->int64(2)), s->text(3), s->text(4), s->text(5),
                   s->text(6), s->text(7)});
  }
  if (rc != SQLITE_DONE) return fail(impl_->db->error(rc, "list supervisions"));
  return out;
}

Result<std::vector<KnowledgeNotice>> SqliteKnowledgeStore::notices(
    std::optional<std::string> unit) {
  auto lock = impl_->lock();
  std::string sql = "SELECT id, unit, at, kind, subject, message_zh FROM kb_notices";
  if (unit) sql += " WHERE unit = ?";
  sql += " ORDER BY id";
  auto s = impl_->db->prepare(sql);
  if (!s) return fail(s.error());
  if (unit) s->bind(1, *unit);
  std::vector<KnowledgeNotice> out;
  int rc;
  while ((rc = s->step()) == SQLITE_ROW) {
    out.push_back(
        {s->int64(0), s->text(1), instant(s->int64(2)), s->text(3), s->text(4), s->text(5)});
  }
  if (rc != SQLITE_DONE) return fail(impl_->db->error(rc, "list notices"));
  return out;
}

Result<std::optional<MonthlyReport>> SqliteKnowledgeStore::report(std::string_view unit,
                                                                  ReportKind kind,
                                                                  std::string_view month) {
  auto lock = impl_->lock();
  auto s =
      impl_->db->prepare("SELECT data FROM kb_reports WHERE unit = ? AND kind = ? AND month = ?");
  if (!s) return fail(s.error());
  s->bind(1, unit);
  s->bind(2, to_string(kind));
  s->bind(3, month);
  const int rc = s->step();
  if (rc == SQLITE_DONE) return std::optional<MonthlyReport>{};
  if (rc != SQLITE_ROW) return fail(impl_->db->error(rc, "load report"));
  auto r = decode_report_row(s->text_view(0));
  if (!r) return fail(r.error());
  return std::optional<MonthlyReport>{std::move(*r)};
}

Status SqliteKnowledgeStore::save_synonyms(const std::vector<std::vector<std::string>>& groups) {
  if (auto st = check_synonyms(groups); !st) return st;
  auto lock = impl_->lock();
  Connection& c = *impl_->db;
  return sqlite::transaction(c, [&]() -> Status {
    if (auto st = c.exec("DELETE FROM kb_synonyms"); !st) return st;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (std::size_t p = 0; p < groups[g].size(); ++p) {
        auto s = c.prepare("INSERT INTO kb_synonyms (grp, pos, term) VALUES (?, ?, ?)");
        if (!s) return fail(s.error());
        s->bind(1, static_cast<std::int64_t>(g));
        s->bind(2, static_cast<std::int64_t>(p));
        s->bind(3, groups[g][p]);
        if (auto st = impl_->step_done(*s, "insert synonym"); !st) return st;
      }
    }
    return {};
  });
}

Result<std::vector<std::vector<std::string>>> SqliteKnowledgeStore::load_synonyms() {
  auto lock = impl_->lock();
  auto s = impl_->db->prepare("SELECT grp, term FROM kb_synonyms ORDER BY grp, pos");
  if (!s) return fail(s.error());
  std::vector<std::vector<std::string>> out;
  std::int64_t last = -1;
  int rc;
  while ((rc = s->step()) == SQLITE_ROW) {
    if (s->int64(0) != last) {
      out.emplace_back();
      last = s->int64(0);
    }
    out.back().push_back(s->text(1));
  }
  if (rc != SQLITE_DONE) return fail(impl_->db->error(rc, "load synonyms"));
  return out;
}

}  // namespace hotline
