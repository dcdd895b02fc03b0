#pragma once
// Events, deadlines and states as JSON: the one wire format for storage
// (event payloads in SQLite/PostgreSQL), `hotline show`/`simulate` output
// and, later, the HTTP API. Instants are ISO-8601 with +08:00, enums their
// kebab-case wire names, periods as policy text ("7 working days").
//
// Event: {"stream","version","at","actor":{"id","role","unit"},"reason",
//         "article","type":"work-order-accepted","data":{...}}

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/work_order/events.h"
#include "core/work_order/request_state.h"
#include "core/work_order/work_order_state.h"

namespace hotline {

nlohmann::json event_to_json(const Event& event);
// Strict: unknown types, missing fields or wrong types are errors naming the field.
Result<Event> event_from_json(const nlohmann::json& json);

// Only the body, as stored in the `data` member.
nlohmann::json event_body_to_json(const EventBody& body);
Result<EventBody> event_body_from_json(std::string_view type, const nlohmann::json& data);

nlohmann::json deadline_to_json(const Deadline& d);
nlohmann::json request_details_to_json(const RequestDetails& d);
Result<RequestDetails> request_details_from_json(const nlohmann::json& json);
nlohmann::json work_order_to_json(const WorkOrderState& s);
nlohmann::json request_to_json(const RequestState& s);

}  // namespace hotline
