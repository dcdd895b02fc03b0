#pragma once
// What the TOML adapters (policy, calendar, organisation) share: reading a
// file's text into a toml::table without ever handing toml++ 3.3.0 an input
// it cannot survive, and the error shape for mistakes in a file. Every such
// error has ErrorCode::kPolicyInvalid, field "file:line" and messages that
// start with the field, in English and Simplified Chinese.

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hotline {

// Whether a TOML syntax error from toml++ names the column ("file:3:7") or
// only the line ("file:3"); the loaders' callers rely on one or the other.
enum class SyntaxErrorAt { kLine, kLineAndColumn };

// Screens `text` (see screen_toml_text), then parses it. A syntax error comes
// back as "file:line[:column]: TOML syntax error: ...". Never throws.
Result<toml::table> parse_toml_document(std::string_view text, std::string_view file,
                                        SyntaxErrorAt at = SyntaxErrorAt::kLineAndColumn);

// Refuses, at its first line, text that toml++ 3.3.0 (Debian 12) fails an
// assertion or reaches undefined behaviour on: invalid UTF-8 (even in a
// comment); a non-ASCII byte outside strings and comments; one right after a
// line-ending backslash in a """ string (valid TOML, refused anyway); a table
// header starting with neither a key nor a quote ("[=", "[\r"); a "}" where a
// value is expected ("[}", "[1,}"). Valid files with non-ASCII text in
// strings and comments, and a byte-order mark, pass.
Status screen_toml_text(std::string_view text, std::string_view file);

// "file:line: message" (line 0, i.e. unknown, becomes 1).
Error file_error(std::string_view file, std::uint32_t line, std::string message,
                 std::string message_zh);

// A file or directory as a whole ("cannot read the file"): field `path`.
Error path_error(std::string_view path, std::string message, std::string message_zh);

// The line a node starts on (0 if toml++ does not know).
std::uint32_t line_of(const toml::node& node);
// The line of a key, or of its value where the key has none.
std::uint32_t line_of(const toml::key& key, const toml::node& value);

// Refuses a key of `table` not in `allowed`, so that a misspelt key is an
// error rather than a silently ignored line. `where` names the table as
// written in the file ("[[unit]]"); empty for the top level.
Status check_keys(const toml::table& table, const std::vector<std::string_view>& allowed,
                  std::string_view where, std::string_view file);

// "[[unit]] is missing the key \"name\"", at the table's line.
Error missing_key(const toml::table& table, std::string_view key, std::string_view where,
                  std::string_view file);

// The string value of `node` (named `key` in errors), empty allowed.
Result<std::string> string_value(const toml::node& node, std::string_view key,
                                 std::string_view file);

}  // namespace hotline
