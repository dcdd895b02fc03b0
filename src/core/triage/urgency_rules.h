#pragma once
// TYP-2 urgency by a reviewed lexicon [R6, R9, R11, C20]. Life-safety
// (可能危及人民群众生命财产安全) and utilities (水、电、气、热, and network and
// communications under C20) must be caught: they are dispatched at once
// (DIS-1) and accepted within 15 or 30 minutes (ACC-1), so a missed gas leak
// costs more than a false alarm. The rules therefore aim at recall; a model
// (TextClassifier) may add what the lexicon misses (combine_urgency).
//
// The lexicon is data (data/triage/urgency_lexicon.tsv, loaded by an
// adapter): each entry is a class and a pattern. A pattern is one or more
// parts joined by '+'; it matches when every part occurs in one clause of
// the message (clauses end at 。！？；，, line breaks and their ASCII forms).
// Matching ignores white space, full-width/half-width and Latin case.
// Entries labelled "general" are exclusions: a clause that matches one is not
// searched for urgent patterns (a bill, a company's name, thanks for a repair).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/triage/text_classifier.h"
#include "core/work_order/classification.h"

namespace hotline {

struct LexiconEntry {
  std::string label;               // e.g. "life-safety", "utilities", "complaint"
  std::vector<std::string> parts;  // all must occur in one clause
  std::string pattern;             // as written, for explanations
};

// Parses "part+part" into an entry; an empty part is an error.
Result<LexiconEntry> make_lexicon_entry(std::string label, std::string_view pattern);

// The patterns of `entries` that match `text`, in lexicon order.
std::vector<const LexiconEntry*> match_lexicon(const std::vector<LexiconEntry>& entries,
                                               std::string_view text);

// Text prepared for matching: white space removed, full-width ASCII folded,
// Latin letters lower case, split into clauses.
std::vector<std::string> lexicon_clauses(std::string_view text);

struct UrgencyDecision {
  Urgency urgency = Urgency::kGeneral;
  std::vector<std::string> matched;  // patterns that fired ("燃气+泄漏")
  bool from_model = false;           // raised by the model, not the lexicon
  double confidence = 1.0;           // 1 for a lexicon match, else the model's
};

class UrgencyRules {
 public:
  // Entries labelled "life-safety" or "utilities", and "general" exclusions;
  // other labels are errors.
  static Result<UrgencyRules> create(std::vector<LexiconEntry> entries);

  // The most urgent class any pattern gives (life-safety > utilities >
  // general), with the patterns that fired.
  UrgencyDecision classify(std::string_view text) const;
  std::size_t size() const { return entries_.size(); }

 private:
  std::vector<LexiconEntry> entries_;
  std::vector<LexiconEntry> exclusions_;  // clauses matching one are skipped
};

// The lexicon's decision, raised to a more urgent class when the model gives
// that class at least `threshold` (pass all the model's labels, not only its
// top one: a 0.4 for life-safety matters even when general has 0.6). The
// model never lowers what the lexicon found.
UrgencyDecision combine_urgency(const UrgencyDecision& rules, const std::vector<LabelScore>& model,
                                double threshold);

}  // namespace hotline
