#include "adapters/liblinear/word_segmenter.h"

#include <algorithm>
#include <fstream>
#include <istream>
#include <optional>
#include <ostream>

#include "adapters/classifier/text_features.h"
#include "core/text.h"

namespace hotline::ml {
namespace {

// Longer dictionary entries are names and phrases that never recur.
constexpr std::size_t kLongestWord = 8;

// The code point of a token of text_tokens that is one Chinese character
// (3 or 4 UTF-8 bytes at or above U+3400; Latin words, "0" and kana/Hangul
// letters are not), else 0.
char32_t han_of_token(const std::string& t) {
  char32_t cp = 0;
  if (t.empty() || utf8_sequence(t, 0, cp) != t.size()) return 0;
  return is_han(cp) ? cp : 0;
}

bool is_han_token(const std::string& t) { return han_of_token(t) != 0; }

// The code points of valid UTF-8 `s`; nullopt for anything else.
std::optional<std::vector<char32_t>> decode(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = utf8_sequence(s, i, cp);
    if (len == 0) return std::nullopt;
    out.push_back(cp);
    i += len;
  }
  return out;
}

template <typename Pieces>
std::size_t singles(const Pieces& pieces) {
  return static_cast<std::size_t>(
      std::count_if(pieces.begin(), pieces.end(), [](const auto& p) { return p.length == 1; }));
}

}  // namespace

std::uint32_t WordSegmenter::Trie::child(std::uint32_t node, char32_t c) const {
  return children.find(IdMap::pair_key(node, c)).value_or(0);
}

std::uint32_t WordSegmenter::Trie::add(std::uint32_t node, char32_t c) {
  const auto next =
      children.insert(IdMap::pair_key(node, c), static_cast<std::uint32_t>(word.size()));
  if (next == word.size()) word.push_back(kNoWord);
  return next;
}

void WordSegmenter::add_word(std::string word, std::size_t characters) {
  if (characters < 2 || characters > kLongestWord) return;
  // A word that is not UTF-8 (a damaged file) could never match a message.
  const auto chars = decode(word);
  if (!chars) return;
  std::uint32_t f = 0, b = 0;
  for (auto c : *chars) f = forward_.add(f, c);
  if (forward_.word[f] != kNoWord) return;  // known already
  for (auto it = chars->rbegin(); it != chars->rend(); ++it) b = backward_.add(b, *it);
  const auto id = static_cast<std::uint32_t>(words_.size());
  forward_.word[f] = id;
  backward_.word[b] = id;
  longest_ = std::max(longest_, characters);
  words_.push_back(std::move(word));
}

std::optional<std::uint32_t> WordSegmenter::find(std::string_view word) const {
  const auto chars = decode(word);
  if (!chars || chars->empty()) return std::nullopt;
  std::uint32_t node = 0;
  for (auto c : *chars) {
    node = forward_.child(node, c);
    if (node == 0) return std::nullopt;
  }
  if (forward_.word[node] == kNoWord) return std::nullopt;
  return forward_.word[node];
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

// The longest dictionary word starting at each cut point (a single
// character when none): the trie walk stops where no word continues.
std::vector<WordSegmenter::Piece> WordSegmenter::forward(const std::vector<char32_t>& run) const {
  std::vector<Piece> pieces;
  for (std::size_t i = 0; i < run.size();) {
    Piece best{1, kNoWord};
    std::uint32_t node = 0;
    for (std::size_t n = 1; i + n <= run.size() && n <= longest_; ++n) {
      node = forward_.child(node, run[i + n - 1]);
      if (node == 0) break;
      if (forward_.word[node] != kNoWord) best = {n, forward_.word[node]};
    }
    pieces.push_back(best);
    i += best.length;
  }
  return pieces;
}

std::vector<WordSegmenter::Piece> WordSegmenter::backward(const std::vector<char32_t>& run) const {
  std::vector<Piece> pieces;
  for (std::size_t end = run.size(); end > 0;) {
    Piece best{1, kNoWord};
    std::uint32_t node = 0;
    for (std::size_t n = 1; n <= end && n <= longest_; ++n) {
      node = backward_.child(node, run[end - n]);
      if (node == 0) break;
      if (backward_.word[node] != kNoWord) best = {n, backward_.word[node]};
    }
    pieces.push_back(best);
    end -= best.length;
  }
  std::reverse(pieces.begin(), pieces.end());
  return pieces;
}

std::vector<std::uint32_t> WordSegmenter::word_ids(const std::vector<std::string>& tokens) const {
  std::vector<std::uint32_t> out;
  if (words_.empty()) return out;
  std::vector<char32_t> run;
  auto cut = [&] {
    if (run.size() >= 2) {
      const auto f = forward(run);
      const auto b = backward(run);
      const bool take_forward =
          f.size() < b.size() || (f.size() == b.size() && singles(f) < singles(b));
      for (const auto& piece : take_forward ? f : b) {
        if (piece.length >= 2) out.push_back(piece.word);
      }
    }
    run.clear();
  };
  for (const auto& t : tokens) {
    if (const char32_t c = han_of_token(t)) {
      run.push_back(c);
    } else {
      cut();
    }
  }
  cut();
  return out;
}

std::vector<std::string> WordSegmenter::words(const std::vector<std::string>& tokens) const {
  std::vector<std::string> out;
  for (auto id : word_ids(tokens)) out.push_back(words_[id]);
  return out;
}

void WordSegmenter::save(std::ostream& out) const {
  std::vector<std::string> sorted(words_);
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
