#include "core/triage/suggestion_recorder.h"

#include <algorithm>

namespace hotline::triage {

namespace {
constexpr std::size_t kLogPage = 500;  // events read from the log at a time

// The kinds record() takes; the log's other events are read past.
const EventKinds& recorded_kinds() {
  static const EventKinds kinds = EventKinds::of<RequestRegistered, RequestReclassified,
                                                 WorkOrderDispatched, WorkOrderRedispatched>();
  return kinds;
}
}  // namespace

SuggestionRecorder::SuggestionRecorder(const TriageService& service, SuggestionStore& store,
                                       analysis::ModelVersion model, WorkOrderStore* log)
    : service_(service), store_(store), model_(std::move(model)), log_(log) {}

void SuggestionRecorder::report(const Error& e) {
  ++errors_;
  if (report_) report_(e);
}

Result<analysis::SuggestionRecord> SuggestionRecorder::suggest_for(const RequestRegistered& r,
                                                                   Instant at) const {
  // What the agent's screen suggests for this text: no category chosen yet
  // and no phone (duplicates do not change the category or the unit).
  SuggestionInput in;
  in.subject = r.details.subject;
  in.detail = r.details.detail;
  in.type = r.details.type;
  in.urgency = r.details.urgency;
  in.label = r.details.label;
  in.channel = r.details.channel;
  in.location = r.details.location;
  in.registered_at = at;
  auto s = service_.suggest(in, at);
  if (!s) return fail(s.error());
  analysis::SuggestionRecord rec;
  rec.request = r.number;
  rec.model = model_;
  rec.suggested_at = at;
  if (!s->categories.empty()) {
    rec.category = s->categories.front().category;
    rec.category_confidence = s->categories.front().confidence;
    rec.category_source = s->categories.front().source;
  }
  auto unit = std::find_if(s->units.begin(), s->units.end(),
                           [&](const UnitSuggestion& u) { return u.category == rec.category; });
  if (unit == s->units.end() && !s->units.empty()) unit = s->units.begin();
  if (unit != s->units.end()) {
    rec.lead_unit = unit->lead;
    rec.unit_confidence = unit->confidence;
  }
  if (!r.details.items.empty()) rec.registered_category = r.details.items.front().category;
  rec.final_category = rec.registered_category;
  return rec;
}

void SuggestionRecorder::committed(const std::vector<Event>& events) {
  if (log_ != nullptr) {
    // The events just committed are in the log after the stored position.
    if (auto st = catch_up(); !st) report(st.error());
    return;
  }
  for (const Event& e : events) {
    if (auto st = record(e); !st) report(st.error());
  }
}

Status SuggestionRecorder::catch_up() {
  if (log_ == nullptr) return {};
  return gate_.run(mutex_, [this] { return catch_up_locked(); });
}

Status SuggestionRecorder::catch_up_locked() {
  if (!position_) {
    auto stored = store_.log_position();
    if (!stored) return fail(stored.error());
    std::int64_t from = stored->value_or(0);
    if (!*stored) {
      auto any = store_.has_suggestions();
      if (!any) return fail(any.error());
      if (*any) {
        // Records kept before positions were: they have seen the log so far.
        for (;;) {
          auto page = log_->read_log_of(from, kLogPage, EventKinds{});
          if (!page) return fail(page.error());
          if (page->read == 0) break;
          from = page->end;
        }
      }
      if (auto st = store_.save_log_position(from); !st) return st;
    }
    position_ = from;
  }
  for (;;) {
    auto page = log_->read_log_of(*position_, kLogPage, recorded_kinds());
    if (!page) return fail(page.error());
    if (page->read == 0) return {};
    for (const LoggedEvent& logged : page->events) {
      // A failed record stops here: the position stays before it, and the
      // next commit or start tries it again.
      if (auto st = record(logged.event); !st) return st;
      position_ = logged.position;
    }
    position_ = page->end;  // past the kinds record() ignores
    // Stored after the page's records: a crash before this line reads the
    // page again, which changes nothing.
    if (auto st = store_.save_log_position(*position_); !st) return st;
  }
}

Status SuggestionRecorder::record(const Event& e) {
  if (const auto* r = std::get_if<RequestRegistered>(&e.body)) {
    auto rec = suggest_for(*r, e.at);
    if (!rec) {
      // Text the suggestion call refuses (none at all) has no suggestion.
      if (rec.error().code != ErrorCode::kInvalidArgument) report(rec.error());
      return {};
    }
    return store_.save_suggestion(*rec);
  }
  if (const auto* c = std::get_if<RequestReclassified>(&e.body)) {
    for (const ItemCategory& ic : c->categories) {
      if (ic.item != 0) continue;
      if (auto st = store_.set_final_category(e.stream, ic.category); !st) return st;
    }
    return {};
  }
  if (const auto* d = std::get_if<WorkOrderDispatched>(&e.body)) {
    const bool item0 =
        d->items.empty() || std::find(d->items.begin(), d->items.end(), 0) != d->items.end();
    if (item0) return store_.set_dispatched_unit(d->request, e.stream, d->lead_unit);
    return {};
  }
  if (const auto* rd = std::get_if<WorkOrderRedispatched>(&e.body)) {
    // The record whose item-0 work order this is (none: another item's).
    return store_.set_dispatched_unit("", e.stream, rd->lead_unit);
  }
  return {};
}

}  // namespace hotline::triage
