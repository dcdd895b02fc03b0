#pragma once
// A set of kinds of events (alternatives of EventBody), for a projection
// that takes only some kinds from the log (WorkOrderStore::read_log_of): a
// store reads past the others without decoding them (issue 14: decoding
// every event's JSON was most of a catch-up from the whole log).

#include <bitset>
#include <string_view>
#include <variant>
#include <vector>

#include "core/work_order/events.h"

namespace hotline {

class EventKinds {
 public:
  EventKinds() = default;  // none: every event is read past

  template <typename... Kind>
  static EventKinds of() {
    EventKinds kinds;
    (kinds.add(EventBody{std::in_place_type<Kind>}), ...);
    return kinds;
  }

  bool has(const EventBody& body) const { return bits_.test(body.index()); }
  // `name` as event_name() gives it (a store's type column).
  bool has_name(std::string_view name) const {
    for (std::string_view n : names_) {
      if (n == name) return true;
    }
    return false;
  }

 private:
  void add(const EventBody& body) {
    bits_.set(body.index());
    names_.push_back(event_name(body));
  }

  std::bitset<std::variant_size_v<EventBody>> bits_;
  std::vector<std::string_view> names_;
};

}  // namespace hotline
