#include "core/analysis/projection.h"

#include <algorithm>

#include "core/analysis/checkpoint.h"

namespace hotline::analysis {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::int32_t day_of(Instant t) { return day_number(local_date(t)); }

std::optional<std::int32_t> closed_day(const WorkOrderFacts& w) {
  if (!w.closed_at) return std::nullopt;
  return day_of(*w.closed_at);
}

}  // namespace

std::string_view request_of_stream(std::string_view stream) {
  const auto dash = stream.rfind('-');
  return dash == std::string_view::npos ? stream : stream.substr(0, dash);
}

bool is_work_order_stream(std::string_view stream) {
  return stream.find('-') != std::string_view::npos;
}

AnalysisProjection::AnalysisProjection(WarningSettings settings, EvictionSettings eviction)
    : warnings_(std::move(settings)), eviction_(eviction) {}

const WorkOrderFacts* AnalysisProjection::work_order(std::string_view id) const {
  const auto code = ids_.find(id);
  if (!code) return nullptr;
  auto it = work_order_index_.find(*code);
  return it == work_order_index_.end() ? nullptr : &work_orders_[it->second];
}

void AnalysisProjection::count(WorkOrderFacts& w, std::int32_t day, Measure m, std::int64_t delta) {
  cube_.add(day, w.dims, m, delta);
  w.contributions.push_back(
      Contribution{day, w.dims.unit, m, static_cast<std::int8_t>(delta > 0 ? 1 : -1)});
}

void AnalysisProjection::wait(const Dims& dims, std::int32_t day, Measure seconds, Measure count,
                              Seconds waited) {
  cube_.add(day, dims, seconds, std::max<std::int64_t>(0, waited.count()));
  cube_.add(day, dims, count, 1);
}

void AnalysisProjection::close(WorkOrderFacts& w, Instant at, std::int32_t day) {
  const std::int32_t dispatched = day_of(w.dispatched_at);
  backlog_.add(dispatched, w.dims.unit, closed_day(w), -1);
  w.closed_at = at;
  backlog_.add(dispatched, w.dims.unit, day, +1);
  count(w, day, Measure::kClosed);
}

void AnalysisProjection::lead(WorkOrderFacts& w, std::string_view unit) {
  const std::int32_t dispatched = day_of(w.dispatched_at);
  backlog_.add(dispatched, w.dims.unit, closed_day(w), -1);
  w.dims.unit = units_.id(unit);
  backlog_.add(dispatched, w.dims.unit, closed_day(w), +1);
}

Status AnalysisProjection::apply(const LoggedEvent& logged) {
  if (logged.position <= cursor_) return {};
  const Event& e = logged.event;
  Status st;
  if (!is_work_order_stream(e.stream)) {
    st = on_request_event(e);
  } else {
    auto live = revive(e.stream);
    if (!live) return fail(live.error());
    WorkOrderFacts* w = *live;
    if (w == nullptr) {
      const auto* dispatched = std::get_if<WorkOrderDispatched>(&e.body);
      if (dispatched == nullptr) {
        return fail(Error::internal("analysis: event " + std::string(event_name(e.body)) + " of " +
                                    e.stream + " before its dispatch"));
      }
      auto request = request_facts(dispatched->request);
      if (!request) return fail(request.error());
      WorkOrderFacts f;
      f.id = ids_.encode(e.stream);
      f.request = ids_.encode(dispatched->request);
      Dims dims;
      if (RequestFacts* req = *request; req != nullptr) {
        dims.district = req->district;
        dims.channel = req->channel;
        dims.type = req->type;
        const int item = dispatched->items.empty() ? 0 : dispatched->items.front();
        if (item >= 0 && static_cast<std::size_t>(item) < req->item_categories.size()) {
          dims.category = req->item_categories[static_cast<std::size_t>(item)];
        }
        dims.type = static_cast<std::uint8_t>(dispatched->subject.type);
        wait(dims, day_of(e.at), Measure::kDispatchWaitSeconds, Measure::kDispatchWaits,
             e.at - req->registered_at);
        ++req->live_work_orders;
      }
      dims.type = static_cast<std::uint8_t>(dispatched->subject.type);
      f.dispatched_at = e.at;
      f.dims = dims;
      backlog_.add(day_of(e.at), f.dims.unit, std::nullopt, +1);  // unit 0 until `lead`
      work_order_index_.emplace(f.id, static_cast<std::uint32_t>(work_orders_.size()));
      work_orders_.push_back(std::move(f));
      w = &work_orders_.back();
    }
    w->last_event_day = day_of(e.at);
    st = on_work_order_event(e, *w);
  }
  if (!st) return st;
  cursor_ = logged.position;
  if (eviction_.archive != nullptr) {
    const std::int32_t day = day_of(e.at);
    if (day > swept_day_) {
      swept_day_ = day;
      evict_before(day - eviction_.keep_days);
      evict_days_before(day - eviction_.keep_days);
      warnings_.forget_before(day);
    }
  }
  return {};
}

