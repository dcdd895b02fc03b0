#pragma once
// ANA-3: a special-research record as the stores keep it, one JSON text per
// record, shared by the SQLite and PostgreSQL research stores so that both
// write and read the same body.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/analysis/special_research.h"
#include "core/result.h"

namespace hotline {

// The record's body. Refused (kInvalidArgument, naming the field:
// "title", "decisions[0].text", …) when a text is not valid UTF-8 or holds
// NUL, and when the id carries no number ("SR-000012").
Result<std::string> encode_special_research(const analysis::SpecialResearch& record);
// kStorage when the body cannot be read.
Result<analysis::SpecialResearch> decode_special_research(std::string_view body);
// The number in the id, which orders the records: "SR-000012" → 12.
Result<std::int64_t> special_research_sequence(std::string_view id);

}  // namespace hotline
