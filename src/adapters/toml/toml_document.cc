#include "adapters/toml/toml_document.h"

#include <algorithm>
#include <utility>

namespace hotline {
namespace {

// What the screen found, and where.
enum class Unsafe {
  kNone,
  kBadUtf8,
  kNonAscii,
  kAfterLineEndingBackslash,
  kHeaderWithoutKey,
  kBraceForValue,
};

struct Finding {
  Unsafe what = Unsafe::kNone;
  std::uint32_t line = 0;
};

// The first byte that is not well-formed UTF-8. TOML files must be UTF-8,
// and toml++ 3.3.0 loses its footing on broken sequences even in comments.
Finding bad_utf8(std::string_view text) {
  std::uint32_t line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      line += b == '\n';
      ++i;
      continue;
    }
    // The lead byte gives the length and the range of the second byte, which
    // rules out overlong forms, surrogates and code points above U+10FFFF.
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      lo = b == 0xE0 ? 0xA0 : lo;
      hi = b == 0xED ? 0x9F : hi;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      lo = b == 0xF0 ? 0x90 : lo;
      hi = b == 0xF4 ? 0x8F : hi;
    } else {
      return {Unsafe::kBadUtf8, line};
    }
    if (i + len > text.size()) return {Unsafe::kBadUtf8, line};
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return {Unsafe::kBadUtf8, line};
    }
    i += len;
  }
  return {};
}

// Walks the text the way toml++ reads it -- code, comments and the four kinds
// of string -- and stops at the first spot toml++ 3.3.0 cannot survive. A
// quote opens a string only where a key or value may start; elsewhere toml++
// reads on as a bare value, and so does this walk.
Finding unsafe_syntax(std::string_view text) {
  enum class In { kCode, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  const auto high = [](char c) { return static_cast<unsigned char>(c) >= 0x80; };
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  const auto at = [&](std::size_t i, std::string_view w) { return text.substr(i, w.size()) == w; };
  const auto key_start = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '"' || c == '\'' || c == ']';
  };
  In in = In::kCode;
  std::uint32_t line = 1;
  char prev = '\n';  // the last code character on this line that is not blank
  char last = '\n';  // the same across lines and comments
  for (std::size_t i = at(0, "\xEF\xBB\xBF") ? 3 : 0; i < text.size(); ++i) {
    const char c = text[i];
    line += c == '\n';
    switch (in) {
      case In::kCode:
        if (high(c)) return {Unsafe::kNonAscii, line};
        if (blank(c)) break;
        if (c == '#') {
          in = In::kComment;
          break;
        }
        if (c == '}' && (last == '[' || last == ',')) return {Unsafe::kBraceForValue, line};
        if (c != '\n') last = c;
        if (c == '[' && prev == '\n') {
          std::size_t j = i + 1;
          if (j < text.size() && text[j] == '[') ++j;
          while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;  // not a lone \r
          if (j < text.size() && !key_start(text[j])) return {Unsafe::kHeaderWithoutKey, line};
        } else if ((c == '"' || c == '\'') &&
                   std::string_view("\n=[{,.").find(prev) != std::string_view::npos) {
          const bool multi = at(i, c == '"' ? R"(""")" : "'''");
          if (c == '"') {
            in = multi ? In::kMultiBasic : In::kBasic;
          } else {
            in = multi ? In::kMultiLiteral : In::kLiteral;
          }
          if (multi) i += 2;
        }
        prev = c;
        break;
      case In::kComment:
        if (c == '\n') {
          in = In::kCode;
          prev = '\n';
        }
        break;
      case In::kBasic:
      case In::kLiteral:
        if (in == In::kBasic && c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
          ++i;  // an escaped character cannot end the string
        } else if (c == (in == In::kBasic ? '"' : '\'')) {
          in = In::kCode;
        } else if (c == '\n') {  // unterminated: toml++ reports it
          in = In::kCode;
          prev = '\n';
        }
        break;
      case In::kMultiBasic:
        if (c == '\\') {
          std::size_t j = i + 1;
          while (j < text.size() && blank(text[j])) ++j;
          if (j < text.size() && text[j] == '\n') {
            // A line-ending backslash trims the whitespace after it; toml++
            // trips on a non-ASCII character right after the trim.
            for (; j < text.size() && (blank(text[j]) || text[j] == '\n'); ++j) {
              line += text[j] == '\n';
            }
            if (j < text.size() && high(text[j])) return {Unsafe::kAfterLineEndingBackslash, line};
            i = j - 1;
          } else {
            ++i;  // an escape
          }
        } else if (at(i, R"(""")")) {
          in = In::kCode;
          i += 2;
        }
        break;
      case In::kMultiLiteral:
        if (at(i, "'''")) {
          in = In::kCode;
          i += 2;
        }
        break;
    }
  }
  return {};
}

