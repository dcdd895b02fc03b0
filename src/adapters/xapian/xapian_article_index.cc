#include "adapters/xapian/xapian_article_index.h"

#include <xapian.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <set>
#include <utility>

#include "core/text.h"

namespace hotline {
namespace {

// Value slots.
constexpr Xapian::valueno kValidUntil = 0;  // seconds since the epoch; none: far future
constexpr Xapian::valueno kPublicFrom = 1;  // seconds since the epoch; none: 0

constexpr double kNoExpiry = 9.0e15;
// The layout of documents (terms, values, data). An index written with
// another layout is rebuilt from the store (`hotline kb reindex`).
constexpr const char* kFormatKey = "hotline.kb.format";
constexpr const char* kFormat = "2";
// Query terms that take part in ranking (see text_query).
constexpr Xapian::termcount kMaxTerms = 12;

// Boolean term prefixes (Xapian's conventions: Q for the unique id, X… for
// our own fields).
constexpr const char* kIdPrefix = "Q";
constexpr const char* kTypePrefix = "XT";
constexpr const char* kUnitPrefix = "XU";
constexpr const char* kCataloguePrefix = "XC";
constexpr const char* kAudiencePrefix = "XA";

// Bigrams that carry no meaning in a question ("我想问一下…怎么办").
const std::set<std::string>& filler_bigrams() {
  static const std::set<std::string> kFiller = {
      "请问", "我想", "想问", "问一", "一下", "怎么", "么办", "什么", "如何", "可以", "是否",
      "我的", "你们", "我们", "能否", "一个", "现在", "这个", "那个", "为什", "为何", "需要",
      "的话", "了吗", "的吗", "吗？", "您好", "你好", "咨询", "询一", "问下", "谢谢"};
  return kFiller;
}

std::int64_t secs(Instant t) { return t.time_since_epoch().count(); }

void put_field(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

std::vector<std::string> get_fields(const std::string& data) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < data.size()) {
    const std::size_t colon = data.find(':', pos);
    if (colon == std::string::npos) break;
    const std::size_t len = std::stoul(data.substr(pos, colon - pos));
    out.push_back(data.substr(colon + 1, len));
    pos = colon + 1 + len;
  }
  return out;
}

std::string snippet_source(const ArticleContent& c) {
  std::string text = c.body;
  for (const auto& f : c.faq) {
    if (!text.empty()) text += "\n";
    text += f.question + " " + f.answer;
  }
  return text;
}

Error xapian_error(const Xapian::Error& e, std::string_view what) {
  return Error::storage("search index: " + std::string(what) + ": " + e.get_description());
}

bool contains_codepoints(const std::string& bigram, const std::string& unigram) {
  return bigram.find(unigram) != std::string::npos;
}

}  // namespace

struct XapianArticleIndex::Impl {
  std::mutex mutex;
  // The writer, when this process holds the index's write lock; `db` reads
  // (the writer itself, or a read-only handle reopened before each search
  // to see what the lock's holder has committed).
  std::optional<Xapian::WritableDatabase> writer;
  Xapian::Database db;
  Xapian::TermGenerator indexer;
  // term → the other terms of its groups, from the database's synonym table.
  std::vector<std::pair<std::string, std::vector<std::string>>> synonyms;

  explicit Impl(Xapian::WritableDatabase database) : writer(std::move(database)), db(*writer) {
    indexer.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    load_synonyms();
  }
  explicit Impl(Xapian::Database database) : db(std::move(database)) {
    indexer.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    load_synonyms();
  }

  // The writer, or the refusal of a change to an index another process holds.
  Result<Xapian::WritableDatabase*> write() {
    if (writer) return &*writer;
    return fail(XapianArticleIndex::held_elsewhere());
  }

