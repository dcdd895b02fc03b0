#pragma once
// Text features for near-duplicate search and clustering (TRI-5, SUP-1,
// ANA-2). Text is normalised to code points (CJK ideographs of every plane,
// 𠮷 included; letters and digits, full-width folded to ASCII, lower-cased;
// punctuation and spaces dropped) and cut into character bigrams.
//
// Different applicants describe the same problem in different words, so two
// messages about one problem share few bigrams overall (Jaccard ≈ 0.05 on the
// real data) but share their *distinctive* ones: the estate, road or company
// name and the matter (丽发新城 · 搅拌站). A request's fingerprint is therefore
// its K most distinctive bigrams by tf·idf, each with its idf weight; the
// document frequencies come from TermStatistics, a fixed-size counting table
// updated as requests arrive.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hotline::triage {

// The code points of `text` that carry meaning for matching (see above).
// Invalid UTF-8 bytes are skipped.
std::u32string normalize_for_matching(std::string_view text);

// A stable 32-bit id of the bigram (a, b).
std::uint32_t bigram_term(char32_t a, char32_t b);

// Distinct bigram terms of normalised text (a single code point gives one term).
std::vector<std::uint32_t> distinct_terms(const std::u32string& normalized);

// Anchors: runs of four code points. Reworded complaints about one place share
// few bigrams overall but keep its name (海河华庭, 58车贷); a four-character run
// that is rare in the corpus is such a name, while the common ones are the
// wording of a kind of problem (夜间施工, 噪音扰民) that many places share.
// Anchor ids are drawn apart from bigram ids (a different seed).
std::uint32_t anchor_term(char32_t a, char32_t b, char32_t c, char32_t d);
// Distinct anchor terms of normalised text (none below four code points).
std::vector<std::uint32_t> distinct_anchors(const std::u32string& normalized);

// Document frequencies of terms in a fixed table of 2^bits counters indexed
// by term (collisions only make a rare term look a little more common).
// Not thread-safe: callers serialise updates with reads.
class TermStatistics {
 public:
  // `prior_documents`: the corpus size the weights assume until more requests
  // have been counted (see idf).
  explicit TermStatistics(unsigned bits = 22, std::uint64_t prior_documents = 1000);

  // Counts each distinct term of one document once.
  void add_document(const std::vector<std::uint32_t>& distinct);
  // log((N + 1) / (df + 1)) with N at least `prior_documents`: on a new
  // installation the first requests about one problem share its terms, and
  // counted against a corpus of only those requests the shared terms would
  // look common and weigh nothing (SUP-1: no cold start in which identical
  // complaints never cluster).
  double idf(std::uint32_t term) const;
  // idf relative to the largest possible (a term never seen): 1 for a term
  // of one document, towards 0 for a term in every document. Comparable
  // across corpus sizes, unlike idf itself.
  double rarity(std::uint32_t term) const;
  void set_prior_documents(std::uint64_t n) { prior_documents_ = n; }
  std::uint64_t documents() const { return documents_; }

  // For persistence: the raw table and document count.
  const std::vector<std::uint32_t>& table() const { return counts_; }
  // Fails (returns false) when the table size is not a power of two.
  bool restore(std::vector<std::uint32_t> counts, std::uint64_t documents);

 private:
  std::vector<std::uint32_t> counts_;
  std::uint32_t mask_;
  std::uint64_t documents_ = 0;
  std::uint64_t prior_documents_ = 1000;
};

struct WeightedTerm {
  std::uint32_t term = 0;
  float weight = 0;  // idf when the fingerprint was made
};

// The K most distinctive terms of a request, sorted by term id, and its
// rarest anchors (sorted by term id too).
struct Fingerprint {
  std::vector<WeightedTerm> terms;
  std::vector<WeightedTerm> anchors;
  float total_weight() const;
  bool empty() const { return terms.empty(); }
};

struct FingerprintOptions {
  std::size_t terms = 16;       // K
  double subject_weight = 2.0;  // a subject bigram counts this many times
  // The rarest anchors kept (ties: the earliest in subject, then detail).
  // A short request keeps all of its anchors: the first request about a
  // place cannot know which of its words the next applicants will repeat.
  std::size_t anchors = 48;
};

Fingerprint make_fingerprint(std::string_view subject, std::string_view detail,
                             const TermStatistics& stats, const FingerprintOptions& options = {});

// Weighted Jaccard of two fingerprints: the weight of the shared terms over
// the weight of all terms, in [0, 1].
double similarity(const Fingerprint& a, const Fingerprint& b);
// The same over two lists of terms sorted by term id (the index keeps a
// request's terms without its Fingerprint).
double similarity(std::span<const WeightedTerm> a, std::span<const WeightedTerm> b);
float total_weight(std::span<const WeightedTerm> terms);

}  // namespace hotline::triage
