// The safe-parse layer shared by the TOML loaders: inputs that make toml++
// 3.3.0 assert or reach undefined behaviour are refused before it sees them,
// with "file:line: what" in English and Chinese; valid files pass.
#include "adapters/toml/toml_document.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hotline {
namespace {

namespace fs = std::filesystem;

// The refusal for `text`, parsed as "t.toml"; it must not parse.
Error refusal(std::string_view text) {
  auto doc = parse_toml_document(text, "t.toml");
  EXPECT_FALSE(doc.has_value()) << text;
  if (doc) return Error{};
  EXPECT_EQ(doc.error().code, ErrorCode::kPolicyInvalid) << text;
  EXPECT_FALSE(doc.error().message_zh.empty()) << text;
  // The screen alone refuses it too: toml++ never sees it.
  EXPECT_FALSE(screen_toml_text(text, "t.toml").has_value()) << text;
  return doc.error();
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

void expect_refused_at(std::string_view text, int line, std::string_view what) {
  const Error e = refusal(text);
  EXPECT_EQ(e.field, "t.toml:" + std::to_string(line)) << text << "\n" << e.message;
  EXPECT_TRUE(contains(e.message, what)) << e.message;
  EXPECT_EQ(e.message.rfind(e.field + ": ", 0), 0u) << e.message;
  EXPECT_EQ(e.message_zh.rfind(e.field + "：", 0), 0u) << e.message_zh;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// --- one test per class of input toml++ 3.3.0 cannot survive ------------------

TEST(TomlDocument, NonAsciiOutsideStringsAndCommentsIsRefused) {
  expect_refused_at("\xEF\xBB\x99", 1, "non-ASCII character outside a string");  // U+FED9
  expect_refused_at("a = 1\nnamm = 0r\"U0004 0B \xC3\x9F\"\n", 2, "non-ASCII");  // bare value
  expect_refused_at("a = 1\nb = \"x\"\xE3\x80\x80\n", 2, "non-ASCII");  // ideographic space
  expect_refused_at("[profile]\n特急 = 1\n", 2, "non-ASCII");           // bare key
  expect_refused_at("a = 'x'\nb.表 = 1\n", 2, "non-ASCII");             // dotted key
}

TEST(TomlDocument, TableHeaderWithoutAKeyIsRefused) {
  expect_refused_at("[=\n", 1, "table header without a key");
  expect_refused_at("a = 1\n [=\n", 2, "table header without a key");
  expect_refused_at("[[\t=]]\n", 1, "table header without a key");
  expect_refused_at("a = 1\n\t[\r\"year\"]\n", 2, "table header without a key");
  expect_refused_at("a = 1 # x\n[}\n", 2, "table header without a key");
}

TEST(TomlDocument, ClosingBraceWhereAnArrayExpectsAValueIsRefused) {
  expect_refused_at("a = 1\nb = [\n  }\n", 3, "\"}\" where a value is expected");
  expect_refused_at("b = [1,}\n", 1, "\"}\"");
  // A comment between the bracket and the brace does not hide it.
  expect_refused_at("b = [ # note\n}\n", 2, "\"}\"");
  expect_refused_at("b = [1, # note\n# more\n}\n", 3, "\"}\"");
}

TEST(TomlDocument, InvalidUtf8IsRefusedEvenInComments) {
  expect_refused_at("# \xE6\x98\n", 1, "not valid UTF-8");               // truncated
  expect_refused_at("a = 1\nb = \"\xFF\xFE\"\n", 2, "not valid UTF-8");  // in a string
  expect_refused_at("# \xC0\xAF\n", 1, "not valid UTF-8");               // overlong
  expect_refused_at("# \xED\xA0\x80\n", 1, "not valid UTF-8");           // surrogate
  expect_refused_at("# \xF4\x90\x80\x80\n", 1, "not valid UTF-8");       // above U+10FFFF
  expect_refused_at("a = 1\n# \xF0\xA0\xAE", 2, "not valid UTF-8");      // cut at the end
}

TEST(TomlDocument, NonAsciiRightAfterALineEndingBackslashIsRefused) {
  expect_refused_at("s = \"\"\"\\\n\xC2\xA7\"\"\"\n", 2, "line-ending backslash");
  // The trimmed whitespace may span lines; the line is the character's.
  expect_refused_at("s = \"\"\"\\  \r\n\n  河西区\"\"\"\n", 3, "line-ending backslash");
  // An ASCII character first is fine.
  EXPECT_TRUE(parse_toml_document("s = \"\"\"\\\n  x河西区\"\"\"\n", "t.toml").has_value());
}

// The regression inputs the fuzzers found, kept in the corpora.
TEST(TomlDocument, FuzzRegressionInputsAreRefused) {
  const fs::path corpus = fs::path(HOTLINE_DATA_DIR) / ".." / "fuzz" / "corpus";
  int seen = 0;
  for (const char* dir : {"organisation_file", "policy_file", "calendar_file"}) {
    if (!fs::is_directory(corpus / dir)) continue;
    for (const auto& entry : fs::directory_iterator(corpus / dir)) {
      if (!entry.path().filename().string().starts_with("regress-")) continue;
      ++seen;
      refusal(read(entry.path()));
    }
  }
  EXPECT_GE(seen, 8);
}

// --- what passes ----------------------------------------------------------------

TEST(TomlDocument, ChineseTextInStringsAndCommentsPasses) {
  const std::string text =
      "\xEF\xBB\xBF# 天津市 12345 热线 𠮷\n"
      "[unit] # 单位\n"
      "name = \"𠮷祥街\"\n"
      "literal = '§ 和平区'\n"
      "multi = \"\"\"\n第一行\n第二行 𠮷\"\"\"\n"
      "multi_literal = '''\n河西区\n'''\n"
      "escaped = \"\\\"引号\\\" 后\"\n"
      "list = [\"特急\", # 注释\n  \"紧急\",\n]\n"
      "inline = { \"名\" = \"x\" }\n"
      "\"带引号的键\" = \"值\"\n";
  auto doc = parse_toml_document(text, "t.toml");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ((*doc)["unit"]["name"].value_or(std::string()), "𠮷祥街");
  EXPECT_EQ((*doc)["unit"]["name"].value_or(std::string()).size(), 4u + 3u + 3u);
  EXPECT_EQ((*doc)["unit"]["multi"].value_or(std::string()), "第一行\n第二行 𠮷");
  EXPECT_EQ((*doc)["unit"]["list"][1].value_or(std::string()), "紧急");
  EXPECT_EQ((*doc)["unit"]["带引号的键"].value_or(std::string()), "值");
  EXPECT_EQ((*doc)["unit"]["inline"]["名"].value_or(std::string()), "x");
}

TEST(TomlDocument, ShippedDataFilesPass) {
  const fs::path data(HOTLINE_DATA_DIR);
  int seen = 0;
  for (const fs::path& dir : {data / "policies", data / "calendar", data / "demo"}) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".toml") continue;
      ++seen;
      auto doc = parse_toml_document(read(entry.path()), entry.path().string());
      EXPECT_TRUE(doc.has_value()) << doc.error().message;
    }
  }
  EXPECT_GE(seen, 5);
}

