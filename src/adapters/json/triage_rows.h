#pragma once
// The triage store's rows as both SQL stores (SQLite, PostgreSQL) keep
// them, apart from SQL: the checks before a write, a catalogue entry as
// JSON, a fingerprint and the term statistics as bytes. One codec, so a
// row written by one store reads the same in the other.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/triage/catalogue.h"
#include "core/triage/dispatch_history.h"
#include "core/triage/request_index.h"

namespace hotline::triage_rows {

// Every text of the change (its entries' too) may be kept (storable_text.h).
Status check_change(const triage::CatalogueChange& change);
// The observed request's row and the alert it raised.
Status check_observation(const triage::RequestIndex& index, const triage::Observation& obs);
Status check_history(const std::vector<triage::HistoryRecord>& records);

// A catalogue entry, before or after a change, as JSON text.
std::string entry_json(const triage::CatalogueEntry& entry);

// A stored catalogue change's columns, as both stores read them.
struct ChangeColumns {
  std::int64_t sequence = 0;
  std::int64_t at = 0;  // seconds since the Unix epoch
  std::string_view actor_id, actor_role, actor_unit, action, entry_id;
  std::optional<std::string_view> before, after;  // entry_json; none: no entry
  std::string_view reason, article;
};
// Fails (kStorage) on an unknown action or entry JSON that does not parse.
Result<triage::CatalogueChange> read_change(const ChangeColumns& columns);

// Per term, 4 bytes term id and 4 bytes weight (host order: the data is not
// meant to move between machines of different byte order), then the
// anchors the same way and a 4-byte count of the terms. Bytes of a multiple
// of 8 are the older form: terms only, no anchors.
std::string encode_fingerprint(const triage::Fingerprint& fp);
triage::Fingerprint decode_fingerprint(std::string_view bytes);

// The statistics' table as bytes (4 per count, host order) and back.
std::string_view counts_bytes(const triage::TermStatistics& statistics);
std::vector<std::uint32_t> decode_counts(std::string_view bytes);

}  // namespace hotline::triage_rows