  void load_synonyms() {
    std::vector<std::pair<std::string, std::vector<std::string>>> table;
    try {
      for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
        std::vector<std::string> others;
        for (auto s = db.synonyms_begin(*k); s != db.synonyms_end(*k); ++s) others.push_back(*s);
        table.emplace_back(*k, std::move(others));
      }
    } catch (const Xapian::UnimplementedError&) {
      return;  // in-memory backend: the table set by set_synonyms stays
    }
    set_table(std::move(table));
  }

  void set_table(std::vector<std::pair<std::string, std::vector<std::string>>> table) {
    // Longer keys first, so "医疗保险" is looked at before "医保".
    std::stable_sort(table.begin(), table.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    synonyms = std::move(table);
  }

  Xapian::Document document(const Article& a) {
    Xapian::Document doc;
    indexer.set_document(doc);
    const ArticleContent& c = a.content;
    indexer.index_text_without_positions(c.title, 3);
    for (const auto& tag : c.tags) {
      indexer.index_text_without_positions(tag, 2);
    }
    indexer.index_text_without_positions(c.body);
    for (std::string_view field : {std::string_view(c.legal_basis), std::string_view(c.scope),
                                   std::string_view(c.subjects), std::string_view(c.conditions)}) {
      indexer.index_text_without_positions(std::string(field));
    }
    for (const auto& f : c.faq) {
      indexer.index_text_without_positions(f.question, 2);
      indexer.index_text_without_positions(f.answer);
    }
    std::string catalogue_words = c.catalogue;
    std::replace(catalogue_words.begin(), catalogue_words.end(), '/', ' ');
    indexer.index_text_without_positions(catalogue_words);

    doc.add_boolean_term(kIdPrefix + a.id);
    doc.add_boolean_term(kTypePrefix + std::string(to_string(a.type)));
    doc.add_boolean_term(kUnitPrefix + a.unit);
    doc.add_boolean_term(kAudiencePrefix + std::string(to_string(a.audience)));
    for (const auto& node : catalogue_ancestors(c.catalogue)) {
      doc.add_boolean_term(kCataloguePrefix + node);
    }
    doc.add_value(kValidUntil,
                  Xapian::sortable_serialise(
                      a.valid_until ? static_cast<double>(secs(*a.valid_until)) : kNoExpiry));
    doc.add_value(kPublicFrom, Xapian::sortable_serialise(
                                   a.public_from ? static_cast<double>(secs(*a.public_from)) : 0));
    std::string data;
    put_field(data, a.id);
    put_field(data, c.title);
    put_field(data, to_string(a.type));
    put_field(data, a.unit);
    put_field(data, c.catalogue);
    put_field(data, a.valid_until ? std::to_string(secs(*a.valid_until)) : "");
    put_field(data, snippet_source(c));
    put_field(data, to_string(a.audience));
    put_field(data, a.public_from ? std::to_string(secs(*a.public_from)) : "");
    doc.set_data(data);
    return doc;
  }

  // The terms of `text` as the indexer makes them, with their frequency:
  // bigrams and words; a lone CJK character only when no bigram holds it.
  std::vector<std::pair<std::string, Xapian::termcount>> terms_of(const std::string& text,
                                                                  std::set<std::string>& chars) {
    Xapian::TermGenerator tg;
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    Xapian::Document scratch;
    tg.set_document(scratch);
    tg.index_text(text);
    std::vector<std::pair<std::string, Xapian::termcount>> longer, single;
    for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t) {
      const std::string term = *t;
      const std::size_t n = code_points(term);
      const bool cjk_single = n == 1 && static_cast<unsigned char>(term[0]) >= 0x80;
      if (cjk_single) {
        chars.insert(term);
        single.emplace_back(term, t.get_wdf());
      } else if (!filler_bigrams().count(term)) {
        longer.emplace_back(term, t.get_wdf());
      }
    }
    for (const auto& [u, wdf] : single) {
      const bool covered = std::any_of(longer.begin(), longer.end(), [&](const auto& b) {
        return contains_codepoints(b.first, u);
      });
      if (!covered) longer.emplace_back(u, wdf);
    }
    if (longer.empty()) {
      // Only filler: search with it rather than with nothing.
      for (auto t = scratch.termlist_begin(); t != scratch.termlist_end(); ++t)
        longer.emplace_back(*t, t.get_wdf());
    }
    return longer;
  }

  struct TextQuery {
    Xapian::Query ranked;  // what matches and ranks
    Xapian::Query marks;   // single characters, for highlighting only
  };

  TextQuery text_query(const std::string& text) {
    std::string expansion;
    std::string rest = text;
    for (const auto& [key, others] : synonyms) {
      const std::size_t at = rest.find(key);
      if (at == std::string::npos) continue;
      for (const auto& o : others) {
        expansion += ' ';
        expansion += o;
      }
      // A shorter key inside this one is not expanded again.
      rest = rest.substr(0, at) + ' ' + rest.substr(at + key.size());
    }
    std::vector<Xapian::Query> parts;
    std::set<std::string> seen;
    std::set<std::string> chars;
    for (const auto& source : {text, expansion}) {
      if (source.empty()) continue;
      for (const auto& [term, wqf] : terms_of(source, chars)) {
        if (seen.insert(term).second) parts.emplace_back(term, wqf);
      }
    }
    if (parts.empty()) return {Xapian::Query::MatchAll, Xapian::Query()};
    // A long request text has dozens of bigrams; the rarest ones decide the
    // ranking, and scanning the postings of common ones costs the most time.
    // OP_ELITE_SET keeps the kMaxTerms with the highest possible weight.
    TextQuery out;
    out.ranked =
        parts.size() > kMaxTerms
            ? Xapian::Query(Xapian::Query::OP_ELITE_SET, parts.begin(), parts.end(), kMaxTerms)
            : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    // MSet::snippet highlights CJK text character by character, so the
    // snippets come from a second, tiny match (the hits only) whose query
    // has the single characters (see search).
    std::vector<Xapian::Query> marks;
    for (const auto& c : chars) marks.emplace_back(c);
    out.marks = Xapian::Query(Xapian::Query::OP_OR, marks.begin(), marks.end());
    return out;
  }

  // Type, unit, catalogue and, for applicants, the public audience: boolean
  // terms, cheap inside the match. Filtering the audience here rather than
  // on the hits keeps an applicant's page full when the best matches are
  // internal answer scripts, which otherwise took a second, slow match.
  Xapian::Query narrowing_filter(const SearchQuery& q) {
    std::vector<Xapian::Query> filters;
    if (q.public_only) filters.emplace_back(kAudiencePrefix + std::string("public"));
    if (q.type) filters.emplace_back(kTypePrefix + std::string(to_string(*q.type)));
    if (q.unit) filters.emplace_back(kUnitPrefix + *q.unit);
    if (q.catalogue) filters.emplace_back(kCataloguePrefix + *q.catalogue);
    if (q.expires_before) {
      filters.emplace_back(
          Xapian::Query::OP_VALUE_LE, kValidUntil,
          Xapian::sortable_serialise(static_cast<double>(secs(*q.expires_before))));
    }
    if (filters.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
  }

  // Everything, for the slow path: the narrowing filter and the dates.
  Xapian::Query filter_query(const SearchQuery& q) {
    std::vector<Xapian::Query> filters;
    if (Xapian::Query narrow = narrowing_filter(q); !narrow.empty()) filters.push_back(narrow);
    if (q.public_only) {
      const double now = static_cast<double>(secs(q.valid_at.value_or(Instant{})));
      filters.emplace_back(Xapian::Query::OP_VALUE_LE, kPublicFrom,
                           Xapian::sortable_serialise(now));
    }
    if (q.valid_at) {
      // Valid while now < valid_until.
      filters.emplace_back(Xapian::Query::OP_VALUE_GE, kValidUntil,
                           Xapian::sortable_serialise(static_cast<double>(secs(*q.valid_at) + 1)));
    }
    if (filters.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
  }

  // The dates of filter_query, on a hit's values.
  static bool admissible(const Xapian::Document& doc, const SearchQuery& q) {
    if (q.public_only) {
      const double now = static_cast<double>(secs(q.valid_at.value_or(Instant{})));
      if (Xapian::sortable_unserialise(doc.get_value(kPublicFrom)) > now) return false;
    }
    if (q.valid_at) {
      const double now = static_cast<double>(secs(*q.valid_at));
      if (Xapian::sortable_unserialise(doc.get_value(kValidUntil)) <= now) return false;
    }
    return true;
  }

  // The checks of filter_query's audience and dates, on a hit's stored fields.
  static bool admissible(const std::vector<std::string>& f, const SearchQuery& q) {
    if (q.public_only) {
      if (f[7] != "public") return false;
      if (!f[8].empty() && std::stoll(f[8]) > secs(q.valid_at.value_or(Instant{}))) return false;
    }
    if (q.valid_at && !f[5].empty() && std::stoll(f[5]) <= secs(*q.valid_at)) return false;
    return true;
  }
};

XapianArticleIndex::XapianArticleIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XapianArticleIndex::~XapianArticleIndex() {
  if (!impl_->writer) return;
  try {
    impl_->writer->commit();
  } catch (const Xapian::Error&) {
    // Nothing to do: the store has the truth, `kb reindex` rebuilds.
  }
}

std::filesystem::path XapianArticleIndex::beside(const std::filesystem::path& db) {
  std::filesystem::path out = db;
  out.replace_extension(".kb.xapian");
  return out;
}

Result<std::unique_ptr<XapianArticleIndex>> XapianArticleIndex::open(
    const std::filesystem::path& dir, IndexAccess access) {
  try {
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
    return std::unique_ptr<XapianArticleIndex>(
        new XapianArticleIndex(std::make_unique<Impl>(std::move(db))));
  } catch (const Xapian::DatabaseLockError& e) {
    if (access != IndexAccess::kReadOnlyWhenLocked) {
      return fail(Error::conflict(
          "the knowledge base's search index " + dir.string() +
              " is locked by another process (a running `hotline serve` or a command): " +
              e.get_msg(),
          "知识库检索索引正被其他进程占用（运行中的服务或命令）"));
    }
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "open " + dir.string()));
  }
  try {
    Xapian::Database db(dir.string());
    return std::unique_ptr<XapianArticleIndex>(
        new XapianArticleIndex(std::make_unique<Impl>(std::move(db))));
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "open " + dir.string() + " to read"));
  }
}

