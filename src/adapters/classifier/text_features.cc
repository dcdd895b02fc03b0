#include "adapters/classifier/text_features.h"

#include <cstdint>

#include "core/text.h"

namespace hotline::ml {
namespace {

// Decodes one code point at `i`, advancing it. Bytes that are not UTF-8
// (core/text.h's utf8_sequence: truncated, bad continuation, overlong,
// surrogate) give U+FFFD and advance one byte, so the decoder resynchronises
// at the next lead byte; U+FFFD only separates tokens.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  char32_t cp = 0;
  const std::size_t len = utf8_sequence(s, i, cp);
  i += len == 0 ? 1 : len;
  return len == 0 ? char32_t{0xFFFD} : cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Full-width forms to ASCII, ideographic space to space, upper to lower case.
char32_t fold(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
  if (cp == 0x3000) cp = ' ';
  if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
  return cp;
}

bool is_latin(char32_t cp) { return (cp >= 'a' && cp <= 'z'); }
bool is_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

// Other letters that carry meaning (Greek, Cyrillic, Latin with accents,
// kana, Hangul): kept as single-character tokens. Everything else (spaces,
// ASCII and CJK punctuation, symbols, emoji, U+FFFD) separates tokens.
bool is_other_letter(char32_t cp) {
  return (cp >= 0x00C0 && cp <= 0x024F && cp != 0xD7 && cp != 0xF7) ||
         (cp >= 0x0370 && cp <= 0x052F) || (cp >= 0x3040 && cp <= 0x30FF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF);
}

bool is_place_kind(std::string_view token) {
  return token == "市" || token == "区" || token == "县";
}

}  // namespace

bool is_han(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x323AF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

std::vector<std::string> text_tokens(std::string_view text) {
  std::vector<std::string> tokens;
  // Latin words and digit runs accumulate here until a different character.
  std::string run;
  enum class Run { kNone, kLatin, kDigits } run_kind = Run::kNone;
  auto flush = [&] {
    if (run_kind == Run::kLatin) tokens.push_back(run);
    if (run_kind == Run::kDigits) tokens.emplace_back("0");
    run.clear();
    run_kind = Run::kNone;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = fold(next_code_point(text, i));
    if (is_latin(cp)) {
      if (run_kind != Run::kLatin) flush();
      run_kind = Run::kLatin;
      run += static_cast<char>(cp);
      continue;
    }
    if (is_digit(cp)) {
      if (run_kind != Run::kDigits) flush();
      run_kind = Run::kDigits;
      continue;
    }
    flush();
    if (is_han(cp) || is_other_letter(cp)) {
      std::string t;
      append_utf8(t, cp);
      // An anonymised place: one Latin letter, optional number, then 市/区/县.
      if (is_place_kind(t)) {
        std::size_t n = tokens.size();
        if (n >= 1 && tokens[n - 1] == "0" && n >= 2 && tokens[n - 2].size() == 1 &&
            is_latin(static_cast<unsigned char>(tokens[n - 2][0]))) {
          tokens.resize(n - 2);
        } else if (n >= 1 && tokens[n - 1].size() == 1 &&
                   is_latin(static_cast<unsigned char>(tokens[n - 1][0]))) {
          tokens.resize(n - 1);
        }
      }
      tokens.push_back(std::move(t));
    }
  }
  flush();
  return tokens;
}

std::string feature_line(std::string_view text) {
  std::string line;
  for (const auto& t : text_tokens(text)) {
    if (!line.empty()) line += ' ';
    line += t;
  }
  return line;
}

}  // namespace hotline::ml
