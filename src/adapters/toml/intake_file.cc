#include "adapters/toml/intake_file.h"

#include "adapters/toml/catalogue_file.h"
#include "adapters/toml/toml_document.h"
#include "core/policy/duration.h"

namespace hotline {
namespace {

Result<const toml::table*> table_at(const toml::table& parent, std::string_view key,
                                    std::string_view file) {
  const toml::node* n = parent.get(key);
  if (n == nullptr) {
    return fail(file_error(file, line_of(parent), "missing [" + std::string(key) + "]",
                           "缺少 [" + std::string(key) + "]"));
  }
  if (n->as_table() == nullptr) {
    return fail(file_error(file, line_of(*n), "[" + std::string(key) + "] must be a table",
                           "[" + std::string(key) + "] 必须是表"));
  }
  return n->as_table();
}

Result<std::int64_t> positive(const toml::table& t, std::string_view key, std::string_view where,
                              std::string_view file) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return fail(missing_key(t, key, where, file));
  const auto v = n->value<std::int64_t>();
  if (!v || *v <= 0) {
    return fail(file_error(file, line_of(*n),
                           "key \"" + std::string(key) + "\" must be a positive whole number",
                           "键“" + std::string(key) + "”必须是正整数"));
  }
  return *v;
}

Result<std::string> required_string(const toml::table& t, std::string_view key,
                                    std::string_view where, std::string_view file) {
  const toml::node* n = t.get(key);
  if (n == nullptr) return fail(missing_key(t, key, where, file));
  return string_value(*n, key, file);
}

Status read_kind(const toml::table& t, std::string_view file, AttachmentPolicy& policy) {
  constexpr std::string_view where = "[[attachments.kind]]";
  if (auto s = check_keys(t, {"kind", "media_types", "max_bytes", "article", "note"}, where, file);
      !s) {
    return s;
  }
  AttachmentKindRule rule;
  auto kind = required_string(t, "kind", where, file);
  if (!kind) return fail(kind.error());
  const auto parsed = parse_media_kind(*kind);
  if (!parsed) {
    return fail(file_error(file, line_of(*t.get("kind")),
                           "kind must be photo, voice or video, not \"" + *kind + "\"",
                           "kind 须为 photo、voice 或 video"));
  }
  rule.kind = *parsed;
  const toml::node* types = t.get("media_types");
  if (types == nullptr) return fail(missing_key(t, "media_types", where, file));
  const toml::array* list = types->as_array();
  if (list == nullptr) {
    return fail(file_error(file, line_of(*types), "media_types must be a list of strings",
                           "media_types 必须是字符串列表"));
  }
  for (const auto& item : *list) {
    auto s = string_value(item, "media_types", file);
    if (!s) return fail(s.error());
    // Only types the platform can recognise by content make sense here.
    bool known = false;
    for (std::string_view probe :
         {"image/jpeg", "image/png", "image/webp", "audio/amr", "audio/mpeg", "audio/mp4",
          "audio/wav", "audio/ogg", "video/mp4", "video/quicktime"}) {
      known = known || probe == *s;
    }
    if (!known) {
      return fail(file_error(file, line_of(item),
                             "media type \"" + *s + "\" cannot be recognised by its content",
                             "无法按内容识别的格式“" + *s + "”"));
    }
    rule.media_types.push_back(*s);
  }
  auto bytes = positive(t, "max_bytes", where, file);
  if (!bytes) return fail(bytes.error());
  rule.max_bytes = static_cast<std::uint64_t>(*bytes);
  auto article = required_string(t, "article", where, file);
  if (!article) return fail(article.error());
  rule.article = *article;
  if (const toml::node* n = t.get("note")) {
    auto note = string_value(*n, "note", file);
    if (!note) return fail(note.error());
    rule.note = *note;
  }
  policy.kinds.push_back(std::move(rule));
  return {};
}

// A limit written `key = { value = N, article = "…", note = "…" }`.
Status read_cited_limit(const toml::table& t, const char* key, std::string_view file, int& value,
                        std::string& article) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return fail(missing_key(t, key, "[attachments]", file));
  const toml::table* cited = node->as_table();
  if (cited == nullptr) {
    return fail(file_error(file, line_of(*node),
                           std::string(key) + " must be { value = …, article = \"…\" }",
                           std::string(key) + " 须写成 { value = …, article = \"…\" }"));
  }
  if (auto s = check_keys(*cited, {"value", "article", "note"}, key, file); !s) return s;
  auto number = positive(*cited, "value", key, file);
  if (!number) return fail(number.error());
  value = static_cast<int>(*number);
  auto cites = required_string(*cited, "article", key, file);
  if (!cites) return fail(cites.error());
  article = *cites;
  return {};
}