Result<std::optional<ArchivedRecord>> AnalysisProjection::archived(std::string_view stream) const {
  if (eviction_.archive == nullptr) return std::optional<ArchivedRecord>();
  // Evicted but not yet written: the newest is the last.
  for (auto it = pending_.rbegin(); it != pending_.rend(); ++it) {
    if (it->second.stream == stream) return std::optional<ArchivedRecord>(it->second);
  }
  return eviction_.archive->get(stream);
}

Result<RequestFacts*> AnalysisProjection::request_facts(std::string_view number) {
  const std::uint64_t code = ids_.encode(number);
  if (auto it = requests_.find(code); it != requests_.end()) return &it->second;
  auto record = archived(number);
  if (!record) return fail(record.error());
  if (!*record) return static_cast<RequestFacts*>(nullptr);
  RequestFacts f;
  if (!CheckpointCodec::decode_request((*record)->facts, f)) {
    return fail(Error::storage("analysis archive: the facts of request " + std::string(number) +
                               " are unreadable"));
  }
  f.live_work_orders = 0;
  return &requests_.emplace(code, std::move(f)).first->second;
}

Result<WorkOrderFacts*> AnalysisProjection::revive(std::string_view stream) {
  const auto code = ids_.find(stream);
  if (code) {
    if (auto it = work_order_index_.find(*code); it != work_order_index_.end()) {
      return &work_orders_[it->second];
    }
  }
  auto record = archived(stream);
  if (!record) return fail(record.error());
  if (!*record) return static_cast<WorkOrderFacts*>(nullptr);
  WorkOrderFacts f;
  if (!CheckpointCodec::decode_work_order((*record)->facts, f)) {
    return fail(Error::storage("analysis archive: the facts of work order " + std::string(stream) +
                               " are unreadable"));
  }
  f.id = ids_.encode(stream);
  f.request = ids_.encode((*record)->request);
  auto request = request_facts((*record)->request);
  if (!request) return fail(request.error());
  if (*request != nullptr) ++(*request)->live_work_orders;
  work_order_index_.emplace(f.id, static_cast<std::uint32_t>(work_orders_.size()));
  work_orders_.push_back(std::move(f));
  return &work_orders_.back();
}