bool XapianArticleIndex::read_only() const { return !impl_->writer; }

Error XapianArticleIndex::held_elsewhere() {
  return Error::conflict(
      "the knowledge base's search index is held by a running `hotline serve`: change articles "
      "through the server (the 知识库 screen or /api/v1/kb/…), or stop it first; searching and "
      "reading work beside it",
      "知识库检索索引正由运行中的服务占用：请通过服务（知识库页面或接口）修改，或先停止服务");
}

Result<std::unique_ptr<XapianArticleIndex>> XapianArticleIndex::in_memory() {
  try {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    return std::unique_ptr<XapianArticleIndex>(
        new XapianArticleIndex(std::make_unique<Impl>(std::move(db))));
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "in memory"));
  }
}

Status XapianArticleIndex::put(const Article& article) {
  if (!article.is_published()) return remove(article.id);
  std::lock_guard lock(impl_->mutex);
  auto w = impl_->write();
  if (!w) return fail(w.error());
  try {
    (*w)->replace_document(kIdPrefix + article.id, impl_->document(article));
    return {};
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "put " + article.id));
  }
}

Status XapianArticleIndex::remove(std::string_view id) {
  std::lock_guard lock(impl_->mutex);
  auto w = impl_->write();
  if (!w) return fail(w.error());
  try {
    std::string term(kIdPrefix);
    term.append(id);
    (*w)->delete_document(term);
    return {};
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "remove"));
  }
}