Status read_attachments(const toml::table& t, std::string_view file, AttachmentPolicy& policy) {
  if (auto s = check_keys(t,
                          {"max_per_request", "unattached_kept_hours", "location_article",
                           "thumbnail_edge", "kind"},
                          "[attachments]", file);
      !s) {
    return s;
  }
  if (auto s = read_cited_limit(t, "max_per_request", file, policy.max_per_request,
                                policy.max_per_request_article);
      !s) {
    return s;
  }
  if (auto s = read_cited_limit(t, "unattached_kept_hours", file, policy.unattached_kept_hours,
                                policy.unattached_kept_article);
      !s) {
    return s;
  }
  auto location = required_string(t, "location_article", "[attachments]", file);
  if (!location) return fail(location.error());
  policy.location_article = *location;
  if (t.get("thumbnail_edge") != nullptr) {
    auto edge = positive(t, "thumbnail_edge", "[attachments]", file);
    if (!edge) return fail(edge.error());
    policy.thumbnail_edge = static_cast<int>(*edge);
  }
  const toml::node* kinds = t.get("kind");
  const toml::array* list = kinds ? kinds->as_array() : nullptr;
  if (list == nullptr) {
    return fail(file_error(file, line_of(t), "[[attachments.kind]] is missing",
                           "缺少 [[attachments.kind]]"));
  }
  for (const auto& item : *list) {
    const toml::table* k = item.as_table();
    if (k == nullptr) {
      return fail(file_error(file, line_of(item), "[[attachments.kind]] must be a table",
                             "[[attachments.kind]] 必须是表"));
    }
    if (auto s = read_kind(*k, file, policy); !s) return s;
  }
  if (auto s = validate(policy); !s) {
    Error e = s.error();
    return fail(file_error(file, line_of(t), e.field + ": " + e.message, e.message_zh));
  }
  return {};
}

Status read_lookup(const toml::table& t, std::string_view file, LookupRatePolicy& policy) {
  constexpr std::string_view where = "[applicant_lookup]";
  if (auto s = check_keys(t, {"max_per_address", "window", "article", "note"}, where, file); !s) {
    return s;
  }
  auto max = positive(t, "max_per_address", where, file);
  if (!max) return fail(max.error());
  policy.max_per_address = static_cast<int>(*max);
  auto window = required_string(t, "window", where, file);
  if (!window) return fail(window.error());
  auto d = parse_policy_duration(*window);
  const bool minutes_or_hours =
      d && (d->unit == PolicyDuration::Unit::kMinutes || d->unit == PolicyDuration::Unit::kHours);
  if (!minutes_or_hours || d->amount <= 0) {
    return fail(file_error(file, line_of(*t.get("window")),
                           "window must be minutes or hours, such as \"10 minutes\"",
                           "window 须以分钟或小时计，如“10 minutes”"));
  }
  policy.window = Seconds{d->amount * (d->unit == PolicyDuration::Unit::kHours ? 3600 : 60)};
  auto article = required_string(t, "article", where, file);
  if (!article) return fail(article.error());
  policy.article = *article;
  if (const toml::node* n = t.get("note")) {
    auto note = string_value(*n, "note", file);
    if (!note) return fail(note.error());
    policy.note = *note;
  }
  return {};
}

}  // namespace

Result<IntakeSettings> parse_intake_settings(std::string_view toml_text, std::string_view file) {
  auto doc = parse_toml_document(toml_text, file, SyntaxErrorAt::kLine);
  if (!doc) return fail(doc.error());
  if (auto s = check_keys(*doc, {"attachments", "applicant_lookup"}, "", file); !s) {
    return fail(s.error());
  }
  IntakeSettings out;
  auto attachments = table_at(*doc, "attachments", file);
  if (!attachments) return fail(attachments.error());
  if (auto s = read_attachments(**attachments, file, out.attachments); !s) return fail(s.error());
  auto lookup = table_at(*doc, "applicant_lookup", file);
  if (!lookup) return fail(lookup.error());
  if (auto s = read_lookup(**lookup, file, out.applicant_lookup); !s) return fail(s.error());
  return out;
}

Result<IntakeSettings> load_intake_file(const std::filesystem::path& file) {
  auto text = read_text_file(file, "受理设置文件");
  if (!text) return fail(text.error());
  return parse_intake_settings(*text, file.string());
}

}  // namespace hotline