void AnalysisProjection::evict_before(std::int32_t cutoff) {
  std::size_t i = 0;
  while (i < work_orders_.size()) {
    WorkOrderFacts& w = work_orders_[i];
    if (!w.closed_at || w.last_event_day >= cutoff) {
      ++i;
      continue;
    }
    ArchivedRecord r;
    r.stream = ids_.decode(w.id);
    r.work_order = true;
    r.facts = CheckpointCodec::encode_work_order(w);
    r.request = ids_.decode(w.request);
    r.category = categories_.name(w.dims.category);
    r.district = districts_.name(w.dims.district);
    r.closed_day = day_of(*w.closed_at);
    r.contributions.reserve(w.contributions.size());
    for (const Contribution& c : w.contributions) {
      r.contributions.push_back(ArchivedContribution{
          c.day, units_.name(c.unit), static_cast<std::uint8_t>(c.measure), c.delta});
    }
    pending_.emplace_back(cursor_, std::move(r));
    if (auto req = requests_.find(w.request);
        req != requests_.end() && req->second.live_work_orders > 0) {
      --req->second.live_work_orders;
    }
    // Swap with the last and drop it, fixing the moved one's index.
    work_order_index_.erase(w.id);
    if (i + 1 != work_orders_.size()) {
      w = std::move(work_orders_.back());
      work_order_index_[w.id] = static_cast<std::uint32_t>(i);
    }
    work_orders_.pop_back();
  }
  for (auto it = requests_.begin(); it != requests_.end();) {
    const RequestFacts& f = it->second;
    if (f.live_work_orders != 0 || f.last_event_day >= cutoff) {
      ++it;
      continue;
    }
    ArchivedRecord r;
    r.stream = ids_.decode(it->first);
    r.facts = CheckpointCodec::encode_request(f);
    pending_.emplace_back(cursor_, std::move(r));
    it = requests_.erase(it);
  }
}

void AnalysisProjection::evict_days_before(std::int32_t cutoff) {
  // The cells of old days and the parts late events added to archived days.
  auto taken = cube_.take_days_before(cutoff);
  if (!taken.empty()) cube_.clear_paged();  // a paged copy would miss the new part
  paged_from_ = 1;
  paged_to_ = 0;
  for (const auto& [day, cells] : taken) {
    pending_days_.emplace_back(cursor_, ArchivedDayPart{day, CheckpointCodec::encode_day(cells),
                                                        Cube::encode_coarse_day(cells)});
  }
  cube_floor_ = std::max(cube_floor_, cutoff);
}

Status AnalysisProjection::page_in(std::int32_t from, std::int32_t to, DayDetail detail) {
  if (eviction_.archive == nullptr) return {};
  to = std::min(to, cube_floor_ - 1);
  if (from > to) return {};
  // Pages of every cell serve a coarse reader too, not the other way round.
  const bool enough = paged_detail_ == DayDetail::kCells || detail == DayDetail::kCoarse;
  if (paged_from_ <= from && to <= paged_to_ && enough) return {};
  if (auto st = flush(); !st) return st;  // the parts not yet written
  auto parts = eviction_.archive->days(from, to, detail);
  if (!parts) return fail(parts.error());
  cube_.clear_paged();
  for (ArchivedDayPart& part : *parts) {
    std::string& bytes = part.coarse.empty() ? part.cells : part.coarse;
    // Checked once here, so that the readers can decode without failing.
    if (!Cube::decode_day(bytes, [](std::uint64_t, const Counters&) {})) {
      cube_.clear_paged();
      paged_from_ = 1;
      paged_to_ = 0;
      return fail(Error::storage("analysis archive: the cells of day " +
                                 format_date(from_day_number(part.day)) + " are unreadable"));
    }
    cube_.page(part.day, std::move(bytes), detail);
  }
  paged_from_ = from;
  paged_to_ = to;
  paged_detail_ = detail;
  return {};
}

