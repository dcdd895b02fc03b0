#include "core/triage/suggestion_recorder.h"

#include <algorithm>

namespace hotline::triage {

SuggestionRecorder::SuggestionRecorder(const TriageService& service, SuggestionStore& store,
                                       analysis::ModelVersion model)
    : service_(service), store_(store), model_(std::move(model)) {}

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
  for (const Event& e : events) {
    Status st;
    if (const auto* r = std::get_if<RequestRegistered>(&e.body)) {
      auto rec = suggest_for(*r, e.at);
      if (!rec) {
        // Text the suggestion call refuses (none at all) has no suggestion.
        if (rec.error().code != ErrorCode::kInvalidArgument) report(rec.error());
        continue;
      }
      st = store_.save_suggestion(*rec);
    } else if (const auto* c = std::get_if<RequestReclassified>(&e.body)) {
      for (const ItemCategory& ic : c->categories) {
        if (ic.item == 0) st = store_.set_final_category(e.stream, ic.category);
      }
    } else if (const auto* d = std::get_if<WorkOrderDispatched>(&e.body)) {
      const bool item0 =
          d->items.empty() || std::find(d->items.begin(), d->items.end(), 0) != d->items.end();
      if (item0) st = store_.set_dispatched_unit(d->request, e.stream, d->lead_unit);
    } else if (const auto* rd = std::get_if<WorkOrderRedispatched>(&e.body)) {
      // The record whose item-0 work order this is (none: another item's).
      st = store_.set_dispatched_unit("", e.stream, rd->lead_unit);
    }
    if (!st) report(st.error());
  }
}

}  // namespace hotline::triage