bool XapianArticleIndex::outdated() {
  std::lock_guard lock(impl_->mutex);
  try {
    return impl_->db.get_doccount() > 0 && impl_->db.get_metadata(kFormatKey) != kFormat;
  } catch (const Xapian::Error&) {
    return true;
  }
}

Status XapianArticleIndex::flush() {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->writer) return {};  // nothing of ours to commit
  try {
    Xapian::WritableDatabase& w = *impl_->writer;
    if (w.get_metadata(kFormatKey) != kFormat) w.set_metadata(kFormatKey, kFormat);
    w.commit();
    return {};
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "commit"));
  }
}

Status XapianArticleIndex::clear() {
  std::lock_guard lock(impl_->mutex);
  auto writable = impl_->write();
  if (!writable) return fail(writable.error());
  Xapian::WritableDatabase& w = **writable;
  try {
    std::vector<Xapian::docid> ids;
    for (auto it = w.postlist_begin(""); it != w.postlist_end(""); ++it) ids.push_back(*it);
    for (auto id : ids) w.delete_document(id);
    try {
      std::vector<std::string> keys;
      for (auto k = w.synonym_keys_begin(); k != w.synonym_keys_end(); ++k) keys.push_back(*k);
      for (const auto& k : keys) w.clear_synonyms(k);
    } catch (const Xapian::UnimplementedError&) {
      // in-memory backend
    }
    w.commit();
    impl_->set_table({});
    return {};
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "clear"));
  }
}

