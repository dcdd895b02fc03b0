// Commands of the knowledge base (issue 5): `hotline kb …`.
//
// The knowledge base's articles live in the work-order database's file
// ("var/hotline.db", tables kb_*), its search index beside it in
// "var/hotline.kb.xapian" (Xapian, rebuilt by `kb reindex`).

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
#include <sstream>

#include "adapters/json/article_json.h"
#include "adapters/json/json_reader.h"
#include "adapters/toml/article_markdown.h"
#include "adapters/xapian/xapian_article_index.h"
#include "adapters/xlsx/catalogue_xlsx.h"
#include "app/cli.h"
#include "application/command_table.h"
#include "core/knowledge/knowledge_service.h"

namespace hotline::cli {
namespace {

struct KbOptions {
  std::string as;
  std::string reason;
  std::string file;
  std::string id;
  std::string text;
  std::string args;
  std::string type;
  std::string unit;
  std::string catalogue;
  std::string status;
  std::string kind;
  std::string month;
  std::string article;
  std::string public_from;
  std::string format;  // import/export: jsonl | markdown
  std::size_t limit = 10;
  bool include_expired = false;
  bool emergency = false;
  bool no_changes = false;
  bool history = false;
  bool json = false;
  std::size_t articles = 100000;
  std::size_t queries = 2000;
  std::string index_dir;
  bool reuse_index = false;
};

// The knowledge base of the composition root, with the parts the commands use.
struct Kb {
  std::unique_ptr<CompositionRoot> root;
  Platform* platform = nullptr;
  XapianArticleIndex* index = nullptr;
  KnowledgeService* service = nullptr;
  // The use case the server runs too: the changes below go through it, with
  // the same role checks and audit entries as over HTTP.
  KnowledgeBase* use_case = nullptr;
};

// Who the exports list the articles as: the command-line administrator.
Actor exporter() { return Actor{"administrator", Role::kAdministrator, "office"}; }

Result<std::unique_ptr<Kb>> open_kb(const GlobalOptions& g) {
  auto root = open_root(g);
  if (!root) return fail(root.error());
  auto kb = std::make_unique<Kb>();
  kb->root = std::move(*root);
  auto services = kb->root->knowledge();
  if (!services) return fail(services.error());
  kb->platform = &kb->root->platform();
  kb->index = (*services)->index.get();
  kb->service = (*services)->service.get();
  auto use_case = kb->root->knowledge_base();
  if (!use_case) return fail(use_case.error());
  kb->use_case = *use_case;
  return kb;
}

Result<std::optional<Actor>> actor_of(const std::string& as, const char* fallback) {
  const std::string text = as.empty() ? fallback : as;
  if (text == "anonymous") return std::optional<Actor>{};
  auto actor = parse_actor(text);
  if (!actor) return fail(actor.error());
  return std::optional<Actor>{*actor};
}

Result<std::string> read_text(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(Error::invalid("file", "cannot read " + file, "无法读取文件"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The import format: as asked, else Markdown for a directory or a *.md file.
Result<std::string> file_format(const std::string& asked, const std::string& path) {
  if (asked == "jsonl" || asked == "markdown") return asked;
  if (!asked.empty()) {
    return fail(Error::invalid("--format", "jsonl or markdown, not " + asked,
                               "格式应为 jsonl 或 markdown"));
  }
  const std::filesystem::path p(path);
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec) || p.extension() == ".md")
    return std::string("markdown");
  return std::string("jsonl");
}

Result<nlohmann::json> json_arg(const std::string& text) {
  std::string body = text;
  if (!text.empty() && text[0] == '@') {
    auto read = read_text(text.substr(1));
    if (!read) return fail(read.error());
    body = *read;
  }
  auto j = parse_json(body);
  if (!j) return fail(Error::invalid("--args", j.error().message, "参数不是有效的 JSON"));
  return j;
}

// The answer of kb-search (SearchResults as the caller may see them).
void print_hits(const nlohmann::json& r, bool as_json) {
  if (as_json) {
    std::cout << r.dump(2) << "\n";
    return;
  }
  std::cout << "about " << r.value("estimated_total", 0) << " matching\n";
  const nlohmann::json& hits = r["hits"];
  for (const auto& h : hits) {
    const auto type = parse_article_type(h.value("type", ""));
    std::cout << std::setw(2) << h.value("rank", 0) << ". " << h.value("title", "") << "  ["
              << h.value("id", "") << ", " << (type ? article_type_chinese(*type) : "") << ", "
              << h.value("unit", "") << ", " << h.value("catalogue", "") << "]  " << std::fixed
              << std::setprecision(2) << h.value("score", 0.0) << "\n    " << h.value("snippet", "")
              << "\n";
  }
}

// Runs a knowledge-base query through the use case as `actor` (none:
// anonymous), with query parameters, as its GET route does.
Result<nlohmann::json> run_query(Kb& k, std::string_view name, const std::optional<Actor>& actor,
                                 std::multimap<std::string, std::string> query,
                                 std::map<std::string, std::string> path = {}) {
  OperationCall call = cli_call(actor);
  call.query = std::move(query);
  call.path = std::move(path);
  return k.use_case->execute(name, call);
}

// Runs a knowledge-base operation through the use case, as the server does
// (role check, strict arguments, audit entry "command:<name>", remote "cli").
Result<nlohmann::json> run_operation(Kb& k, std::string_view name, const Actor& actor,
                                     std::map<std::string, std::string> path,
                                     nlohmann::json body = nlohmann::json::object()) {
  OperationCall call = cli_call(actor);
  call.path = std::move(path);
  call.body = std::move(body);
  return k.use_case->execute(name, call);
}

// The body of an operation: the --args JSON with the --reason beside it.
Result<nlohmann::json> body_with_reason(const std::string& args, const std::string& reason) {
  auto j = json_arg(args);
  if (!j) return fail(j.error());
  if (!j->is_object()) return fail(Error::invalid("--args", "a JSON object", "参数应为 JSON 对象"));
  if (!reason.empty()) (*j)["reason"] = reason;
  return j;
}

// ---- Search quality: the share of questions whose article is in the top 5 ----

struct Question {
  std::string text;
  std::vector<std::string> expect;
};

Result<std::vector<Question>> read_questions(const std::string& file) {
  auto text = read_text(file);
  if (!text) return fail(text.error());
  std::vector<Question> out;
  std::istringstream in(*text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = parse_json(line);
    if (!j)
      return fail(Error::invalid("line " + std::to_string(n), j.error().message, "JSON 无效"));
    JsonReader r(*j, "");
    Question q{r.string("q", true), r.strings("expect")};
    if (auto st = r.finish(); !st) return fail(st.error());
    out.push_back(std::move(q));
  }
  return out;
}

int evaluate(Kb& kb, const KbOptions& o) {
  auto questions = read_questions(o.file);
  if (!questions) return report_error(questions.error());
  const Actor agent{"agent.eval", Role::kAgent, "office"};
  int top1 = 0, top5 = 0;
  double reciprocal = 0;
  for (const auto& q : *questions) {
    auto found = kb.service->suggest(agent, q.text, 5);
    if (!found) return report_error(found.error());
    int rank = 0;
    for (const auto& h : found->hits) {
      if (std::find(q.expect.begin(), q.expect.end(), h.id) != q.expect.end()) {
        rank = h.rank;
        break;
      }
    }
    if (rank == 1) ++top1;
    if (rank >= 1) {
      ++top5;
      reciprocal += 1.0 / rank;
    } else if (o.json) {
      std::cout << "miss: " << q.text << " → "
                << (found->hits.empty() ? std::string("(none)") : found->hits[0].id) << "\n";
    }
  }
  const double n = static_cast<double>(questions->size());
  std::cout << std::fixed << std::setprecision(3) << "questions " << questions->size() << "  top-1 "
            << top1 / n << "  top-5 " << top5 / n << "  MRR@5 " << reciprocal / n << "\n";
  return 0;
}

// ---- Benchmark: indexing rate and search latency at N articles ----

std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  const std::string stop = "。";
  while (start < text.size()) {
    std::size_t end = text.find(stop, start);
    if (end == std::string::npos)
      end = text.size();
    else
      end += stop.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end;
  }
  return out;
}

int bench(const GlobalOptions& g, const KbOptions& o) {
  const std::filesystem::path data = g.data_dir;
  auto text = read_text((data / "knowledge" / "articles.jsonl").string());
  if (!text) return report_error(text.error());
  auto file = read_article_lines(*text);
  if (!file) return report_error(file.error());
  auto questions = read_questions((data / "knowledge" / "questions.jsonl").string());
  if (!questions) return report_error(questions.error());
  std::vector<std::string> pool;
  for (const auto& a : file->articles) {
    for (auto& s : sentences(a.draft.content.body)) pool.push_back(s);
    for (const auto& f : a.draft.content.faq) pool.push_back(f.question + f.answer);
  }
  const std::vector<std::string> districts = {
      "和平区", "河东区", "河西区", "南开区", "河北区",   "红桥区", "东丽区", "西青区",
      "津南区", "北辰区", "武清区", "宝坻区", "滨海新区", "宁河区", "静海区", "蓟州区"};
  std::filesystem::path dir = o.index_dir.empty()
                                  ? std::filesystem::temp_directory_path() /
                                        ("hotline-kb-bench-" + std::to_string(::getpid()))
                                  : std::filesystem::path(o.index_dir);
  // Searches can be timed again on a kept index without the minutes of indexing.
  const bool reuse = o.reuse_index && !o.index_dir.empty() && std::filesystem::exists(dir);
  if (!reuse) std::filesystem::remove_all(dir);
  auto index = XapianArticleIndex::open(dir);
  if (!index) return report_error(index.error());
  if (reuse) {
    auto n = (*index)->size();
    if (!n || *n != o.articles || (*index)->outdated()) {
      return report_error(Error::invalid("--reuse-index",
                                         "the kept index does not hold --articles articles of "
                                         "this layout",
                                         "保留的索引与 --articles 或索引格式不符"));
    }
  }
  std::mt19937 rng(12345);
  const Instant now = parse_iso8601("2026-03-02T09:00:00+08:00").value();
  std::vector<Article> batch;
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  for (std::size_t i = 0; i < o.articles; ++i) {
    if (reuse) {
      // The same random draws as when indexing, so the queries are the same.
      (void)rng();
      for (int k = 0; k < 4; ++k) (void)rng();
      continue;
    }
    const auto& base = file->articles[i % file->articles.size()].draft;
    Article a;
    a.id = "bench." + std::to_string(i);
    a.type = base.type;
    a.unit = base.unit;
    a.audience = base.audience.value_or(default_audience(base.type));
    a.status = ArticleStatus::kPublished;
    a.content = base.content;
    const std::string& district = districts[rng() % districts.size()];
    a.content.title = district + base.content.title + "（第" + std::to_string(i / 48 + 1) + "版）";
    a.content.catalogue = base.content.catalogue + "/" + district;
    std::string body = base.content.body;
    for (int k = 0; k < 3; ++k) body += pool[rng() % pool.size()];
    a.content.body = body;
    a.valid_until = now + Seconds{static_cast<long>(rng() % (400L * 86400)) - 30L * 86400};
    if (auto st = (*index)->put(a); !st) return report_error(st.error());
    if ((i + 1) % 10000 == 0) {
      if (auto st = (*index)->flush(); !st) return report_error(st.error());
    }
  }
  if (auto st = (*index)->flush(); !st) return report_error(st.error());
  const double index_seconds = std::chrono::duration<double>(clock::now() - t0).count();
  std::vector<std::vector<std::string>> groups;
  for (const auto& gsyn : file->synonyms) groups.push_back(gsyn);
  (void)(*index)->set_synonyms(groups);
  (void)(*index)->flush();

  // Queries: the question set, then fragments of article text.
  std::vector<std::string> queries;
  for (const auto& q : *questions) queries.push_back(q.text);
  while (queries.size() < o.queries) queries.push_back(pool[rng() % pool.size()].substr(0, 30));
  auto run = [&](bool applicant, std::size_t snippet_bytes) {
    std::vector<double> ms;
    for (std::size_t i = 0; i < o.queries; ++i) {
      SearchQuery q;
      q.text = queries[i % queries.size()];
      q.limit = 10;
      q.valid_at = now;
      q.public_only = applicant;
      q.snippet_bytes = snippet_bytes;
      const auto s = clock::now();
      auto r = (*index)->search(q);
      ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - s).count());
      if (!r) {
        report_error(r.error());
        return std::vector<double>{};
      }
    }
    std::sort(ms.begin(), ms.end());
    return ms;
  };
  (void)run(false, 240);  // warm the page cache
  for (auto [applicant, snippets] :
       {std::pair{false, true}, std::pair{true, true}, std::pair{false, false}}) {
    auto ms = run(applicant, snippets ? 240 : 0);
    if (ms.empty()) return 1;
    auto pct = [&](double p) {
      return ms[static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1))];
    };
    std::cout << std::fixed << std::setprecision(2) << (applicant ? "applicant" : "agent    ")
              << " search: " << ms.size() << " queries, p50 " << pct(0.50) << " ms, p90 "
              << pct(0.90) << " ms, p99 " << pct(0.99) << " ms, max " << ms.back() << " ms (top 10"
              << (snippets ? " with snippets" : ", no snippets") << ")\n";
  }
  if (reuse) {
    std::cout << "searched the kept index of " << o.articles << " articles in " << dir.string()
              << "\n";
  } else {
    std::cout << std::fixed << std::setprecision(0) << "indexed " << o.articles << " articles in "
              << std::setprecision(2) << index_seconds << " s: " << std::setprecision(0)
              << static_cast<double>(o.articles) / index_seconds << " articles/s (Xapian glass, "
              << dir.string() << ")\n";
  }
  index->reset();
  if (o.index_dir.empty()) std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

