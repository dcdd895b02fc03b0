#include "adapters/liblinear/word_segmenter.h"

#include <algorithm>
#include <fstream>
#include <istream>
#include <ostream>

#include "adapters/classifier/text_features.h"
#include "core/text.h"

namespace hotline::ml {
namespace {

// Longer dictionary entries are names and phrases that never recur.
constexpr std::size_t kLongestWord = 8;

// A token of text_tokens that is one Chinese character (3 or 4 UTF-8 bytes
// at or above U+3400; Latin words, "0" and kana/Hangul letters are not).
bool is_han_token(const std::string& t) {
  char32_t cp = 0;
  if (t.empty() || utf8_sequence(t, 0, cp) != t.size()) return false;
  return is_han(cp);
}

std::string join(const std::vector<std::string>& chars, std::size_t at, std::size_t n) {
  std::string s;
  for (std::size_t i = at; i < at + n; ++i) s += chars[i];
  return s;
}

std::size_t singles(const std::vector<std::size_t>& pieces) {
  return static_cast<std::size_t>(std::count(pieces.begin(), pieces.end(), std::size_t{1}));
}

}  // namespace

void WordSegmenter::add_word(std::string word, std::size_t characters) {
  if (characters < 2 || characters > kLongestWord) return;
  longest_ = std::max(longest_, characters);
  words_.insert(std::move(word));
}

void WordSegmenter::add_segmented_text(std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    // Normalise the word like the message it will be found in; a word that
    // is not all Chinese characters (a place code, a number) is skipped.
    const auto tokens = text_tokens(text.substr(start, end - start));
    if (!tokens.empty() && std::all_of(tokens.begin(), tokens.end(), is_han_token)) {
      std::string word;
      for (const auto& t : tokens) word += t;
      add_word(std::move(word), tokens.size());
    }
    start = end + 1;
  }
}

Status WordSegmenter::add_dictionary(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return fail(Error::invalid("dictionary", "cannot read " + path, "无法读取词典 " + path));
  }
  std::string line;
  while (std::getline(in, line)) {
    const auto end = line.find_first_of(" \t");
    add_segmented_text(std::string_view(line).substr(0, end));
  }
  return {};
}

bool WordSegmenter::contains(const std::vector<std::string>& chars, std::size_t at,
                             std::size_t n) const {
  return words_.count(join(chars, at, n)) > 0;
}

std::vector<std::size_t> WordSegmenter::forward(const std::vector<std::string>& chars) const {
  std::vector<std::size_t> pieces;
  for (std::size_t i = 0; i < chars.size();) {
    std::size_t n = std::min(longest_, chars.size() - i);
    while (n >= 2 && !contains(chars, i, n)) --n;
    n = std::max<std::size_t>(n, 1);
    pieces.push_back(n);
    i += n;
  }
  return pieces;
}

std::vector<std::size_t> WordSegmenter::backward(const std::vector<std::string>& chars) const {
  std::vector<std::size_t> pieces;
  for (std::size_t end = chars.size(); end > 0;) {
    std::size_t n = std::min(longest_, end);
    while (n >= 2 && !contains(chars, end - n, n)) --n;
    n = std::max<std::size_t>(n, 1);
    pieces.push_back(n);
    end -= n;
  }
  std::reverse(pieces.begin(), pieces.end());
  return pieces;
}

std::vector<std::string> WordSegmenter::words(const std::vector<std::string>& tokens) const {
  std::vector<std::string> out;
  if (words_.empty()) return out;
  std::vector<std::string> run;
  auto cut = [&] {
    if (run.size() >= 2) {
      const auto f = forward(run);
      const auto b = backward(run);
      const bool take_forward =
          f.size() < b.size() || (f.size() == b.size() && singles(f) < singles(b));
      const auto& pieces = take_forward ? f : b;
      std::size_t at = 0;
      for (auto n : pieces) {
        if (n >= 2) out.push_back(join(run, at, n));
        at += n;
      }
    }
    run.clear();
  };
  for (const auto& t : tokens) {
    if (is_han_token(t)) {
      run.push_back(t);
    } else {
      cut();
    }
  }
  cut();
  return out;
}

void WordSegmenter::save(std::ostream& out) const {
  std::vector<std::string> sorted(words_.begin(), words_.end());
  std::sort(sorted.begin(), sorted.end());  // the same dictionary, the same file
  out << "words " << sorted.size() << '\n';
  for (const auto& w : sorted) out << w << '\n';
}

Result<WordSegmenter> WordSegmenter::load(std::istream& in) {
  auto bad = [](const std::string& why) {
    return fail(Error::invalid("words", "bad word list: " + why, "词表无效：" + why));
  };
  std::string line;
  std::size_t count = 0;
  if (!std::getline(in, line) || line.rfind("words ", 0) != 0) return bad("no count line");
  try {
    count = std::stoul(line.substr(6));
  } catch (const std::exception&) {
    return bad("count");
  }
  WordSegmenter s;
  for (std::size_t i = 0; i < count; ++i) {
    if (!std::getline(in, line)) return bad("truncated");
    s.add_word(line, code_points(line));
  }
  return s;
}

}  // namespace hotline::ml
