#pragma once
// UTF-8 text checks. Text is UTF-8 end to end, including characters beyond
// the BMP (𠮷, 𡒄 — GB 18030-2022), so lengths are counted in code points.

#include <cstddef>
#include <string>
#include <string_view>

namespace hotline {

bool is_valid_utf8(std::string_view s);
// The length in bytes of the well-formed UTF-8 sequence starting at s[i]
// (1 to 4), setting `cp` to its code point; 0 when the bytes there are not
// UTF-8 (truncated, bad continuation, overlong, surrogate, past U+10FFFF).
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp);
// At most `max_bytes` of valid UTF-8 `text`, cut before the first character
// that would not fit whole: a shortened diagnostic stays valid UTF-8.
std::string clip_utf8(std::string_view text, std::size_t max_bytes);
// Code points in valid UTF-8 text.
std::size_t code_points(std::string_view s);
// Text with leading and trailing ASCII and ideographic (U+3000) spaces removed.
std::string_view trim(std::string_view s);

}  // namespace hotline
