#include "core/analysis/checkpoint.h"

#include <cstring>

#include "core/analysis/varint.h"

namespace hotline::analysis {
namespace {

using varint::read_cell;
using varint::Reader;
using varint::write_cell;
using varint::Writer;

constexpr std::string_view kMagic = "HLAN";
// 2: sparse cells; 3: compact ids, backlog, eviction; 4: archived days (the
// month rollup and the cube's floor stored, the cube holds only the days in memory)
constexpr std::uint64_t kVersion = 4;

void write_dictionary(Writer& w, const Dictionary& d) {
  w.u(d.size());
  for (const std::string& name : d.names()) w.s(name);
}

void read_dictionary(Reader& r, Dictionary& d) {
  d = Dictionary();
  const std::size_t n = r.n();
  for (std::size_t k = 0; k < n && r.ok(); ++k) {
    std::string name = r.s();
    if (k > 0) d.id(name);  // the empty name is always 0
  }
}

void write_work_order(Writer& w, const WorkOrderFacts& f) {
  w.dims(f.dims);
  w.i(f.last_event_day);
  w.t(f.dispatched_at);
  w.t(f.stage_started_at);
  w.u(f.closed_at.has_value());
  if (f.closed_at) w.t(*f.closed_at);
  w.u((f.last_reply_proper ? 2 : 0) | (f.dissatisfied_proper ? 4 : 0) |
      (f.dissatisfied_at ? 8 : 0));
  if (f.dissatisfied_at) {
    w.i(f.dissatisfied_at->first);
    w.dims(f.dissatisfied_at->second);
  }
  w.u(f.contributions.size());
  for (const Contribution& c : f.contributions) {
    w.i(c.day);
    w.u(c.unit);
    w.u(static_cast<std::uint64_t>(c.measure));
    w.i(c.delta);
  }
}

bool read_work_order(Reader& r, WorkOrderFacts& f) {
  f.dims = r.dims();
  f.last_event_day = static_cast<std::int32_t>(r.i());
  f.dispatched_at = r.t();
  f.stage_started_at = r.t();
  if (r.u() != 0) f.closed_at = r.t();
  const std::uint64_t flags = r.u();
  f.last_reply_proper = (flags & 2) != 0;
  f.dissatisfied_proper = (flags & 4) != 0;
  if ((flags & 8) != 0) {
    const auto day = static_cast<std::int32_t>(r.i());
    f.dissatisfied_at = std::make_pair(day, r.dims());
  }
  const std::size_t m = r.n();
  f.contributions.reserve(m);
  for (std::size_t j = 0; j < m && r.ok(); ++j) {
    Contribution c;
    c.day = static_cast<std::int32_t>(r.i());
    c.unit = static_cast<std::uint16_t>(r.u());
    const std::uint64_t measure = r.u();
    if (measure >= kMeasureCount) return false;
    c.measure = static_cast<Measure>(measure);
    c.delta = static_cast<std::int8_t>(r.i());
    f.contributions.push_back(c);
  }
  return r.ok();
}

void write_request(Writer& w, const RequestFacts& f) {
  w.t(f.registered_at);
  w.u(f.district);
  w.u(f.street);
  w.u(f.channel);
  w.u(f.type);
  w.u(f.live_work_orders);
  w.i(f.last_event_day);
  w.u(f.item_categories.size());
  for (auto c : f.item_categories) w.u(c);
}

bool read_request(Reader& r, RequestFacts& f) {
  f.registered_at = r.t();
  f.district = static_cast<std::uint16_t>(r.u());
  f.street = static_cast<std::uint16_t>(r.u());
  f.channel = static_cast<std::uint8_t>(r.u());
  f.type = static_cast<std::uint8_t>(r.u());
  f.live_work_orders = static_cast<std::uint16_t>(r.u());
  f.last_event_day = static_cast<std::int32_t>(r.i());
  for (std::size_t m = r.n(), j = 0; j < m && r.ok(); ++j) {
    f.item_categories.push_back(static_cast<std::uint16_t>(r.u()));
  }
  return r.ok();
}

}  // namespace

std::string CheckpointCodec::encode_work_order(const WorkOrderFacts& facts) {
  Writer w;
  write_work_order(w, facts);
  return w.take();
}

bool CheckpointCodec::decode_work_order(std::string_view bytes, WorkOrderFacts& facts) {
  Reader r(bytes);
  return read_work_order(r, facts) && r.at_end();
}

std::string CheckpointCodec::encode_day(const Cube::Day& cells) { return Cube::encode_day(cells); }

bool CheckpointCodec::decode_day(std::string_view bytes,
                                 const std::function<void(std::uint64_t, const Counters&)>& fn) {
  return Cube::decode_day(bytes, fn);
}

std::string CheckpointCodec::encode_request(const RequestFacts& facts) {
  Writer w;
  write_request(w, facts);
  return w.take();
}

bool CheckpointCodec::decode_request(std::string_view bytes, RequestFacts& facts) {
  Reader r(bytes);
  return read_request(r, facts) && r.at_end();
}

std::string CheckpointCodec::encode(const AnalysisProjection& p) {
  Writer w;
  w.raw(kMagic);
  w.u(kVersion);
  w.i(p.cursor_);
  write_dictionary(w, p.units_);
  write_dictionary(w, p.categories_);
  write_dictionary(w, p.districts_);
  w.u(kMeasureCount);
  w.u(p.cube_.days().size());
  for (const auto& [day, cells] : p.cube_.days()) {
    w.i(day);
    w.raw(Cube::encode_day(cells));
  }
  // The month rollup: it also covers the archived days.
  const auto& months = p.cube_.rollup().months();
  w.u(months.size());
  for (const auto& [month, cells] : months) {
    w.i(month);
    w.u(cells.size());
    for (const auto& [key, counters] : cells) write_cell(w, key, counters);
  }
  w.i(p.cube_floor_);
  w.u(p.ids_.overflow().size());
  for (const std::string& id : p.ids_.overflow()) w.s(id);
  w.i(p.swept_day_);
  w.u(p.requests_.size());
  for (const auto& [number, f] : p.requests_) {
    w.u(number);
    write_request(w, f);
  }
  w.u(p.work_orders_.size());
  for (const WorkOrderFacts& f : p.work_orders_) {
    w.u(f.id);
    w.u(f.request);
    write_work_order(w, f);
  }
  std::size_t entries = 0;
  p.backlog_.for_each_entry([&](auto, auto, auto, auto) { ++entries; });
  w.u(entries);
  p.backlog_.for_each_entry([&](std::int32_t day, std::uint16_t unit,
                                std::optional<std::int32_t> closed, std::int64_t n) {
    w.i(day);
    w.u(unit);
    w.u(closed.has_value());
    if (closed) w.i(*closed);
    w.i(n);
  });
  const Warnings& ws = p.warnings_;
  w.u(ws.daily_.size());
  for (const auto& [key, days] : ws.daily_) {
    w.s(key.first);
    w.s(key.second);
    w.u(days.size());
    for (const auto& [day, count] : days) {
      w.i(day);
      w.i(count);
    }
  }
  w.u(ws.records_.size());
  for (const WarningRecord& r : ws.records_) {
    w.s(r.id);
    w.u(static_cast<std::uint64_t>(r.kind));
    w.s(r.title);
    w.t(r.created_at);
    w.i(r.day);
    w.s(r.district);
    w.s(r.category);
    w.s(r.word);
    w.i(r.count);
    w.d(r.baseline);
    w.s(r.article);
    w.u(r.requests.size());
    for (const std::string& n : r.requests) w.s(n);
  }
  return w.take();
}

Status CheckpointCodec::decode(std::string_view bytes, AnalysisProjection& out) {
  Reader r(bytes);
  auto corrupt = [] {
    return fail(Error::storage("analysis checkpoint is unreadable; rebuild from the event log"));
  };
  if (!r.magic(kMagic) || r.u() != kVersion) return corrupt();
  AnalysisProjection p(out.warnings_.settings(), out.eviction_);
  p.cursor_ = r.i();
  read_dictionary(r, p.units_);
  read_dictionary(r, p.categories_);
  read_dictionary(r, p.districts_);
  if (r.u() != kMeasureCount) return corrupt();
  for (std::size_t days = r.n(), k = 0; k < days && r.ok(); ++k) {
    const auto day = static_cast<std::int32_t>(r.i());
    for (std::size_t n = r.n(), c = 0; c < n && r.ok(); ++c) {
      std::uint64_t key = 0;
      Counters counters;
      if (!read_cell(r, key, counters)) return corrupt();
      p.cube_.add_day_cell(day, key, counters);
    }
  }
  for (std::size_t months = r.n(), k = 0; k < months && r.ok(); ++k) {
    const auto month = static_cast<std::int32_t>(r.i());
    for (std::size_t n = r.n(), c = 0; c < n && r.ok(); ++c) {
      std::uint64_t key = 0;
      Counters counters;
      if (!read_cell(r, key, counters)) return corrupt();
      p.cube_.add_month_cell(month, key, counters);
    }
  }
  p.cube_floor_ = static_cast<std::int32_t>(r.i());
  for (std::size_t n = r.n(), k = 0; k < n && r.ok(); ++k) {
    // Each interned id gets its number back, in order.
    if (p.ids_.encode(r.s()) != (StreamIds::kOverflow | k)) return corrupt();
  }
  p.swept_day_ = static_cast<std::int32_t>(r.i());
  for (std::size_t n = r.n(), k = 0; k < n && r.ok(); ++k) {
    const std::uint64_t number = r.u();
    RequestFacts f;
    if (!read_request(r, f)) return corrupt();
    p.requests_.emplace(number, std::move(f));
  }
  for (std::size_t n = r.n(), k = 0; k < n && r.ok(); ++k) {
    WorkOrderFacts f;
    f.id = r.u();
    f.request = r.u();
    if (!read_work_order(r, f)) return corrupt();
    p.work_order_index_.emplace(f.id, static_cast<std::uint32_t>(p.work_orders_.size()));
    p.work_orders_.push_back(std::move(f));
  }
  for (std::size_t n = r.n(), k = 0; k < n && r.ok(); ++k) {
    const auto day = static_cast<std::int32_t>(r.i());
    const auto unit = static_cast<std::uint16_t>(r.u());
    std::optional<std::int32_t> closed;
    if (r.u() != 0) closed = static_cast<std::int32_t>(r.i());
    p.backlog_.add(day, unit, closed, r.i());
  }
  Warnings& ws = p.warnings_;
  for (std::size_t n = r.n(), k = 0; k < n && r.ok(); ++k) {
    Warnings::Key key;
    key.first = r.s();
    key.second = r.s();
    auto& days = ws.daily_[key];
    for (std::size_t m = r.n(), j = 0; j < m && r.ok(); ++j) {
      const auto day = static_cast<std::int32_t>(r.i());
      days[day] = r.i();
    }
  }
  for (std::size_t n = r.n(), k = 0; k < n && r.ok(); ++k) {
    WarningRecord w;
    w.id = r.s();
    w.kind = r.u() == 0 ? WarningKind::kSurge : WarningKind::kSensitive;
    w.title = r.s();
    w.created_at = r.t();
    w.day = static_cast<std::int32_t>(r.i());
    w.district = r.s();
    w.category = r.s();
    w.word = r.s();
    w.count = r.i();
    w.baseline = r.d();
    w.article = r.s();
    for (std::size_t m = r.n(), j = 0; j < m && r.ok(); ++j) w.requests.push_back(r.s());
    ws.index_.emplace(w.id, ws.records_.size());
    ws.records_.push_back(std::move(w));
  }
  if (!r.ok() || !r.at_end()) return corrupt();
  out = std::move(p);
  return {};
}

}  // namespace hotline::analysis