Status AnalysisProjection::flush() {
  if (eviction_.archive == nullptr) return {};
  if (!pending_days_.empty()) {
    // One transaction for every part of every day evicted since the last
    // flush, each with the cursor of its eviction.
    std::size_t begin = 0;
    while (begin < pending_days_.size()) {
      std::size_t end = begin;
      std::vector<ArchivedDayPart> parts;
      while (end < pending_days_.size() && pending_days_[end].first == pending_days_[begin].first) {
        parts.push_back(pending_days_[end].second);
        ++end;
      }
      if (auto st = eviction_.archive->put_days(pending_days_[begin].first, parts); !st) {
        pending_days_.erase(pending_days_.begin(),
                            pending_days_.begin() + static_cast<std::ptrdiff_t>(begin));
        return st;
      }
      begin = end;
    }
    pending_days_.clear();
  }
  if (pending_.empty()) return {};
  std::size_t begin = 0;
  while (begin < pending_.size()) {
    std::size_t end = begin;
    std::vector<ArchivedRecord> batch;
    while (end < pending_.size() && pending_[end].first == pending_[begin].first) {
      batch.push_back(std::move(pending_[end].second));
      ++end;
    }
    if (auto st = eviction_.archive->put(pending_[begin].first, batch); !st) {
      // Put back what was not written; it is tried again at the next flush.
      for (std::size_t k = 0; k < batch.size(); ++k) {
        pending_[begin + k].second = std::move(batch[k]);
      }
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(begin));
      return st;
    }
    begin = end;
  }
  pending_.clear();
  return {};
}

Status AnalysisProjection::on_request_event(const Event& e) {
  const std::int32_t day = day_of(e.at);
  return std::visit(
      Overloaded{
          [&](const RequestRegistered& r) -> Status {
            RequestFacts f;
            f.registered_at = e.at;
            f.last_event_day = day;
            f.district = districts_.id(r.details.location.district);
            f.channel = static_cast<std::uint8_t>(r.details.channel);
            f.type = static_cast<std::uint8_t>(r.details.type);
            for (const RequestItem& item : r.details.items) {
              f.item_categories.push_back(categories_.id(item.category));
            }
            Dims dims{0, f.item_categories.empty() ? std::uint16_t{0} : f.item_categories[0],
                      f.district, f.channel, f.type};
            cube_.add(day, dims, Measure::kRegistered, 1);
            std::string text = r.details.subject + "\n" + r.details.detail;
            for (const RequestItem& item : r.details.items) text += "\n" + item.text;
            (void)warnings_.on_registration(e.stream, e.at, day, r.details.location.district,
                                            categories_.name(dims.category), text);
            requests_[ids_.encode(e.stream)] = std::move(f);
            return {};
          },
          [&](const RequestReclassified& r) -> Status {
            auto found = request_facts(e.stream);
            if (!found) return fail(found.error());
            RequestFacts* f = *found;
            if (f == nullptr) return {};
            f->last_event_day = day;
            for (const ItemCategory& c : r.categories) {
              if (c.item >= 0 && static_cast<std::size_t>(c.item) < f->item_categories.size()) {
                f->item_categories[static_cast<std::size_t>(c.item)] = categories_.id(c.category);
              }
            }
            if (r.type) f->type = static_cast<std::uint8_t>(*r.type);
            return {};
          },
          [&](const auto&) -> Status { return {}; },
      },
      e.body);
}

