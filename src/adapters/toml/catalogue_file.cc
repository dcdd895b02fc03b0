#include "adapters/toml/catalogue_file.h"

#include <exception>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>

#include "adapters/toml/toml_document.h"

namespace hotline {
namespace {

using triage::CatalogueEntry;

Result<std::vector<std::string>> string_list(const toml::node& node, std::string_view key,
                                             std::string_view file) {
  const auto* arr = node.as_array();
  if (arr == nullptr) {
    return fail(file_error(file, line_of(node),
                           "key \"" + std::string(key) + "\" must be a list of strings",
                           "键“" + std::string(key) + "”必须是字符串列表"));
  }
  std::vector<std::string> out;
  for (const auto& item : *arr) {
    auto s = string_value(item, key, file);
    if (!s) return fail(s.error());
    out.push_back(std::move(*s));
  }
  return out;
}

struct ReadEntry {
  CatalogueEntry entry;
  std::uint32_t line = 0;
  std::map<std::string, std::uint32_t, std::less<>> key_lines;
};

constexpr std::string_view kEntry = "[[entry]]";

Result<ReadEntry> read_entry(const toml::node& node, std::string_view file) {
  const auto* tbl = node.as_table();
  if (tbl == nullptr) {
    return fail(file_error(file, line_of(node), "each entry must be an [[entry]] table",
                           "每个目录条目必须写成 [[entry]] 表"));
  }
  if (auto s = check_keys(*tbl,
                          {"id", "category", "district", "street", "keywords", "lead", "assisting",
                           "functional", "exception_of", "basis", "active"},
                          kEntry, file);
      !s) {
    return fail(s.error());
  }
  ReadEntry out;
  out.line = line_of(*tbl);
  CatalogueEntry& e = out.entry;
  for (auto&& [key, value] : *tbl) {
    const std::string_view k = key.str();
    const std::uint32_t line = line_of(key, value);
    out.key_lines.emplace(std::string(k), line);
    if (k == "functional" || k == "active") {
      const auto* b = value.as_boolean();
      if (b == nullptr) {
        return fail(file_error(file, line, "key \"" + std::string(k) + "\" must be true or false",
                               "键“" + std::string(k) + "”的值必须是 true 或 false"));
      }
      (k == "functional" ? e.functional : e.active) = b->get();
      continue;
    }
    if (k == "keywords" || k == "assisting") {
      auto list = string_list(value, k, file);
      if (!list) return fail(list.error());
      (k == "keywords" ? e.keywords : e.assisting) = std::move(*list);
      continue;
    }
    auto s = string_value(value, k, file);
    if (!s) return fail(s.error());
    if (k == "id") e.id = std::move(*s);
    if (k == "category") e.category = std::move(*s);
    if (k == "district") e.district = std::move(*s);
    if (k == "street") e.street = std::move(*s);
    if (k == "lead") e.lead = std::move(*s);
    if (k == "exception_of") e.exception_of = std::move(*s);
    if (k == "basis") e.basis = std::move(*s);
  }
  for (std::string_view required : {"id", "category", "lead"}) {
    if (!out.key_lines.contains(required)) return fail(missing_key(*tbl, required, kEntry, file));
  }
  return out;
}

Result<std::vector<CatalogueEntry>> parse_catalogue_checked(std::string_view text,
                                                            std::string_view file,
                                                            const Organisation* org) {
  auto doc = parse_toml_document(text, file, SyntaxErrorAt::kLine);
  if (!doc) return fail(doc.error());
  if (auto s = check_keys(*doc, {"entry"}, "", file); !s) return fail(s.error());
  std::vector<ReadEntry> read;
  if (const auto* node = doc->get("entry")) {
    const auto* arr = node->as_array();
    if (arr == nullptr) {
      return fail(file_error(file, line_of(*node), "\"entry\" must be written [[entry]]",
                             "“entry”必须是表数组，请写成 [[entry]]"));
    }
    for (const auto& n : *arr) {
      auto r = read_entry(n, file);
      if (!r) return fail(r.error());
      read.push_back(std::move(*r));
    }
  }
  if (read.empty()) {
    return fail(file_error(file, 1, "no entries: add at least one [[entry]]",
                           "派单目录为空，请至少添加一个 [[entry]]"));
  }
  std::vector<CatalogueEntry> out;
  if (org != nullptr) {
    // Validate as the office's additions would be, in file order.
    triage::DispatchCatalogue check;
    const Actor system = Actor::system();
    for (const auto& r : read) {
      auto change = check.add(r.entry, *org, system, "file", Instant{});
      if (!change) {
        const Error& e = change.error();
        const auto it =
            r.key_lines.find(e.field.empty() ? "id" : e.field.substr(0, e.field.find('[')));
        Error located = file_error(file, it != r.key_lines.end() ? it->second : r.line,
                                   "entry \"" + r.entry.id + "\": " + e.message,
                                   "条目“" + r.entry.id + "”：" + e.message_zh);
        located.rule = e.rule;
        located.article = e.article;
        return fail(std::move(located));
      }
      if (auto s = check.apply(*change); !s) return fail(s.error());
    }
  }
  out.reserve(out.size() + read.size());
  for (auto& r : read) out.push_back(std::move(r.entry));
  return out;
}

Result<double> fraction(const toml::node& node, std::string_view key, std::string_view file) {
  const auto v = node.value<double>();
  if (!v || *v < 0.0 || *v > 1.0) {
    return fail(file_error(file, line_of(node),
                           "key \"" + std::string(key) + "\" must be a number from 0 to 1",
                           "键“" + std::string(key) + "”必须是0到1之间的数"));
  }
  return *v;
}

// A setting either as a bare number or cited: { value = …, article = "…",
// note = "…" } — a threshold that serves an article names it (SUP-1, ANA-2).
Result<const toml::node*> cited_value(const toml::node& node, std::string_view key,
                                      std::string_view file, std::string* article) {
  const toml::table* t = node.as_table();
  if (t == nullptr) return &node;
  if (auto s = check_keys(*t, {"value", "article", "note"}, std::string(key), file); !s) {
    return fail(s.error());
  }
  const toml::node* v = t->get("value");
  const auto a = t->get("article") ? t->get("article")->value<std::string>() : std::nullopt;
  if (v == nullptr || !a || a->empty()) {
    return fail(file_error(file, line_of(node),
                           "key \"" + std::string(key) + "\" needs a value and an article",
                           "键“" + std::string(key) + "”须有 value 与 article"));
  }
  if (article != nullptr) *article = *a;
  return v;
}

// TYP-1, TYP-2: [suggestions.questions] — what the agent asks the caller when
// the type or urgency suggestion is not sure: "life-safety" and "utilities"
// (one question each) and "type" (the questions in the order asked).
Status read_questions(const toml::node& node, std::string_view file,
                      triage::TypeUrgencySettings& tu) {
  const toml::table* q = node.as_table();
  if (q == nullptr) {
    return fail(file_error(file, line_of(node), "[suggestions.questions] must be a table",
                           "[suggestions.questions] 必须是表"));
  }
  if (auto s =
          check_keys(*q, {"life-safety", "utilities", "type"}, "[suggestions.questions]", file);
      !s) {
    return s;
  }
  for (auto [key, question] : {std::pair{"life-safety", &tu.life_safety_question},
                               std::pair{"utilities", &tu.utilities_question}}) {
    const auto* n = q->get(key);
    if (n == nullptr) continue;
    auto v = string_value(*n, key, file);
    if (!v) return fail(v.error());
    *question = std::move(*v);
  }
  if (const auto* n = q->get("type")) {
    const auto* arr = n->as_array();
    if (arr == nullptr) {
      return fail(file_error(file, line_of(*n), "key \"type\" must be a list of questions",
                             "键“type”必须是问题列表"));
    }
    tu.type_questions.clear();
    for (const auto& e : *arr) {
      auto v = string_value(e, "type", file);
      if (!v) return fail(v.error());
      tu.type_questions.push_back(std::move(*v));
    }
  }
  return {};
}

Status parse_settings_checked(std::string_view text, std::string_view file,
                              triage::TriageSettings& settings) {
  auto doc = parse_toml_document(text, file, SyntaxErrorAt::kLine);
  if (!doc) return fail(doc.error());
  if (auto s = check_keys(*doc,
                          {"clusters", "duplicates", "suggestions", "reply_checks", "model_drift",
                           "recurring_clusters"},
                          "", file);
      !s)
    return s;
  auto table = [&](std::string_view name) -> Result<const toml::table*> {
    const toml::node* n = doc->get(name);
    if (n == nullptr) return static_cast<const toml::table*>(nullptr);
    if (n->as_table() == nullptr) {
      return fail(file_error(file, line_of(*n), "[" + std::string(name) + "] must be a table",
                             "[" + std::string(name) + "] 必须是表"));
    }
    return n->as_table();
  };
  auto clusters = table("clusters");
  if (!clusters) return fail(clusters.error());
  if (*clusters != nullptr) {
    const toml::table& t = **clusters;
    // SUP-1's threshold is a limit of the regulation: it lives in the policy.
    for (const char* moved : {"supervision_applicants", "window_days"}) {
      if (const auto* n = t.get(moved)) {
        return fail(file_error(
            file, line_of(*n),
            std::string(moved) + " is set in the policy file now: [supervision] "
                                 "on_concentrated_requests and concentrated_requests_window",
            std::string(moved) + " 已移至政策文件 [supervision] 的 on_concentrated_requests 与 "
                                 "concentrated_requests_window"));
      }
    }
    if (auto s = check_keys(t, {"join_similarity", "anchor_rarity", "anchor_window_days"},
                            "[clusters]", file);
        !s) {
      return s;
    }
    auto& c = settings.index.clusters;
    for (const char* key : {"join_similarity", "anchor_rarity"}) {
      const auto* n = t.get(key);
      if (n == nullptr) continue;
      auto node = cited_value(*n, key, file, &c.article);
      if (!node) return fail(node.error());
      auto v = fraction(**node, key, file);
      if (!v) return fail(v.error());
      (std::string_view(key) == "join_similarity" ? c.join_similarity : c.anchor_rarity) = *v;
    }
    if (const auto* n = t.get("anchor_window_days")) {
      auto node = cited_value(*n, "anchor_window_days", file, &c.article);
      if (!node) return fail(node.error());
      const auto days = (*node)->value<std::int64_t>();
      if (!days || *days < 1 || *days > 366) {
        return fail(file_error(file, line_of(**node),
                               "key \"anchor_window_days\" must be a whole number from 1 to 366",
                               "键“anchor_window_days”必须是1到366之间的整数"));
      }
      c.anchor_window = Seconds{*days * 86400};
    }
  }
  auto duplicates = table("duplicates");
  if (!duplicates) return fail(duplicates.error());
  if (*duplicates != nullptr) {
    const toml::table& t = **duplicates;
    if (auto s = check_keys(t, {"same_applicant_similarity", "near_identical_similarity"},
                            "[duplicates]", file);
        !s) {
      return s;
    }
    for (auto&& [key, value] : t) {
      auto v = fraction(value, key.str(), file);
      if (!v) return fail(v.error());
      (key.str() == "same_applicant_similarity" ? settings.same_applicant_similarity
                                                : settings.near_identical_similarity) = *v;
    }
  }
  auto suggestions = table("suggestions");
  if (!suggestions) return fail(suggestions.error());
  if (*suggestions != nullptr) {
    const toml::table& t = **suggestions;
    if (auto s = check_keys(
            t, {"sure_confidence", "urgency_model_raise", "type_model_confidence", "questions"},
            "[suggestions]", file);
        !s) {
      return s;
    }
    auto& tu = settings.type_urgency;
    for (auto [key, setting] : {std::pair{"urgency_model_raise", &tu.urgency_model_raise},
                                std::pair{"type_model_confidence", &tu.type_model_confidence}}) {
      const auto* n = t.get(key);
      if (n == nullptr) continue;
      auto v = fraction(*n, key, file);
      if (!v) return fail(v.error());
      *setting = *v;
    }
    if (const auto* n = t.get("questions")) {
      if (auto s = read_questions(*n, file, tu); !s) return s;
    }
    if (const auto* n = t.get("sure_confidence")) {
      auto v = fraction(*n, "sure_confidence", file);
      if (!v) return fail(v.error());
      if (*v < 0.5) {
        return fail(file_error(file, line_of(*n),
                               "key \"sure_confidence\" below 0.5 would call a guess sure",
                               "键“sure_confidence”不得低于0.5"));
      }
      settings.sure_confidence = *v;
    }
  }
  auto replies = table("reply_checks");
  if (!replies) return fail(replies.error());
  if (*replies != nullptr) {
    for (auto&& [profile, node] : **replies) {
      const auto* t = node.as_table();
      if (t == nullptr) {
        return fail(file_error(file, line_of(profile, node),
                               "[reply_checks." + std::string(profile.str()) + "] must be a table",
                               "[reply_checks." + std::string(profile.str()) + "] 必须是表"));
      }
      triage::ReplyCheckSettings rs;
      for (auto&& [key, value] : *t) {
        const auto check = triage::parse_reply_check(key.str());
        if (!check) {
          return fail(file_error(file, line_of(key, value),
                                 "unknown reply check \"" + std::string(key.str()) + "\"",
                                 "未知的答复检查项“" + std::string(key.str()) + "”"));
        }
        auto s = string_value(value, key.str(), file);
        if (!s) return fail(s.error());
        const auto sev = triage::parse_severity(*s);
        if (!sev) {
          return fail(file_error(file, line_of(key, value),
                                 "severity must be block, warn or off, not \"" + *s + "\"",
                                 "处理方式须为 block、warn 或 off"));
        }
        rs.severity[*check] = *sev;
      }
      settings.reply_checks[std::string(profile.str())] = std::move(rs);
    }
  }
  return {};
}

}  // namespace

Result<std::string> read_text_file(const std::filesystem::path& file, std::string_view what_zh) {
  const std::string name = file.string();
  std::error_code ec;
  std::ifstream in(file, std::ios::binary);
  if (!in || std::filesystem::is_directory(file, ec)) {
    Error e = Error::not_found("file \"" + name + "\"",
                               "未找到" + std::string(what_zh) + "文件“" + name + "”");
    e.field = name;
    return fail(std::move(e));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(path_error(name, "cannot read the file", "无法读取文件"));
  return text.str();
}

Result<std::vector<CatalogueEntry>> parse_catalogue(std::string_view toml_text,
                                                    std::string_view file_name,
                                                    const Organisation* org) {
  try {
    return parse_catalogue_checked(toml_text, file_name, org);
  } catch (const std::exception& e) {
    return fail(Error::internal(std::string(file_name) + ": " + e.what()));
  }
}

Result<std::vector<CatalogueEntry>> load_catalogue_file(const std::filesystem::path& file,
                                                        const Organisation* org) {
  auto text = read_text_file(file, "派单目录");
  if (!text) return fail(text.error());
  return parse_catalogue(*text, file.string(), org);
}

Status parse_triage_settings(std::string_view toml_text, std::string_view file_name,
                             triage::TriageSettings& settings) {
  try {
    return parse_settings_checked(toml_text, file_name, settings);
  } catch (const std::exception& e) {
    return fail(Error::internal(std::string(file_name) + ": " + e.what()));
  }
}

Status load_triage_settings(const std::filesystem::path& file, triage::TriageSettings& settings) {
  auto text = read_text_file(file, "分诊设置");
  if (!text) return fail(text.error());
  return parse_triage_settings(*text, file.string(), settings);
}

}  // namespace hotline
