#pragma once
// The Open311 request index (request_index.h) as a projection of the event
// log (issue 9: "an event committed just before a crash never reaches" a
// derived store). Told of every commit (EngineListener), it reads the log
// from the position the index keeps and adds a row for every request the
// Open311 door registered (the registration's reason is kIntakeReason),
// then stores the new position; at start (catch_up) it takes in what was
// committed while it was down, so a request registered just before a crash
// is listed by GET requests all the same. `hotline reindex open311` reads
// the whole log again (rebuild).
//
// What a row holds comes from the registration event: number, service code
// (the catalogue's service for the item's category), requested time, the
// submitting API client (the event's actor), media_url (the attachment the
// intake recorded), and address_id or lat/long where the intake wrote them
// into the address; the e-mail and account_id stay on the event (the
// applicant's, sealed), so a rebuilt row lacks nothing. The intake path
// also writes the row just after the commit; the projection only adds
// missing rows.
// Status (open/closed) is refreshed from the engine whenever a row is read.
//
// Thread-safety: committed(), catch_up() and rebuild() may be called from
// any thread; one reads the log at a time.

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>

#include "adapters/open311/catalog.h"
#include "adapters/open311/request_index.h"
#include "core/engine/engine_hooks.h"
#include "core/ports/work_order_store.h"

namespace hotline::open311 {

// The reason the Open311 door records on its registrations: how the
// projection knows them in the log.
inline constexpr std::string_view kIntakeReason = "Open311 POST requests";

struct ProjectionSummary {
  std::size_t events = 0;  // events of the log read
  std::size_t added = 0;   // rows added to the index
};

class Open311Projection final : public EngineListener {
 public:
  Open311Projection(const Catalog& catalog, RequestIndex& index, WorkOrderStore& log);

  void on_error(std::function<void(const Error&)> report) { report_ = std::move(report); }
  void committed(const std::vector<Event>& events) override;
  // Takes in every event after the stored position (none stored: the log's
  // beginning; adding a row twice changes nothing).
  Result<ProjectionSummary> catch_up();
  // Reads the whole log again, adding every row that is missing.
  Result<ProjectionSummary> rebuild();

 private:
  Result<ProjectionSummary> read_from_position();  // REQUIRES(mutex_)

  const Catalog& catalog_;
  RequestIndex& index_;
  WorkOrderStore& log_;
  std::mutex mutex_;
  std::optional<std::int64_t> position_;  // GUARDED_BY(mutex_)
  std::function<void(const Error&)> report_;
};

// The index row a registration event gives; nullopt for a request another
// door registered.
std::optional<IndexedRequest> row_of(const Event& event, const Catalog& catalog);

}  // namespace hotline::open311