Result<std::size_t> XapianArticleIndex::size() {
  std::lock_guard lock(impl_->mutex);
  try {
    return static_cast<std::size_t>(impl_->db.get_doccount());
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "size"));
  }
}

Status XapianArticleIndex::set_synonyms(const std::vector<std::vector<std::string>>& groups) {
  std::lock_guard lock(impl_->mutex);
  // Every term of a group is a key with the others as its synonyms.
  std::vector<std::pair<std::string, std::vector<std::string>>> table;
  for (const auto& g : groups) {
    for (const auto& key : g) {
      std::vector<std::string> others;
      for (const auto& other : g) {
        if (other != key) others.push_back(other);
      }
      table.emplace_back(key, std::move(others));
    }
  }
  auto writable = impl_->write();
  if (!writable) return fail(writable.error());
  Xapian::WritableDatabase& w = **writable;
  try {
    std::vector<std::string> keys;
    for (auto k = w.synonym_keys_begin(); k != w.synonym_keys_end(); ++k) keys.push_back(*k);
    for (const auto& k : keys) w.clear_synonyms(k);
    for (const auto& [key, others] : table) {
      for (const auto& o : others) w.add_synonym(key, o);
    }
    impl_->load_synonyms();
    return {};
  } catch (const Xapian::UnimplementedError&) {
    // The in-memory backend has no synonym table: keep them in memory only.
    impl_->set_table(std::move(table));
    return {};
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "synonyms"));
  }
}

