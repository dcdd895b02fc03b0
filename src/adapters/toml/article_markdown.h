#pragma once
// Knowledge-base articles as Markdown files with TOML front matter (Hugo
// style), one article per file: the second import/export format beside JSON
// lines (docs/knowledge-base.md, "Markdown with front matter").
//
//   +++
//   id = "kb.med.outpatient"
//   type = "service-guide"            # or the Chinese name, 办事指南
//   unit = "dept.medical-security"
//   status = "published"              # draft | published | withdrawn
//   audience = "public"               # public | internal
//   title = "职工医保门诊费用报销"
//   catalogue = "医疗保障/待遇报销"
//   tags = ["医保", "门诊报销"]
//   related = ["kb.med.remote"]
//   valid_until = 2027-03-01T00:00:00+08:00
//   legal_basis = "…"
//   scope = "…"
//   subjects = "…"
//   conditions = "…"
//
//   [[faq]]
//   question = "看门诊能报销多少？"
//   answer = "…"
//   +++
//
//   正文 (the body, Markdown, kept byte for byte)
//
// The front matter ends at the first line that is exactly "+++"; the writer
// puts every string on one line (escaped), so text containing "+++" never
// ends it. One blank line after the closing "+++" and one newline at the end
// of the file are part of the layout, not of the body.
//
// Reading is strict, as for JSON lines: unknown keys, wrong types, unknown
// names and missing required keys (title, type, unit) are errors naming the
// file, the line and the key, in English and Chinese.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/knowledge/knowledge_service.h"

namespace hotline {

// One article file. `file` names it in errors. The record's `line` is 1.
Result<ImportedArticle> read_article_markdown(std::string_view text, std::string_view file);

// The article's published content and state, in the layout above; what
// read_article_markdown gives back is the same article (id, type, unit,
// audience, status, content, validity of a published article, KB-4 fields).
std::string write_article_markdown(const Article& article);

// "kb.med.outpatient.md": article ids are ASCII letters, digits, '.', '-', '_'.
std::string markdown_file_name(const Article& article);

struct MarkdownArticles {
  std::vector<ImportedArticle> articles;
  std::vector<std::string> files;  // files[i] holds articles[i]
};

// A .md file, or every *.md directly in a directory, sorted by file name so
// that ids are assigned in the same order every time. The first bad file
// stops reading: nothing of a bad set is returned.
Result<MarkdownArticles> read_article_markdown_path(const std::filesystem::path& path);

// Writes one file per article into `dir` (created if missing), replacing
// files of the same name. Returns the files written.
Result<std::vector<std::filesystem::path>> write_article_markdown_dir(
    const std::filesystem::path& dir, const std::vector<Article>& articles);

}  // namespace hotline
