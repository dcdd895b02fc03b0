#include "core/oversight/text_mask.h"

#include "core/text.h"

namespace hotline::oversight {
namespace {

struct CodePoint {
  char32_t cp;
  std::size_t begin, end;  // byte range in the text
};

std::vector<CodePoint> decode(std::string_view s) {
  std::vector<CodePoint> out;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t n = utf8_sequence(s, i, cp);
    if (n == 0) {
      n = 1;  // not UTF-8: kept byte by byte (callers pass valid text)
      cp = static_cast<unsigned char>(s[i]);
    }
    out.push_back({cp, i, i + n});
    i += n;
  }
  return out;
}

bool is_digit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= 0xFF10 && c <= 0xFF19); }
bool is_separator(char32_t c) { return c == U' ' || c == U'-' || c == 0xFF0D || c == 0x3000; }
bool is_check_letter(char32_t c) { return c == U'X' || c == U'x' || c == 0xFF38; }

constexpr std::size_t kMinDigits = 7;

std::string mask_numbers(std::string_view text) {
  const auto cps = decode(text);
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < cps.size()) {
    if (!is_digit(cps[i].cp)) {
      out.append(text.substr(cps[i].begin, cps[i].end - cps[i].begin));
      ++i;
      continue;
    }
    std::size_t j = i;
    std::size_t digits = 0;
    std::size_t last = i;  // last digit (or check letter) of the run
    while (j < cps.size()) {
      if (is_digit(cps[j].cp)) {
        ++digits;
        last = j;
        ++j;
      } else if (is_separator(cps[j].cp) && j + 1 < cps.size() && is_digit(cps[j + 1].cp)) {
        ++j;
      } else {
        break;
      }
    }
    if (digits == 17 && last + 1 < cps.size() && is_check_letter(cps[last + 1].cp)) {
      ++last;
      ++digits;
    }
    if (digits >= kMinDigits) {
      out.append(digits, '*');
    } else {
      out.append(text.substr(cps[i].begin, cps[last].end - cps[i].begin));
    }
    i = last + 1;
  }
  return out;
}

std::string replace_all(std::string text, std::string_view needle) {
  if (needle.empty() || code_points(needle) < 2) return text;
  const std::string stars(code_points(needle), '*');
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + stars.size())) {
    text.replace(at, needle.size(), stars);
  }
  return text;
}

}  // namespace

std::string mask_personal_text(std::string_view text, const std::vector<std::string>& known) {
  std::string out(text);
  for (const std::string& k : known) out = replace_all(std::move(out), k);
  return mask_numbers(out);
}

}  // namespace hotline::oversight
