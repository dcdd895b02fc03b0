#include "adapters/toml/article_markdown.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <tuple>
#include <utility>

#include "adapters/toml/toml_document.h"

namespace hotline {
namespace {

constexpr std::string_view kFence = "+++";
constexpr std::string_view kFaq = "[[faq]]";

const std::vector<std::string_view> kTopKeys = {"id",
                                                "type",
                                                "unit",
                                                "status",
                                                "audience",
                                                "title",
                                                "catalogue",
                                                "tags",
                                                "related",
                                                "valid_until",
                                                "public_interest",
                                                "public_from",
                                                "legal_basis",
                                                "scope",
                                                "subjects",
                                                "conditions",
                                                "faq"};

// A line of `text` from `pos`, without its line ending; `next` is where the
// following line starts.
std::string_view line_at(std::string_view text, std::size_t pos, std::size_t& next) {
  std::size_t end = text.find('\n', pos);
  next = end == std::string_view::npos ? text.size() : end + 1;
  std::string_view line =
      text.substr(pos, (end == std::string_view::npos ? text.size() : end) - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Reads the keys of the top-level table, each checked for its type.
class FrontMatter {
 public:
  FrontMatter(const toml::table& table, std::string_view file) : table_(table), file_(file) {}

  Result<std::string> string(std::string_view key, bool required = false) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) {
      if (required) return fail(missing(key));
      return std::string();
    }
    return string_value(*n, key, file_);
  }

  Result<std::vector<std::string>> strings(std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* n = table_.get(key);
    if (n == nullptr) return out;
    const auto* arr = n->as_array();
    if (arr == nullptr) return fail(wrong(*n, key, "a list of strings", "字符串列表"));
    for (const auto& item : *arr) {
      const auto* s = item.as_string();
      if (s == nullptr) return fail(wrong(item, key, "a list of strings", "字符串列表"));
      out.push_back(s->get());
    }
    return out;
  }

  Result<bool> boolean(std::string_view key) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) return false;
    if (const auto* b = n->as_boolean()) return b->get();
    return fail(wrong(*n, key, "true or false", "true 或 false"));
  }

  // A TOML offset date-time (2027-03-01T00:00:00+08:00); a local one would
  // leave the time zone to guess.
  Result<std::optional<Instant>> instant(std::string_view key) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) return std::optional<Instant>{};
    const auto* v = n->as_date_time();
    if (v == nullptr || !v->get().offset || v->get().time.nanosecond != 0) {
      return fail(wrong(*n, key, "a date-time with offset, e.g. 2027-03-01T00:00:00+08:00",
                        "带时区的日期时间，例如 2027-03-01T00:00:00+08:00"));
    }
    const toml::date_time& dt = v->get();
    using namespace std::chrono;
    const year_month_day ymd{year{dt.date.year}, month{dt.date.month}, day{dt.date.day}};
    const Instant local = sys_days(ymd) + hours{dt.time.hour} + minutes{dt.time.minute} +
                          std::chrono::seconds{dt.time.second};
    return std::optional<Instant>{local - minutes{dt.offset->minutes}};
  }

  template <typename T, typename Parse>
  Result<std::optional<T>> enumeration(std::string_view key, Parse parse, std::string_view allowed,
                                       bool required = false) const {
    auto text = string(key, required);
    if (!text) return fail(text.error());
    if (!table_.get(key)) return std::optional<T>{};
    std::optional<T> value = parse(*text);
    if (!value) {
      return fail(file_error(
          file_, line_of(*table_.get(key)),
          "\"" + std::string(key) + "\": unknown value \"" + *text +
              "\"; allowed: " + std::string(allowed),
          "“" + std::string(key) + "”的值“" + *text + "”无效；可用：" + std::string(allowed)));
    }
    return value;
  }

 private:
  Error missing(std::string_view key) const {
    return file_error(file_, 1, "the front matter is missing the key \"" + std::string(key) + "\"",
                      "前置元数据缺少键“" + std::string(key) + "”");
  }
  Error wrong(const toml::node& n, std::string_view key, std::string_view what,
              std::string_view what_zh) const {
    return file_error(file_, line_of(n),
                      "\"" + std::string(key) + "\" must be " + std::string(what),
                      "“" + std::string(key) + "”必须是" + std::string(what_zh));
  }

  const toml::table& table_;
  std::string_view file_;
};

