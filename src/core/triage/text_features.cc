#include "core/triage/text_features.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/text.h"

namespace hotline::triage {
namespace {

// Decodes one code point at `i`, advancing it past the sequence. Recovery
// from bytes that are not UTF-8 (a stray continuation byte, a truncated or
// overlong sequence, a surrogate, a value past U+10FFFF, a byte that never
// starts one): the first byte alone is passed over and 0xFFFFFFFF returned,
// which fold() drops, so the next call resynchronises on the byte after it
// and a valid character that follows a broken sequence is kept.
char32_t decode(std::string_view s, std::size_t& i) {
  char32_t cp = 0;
  const std::size_t len = utf8_sequence(s, i, cp);
  if (len == 0) {
    ++i;
    return 0xFFFFFFFF;
  }
  i += len;
  return cp;
}

bool is_ideograph(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007;  // 〇
}

// The matching form of `c`, or 0 when it is dropped.
char32_t fold(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A' + 'a';
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return c;
  if (c >= 0xFF10 && c <= 0xFF19) return c - 0xFF10 + '0';  // full-width digits
  if (c >= 0xFF21 && c <= 0xFF3A) return c - 0xFF21 + 'a';  // full-width capitals
  if (c >= 0xFF41 && c <= 0xFF5A) return c - 0xFF41 + 'a';  // full-width small letters
  if (is_ideograph(c)) return c;
  if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) return c;  // Latin letters
  return 0;
}

std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

std::u32string normalize_for_matching(std::string_view text) {
  std::u32string out;
  out.reserve(text.size() / 2);
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t c = fold(decode(text, i));
    if (c != 0) out.push_back(c);
  }
  return out;
}

std::uint32_t bigram_term(char32_t a, char32_t b) {
  return static_cast<std::uint32_t>(mix((static_cast<std::uint64_t>(a) << 21) | b));
}