Result<SearchResults> XapianArticleIndex::search(const SearchQuery& q) {
  std::lock_guard lock(impl_->mutex);
  try {
    if (!impl_->writer && impl_->db.reopen()) impl_->load_synonyms();
    const auto text = impl_->text_query(q.text);
    // Fast path: match with the boolean filters only, fetch a few more than
    // asked, and drop the hits the dates exclude (checked on the stored
    // fields). Value-range filters inside the match cost more than the
    // ranking itself at 100,000 articles. When too many hits are dropped to
    // fill the page, match again with every filter inside.
    const auto want = static_cast<Xapian::doccount>(q.offset + q.limit);
    constexpr Xapian::doccount kSlack = 20;
    Xapian::Enquire enquire(impl_->db);
    Xapian::Query narrowed = text.ranked;
    if (Xapian::Query f = impl_->narrowing_filter(q); !f.empty())
      narrowed = Xapian::Query(Xapian::Query::OP_FILTER, narrowed, f);
    enquire.set_query(narrowed);
    Xapian::MSet mset = enquire.get_mset(0, want + kSlack);
    // The dates are checked on the values (a few bytes each); the stored
    // fields, with the snippet text, are read for the page's hits only.
    struct Found {
      Xapian::Document doc;
      double weight;
      std::vector<std::string> fields;
    };
    std::vector<Found> kept;
    Xapian::doccount dropped = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Xapian::Document doc = it.get_document();
      if (Impl::admissible(doc, q)) {
        kept.push_back({std::move(doc), it.get_weight(), {}});
      } else {
        ++dropped;
      }
    }
    SearchResults out;
    std::size_t first = q.offset;
    if (kept.size() >= want || mset.size() < want + kSlack) {
      out.estimated_total = mset.get_matches_estimated() - dropped;
    } else {
      const Xapian::Query filter = impl_->filter_query(q);
      enquire.set_query(filter.empty()
                            ? text.ranked
                            : Xapian::Query(Xapian::Query::OP_FILTER, text.ranked, filter));
      mset = enquire.get_mset(static_cast<Xapian::doccount>(q.offset),
                              static_cast<Xapian::doccount>(q.limit));
      kept.clear();
      for (auto it = mset.begin(); it != mset.end(); ++it)
        kept.push_back({it.get_document(), it.get_weight(), {}});
      out.estimated_total = mset.get_matches_estimated();
      first = 0;
    }
    // The page: its stored fields, checked again (audience included) as a
    // last guard before anything reaches an applicant.
    {
      std::vector<Found> page;
      for (std::size_t i = first; i < std::min(kept.size(), first + q.limit); ++i) {
        kept[i].fields = get_fields(kept[i].doc.get_data());
        if (kept[i].fields.size() >= 9 && Impl::admissible(kept[i].fields, q))
          page.push_back(std::move(kept[i]));
      }
      kept = std::move(page);
      first = 0;
    }
    const std::size_t last = std::min(kept.size(), first + q.limit);
    // Snippets: a second match over the hits only, with the single
    // characters, so MSet::snippet can highlight CJK text.
    Xapian::MSet snippets;
    if (q.snippet_bytes > 0 && first < last) {
      std::vector<Xapian::Query> hits;
      for (std::size_t i = first; i < last; ++i) hits.emplace_back(kIdPrefix + kept[i].fields[0]);
      Xapian::Query ids(Xapian::Query::OP_OR, hits.begin(), hits.end());
      Xapian::Query marked = text.ranked;
      if (!text.marks.empty()) {
        marked = Xapian::Query(Xapian::Query::OP_OR, text.ranked, text.marks);
      }
      Xapian::Enquire highlighter(impl_->db);
      highlighter.set_query(Xapian::Query(Xapian::Query::OP_FILTER, marked, ids));
      snippets = highlighter.get_mset(0, static_cast<Xapian::doccount>(last - first));
    }
    int rank = static_cast<int>(q.offset);
    for (std::size_t i = first; i < last; ++i) {
      const auto& fields = kept[i].fields;
      SearchHit hit;
      hit.id = fields[0];
      hit.title = fields[1];
      hit.type = parse_article_type(fields[2]).value_or(ArticleType::kServiceGuide);
      hit.unit = fields[3];
      hit.catalogue = fields[4];
      if (!fields[5].empty()) hit.valid_until = Instant{Seconds{std::stoll(fields[5])}};
      hit.score = kept[i].weight;
      hit.rank = ++rank;
      if (q.snippet_bytes > 0) {
        hit.snippet = snippets.snippet(fields[6], q.snippet_bytes, Xapian::Stem(),
                                       Xapian::MSet::SNIPPET_CJK_NGRAM, "<mark>", "</mark>", "…");
        // Adjacent characters make one mark: <mark>医</mark><mark>保</mark> → <mark>医保</mark>.
        for (std::size_t at; (at = hit.snippet.find("</mark><mark>")) != std::string::npos;)
          hit.snippet.erase(at, 13);
      }
      out.hits.push_back(std::move(hit));
    }
    return out;
  } catch (const Xapian::Error& e) {
    return fail(xapian_error(e, "search"));
  }
}

}  // namespace hotline