// --- the error shape ------------------------------------------------------------

TEST(TomlDocument, SyntaxErrorsNameTheLineAndOptionallyTheColumn) {
  const std::string text = "a = 1\nb = \"unterminated\n";
  auto with_column = parse_toml_document(text, "t.toml");
  ASSERT_FALSE(with_column.has_value());
  EXPECT_EQ(with_column.error().code, ErrorCode::kPolicyInvalid);
  EXPECT_EQ(with_column.error().field.rfind("t.toml:2:", 0), 0u) << with_column.error().field;
  EXPECT_TRUE(contains(with_column.error().message, "TOML syntax error"))
      << with_column.error().message;
  EXPECT_TRUE(contains(with_column.error().message_zh, "TOML 语法错误"));

  auto line_only = parse_toml_document(text, "t.toml", SyntaxErrorAt::kLine);
  ASSERT_FALSE(line_only.has_value());
  EXPECT_EQ(line_only.error().field, "t.toml:2");
  EXPECT_EQ(line_only.error().message.rfind("t.toml:2: TOML syntax error: ", 0), 0u)
      << line_only.error().message;
}

TEST(TomlDocument, GarbageNeverThrows) {
  for (const std::string& text :
       {std::string(), std::string("\0\0", 2), std::string("[[[["), std::string(5000, '['),
        std::string("x = ") + std::string(3000, '['), std::string("a = {,}"), std::string("]")}) {
    EXPECT_NO_THROW((void)parse_toml_document(text, "t.toml")) << text;
  }
}

TEST(TomlDocument, HelpersReportFileLineAndWhat) {
  auto doc = parse_toml_document("top = 1\n[unit]\nid = 7\nnmae = \"x\"\n", "t.toml");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  const toml::table& unit = *(*doc)["unit"].as_table();

  auto keys = check_keys(unit, {"id", "name"}, "[unit]", "t.toml");
  ASSERT_FALSE(keys.has_value());
  EXPECT_EQ(keys.error().field, "t.toml:4");
  EXPECT_TRUE(contains(keys.error().message, "unknown key \"nmae\" in [unit]; allowed: id, name"))
      << keys.error().message;
  EXPECT_TRUE(contains(keys.error().message_zh, "“nmae”")) << keys.error().message_zh;
  EXPECT_TRUE(check_keys(unit, {"id", "nmae"}, "[unit]", "t.toml").has_value());

  auto top = check_keys(*doc, {"unit"}, "", "t.toml");
  ASSERT_FALSE(top.has_value());
  EXPECT_EQ(top.error().field, "t.toml:1");
  EXPECT_TRUE(contains(top.error().message, "at the top level")) << top.error().message;

  const Error missing = missing_key(unit, "name", "[unit]", "t.toml");
  EXPECT_EQ(missing.field, "t.toml:2");
  EXPECT_TRUE(contains(missing.message, "[unit] is missing the key \"name\""));

  auto id = string_value(*unit.get("id"), "id", "t.toml");
  ASSERT_FALSE(id.has_value());
  EXPECT_EQ(id.error().field, "t.toml:3");
  EXPECT_TRUE(contains(id.error().message, "\"id\" must be a string"));
  EXPECT_EQ(string_value(*unit.get("nmae"), "nmae", "t.toml").value(), "x");

  EXPECT_EQ(file_error("t.toml", 0, "m", "中").field, "t.toml:1");  // unknown line
  const Error whole = path_error("dir/t.toml", "cannot read the file", "无法读取文件");
  EXPECT_EQ(whole.code, ErrorCode::kPolicyInvalid);
  EXPECT_EQ(whole.message, "dir/t.toml: cannot read the file");
  EXPECT_EQ(whole.message_zh, "dir/t.toml：无法读取文件");
}

}  // namespace
}  // namespace hotline
