#pragma once
// Loads the triage lexicons (data/triage/urgency_lexicon.tsv,
// type_lexicon.tsv): tab-separated, header "label<TAB>pattern<TAB>note",
// one pattern per line (see core/triage/urgency_rules.h for the syntax).
// Errors name file:line.

#include <string>
#include <vector>

#include "core/result.h"
#include "core/triage/request_type_rules.h"
#include "core/triage/urgency_rules.h"

namespace hotline::ml {

Result<std::vector<LexiconEntry>> read_lexicon(const std::string& path);
Result<UrgencyRules> load_urgency_rules(const std::string& path);
Result<RequestTypeRules> load_request_type_rules(const std::string& path);

}  // namespace hotline::ml