Result<std::vector<Faq>> read_faq(const toml::table& top, std::string_view file) {
  std::vector<Faq> out;
  const toml::node* n = top.get("faq");
  if (n == nullptr) return out;
  const auto* arr = n->as_array();
  if (arr == nullptr || (!arr->empty() && !arr->is_array_of_tables())) {
    return fail(file_error(file, line_of(*n), "\"faq\" must be written [[faq]] tables",
                           "“faq”必须写成 [[faq]] 表"));
  }
  for (const auto& item : *arr) {
    const toml::table& t = *item.as_table();
    if (auto st = check_keys(t, {"question", "answer"}, kFaq, file); !st) return fail(st.error());
    Faq f;
    for (std::string_view key : {"question", "answer"}) {
      const toml::node* v = t.get(key);
      if (v == nullptr) return fail(missing_key(t, key, kFaq, file));
      auto s = string_value(*v, key, file);
      if (!s) return fail(s.error());
      (key == "question" ? f.question : f.answer) = std::move(*s);
    }
    out.push_back(std::move(f));
  }
  return out;
}

Result<ImportedArticle> read_front_matter(const toml::table& top, std::string_view file) {
  if (auto st = check_keys(top, kTopKeys, "", file); !st) return fail(st.error());
  const FrontMatter fm(top, file);
  ImportedArticle a;
  a.line = 1;
  ArticleDraft& d = a.draft;
  ArticleContent& c = d.content;
  // Read in the order of the layout, so the first mistake is the one reported.
  auto id = fm.string("id");
  if (!id) return fail(id.error());
  d.id = std::move(*id);
  auto type = fm.enumeration<ArticleType>(
      "type", parse_article_type_any,
      "normative-document|service-guide|interpretation|answer-script|sudden-event", true);
  if (!type) return fail(type.error());
  d.type = type->value_or(ArticleType::kServiceGuide);
  auto unit = fm.string("unit", true);
  if (!unit) return fail(unit.error());
  d.unit = std::move(*unit);
  auto status =
      fm.enumeration<ArticleStatus>("status", parse_article_status, "draft|published|withdrawn");
  if (!status) return fail(status.error());
  a.status = status->value_or(ArticleStatus::kPublished);
  if (a.status == ArticleStatus::kInReview) {
    return fail(file_error(file, line_of(*top.get("status")),
                           "\"status\": imports are draft, published or withdrawn",
                           "“status”：导入状态只能是草稿、已发布或已撤销"));
  }
  auto audience = fm.enumeration<Audience>("audience", parse_audience, "public|internal");
  if (!audience) return fail(audience.error());
  d.audience = *audience;
  for (auto [key, target, required] :
       {std::tuple{"title", &c.title, true}, std::tuple{"catalogue", &c.catalogue, false}}) {
    auto s = fm.string(key, required);
    if (!s) return fail(s.error());
    *target = std::move(*s);
  }
  for (auto [key, target] : {std::pair{"tags", &c.tags}, std::pair{"related", &c.related}}) {
    auto list = fm.strings(key);
    if (!list) return fail(list.error());
    *target = std::move(*list);
  }
  auto valid_until = fm.instant("valid_until");
  if (!valid_until) return fail(valid_until.error());
  d.valid_until = *valid_until;
  auto public_interest = fm.boolean("public_interest");
  if (!public_interest) return fail(public_interest.error());
  d.public_interest = *public_interest;
  auto public_from = fm.instant("public_from");
  if (!public_from) return fail(public_from.error());
  a.public_from = *public_from;
  for (auto [key, target] :
       {std::pair{"legal_basis", &c.legal_basis}, std::pair{"scope", &c.scope},
        std::pair{"subjects", &c.subjects}, std::pair{"conditions", &c.conditions}}) {
    auto s = fm.string(key);
    if (!s) return fail(s.error());
    *target = std::move(*s);
  }
  auto faq = read_faq(top, file);
  if (!faq) return fail(faq.error());
  c.faq = std::move(*faq);
  return a;
}

// A TOML basic string on one line: quotes, backslashes and every control
// character escaped, so no string of the front matter can end it.
std::string toml_quoted(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto b = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (b < 0x20 || b == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(b));
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_quoted(items[i]);
  return out + "]";
}