void add_knowledge_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto o = std::make_shared<KbOptions>();
  auto* kb = app.add_subcommand("kb", "knowledge base: articles, search, workflow, reports");
  kb->require_subcommand(1);

  // Runs `body` with the knowledge base opened; stores the exit code.
  auto with_kb = [&g, &exit_code](const std::function<int(Kb&)>& body) {
    return [&g, &exit_code, body]() {
      auto opened = open_kb(g);
      if (!opened) {
        exit_code = report_error(opened.error());
        return;
      }
      exit_code = body(**opened);
    };
  };
  // Commands that may change published articles (and so the search index):
  // refused before anything is written while a server holds the index.
  auto with_kb_index = [&g, &exit_code](const std::function<int(Kb&)>& body) {
    return [&g, &exit_code, body]() {
      auto opened = open_kb(g);
      if (!opened) {
        exit_code = report_error(opened.error());
        return;
      }
      if ((*opened)->index->read_only()) {
        exit_code = report_error(XapianArticleIndex::held_elsewhere());
        return;
      }
      exit_code = body(**opened);
    };
  };
  auto add_as = [o](CLI::App* c, const char* help) { return c->add_option("--as", o->as, help); };

  // ---- import / export ----
  auto* import_cmd =
      kb->add_subcommand("import", "import articles from JSON lines or Markdown files");
  import_cmd
      ->add_option("path", o->file,
                   "a JSON-lines file, a Markdown file or a directory of them "
                   "(docs/knowledge-base.md)")
      ->required();
  import_cmd->add_option("--format", o->format,
                         "jsonl|markdown (default: markdown for a directory or *.md)");
  add_as(import_cmd, "actor (default administrator@office)");
  import_cmd->callback(with_kb_index([o](Kb& k) {
    auto actor = actor_of(o->as, "administrator@office#kb-import");
    if (!actor) return report_error(actor.error());
    auto format = file_format(o->format, o->file);
    if (!format) return report_error(format.error());
    // Where each record came from, for the report of refused articles.
    std::vector<std::string> sources;
    ArticleFile file;
    if (*format == "markdown") {
      auto read = read_article_markdown_path(o->file);
      if (!read) return report_error(read.error());
      file.articles = std::move(read->articles);
      sources = std::move(read->files);
    } else {
      auto text = read_text(o->file);
      if (!text) return report_error(text.error());
      auto read = read_article_lines(*text);
      if (!read) return report_error(read.error());
      file = std::move(*read);
      for (const auto& a : file.articles) sources.push_back(o->file + ":" + std::to_string(a.line));
    }
    // Through the use case, as POST /api/v1/kb/import: the same role check
    // and the audit entry "command:kb-import", committed with the articles.
    OperationCall call = cli_call(**actor);
    const std::size_t groups = file.synonyms.size();
    auto report = k.use_case->import(
        call, kb::ImportArticles{std::move(file.articles), std::move(file.synonyms)});
    if (!report) return report_error(report.error());
    const auto& outcomes = (*report)["outcomes"];
    const std::size_t ok = (*report)["imported"].get<std::size_t>();
    const std::size_t refused = (*report)["refused"].get<std::size_t>();
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const auto& out = outcomes[i];
      if (out["ok"].get<bool>()) continue;
      const auto& e = out["error"];
      const std::string rule = e["rule"].get<std::string>();
      const std::string article = e["article"].get<std::string>();
      std::cerr << (i < sources.size() ? sources[i] : o->file) << ": "
                << out["id"].get<std::string>() << ": " << (rule.empty() ? "" : "[" + rule + "] ")
                << e["message"].get<std::string>() << (article.empty() ? "" : " (" + article + ")")
                << "\n  " << e["message_zh"].get<std::string>() << "\n";
    }
    std::cout << "imported " << ok << " articles, refused " << refused << ", synonym groups "
              << groups << "\n";
    return refused ? 1 : 0;
  }));

  auto* export_cmd = kb->add_subcommand("export", "export articles as JSON lines or Markdown");
  export_cmd->add_option("path", o->file,
                         "output file (JSON lines; default: standard output) or directory "
                         "(Markdown, one ID.md per article)");
  export_cmd->add_option("--format", o->format, "jsonl|markdown (default jsonl)");
  export_cmd->add_option("--status", o->status, "only this status");
  export_cmd->callback(with_kb([o](Kb& k) {
    ArticleFilter f;
    f.limit = 1000000;
    if (!o->status.empty()) {
      f.status = parse_article_status(o->status);
      if (!f.status) return report_error(Error::invalid("--status", "unknown status", "状态无效"));
    }
    if (!o->format.empty() && o->format != "jsonl" && o->format != "markdown") {
      return report_error(
          Error::invalid("--format", "jsonl or markdown", "格式应为 jsonl 或 markdown"));
    }
    // Through the service, as the office's staff list articles (KB-1): the
    // command line holds no store.
    auto list = k.service->list(exporter(), f);
    if (!list) return report_error(list.error());
    auto synonyms = k.service->synonyms();
    if (!synonyms) return report_error(synonyms.error());
    if (o->format == "markdown") {
      if (o->file.empty()) {
        return report_error(Error::invalid("path", "Markdown is exported into a directory",
                                           "Markdown 格式须导出到目录"));
      }
      auto written = write_article_markdown_dir(o->file, *list);
      if (!written) return report_error(written.error());
      std::cerr << "exported " << written->size() << " articles to " << o->file << "/\n";
      if (!synonyms->empty()) {
        std::cerr
            << "note: " << synonyms->size()
            << " synonym groups are not part of Markdown files; export them with "
               "--format jsonl\n  注意：同义词组不随 Markdown 导出，请用 --format jsonl 导出\n";
      }
      return 0;
    }
    const std::string out = write_article_lines(*list, *synonyms);
    if (o->file.empty()) {
      std::cout << out;
    } else {
      std::ofstream f2(o->file, std::ios::binary);
      f2 << out;
      if (!f2) return report_error(Error::storage("cannot write " + o->file));
      std::cerr << "exported " << list->size() << " articles to " << o->file << "\n";
    }
    return 0;
  }));

  auto* xlsx_cmd = kb->add_subcommand("export-catalogue", "the catalogue as an Excel workbook");
  xlsx_cmd->add_option("file", o->file, "FILE.xlsx")->required();
  xlsx_cmd->callback(with_kb([o](Kb& k) {
    ArticleFilter f;
    f.limit = 1000000;
    auto list = k.service->list(exporter(), f);
    if (!list) return report_error(list.error());
    CatalogueExportOptions options;
    options.now = k.platform->clock->now();
    if (auto st = export_catalogue_xlsx(o->file, *list, *k.platform->organisation, options); !st)
      return report_error(st.error());
    std::cout << "wrote " << o->file << " (" << list->size() << " articles)\n";
    return 0;
  }));

  // ---- search ----
  auto* search_cmd = kb->add_subcommand("search", "full-text search");
  search_cmd->add_option("text", o->text, "what to look for")->required();
  add_as(search_cmd, "actor (default agent@office; 'applicant' or 'anonymous' for the public)");
  search_cmd->add_option("--type", o->type, "article type");
  search_cmd->add_option("--unit", o->unit, "owning unit");
  search_cmd->add_option("--catalogue", o->catalogue, "catalogue node, e.g. 医疗保障");
  search_cmd->add_option("--limit", o->limit, "at most this many");
  search_cmd->add_flag("--include-expired", o->include_expired, "office: also expired articles");
  search_cmd->add_flag("--json", o->json, "print JSON");
  search_cmd->callback(with_kb([o](Kb& k) {
    auto actor = actor_of(o->as, "agent@office#agent");
    if (!actor) return report_error(actor.error());
    // kb-search, as GET /api/v1/kb/search runs it.
    std::multimap<std::string, std::string> q = {{"q", o->text},
                                                 {"limit", std::to_string(o->limit)}};
    if (!o->type.empty()) q.emplace("type", o->type);
    if (!o->unit.empty()) q.emplace("unit", o->unit);
    if (!o->catalogue.empty()) q.emplace("catalogue", o->catalogue);
    if (o->include_expired) q.emplace("include_expired", "true");
    auto found = run_query(k, kb::Search::kSpec.name, *actor, std::move(q));
    if (!found) return report_error(found.error());
    print_hits(*found, o->json);
    return 0;
  }));

  auto* suggest_cmd = kb->add_subcommand("suggest", "articles answering a request's text (top 5)");
  suggest_cmd->add_option("text", o->text, "the request's text")->required();
  add_as(suggest_cmd, "actor (default agent@office)");
  suggest_cmd->add_flag("--json", o->json, "print JSON");
  suggest_cmd->callback(with_kb([o](Kb& k) {
    auto actor = actor_of(o->as, "agent@office#agent");
    if (!actor || !*actor)
      return report_error(Error::invalid("--as", "staff only", "仅限工作人员"));
    auto found =
        run_operation(k, kb::Suggest::kSpec.name, **actor, {}, {{"text", o->text}, {"limit", 5}});
    if (!found) return report_error(found.error());
    print_hits(*found, o->json);
    return 0;
  }));

  auto* evaluate_cmd = kb->add_subcommand("evaluate", "top-5 hit rate on a question set");
  evaluate_cmd->add_option("file", o->file, "questions JSON lines {\"q\", \"expect\": [ids]}")
      ->required();
  evaluate_cmd->add_flag("--verbose", o->json, "print misses");
  evaluate_cmd->callback(with_kb([o](Kb& k) { return evaluate(k, *o); }));

  auto* show_cmd = kb->add_subcommand("show", "an article (and its history)");
  show_cmd->add_option("id", o->id, "article id")->required();
  add_as(show_cmd, "actor (default agent@office)");
  show_cmd->add_flag("--history", o->history, "with who changed what, when and why");
  show_cmd->callback(with_kb([o](Kb& k) {
    auto actor = actor_of(o->as, "agent@office#agent");
    if (!actor) return report_error(actor.error());
    auto a = run_query(k, kb::GetArticle::kSpec.name, *actor, {}, {{"id", o->id}});
    if (!a) return report_error(a.error());
    std::cout << a->dump(2) << "\n";
    if (o->history && *actor) {
      auto h = run_query(k, kb::ArticleHistoryOf::kSpec.name, *actor, {}, {{"id", o->id}});
      if (!h) return report_error(h.error());
      const nlohmann::json& changes = (*h)["history"];
      for (const auto& c : changes) {
        const nlohmann::json& by = c["actor"];
        const std::string rule = c.value("rule", "");
        std::cout << c.value("at", "") << "  v" << c.value("version", 0) << "  "
                  << c.value("action", "") << "  " << by.value("id", "") << " ("
                  << by.value("role", "") << "@" << by.value("unit", "") << ")"
                  << (rule.empty() ? "" : "  [" + rule + " " + c.value("article_ref", "") + "]")
                  << "  " << c.value("reason", "") << "\n";
      }
    }
    return 0;
  }));

  // ---- workflow ----
  auto* create_cmd = kb->add_subcommand("create", "create a draft article");
  create_cmd->add_option("--args", o->args, "the article as JSON, or @file")->required();
  add_as(create_cmd, "actor, e.g. unit-staff@dept.medical-security#li")->required();
  create_cmd->add_option("--reason", o->reason, "why");
  create_cmd->callback(with_kb_index([o](Kb& k) {
    auto actor = actor_of(o->as, "");
    if (!actor || !*actor)
      return report_error(Error::invalid("--as", "an actor is needed", "请指定操作人"));
    auto body = body_with_reason(o->args, o->reason);
    if (!body) return report_error(body.error());
    auto a = run_operation(k, kb::CreateArticle::kSpec.name, **actor, {}, std::move(*body));
    if (!a) return report_error(a.error());
    std::cout << a->dump(2) << "\n";
    return 0;
  }));

  auto* edit_cmd = kb->add_subcommand("edit", "new text for an article");
  edit_cmd->add_option("id", o->id, "article id")->required();
  edit_cmd->add_option("--args", o->args, "the content as JSON, or @file")->required();
  add_as(edit_cmd, "actor")->required();
  edit_cmd->add_option("--reason", o->reason, "why");
  edit_cmd->callback(with_kb_index([o](Kb& k) {
    auto actor = actor_of(o->as, "");
    if (!actor || !*actor)
      return report_error(Error::invalid("--as", "an actor is needed", "请指定操作人"));
    auto body = body_with_reason(o->args, o->reason);
    if (!body) return report_error(body.error());
    auto a =
        run_operation(k, kb::EditArticle::kSpec.name, **actor, {{"id", o->id}}, std::move(*body));
    if (!a) return report_error(a.error());
    std::cout << a->dump(2) << "\n";
    return 0;
  }));

  // The workflow's steps: CLI verb, help, the use case's operation, default actor.
  const std::vector<std::tuple<const char*, const char*, std::string_view, const char*>> actions = {
      {"submit", "submit a draft or revision for review", kb::SubmitArticle::kSpec.name, nullptr},
      {"approve", "office: publish what is in review", kb::ApproveArticle::kSpec.name,
       "dispatcher@office#reviewer"},
      {"publish", "office: publish what is in review (alias of approve)",
       kb::ApproveArticle::kSpec.name, "dispatcher@office#reviewer"},
      {"reject", "office: send back to the unit with reasons", kb::RejectArticle::kSpec.name,
       "dispatcher@office#reviewer"},
      {"withdraw", "withdraw a published article", kb::WithdrawArticle::kSpec.name, nullptr},
      {"confirm", "owning unit: confirm an article is still right (KB-5)",
       kb::ConfirmArticle::kSpec.name, nullptr},
  };
  for (const auto& [name, help, action, fallback] : actions) {
    auto* cmd = kb->add_subcommand(name, help);
    cmd->add_option("id", o->id, "article id")->required();
    add_as(cmd, "actor");
    cmd->add_option("--reason", o->reason, "why");
    cmd->callback(with_kb_index([o, action = action, fallback = fallback](Kb& k) {
      auto actor = actor_of(o->as, fallback ? fallback : "");
      if (!actor || !*actor)
        return report_error(Error::invalid("--as", "an actor is needed", "请指定操作人"));
      auto a = run_operation(k, action, **actor, {{"id", o->id}}, {{"reason", o->reason}});
      if (!a) return report_error(a.error());
      const nlohmann::json& j = *a;
      std::cout << j.value("id", "") << ": " << j.value("status", "") << ", version "
                << j.value("version", 0)
                << (j.contains("valid_until") && j["valid_until"].is_string()
                        ? ", valid until " + j["valid_until"].get<std::string>()
                        : "")
                << (j.contains("revision") && j["revision"].is_object()
                        ? (j["revision"].value("in_review", false) ? ", revision in review"
                                                                   : ", revision in draft")
                        : "")
                << "\n";
      return 0;
    }));
  }

  auto* prenotify_cmd = kb->add_subcommand("prenotify", "pre-notice of a policy (KB-4)");
  prenotify_cmd->add_option("id", o->id, "article id")->required();
  prenotify_cmd->add_option("--public-from", o->public_from, "when the policy goes public")
      ->required();
  add_as(prenotify_cmd, "actor")->required();
  prenotify_cmd->add_option("--reason", o->reason, "why");
  prenotify_cmd->callback(with_kb([o](Kb& k) {
    auto actor = actor_of(o->as, "");
    if (!actor || !*actor)
      return report_error(Error::invalid("--as", "an actor is needed", "请指定操作人"));
    auto a = run_operation(k, kb::PrenotifyArticle::kSpec.name, **actor, {{"id", o->id}},
                           {{"public_from", o->public_from}, {"reason", o->reason}});
    if (!a) return report_error(a.error());
    std::cout << a->value("id", "") << ": pre-notified, public from " << a->value("public_from", "")
              << "\n";
    return 0;
  }));

  // ---- update requests ----
  auto* request_cmd = kb->add_subcommand("request-update", "office: ask a unit for content (KB-3)");
  request_cmd->add_option("--unit", o->unit, "the unit")->required();
  request_cmd->add_option("--kind", o->kind, "add|correct|confirm|withdraw")->required();
  request_cmd->add_option("--article", o->article, "the article concerned");
  request_cmd->add_option("--text", o->text, "what is needed")->required();
  request_cmd->add_flag("--emergency", o->emergency, "sudden event: 1 day, clock time (R17)");
  add_as(request_cmd, "actor (default dispatcher@office)");
  request_cmd->callback(with_kb([o](Kb& k) {
    auto actor = actor_of(o->as, "dispatcher@office#kb");
    if (!actor || !*actor)
      return report_error(Error::invalid("--as", "an actor is needed", "请指定操作人"));
    auto r = run_operation(k, kb::RequestUpdate::kSpec.name, **actor, {},
                           {{"unit", o->unit},
                            {"kind", o->kind},
                            {"article", o->article},
                            {"text", o->text},
                            {"emergency", o->emergency}});
    if (!r) return report_error(r.error());
    std::cout << r->value("id", "") << ": " << r->value("kind", "") << " for "
              << r->value("unit", "") << ", due " << r->value("due", "") << " ("
              << r->value("due_article", "") << ")\n";
    return 0;
  }));

  auto* complete_cmd =
      kb->add_subcommand("complete-request", "unit: report an update request done");
  complete_cmd->add_option("id", o->id, "request id")->required();
  complete_cmd->add_option("--article", o->article, "the article that answers it");
  complete_cmd->add_option("--reason", o->reason, "note");
  add_as(complete_cmd, "actor")->required();
  complete_cmd->callback(with_kb([o](Kb& k) {
    auto actor = actor_of(o->as, "");
    if (!actor || !*actor)
      return report_error(Error::invalid("--as", "an actor is needed", "请指定操作人"));
    auto r = run_operation(k, kb::CompleteUpdateRequest::kSpec.name, **actor, {{"id", o->id}},
                           {{"article", o->article}, {"note", o->reason}});
    if (!r) return report_error(r.error());
    std::cout << r->value("id", "") << ": " << r->value("status", "") << "\n";
    return 0;
  }));

  auto* requests_cmd = kb->add_subcommand("requests", "list update requests");
  requests_cmd->add_option("--unit", o->unit, "only this unit");
  add_as(requests_cmd, "actor (default dispatcher@office)");
  requests_cmd->callback(with_kb([o](Kb& k) {
    auto actor = actor_of(o->as, "dispatcher@office#kb");
    if (!actor || !*actor)
      return report_error(Error::invalid("--as", "an actor is needed", "请指定操作人"));
    // The query of the use case, as GET /api/v1/kb/update-requests runs it.
    OperationCall call = cli_call(**actor);
    if (!o->unit.empty()) call.query.emplace("unit", o->unit);
    auto list = k.use_case->execute(kb::ListUpdateRequests::kSpec.name, call);
    if (!list) return report_error(list.error());
    const nlohmann::json& requests = (*list)["requests"];
    for (const auto& r : requests) std::cout << r.dump() << "\n";
    return 0;
  }));

  // ---- sweep, reports, supervision ----
  auto* sweep_cmd =
      kb->add_subcommand("sweep", "reminders, expiry, overdue requests, missed reports");
  add_as(sweep_cmd, "actor (default supervisor@office)");
  sweep_cmd->callback(with_kb_index([o](Kb& k) {
    auto actor = actor_of(o->as, "supervisor@office#kb-sweep");
    if (!actor) return report_error(actor.error());
    if (!*actor) return report_error(Error::invalid("--as", "an actor is needed", "请指定操作人"));
    auto r = run_operation(k, kb::Sweep::kSpec.name, **actor, {});
    if (!r) return report_error(r.error());
    std::cout << "reminded " << (*r)["reminded"] << ", expired and withdrawn " << (*r)["expired"]
              << ", requests overdue " << (*r)["requests_overdue"] << ", reports missed "
              << (*r)["reports_missed"] << ", units put under supervision " << (*r)["supervisions"]
              << "\n";
    return 0;
  }));

  auto* report_cmd = kb->add_subcommand("report", "unit: file a monthly report (KB-8, profile T)");
  report_cmd->add_option("--kind", o->kind, "knowledge-base|training")->required();
  report_cmd->add_option("--month", o->month, "YYYY-MM reported on")->required();
  report_cmd->add_option("--text", o->text, "the report");
  report_cmd->add_flag("--no-changes", o->no_changes, "confirm there were no changes");
  add_as(report_cmd, "actor, e.g. unit-staff@dept.transport.road-transport")->required();
  report_cmd->callback(with_kb([o](Kb& k) {
    auto actor = actor_of(o->as, "");
    if (!actor || !*actor)
      return report_error(Error::invalid("--as", "an actor is needed", "请指定操作人"));
    auto r = run_operation(
        k, kb::SubmitReport::kSpec.name, **actor, {},
        {{"kind", o->kind}, {"month", o->month}, {"text", o->text}, {"no_changes", o->no_changes}});
    if (!r) return report_error(r.error());
    std::cout << r->dump() << "\n";
    return 0;
  }));

  auto* sup_cmd = kb->add_subcommand("supervisions", "units under supervision (KB-9)");
  sup_cmd->add_option("--unit", o->unit, "only this unit");
  add_as(sup_cmd, "actor (default supervisor@office)");
  sup_cmd->callback(with_kb([o](Kb& k) {
    auto actor = actor_of(o->as, "supervisor@office#kb");
    if (!actor) return report_error(actor.error());
    std::multimap<std::string, std::string> q;
    if (!o->unit.empty()) q.emplace("unit", o->unit);
    auto list = run_query(k, kb::Supervisions::kSpec.name, *actor, std::move(q));
    if (!list) return report_error(list.error());
    const nlohmann::json& supervisions = (*list)["supervisions"];
    for (const auto& s : supervisions) std::cout << s.dump() << "\n";
    return 0;
  }));

  auto* notices_cmd = kb->add_subcommand("notices", "notices to units (reminders, requests)");
  notices_cmd->add_option("--unit", o->unit, "only this unit");
  add_as(notices_cmd, "actor (default supervisor@office)");
  notices_cmd->callback(with_kb([o](Kb& k) {
    auto actor = actor_of(o->as, "supervisor@office#kb");
    if (!actor) return report_error(actor.error());
    std::multimap<std::string, std::string> q;
    if (!o->unit.empty()) q.emplace("unit", o->unit);
    auto list = run_query(k, kb::Notices::kSpec.name, *actor, std::move(q));
    if (!list) return report_error(list.error());
    const nlohmann::json& notices = (*list)["notices"];
    for (const auto& n : notices) {
      std::cout << n["at"].get<std::string>() << "  " << n["unit"].get<std::string>() << "  "
                << n["kind"].get<std::string>() << "  " << n["subject"].get<std::string>() << "  "
                << n["message_zh"].get<std::string>() << "\n";
    }
    return 0;
  }));

  auto* synonyms_cmd = kb->add_subcommand("synonyms", "print the synonym groups");
  add_as(synonyms_cmd, "actor (default agent@office)");
  synonyms_cmd->callback(with_kb([o](Kb& k) {
    auto actor = actor_of(o->as, "agent@office#agent");
    if (!actor) return report_error(actor.error());
    auto groups = run_query(k, kb::Synonyms::kSpec.name, *actor, {});
    if (!groups) return report_error(groups.error());
    const nlohmann::json& list = (*groups)["groups"];
    for (const auto& gr : list) std::cout << gr.dump() << "\n";
    return 0;
  }));

  auto* reindex_cmd = kb->add_subcommand(
      "reindex",
      "rebuild the search index from the store (the same as `hotline reindex knowledge`)");
  reindex_cmd->callback([&g, &exit_code]() { exit_code = reindex_knowledge(g); });

  auto* bench_cmd = kb->add_subcommand("bench", "search latency and indexing rate at N articles");
  bench_cmd->add_option("--articles", o->articles, "articles to generate")->capture_default_str();
  bench_cmd->add_option("--queries", o->queries, "queries to time")->capture_default_str();
  bench_cmd->add_option("--index-dir", o->index_dir, "keep the index here");
  bench_cmd->add_flag("--reuse-index", o->reuse_index,
                      "search the index kept in --index-dir instead of building it again");
  bench_cmd->callback([&g, &exit_code, o]() { exit_code = bench(g, *o); });
}

}  // namespace hotline::cli
