#include "core/triage/urgency_rules.h"

#include <algorithm>

namespace hotline {
namespace {

// Clause ends: 。！？；，、 and line breaks, in both widths.
bool is_clause_end(std::string_view s, std::size_t i, std::size_t& len) {
  static constexpr std::string_view kEnds[] = {"。", "！", "？", "；", "，", "!",
                                               "?",  ";",  ",",  "\n", "\r"};
  for (auto e : kEnds) {
    if (s.substr(i, e.size()) == e) {
      len = e.size();
      return true;
    }
  }
  return false;
}

// Full-width ASCII (U+FF01..U+FF5E, 3 bytes EF BC/BD xx) to ASCII; U+3000 to
// a space; ASCII upper case to lower.
std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == 0xEF && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      // U+FF01..U+FF3F is EF BC 81..BF; U+FF40..U+FF5E is EF BD 80..9E.
      char32_t cp = 0;
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) cp = 0xFF00 + (b2 - 0x80);
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) cp = 0xFF40 + (b2 - 0x80);
      if (cp != 0) {
        char c = static_cast<char>(cp - 0xFEE0);
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out += c;
        i += 2;
        continue;
      }
    }
    if (b == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {
      out += ' ';
      i += 2;
      continue;
    }
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out += c;
  }
  return out;
}

int rank(Urgency u) {
  switch (u) {
    case Urgency::kLifeSafety:
      return 2;
    case Urgency::kUtilities:
      return 1;
    case Urgency::kGeneral:
      return 0;
  }
  return 0;
}

}  // namespace

Result<LexiconEntry> make_lexicon_entry(std::string label, std::string_view pattern) {
  LexiconEntry e;
  e.label = std::move(label);
  e.pattern = std::string(pattern);
  std::size_t start = 0;
  while (start <= pattern.size()) {
    auto plus = pattern.find('+', start);
    if (plus == std::string_view::npos) plus = pattern.size();
    std::string part = fold(pattern.substr(start, plus - start));
    std::erase_if(part, [](char c) { return c == ' ' || c == '\t'; });
    if (part.empty()) {
      return fail(Error::invalid("pattern", "empty part in pattern '" + e.pattern + "'",
                                 "词条“" + e.pattern + "”中有空的部分"));
    }
    e.parts.push_back(std::move(part));
    start = plus + 1;
  }
  return e;
}

std::vector<std::string> lexicon_clauses(std::string_view text) {
  const std::string folded = fold(text);
  std::vector<std::string> clauses(1);
  for (std::size_t i = 0; i < folded.size();) {
    std::size_t len = 0;
    if (is_clause_end(folded, i, len)) {
      if (!clauses.back().empty()) clauses.emplace_back();
      i += len;
      continue;
    }
    if (folded[i] != ' ' && folded[i] != '\t') clauses.back() += folded[i];
    ++i;
  }
  if (clauses.back().empty() && clauses.size() > 1) clauses.pop_back();
  return clauses;
}

namespace {

bool matches_clause(const LexiconEntry& e, const std::string& clause) {
  return std::all_of(e.parts.begin(), e.parts.end(), [&](const std::string& part) {
    return clause.find(part) != std::string::npos;
  });
}

std::vector<const LexiconEntry*> match_clauses(const std::vector<LexiconEntry>& entries,
                                               const std::vector<std::string>& clauses) {
  std::vector<const LexiconEntry*> matched;
  for (const auto& e : entries) {
    if (std::any_of(clauses.begin(), clauses.end(),
                    [&](const std::string& c) { return matches_clause(e, c); })) {
      matched.push_back(&e);
    }
  }
  return matched;
}

}  // namespace

std::vector<const LexiconEntry*> match_lexicon(const std::vector<LexiconEntry>& entries,
                                               std::string_view text) {
  return match_clauses(entries, lexicon_clauses(text));
}

Result<UrgencyRules> UrgencyRules::create(std::vector<LexiconEntry> entries) {
  UrgencyRules rules;
  for (auto& e : entries) {
    const auto u = parse_urgency(e.label);
    if (!u) {
      return fail(
          Error::invalid("label", "urgency lexicon label must be life-safety, utilities or general",
                         "紧急程度词表的类别应为 life-safety、utilities 或 general：" + e.label));
    }
    (*u == Urgency::kGeneral ? rules.exclusions_ : rules.entries_).push_back(std::move(e));
  }
  return rules;
}

UrgencyDecision UrgencyRules::classify(std::string_view text) const {
  UrgencyDecision d;
  // A clause about a bill, a utility company's name or thanks for a repair
  // ("暖气费涨价了没有", "供电所的师傅") is not an outage: it is not searched.
  auto clauses = lexicon_clauses(text);
  std::erase_if(clauses, [&](const std::string& c) {
    return std::any_of(exclusions_.begin(), exclusions_.end(),
                       [&](const LexiconEntry& e) { return matches_clause(e, c); });
  });
  for (const auto* e : match_clauses(entries_, clauses)) {
    const Urgency u = parse_urgency(e->label).value_or(Urgency::kGeneral);
    if (rank(u) > rank(d.urgency)) d.urgency = u;
    d.matched.push_back(e->pattern);
  }
  return d;
}

UrgencyDecision combine_urgency(const UrgencyDecision& rules, const std::vector<LabelScore>& model,
                                double threshold) {
  UrgencyDecision d = rules;
  for (const auto& score : model) {
    const auto u = parse_urgency(score.label);
    if (!u || score.confidence < threshold || rank(*u) <= rank(d.urgency)) continue;
    d.urgency = *u;
    d.from_model = true;
    d.confidence = score.confidence;
  }
  return d;
}

}  // namespace hotline
