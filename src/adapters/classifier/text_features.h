#pragma once
// Text normalisation and features for the classifiers. The same function
// serves training and prediction, so raw messages (subject and detail as the
// applicant wrote them) and the word-segmented training text of the tipdm
// data (spaces between words, punctuation and stop words removed) end up in
// one representation:
//
//   * full-width ASCII (Ａ１，) becomes half-width, U+3000 a space, Latin
//     letters lower case;
//   * punctuation and white space only separate tokens;
//   * every run of digits is one token "0" (dates, phone and house numbers
//     carry no category);
//   * the anonymised place names of the data (A市, A3区, B7县) keep only their
//     kind (市, 区, 县): the segmented text dropped the letter of "A市" and the
//     districts are not evidence of a category;
//   * each Chinese character is a token; a Latin word is one token.
//
// fastText then adds token n-grams (wordNgrams), i.e. character bigrams and
// trigrams, which work the same on segmented and raw text.

#include <string>
#include <string_view>
#include <vector>

namespace hotline::ml {

// Chinese characters: CJK unified ideographs, extensions A to G (beyond the
// BMP: 𠮷, 𡒄), compatibility ideographs.
bool is_han(char32_t cp);

// The tokens of `text` as described above. Bytes that are not UTF-8 only
// separate tokens.
std::vector<std::string> text_tokens(std::string_view text);

// The tokens joined by single spaces: a fastText input line (no newline).
std::string feature_line(std::string_view text);

}  // namespace hotline::ml
