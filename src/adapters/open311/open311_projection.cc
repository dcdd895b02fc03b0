#include "adapters/open311/open311_projection.h"

#include <charconv>
#include <string>

namespace hotline::open311 {
namespace {

constexpr std::size_t kLogPage = 500;

// Only registrations make rows (row_of); the log's other events are read past.
const EventKinds& indexed_kinds() {
  static const EventKinds kinds = EventKinds::of<RequestRegistered>();
  return kinds;
}

std::optional<double> number_in(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::optional<IndexedRequest> row_of(const Event& event, const Catalog& catalog) {
  const auto* r = std::get_if<RequestRegistered>(&event.body);
  if (r == nullptr || event.reason != kIntakeReason) return std::nullopt;
  const RequestDetails& d = r->details;
  IndexedRequest row;
  row.number = r->number;
  const Service* service = nullptr;
  for (const auto& s : catalog.services) {
    if (s.service_name == d.subject) service = &s;
  }
  if (service == nullptr && !d.items.empty())
    service = catalog.find_by_category(d.items[0].category);
  row.service_code = service != nullptr ? service->service_code : std::string();
  row.requested_at = d.requested_at;
  row.updated_at = event.at;
  row.principal = event.actor.id;
  for (const auto& a : d.attachments) {
    if (a.name == "media_url") row.media_url = a.uri;
  }
  // What the intake wrote into the address when the client sent no address
  // string (open311_service.cc, to_details).
  const std::string_view address = d.location.address;
  constexpr std::string_view kAddressId = "地址编号 ";
  constexpr std::string_view kWgs84 = "WGS84 ";
  if (starts_with(address, kAddressId)) {
    row.address_id = std::string(address.substr(kAddressId.size()));
  } else if (starts_with(address, kWgs84)) {
    const std::string_view pair = address.substr(kWgs84.size());
    const auto comma = pair.find(',');
    if (comma != std::string_view::npos) {
      row.lat = number_in(pair.substr(0, comma));
      row.lon = number_in(pair.substr(comma + 1));
      if (!row.lat || !row.lon) row.lat = row.lon = std::nullopt;
    }
  }
  return row;
}

Open311Projection::Open311Projection(const Catalog& catalog, RequestIndex& index,
                                     WorkOrderStore& log)
    : catalog_(catalog), index_(index), log_(log) {}

void Open311Projection::committed(const std::vector<Event>&) {
  // The events are in the log: read from the stored position, so what an
  // earlier failure left behind is taken in too.
  if (auto r = catch_up(); !r && report_) report_(r.error());
}

Result<ProjectionSummary> Open311Projection::catch_up() {
  std::lock_guard lock(mutex_);
  return read_from_position();
}

Result<ProjectionSummary> Open311Projection::rebuild() {
  std::lock_guard lock(mutex_);
  if (auto st = index_.save_log_position(0); !st) return fail(st.error());
  position_ = 0;
  return read_from_position();
}

Result<ProjectionSummary> Open311Projection::read_from_position() {
  if (!position_) {
    auto stored = index_.log_position();
    if (!stored) return fail(stored.error());
    position_ = stored->value_or(0);
  }
  ProjectionSummary summary;
  for (;;) {
    auto page = log_.read_log_of(*position_, kLogPage, indexed_kinds());
    if (!page) return fail(page.error());
    if (page->read == 0) return summary;
    for (const LoggedEvent& logged : page->events) {
      if (auto row = row_of(logged.event, catalog_)) {
        // A failed write stops here: the position stays before it, and the
        // next commit or start tries it again.
        auto added = index_.add_missing(*row);
        if (!added) return fail(added.error());
        if (*added) ++summary.added;
      }
      position_ = logged.position;
    }
    summary.events += page->read;
    position_ = page->end;  // past the events that make no row
    // Stored after the page's rows: a crash before this line reads the page
    // again, which adds nothing twice.
    if (auto st = index_.save_log_position(*position_); !st) return fail(st.error());
  }
}

}  // namespace hotline::open311