Error syntax_error(std::string_view file, const toml::source_region& where,
                   std::string_view description, SyntaxErrorAt at) {
  std::string field = std::string(file) + ":" + std::to_string(std::max(where.begin.line, 1u));
  if (at == SyntaxErrorAt::kLineAndColumn) field += ":" + std::to_string(where.begin.column);
  Error e = Error::invalid(std::move(field), "TOML syntax error: " + std::string(description),
                           "TOML 语法错误：" + std::string(description));
  e.code = ErrorCode::kPolicyInvalid;
  return e;
}

std::string joined(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

}  // namespace

Status screen_toml_text(std::string_view text, std::string_view file) {
  Finding f = bad_utf8(text);
  if (f.what == Unsafe::kNone) f = unsafe_syntax(text);
  switch (f.what) {
    case Unsafe::kNone:
      return {};
    case Unsafe::kBadUtf8:
      return fail(
          file_error(file, f.line, "the file is not valid UTF-8", "文件不是有效的 UTF-8 编码"));
    case Unsafe::kNonAscii:
      return fail(file_error(file, f.line,
                             "TOML syntax error: a non-ASCII character outside a string or comment",
                             "TOML 语法错误：字符串或注释之外出现非 ASCII 字符"));
    case Unsafe::kAfterLineEndingBackslash:
      return fail(file_error(file, f.line,
                             "a non-ASCII character right after a line-ending backslash in a "
                             "multi-line string is not supported; start the line with an ASCII "
                             "character",
                             "多行字符串中行尾反斜杠之后不能紧接非 ASCII 字符，请以 ASCII "
                             "字符开头"));
    case Unsafe::kHeaderWithoutKey:
      return fail(file_error(file, f.line, "TOML syntax error: a table header without a key",
                             "TOML 语法错误：表头缺少键名"));
    case Unsafe::kBraceForValue:
      return fail(file_error(file, f.line, "TOML syntax error: \"}\" where a value is expected",
                             "TOML 语法错误：应为值的位置出现“}”"));
  }
  return {};
}

Result<toml::table> parse_toml_document(std::string_view text, std::string_view file,
                                        SyntaxErrorAt at) {
  if (auto screened = screen_toml_text(text, file); !screened) return fail(screened.error());
#if TOML_EXCEPTIONS
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return fail(syntax_error(file, e.source(), e.description(), at));
  }
#else
  toml::parse_result r = toml::parse(text, file);
  if (!r) return fail(syntax_error(file, r.error().source(), r.error().description(), at));
  return std::move(r).table();
#endif
}

Error file_error(std::string_view file, std::uint32_t line, std::string message,
                 std::string message_zh) {
  Error e = Error::invalid(std::string(file) + ":" + std::to_string(std::max(line, 1u)),
                           std::move(message), std::move(message_zh));
  e.code = ErrorCode::kPolicyInvalid;
  return e;
}

Error path_error(std::string_view path, std::string message, std::string message_zh) {
  Error e = Error::invalid(std::string(path), std::move(message), std::move(message_zh));
  e.code = ErrorCode::kPolicyInvalid;
  return e;
}

std::uint32_t line_of(const toml::node& node) { return node.source().begin.line; }

std::uint32_t line_of(const toml::key& key, const toml::node& value) {
  return key.source().begin.line ? key.source().begin.line : line_of(value);
}

Status check_keys(const toml::table& table, const std::vector<std::string_view>& allowed,
                  std::string_view where, std::string_view file) {
  for (auto&& [key, value] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    const std::string k(key.str());
    return fail(file_error(file, line_of(key, value),
                           "unknown key \"" + k + "\" " +
                               (where.empty() ? "at the top level" : "in " + std::string(where)) +
                               "; allowed: " + joined(allowed),
                           (where.empty() ? std::string("顶层") : std::string(where) + " 中") +
                               "有未知的键“" + k + "”；允许的键：" + joined(allowed)));
  }
  return {};
}

Error missing_key(const toml::table& table, std::string_view key, std::string_view where,
                  std::string_view file) {
  return file_error(file, line_of(table),
                    std::string(where) + " is missing the key \"" + std::string(key) + "\"",
                    std::string(where) + " 缺少键“" + std::string(key) + "”");
}

Result<std::string> string_value(const toml::node& node, std::string_view key,
                                 std::string_view file) {
  if (const auto* s = node.as_string()) return s->get();
  return fail(file_error(file, line_of(node), "\"" + std::string(key) + "\" must be a string",
                         "“" + std::string(key) + "”必须是字符串"));
}

}  // namespace hotline