Status AnalysisProjection::on_work_order_event(const Event& e, WorkOrderFacts& w) {
  const std::int32_t day = day_of(e.at);
  return std::visit(Overloaded{
                        [&](const WorkOrderDispatched& d) -> Status {
                          lead(w, d.lead_unit);
                          w.stage_started_at = e.at;
                          count(w, day, Measure::kDispatched);
                          return {};
                        },
                        [&](const WorkOrderRedispatched& d) -> Status {
                          lead(w, d.lead_unit);
                          w.stage_started_at = e.at;
                          count(w, day, Measure::kDispatched);
                          return {};
                        },
                        [&](const WorkOrderAccepted& a) -> Status {
                          wait(w.dims, day, Measure::kAcceptWaitSeconds, Measure::kAcceptWaits,
                               e.at - w.stage_started_at);
                          w.stage_started_at = e.at;
                          count(w, day, Measure::kAccepted);
                          if (!a.late) count(w, day, Measure::kAcceptedOnTime);
                          return {};
                        },
                        [&](const ReturnApplied&) -> Status {
                          count(w, day, Measure::kReturnsApplied);
                          return {};
                        },
                        [&](const ReturnApproved&) -> Status {
                          count(w, day, Measure::kReturnsApproved);
                          return {};
                        },
                        [&](const WorkOrderReplied& r) -> Status {
                          wait(w.dims, day, Measure::kHandleWaitSeconds, Measure::kHandleWaits,
                               e.at - w.stage_started_at);
                          w.stage_started_at = e.at;
                          count(w, day, Measure::kReplied);
                          if (!r.late) count(w, day, Measure::kRepliedOnTime);
                          const bool findings = !r.missing.empty() || !r.notes.empty();
                          if (findings) count(w, day, Measure::kReplyFindings);
                          w.last_reply_proper = !r.late && !findings;
                          return {};
                        },
                        [&](const WorkOrderEvaluated& v) -> Status {
                          wait(w.dims, day, Measure::kVisitWaitSeconds, Measure::kVisitWaits,
                               e.at - w.stage_started_at);
                          count(w, day, Measure::kEvaluated);
                          switch (v.satisfaction) {
                            case Satisfaction::kSatisfied:
                              count(w, day, Measure::kSatisfied);
                              close(w, e.at, day);  // a satisfied evaluation closes the work order
                              break;
                            case Satisfaction::kBasicallySatisfied:
                              count(w, day, Measure::kBasicallySatisfied);
                              close(w, e.at, day);
                              break;
                            case Satisfaction::kDissatisfied:
                              count(w, day, Measure::kDissatisfied);
                              if (w.last_reply_proper) count(w, day, Measure::kDissatisfiedProper);
                              w.dissatisfied_at = std::make_pair(day, w.dims);
                              w.dissatisfied_proper = w.last_reply_proper;
                              break;
                          }
                          return {};
                        },
                        [&](const VisitSkipped&) -> Status {
                          wait(w.dims, day, Measure::kVisitWaitSeconds, Measure::kVisitWaits,
                               e.at - w.stage_started_at);
                          close(w, e.at, day);  // VIS-3, VIS-5: closed without an evaluation
                          return {};
                        },
                        [&](const SentBackForHandlingAgain&) -> Status {
                          w.stage_started_at = e.at;
                          count(w, day, Measure::kSentBack);
                          return {};
                        },
                        [&](const WorkOrderClosed&) -> Status {
                          close(w, e.at, day);
                          return {};
                        },
                        [&](const AppealReviewed& r) -> Status {
                          if (!r.upheld || !w.dissatisfied_at) return {};
                          // APL-1: counted where the dissatisfaction was, with its unit.
                          const auto [eval_day, eval_dims] = *w.dissatisfied_at;
                          cube_.add(eval_day, eval_dims, Measure::kExempted, 1);
                          w.contributions.push_back(
                              Contribution{eval_day, eval_dims.unit, Measure::kExempted, 1});
                          if (w.dissatisfied_proper) {
                            cube_.add(eval_day, eval_dims, Measure::kExemptedProper, 1);
                            w.contributions.push_back(Contribution{eval_day, eval_dims.unit,
                                                                   Measure::kExemptedProper, 1});
                          }
                          w.dissatisfied_at.reset();
                          return {};
                        },
                        [&](const SupervisionRaised& s) -> Status {
                          // SUP-2: a level above 1 escalates an earlier
                          // supervision of this work order, already counted.
                          if (s.level > 1) return {};
                          count(w, day, Measure::kSupervised);
                          if (s.key) count(w, day, Measure::kKeySupervised);
                          if (s.trigger == SupervisionTrigger::kFakeCompletion) {
                            count(w, day, Measure::kFakeCompletion);
                          }
                          return {};
                        },
                        [&](const auto&) -> Status { return {}; },
                    },
                    e.body);
}

}  // namespace hotline::analysis