std::vector<std::uint32_t> distinct_terms(const std::u32string& normalized) {
  std::vector<std::uint32_t> out;
  if (normalized.size() == 1) out.push_back(bigram_term(normalized[0], 0));
  for (std::size_t i = 0; i + 1 < normalized.size(); ++i) {
    out.push_back(bigram_term(normalized[i], normalized[i + 1]));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::uint32_t anchor_term(char32_t a, char32_t b, char32_t c, char32_t d) {
  const std::uint64_t ab = (static_cast<std::uint64_t>(a) << 21) | b;
  const std::uint64_t cd = (static_cast<std::uint64_t>(c) << 21) | d;
  return static_cast<std::uint32_t>(mix(mix(ab ^ 0xA5C3'96E1'0F1D'2B47ULL) ^ cd));
}

std::vector<std::uint32_t> distinct_anchors(const std::u32string& normalized) {
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i + 3 < normalized.size(); ++i) {
    out.push_back(
        anchor_term(normalized[i], normalized[i + 1], normalized[i + 2], normalized[i + 3]));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

TermStatistics::TermStatistics(unsigned bits, std::uint64_t prior_documents)
    : counts_(std::size_t{1} << bits, 0),
      mask_((std::uint32_t{1} << bits) - 1),
      prior_documents_(prior_documents) {}

void TermStatistics::add_document(const std::vector<std::uint32_t>& distinct) {
  for (std::uint32_t t : distinct) {
    auto& c = counts_[t & mask_];
    if (c != UINT32_MAX) ++c;
  }
  ++documents_;
}

double TermStatistics::idf(std::uint32_t term) const {
  const double df = counts_[term & mask_];
  const double n = static_cast<double>(std::max(documents_, prior_documents_));
  return std::log((n + 1.0) / (df + 1.0)) + 0.01;
}

double TermStatistics::rarity(std::uint32_t term) const {
  const double n = static_cast<double>(std::max(documents_, prior_documents_));
  const double most = std::log((n + 1.0) / 1.0) + 0.01;
  return most > 0 ? idf(term) / most : 0.0;
}

bool TermStatistics::restore(std::vector<std::uint32_t> counts, std::uint64_t documents) {
  const std::size_t n = counts.size();
  if (n == 0 || (n & (n - 1)) != 0 || n > (std::size_t{1} << 31)) return false;
  counts_ = std::move(counts);
  mask_ = static_cast<std::uint32_t>(n - 1);
  documents_ = documents;
  return true;
}

float total_weight(std::span<const WeightedTerm> terms) {
  float w = 0;
  for (const auto& t : terms) w += t.weight;
  return w;
}

float Fingerprint::total_weight() const { return triage::total_weight(terms); }

Fingerprint make_fingerprint(std::string_view subject, std::string_view detail,
                             const TermStatistics& stats, const FingerprintOptions& options) {
  std::unordered_map<std::uint32_t, double> tf;
  auto count = [&](std::string_view text, double w) {
    const std::u32string n = normalize_for_matching(text);
    if (n.size() == 1) tf[bigram_term(n[0], 0)] += w;
    for (std::size_t i = 0; i + 1 < n.size(); ++i) tf[bigram_term(n[i], n[i + 1])] += w;
  };
  count(subject, options.subject_weight);
  count(detail, 1.0);
  struct Scored {
    double score;
    WeightedTerm term;
  };
  std::vector<Scored> scored;
  scored.reserve(tf.size());
  for (const auto& [term, f] : tf) {
    const double idf = stats.idf(term);
    scored.push_back({(1.0 + std::log(f)) * idf, {term, static_cast<float>(idf)}});
  }
  const std::size_t k = std::min(options.terms, scored.size());
  // Ties broken by term id so that the fingerprint does not depend on hash order.
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(k), scored.end(),
                    [](const Scored& a, const Scored& b) {
                      return a.score != b.score ? a.score > b.score : a.term.term < b.term.term;
                    });
  Fingerprint fp;
  fp.terms.reserve(k);
  for (std::size_t i = 0; i < k; ++i) fp.terms.push_back(scored[i].term);
  auto by_term = [](const WeightedTerm& a, const WeightedTerm& b) { return a.term < b.term; };
  std::sort(fp.terms.begin(), fp.terms.end(), by_term);

  // Anchors: every four-code-point run of subject and detail (not across the
  // two), the rarest first; equally rare ones in order of appearance.
  struct Run {
    double idf;
    std::size_t position;
    std::uint32_t term;
  };
  std::vector<Run> runs;
  std::size_t position = 0;
  for (std::string_view text : {subject, detail}) {
    const std::u32string n = normalize_for_matching(text);
    for (std::size_t i = 0; i + 3 < n.size(); ++i) {
      const std::uint32_t t = anchor_term(n[i], n[i + 1], n[i + 2], n[i + 3]);
      runs.push_back({stats.idf(t), position++, t});
    }
  }
  std::stable_sort(runs.begin(), runs.end(), [](const Run& a, const Run& b) {
    return a.idf != b.idf ? a.idf > b.idf : a.position < b.position;
  });
  for (const Run& r : runs) {
    if (fp.anchors.size() == options.anchors) break;
    const bool seen = std::any_of(fp.anchors.begin(), fp.anchors.end(),
                                  [&](const WeightedTerm& w) { return w.term == r.term; });
    if (!seen) fp.anchors.push_back({r.term, static_cast<float>(r.idf)});
  }
  std::sort(fp.anchors.begin(), fp.anchors.end(), by_term);
  return fp;
}

double similarity(std::span<const WeightedTerm> a, std::span<const WeightedTerm> b) {
  double shared = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].term < b[j].term) {
      ++i;
    } else if (b[j].term < a[i].term) {
      ++j;
    } else {
      shared += (a[i].weight + b[j].weight) / 2.0;
      ++i;
      ++j;
    }
  }
  const double all = static_cast<double>(total_weight(a)) + total_weight(b) - shared;
  return all > 0 ? std::min(1.0, shared / all) : 0.0;
}

double similarity(const Fingerprint& a, const Fingerprint& b) {
  return similarity(std::span<const WeightedTerm>(a.terms), std::span<const WeightedTerm>(b.terms));
}

}  // namespace hotline::triage