Result<std::string> read_whole(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return fail(path_error(p.string(), "cannot read the file", "无法读取文件"));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<ImportedArticle> read_article_markdown(std::string_view text, std::string_view file) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t next = 0;
  if (line_at(text, 0, next) != kFence) {
    return fail(file_error(file, 1,
                           "a Markdown article starts with a line \"+++\" opening its TOML front "
                           "matter",
                           "Markdown 条目文件应以“+++”一行开头，其后是 TOML 前置元数据"));
  }
  const std::size_t front_begin = next;
  std::size_t front_end = std::string_view::npos;
  for (std::size_t pos = front_begin; pos < text.size();) {
    std::size_t after = 0;
    if (line_at(text, pos, after) == kFence) {
      front_end = pos;
      next = after;
      break;
    }
    pos = after;
  }
  if (front_end == std::string_view::npos) {
    return fail(file_error(file, 1, "the front matter is never closed by a line \"+++\"",
                           "前置元数据缺少结束行“+++”"));
  }
  // A leading newline puts line N of the front matter on line N of the file.
  const std::string toml_text =
      "\n" + std::string(text.substr(front_begin, front_end - front_begin));
  auto table = parse_toml_document(toml_text, file);
  if (!table) return fail(table.error());
  auto article = read_front_matter(*table, file);
  if (!article) return fail(article.error());
  std::string_view body = text.substr(next);
  if (body.starts_with("\r\n")) {
    body.remove_prefix(2);
  } else if (body.starts_with("\n")) {
    body.remove_prefix(1);
  }
  if (body.ends_with("\r\n")) {
    body.remove_suffix(2);
  } else if (body.ends_with("\n")) {
    body.remove_suffix(1);
  }
  article->draft.content.body = std::string(body);
  return article;
}

std::string write_article_markdown(const Article& a) {
  const ArticleContent& c = a.content;
  std::string out;
  auto line = [&out](std::string_view key, const std::string& value) {
    out += key;
    out += " = ";
    out += value;
    out += '\n';
  };
  out += kFence;
  out += '\n';
  line("id", toml_quoted(a.id));
  line("type", toml_quoted(to_string(a.type)) + "  # " + std::string(article_type_chinese(a.type)));
  line("unit", toml_quoted(a.unit));
  line("status", toml_quoted(to_string(a.status)) + "  # " + std::string(to_chinese(a.status)));
  line("audience", toml_quoted(to_string(a.audience)));
  line("title", toml_quoted(c.title));
  line("catalogue", toml_quoted(c.catalogue));
  line("tags", quoted_list(c.tags));
  line("related", quoted_list(c.related));
  // An import sets the validity of published articles only (KB-5).
  if (a.valid_until && a.is_published()) line("valid_until", format_iso8601(*a.valid_until));
  if (a.public_interest) line("public_interest", "true");
  if (a.public_from) line("public_from", format_iso8601(*a.public_from));
  line("legal_basis", toml_quoted(c.legal_basis));
  line("scope", toml_quoted(c.scope));
  line("subjects", toml_quoted(c.subjects));
  line("conditions", toml_quoted(c.conditions));
  for (const auto& f : c.faq) {
    out += "\n[[faq]]\n";
    line("question", toml_quoted(f.question));
    line("answer", toml_quoted(f.answer));
  }
  out += kFence;
  out += "\n\n";
  out += c.body;
  out += '\n';
  return out;
}

std::string markdown_file_name(const Article& article) { return article.id + ".md"; }

Result<MarkdownArticles> read_article_markdown_path(const std::filesystem::path& path) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path, ec)) {
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
      if (entry.path().extension() == ".md" && entry.is_regular_file(ec)) {
        files.push_back(entry.path());
      }
    }
    if (ec) return fail(path_error(path.string(), "cannot list the directory", "无法读取目录"));
    if (files.empty()) {
      return fail(
          path_error(path.string(), "the directory holds no .md files", "目录中没有 .md 文件"));
    }
    std::sort(files.begin(), files.end(),
              [](const auto& x, const auto& y) { return x.filename() < y.filename(); });
  } else {
    files.push_back(path);
  }
  MarkdownArticles out;
  for (const auto& f : files) {
    auto text = read_whole(f);
    if (!text) return fail(text.error());
    auto article = read_article_markdown(*text, f.string());
    if (!article) return fail(article.error());
    out.articles.push_back(std::move(*article));
    out.files.push_back(f.string());
  }
  return out;
}

Result<std::vector<std::filesystem::path>> write_article_markdown_dir(
    const std::filesystem::path& dir, const std::vector<Article>& articles) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    return fail(path_error(dir.string(), "cannot create the directory", "无法创建目录"));
  }
  std::vector<std::filesystem::path> written;
  for (const auto& a : articles) {
    const std::filesystem::path p = dir / markdown_file_name(a);
    std::ofstream f(p, std::ios::binary | std::ios::trunc);
    f << write_article_markdown(a);
    f.close();
    if (!f) return fail(path_error(p.string(), "cannot write the file", "无法写入文件"));
    written.push_back(p);
  }
  return written;
}

}  // namespace hotline
