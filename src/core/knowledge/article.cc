#include "core/knowledge/article.h"

#include "core/enum_table.h"
#include "core/text.h"

namespace hotline {
namespace {

constexpr EnumTable<ArticleType, 5> kTypeNames{{
    {ArticleType::kNormativeDocument, "normative-document", "规范性文件"},
    {ArticleType::kServiceGuide, "service-guide", "办事指南"},
    {ArticleType::kInterpretation, "interpretation", "业务解读"},
    {ArticleType::kAnswerScript, "answer-script", "答复口径"},
    {ArticleType::kSuddenEvent, "sudden-event", "突发事件信息"},
}};

constexpr EnumTable<ArticleStatus, 4> kStatuses{{
    {ArticleStatus::kDraft, "draft", "草稿"},
    {ArticleStatus::kInReview, "in-review", "待审核"},
    {ArticleStatus::kPublished, "published", "已发布"},
    {ArticleStatus::kWithdrawn, "withdrawn", "已撤销"},
}};

constexpr EnumTable<Audience, 2> kAudiences{{
    {Audience::kPublic, "public", "公开"},
    {Audience::kInternal, "internal", "内部"},
}};

}  // namespace

std::string_view article_type_chinese(ArticleType t) { return enum_chinese(kTypeNames, t); }
std::optional<ArticleType> parse_article_type_any(std::string_view s) {
  return enum_parse(kTypeNames, s, true);
}

std::string_view to_string(ArticleStatus s) { return enum_name(kStatuses, s); }
std::string_view to_chinese(ArticleStatus s) { return enum_chinese(kStatuses, s); }
std::optional<ArticleStatus> parse_article_status(std::string_view s) {
  return enum_parse(kStatuses, s);
}

std::string_view to_string(Audience a) { return enum_name(kAudiences, a); }
std::optional<Audience> parse_audience(std::string_view s) { return enum_parse(kAudiences, s); }

Audience default_audience(ArticleType t) {
  return (t == ArticleType::kAnswerScript) ? Audience::kInternal : Audience::kPublic;
}

std::vector<std::string_view> ArticleContent::texts() const {
  std::vector<std::string_view> out = {title,    body,       legal_basis, scope,
                                       subjects, conditions, catalogue};
  for (const auto& t : tags) out.push_back(t);
  for (const auto& f : faq) {
    out.push_back(f.question);
    out.push_back(f.answer);
  }
  return out;
}

bool Article::is_current(Instant now) const {
  return is_published() && (!valid_until || now < *valid_until);
}

bool Article::visible_to_applicants(Instant now) const {
  return is_current(now) && audience == Audience::kPublic && (!public_from || *public_from <= now);
}

std::vector<std::string> catalogue_ancestors(std::string_view path) {
  std::vector<std::string> out;
  if (path.empty()) return out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) {
      out.emplace_back(path);
      break;
    }
    out.emplace_back(path.substr(0, slash));
    pos = slash + 1;
  }
  return out;
}

Result<std::string> normalise_catalogue(std::string_view path) {
  std::string out;
  if (trim(path).empty()) return out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view segment = trim(path.substr(pos, slash - pos));
    if (segment.empty()) {
      return fail(Error::invalid("catalogue",
                                 "empty catalogue segment in '" + std::string(path) + "'",
                                 "目录路径中有空的层级"));
    }
    if (!out.empty()) out += '/';
    out += segment;
    pos = slash + 1;
  }
  return out;
}

}  // namespace hotline
