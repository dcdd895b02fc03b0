#pragma once
// An append as the rows a SQL store writes, and an event row read back: the
// part of the event stores that is not SQL, shared by SQLite and PostgreSQL
// (issue 14) so both serialise, seal (SEC-1) and index (INT-5, DIS-4) an
// append the same way. The stores only bind and step.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ports/personal_data_cipher.h"
#include "core/ports/work_order_store.h"
#include "core/result.h"

namespace hotline {

// One event as its row: `data` is the body as JSON (event_json.h), with a
// registration's personal data sealed when there is a cipher.
struct StoredEventRow {
  std::int64_t version = 0;
  std::string at;  // ISO 8601
  std::string type;
  std::string actor_id;
  std::string actor_role;
  std::string actor_unit;
  std::string reason;
  std::string article;
  std::string data;
};

struct StoredStream {
  std::string stream;
  std::int64_t expected_version = 0;
  std::vector<StoredEventRow> rows;
};

// An append checked (check_append) and serialised on the caller's thread, so
// a store's writer only binds and steps.
struct StoredAppend {
  std::vector<StoredStream> streams;
  // (phone hash, request number) of registrations, with a cipher (INT-5).
  std::vector<std::pair<std::string, std::string>> lookups;
  // (intake key, request number) of registrations made with one (INT-4).
  std::vector<std::pair<std::string, std::string>> intake_keys;
  // Work order → assisting units of its latest dispatch in this batch.
  std::map<std::string, std::vector<std::string>> assisting;
  const std::vector<WorkOrderSummary>* summaries = nullptr;
};

Result<StoredAppend> encode_append(const std::vector<StreamAppend>& batch,
                                   const std::vector<WorkOrderSummary>& summaries,
                                   const PersonalDataCipher* cipher);

// An event row as a store reads it; the views live as long as the row.
struct StoredEventView {
  std::int64_t version = 0;
  std::string_view at;
  std::string_view type;
  std::string_view actor_id;
  std::string_view actor_role;
  std::string_view actor_unit;
  std::string_view reason;
  std::string_view article;
  std::string_view data;
};

// The event of `stream` a row holds; with a cipher, a registration's sealed
// personal data is opened (without, it stays sealed: analysis never needs it).
Result<Event> decode_event(std::string stream, const StoredEventView& row,
                           const PersonalDataCipher* cipher);

}  // namespace hotline
