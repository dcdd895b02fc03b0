// The JSON codec of events, request details and folded states: every event
// type round-trips, reading is strict and names the field at fault, and text
// outside the Basic Multilingual Plane survives.
// SPEC: INT-4 (request details as registered), TRI-8 (outcomes recorded with
// reasons), HND-1/R11 (deadlines kept in events with their article).
#include "adapters/json/event_json.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "core/work_order/request_state.h"
#include "core/work_order/work_order_state.h"
#include "support/event_samples.h"

namespace hotline {
namespace {

using nlohmann::json;
using testing::make_event;
using testing::sample_bodies;
using testing::sample_body;

json sample_json(std::size_t index) {
  return event_to_json(make_event("W2026010500000001-1", 3, sample_bodies().at(index)));
}

template <class T>
json sample_json() {
  return event_to_json(make_event("W2026010500000001-1", 3, sample_body<T>()));
}

TEST(EventJson, SamplesCoverEveryEventType) {
  std::set<std::size_t> seen;
  for (const auto& body : sample_bodies()) seen.insert(body.index());
  EXPECT_EQ(seen.size(), std::variant_size_v<EventBody>);
}

TEST(EventJson, EveryEventTypeRoundTrips) {
  for (const auto& body : sample_bodies()) {
    const Event event = make_event("W2026010500000001-1", 7, body);
    const json first = event_to_json(event);
    SCOPED_TRACE(first.dump());
    auto back = event_from_json(first);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->body.index(), body.index());
    EXPECT_EQ(back->stream, event.stream);
    EXPECT_EQ(back->version, 7);
    EXPECT_EQ(back->at, event.at);
    EXPECT_EQ(back->actor.role, Role::kUnitStaff);
    EXPECT_EQ(event_to_json(*back), first);
    // Through text as well, as the store keeps it.
    auto reparsed = event_from_json(json::parse(first.dump()));
    ASSERT_TRUE(reparsed) << reparsed.error().message;
    EXPECT_EQ(event_to_json(*reparsed).dump(), first.dump());
  }
}

TEST(EventJson, WireFormatUsesNamesInstantsAndPeriods) {
  const json j = sample_json<WorkOrderDispatched>();  // work-order-dispatched
  EXPECT_EQ(j["type"], "work-order-dispatched");
  EXPECT_EQ(j["at"], "2026-01-05T10:03:00+08:00");
  EXPECT_EQ(j["actor"], (json{{"id", "staff.li"}, {"role", "unit-staff"}, {"unit", "dept.a"}}));
  const json& data = j["data"];
  EXPECT_EQ(data["handle_period"], "5 working days");
  EXPECT_EQ(data["subject"]["urgency"], "life-safety");
  EXPECT_EQ(data["subject"]["label"], "急");
  EXPECT_EQ(data["accept_due"]["due"], "2026-01-05T10:00:00+08:00");
  EXPECT_EQ(data["accept_due"]["article"], "R9");
  EXPECT_EQ(data["items"], json::array({0, 1}));
}

TEST(EventJson, EmptyOptionalsAreLeftOut) {
  Event e = make_event("W1-1", 1, WorkOrderAccepted{std::nullopt, false});
  const json j = event_to_json(e);
  EXPECT_FALSE(j["data"].contains("handle_due"));
  EXPECT_EQ(j["data"]["late"], false);
  auto back = event_from_json(j);
  ASSERT_TRUE(back);
  EXPECT_FALSE(std::get<WorkOrderAccepted>(back->body).handle_due.has_value());
}

TEST(EventJson, ValuesSurviveNotJustTheText) {
  auto back = event_from_json(sample_json<WorkOrderReplied>());  // work-order-replied
  ASSERT_TRUE(back);
  const auto& replied = std::get<WorkOrderReplied>(back->body);
  ASSERT_TRUE(replied.reply.contacted_at);
  EXPECT_EQ(*replied.reply.contacted_at, testing::at("2026-01-12T15:00:00+08:00"));
  EXPECT_EQ(replied.reply.result, "已修复，室温22度");
  EXPECT_TRUE(replied.reply.applicant_not_replied);
  EXPECT_EQ(replied.missing, (std::vector<ReplyElement>{ReplyElement::kPolicyBasis,
                                                        ReplyElement::kApplicantFeedback}));
}

// ---- Strictness -------------------------------------------------------------

Error error_of(const json& j) {
  auto r = event_from_json(j);
  EXPECT_FALSE(r) << "accepted: " << j.dump();
  return r ? Error{} : r.error();
}

TEST(EventJson, UnknownTypeIsNamed) {
  json j = sample_json<WorkOrderAccepted>();
  j["type"] = "work-order-teleported";
  const Error e = error_of(j);
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.field, "type");
  EXPECT_NE(e.message.find("work-order-teleported"), std::string::npos);
}

TEST(EventJson, MissingRequiredFieldNamesItsPath) {
  json j = sample_json<WorkOrderReplied>();
  j["data"]["reply"].erase("handler");
  EXPECT_EQ(error_of(j).field, "data.reply.handler");

  j = sample_json<WorkOrderAccepted>();
  j.erase("actor");
  EXPECT_EQ(error_of(j).field, "actor");

  j = sample_json<WorkOrderAccepted>();
  j["actor"].erase("role");
  EXPECT_EQ(error_of(j).field, "actor.role");

  j = sample_json<WorkOrderAccepted>();
  j.erase("data");
  EXPECT_EQ(error_of(j).field, "data");
}

TEST(EventJson, WrongTypeNamesItsPath) {
  json j = sample_json<WorkOrderReplied>();
  j["data"]["reply"]["contacted_at"] = 1700000000;
  const Error e = error_of(j);
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.field, "data.reply.contacted_at");

  j = sample_json<WorkOrderReplied>();
  j["data"]["reply"]["contacted_at"] = "yesterday";
  EXPECT_EQ(error_of(j).field, "data.reply.contacted_at");

  j = sample_json<RequestDispatched>();  // request-dispatched
  j["data"]["orders"][0]["items"][1] = "1";
  EXPECT_EQ(error_of(j).field, "data.orders[0].items[1]");

  j = sample_json<RequestDispatched>();
  j["data"]["orders"][0]["items"][0] = 1.5;
  EXPECT_EQ(error_of(j).field, "data.orders[0].items[0]");

  j = sample_json<RequestDispatched>();
  j["data"]["orders"][0]["items"][0] = 5'000'000'000LL;  // beyond int
  EXPECT_EQ(error_of(j).field, "data.orders[0].items[0]");

  j = sample_json<WorkOrderAccepted>();
  j["version"] = "3";
  EXPECT_EQ(error_of(j).field, "version");

  j = sample_json<WorkOrderAccepted>();
  j["data"] = json::array();
  EXPECT_EQ(error_of(j).field, "data");

  j = sample_json<WorkOrderClosed>();  // work-order-closed: no members, still an object
  j["data"] = nullptr;
  EXPECT_EQ(error_of(j).field, "data");

  EXPECT_EQ(error_of(json::array({1, 2})).code, ErrorCode::kInvalidArgument);
}

TEST(EventJson, UnknownValuesAndMembersAreErrors) {
  json j = sample_json<ReturnApplied>();  // return-applied
  j["data"]["reason"] = "too-busy";
  Error e = error_of(j);
  EXPECT_EQ(e.field, "data.reason");
  EXPECT_NE(e.message.find("too-busy"), std::string::npos);

  j = sample_json<WorkOrderDispatched>();
  j["data"]["handle_period"] = "5 fortnights";
  EXPECT_EQ(error_of(j).field, "data.handle_period");

  j = sample_json<WorkOrderDispatched>();
  j["data"]["handle_periode"] = "5 working days";  // misspelt
  EXPECT_EQ(error_of(j).field, "data.handle_periode");

  j = sample_json<RequestRegistered>();
  j["data"]["details"]["applicant"]["nickname"] = "x";
  EXPECT_EQ(error_of(j).field, "data.details.applicant.nickname");

  j = sample_json<WorkOrderAccepted>();
  j["signature"] = "x";
  EXPECT_EQ(error_of(j).field, "signature");

  j = sample_json<WorkOrderAccepted>();
  j["version"] = 0;
  EXPECT_EQ(error_of(j).field, "version");
}

// Replaces every value in every sample, at every depth, with values of each
// JSON type: decoding must answer with a result, never an exception.
TEST(EventJson, NeverThrowsOnAnyMutation) {
  const std::vector<json> replacements = {nullptr,
                                          true,
                                          -1,
                                          4294967296ULL,
                                          2.5,
                                          "",
                                          "x",
                                          json::array(),
                                          json::object(),
                                          json::array({nullptr})};
  std::size_t tried = 0, rejected = 0;
  for (std::size_t i = 0; i < sample_bodies().size(); ++i) {
    const json original = sample_json(i);
    const json flat = original.flatten();
    for (const auto& [pointer, value] : flat.items()) {
      for (const json& replacement : replacements) {
        json mutated = original;
        mutated[json::json_pointer(pointer)] = replacement;
        ++tried;
        EXPECT_NO_THROW({
          auto r = event_from_json(mutated);
          if (!r) {
            ++rejected;
            EXPECT_FALSE(r.error().field.empty()) << pointer << " " << r.error().message;
          }
        });
      }
    }
  }
  EXPECT_GT(tried, 1000u);
  EXPECT_GT(rejected, tried / 2);
}

TEST(EventJson, NonBmpTextRoundTrips) {
  Event e = make_event("R2026010500000001", 1, sample_body<RequestRegistered>());
  e.reason = "𠮷野家在𡒄";
  const std::string text = event_to_json(e).dump();
  // Stored as UTF-8 itself, not as \u escapes.
  EXPECT_NE(text.find("𠮷野家在𡒄"), std::string::npos);
  auto back = event_from_json(json::parse(text));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->reason, "𠮷野家在𡒄");
  const auto& registered = std::get<RequestRegistered>(back->body);
  EXPECT_EQ(registered.details.applicant.name, "吉𠮷");
  EXPECT_EQ(registered.details.detail, "室温只有14度，𠮷𡒄");

  // A client that escapes as UTF-16 surrogate pairs means the same text.
  auto escaped = json::parse(R"("\ud842\udfb7")");
  EXPECT_EQ(escaped.get<std::string>(), "𠮷");
}

// ---- Request details ----------------------------------------------------------

TEST(RequestDetailsJson, RoundTripsEveryMember) {
  const RequestDetails d = testing::sample_details();
  const json j = request_details_to_json(d);
  auto back = request_details_from_json(j);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(request_details_to_json(*back), j);
  EXPECT_EQ(back->applicant.complained_unit, "dept.heping.housing");
  EXPECT_EQ(back->attachments.at(0).sha256, "abc123");
  EXPECT_EQ(back->label, UrgencyLabel::kVeryUrgent);
}

TEST(RequestDetailsJson, MinimalDetailsTakeDefaults) {
  const json j = {{"requested_at", "2026-01-05T09:30:00+08:00"},
                  {"channel", "phone"},
                  {"type", "inquiry"},
                  {"items", json::array({{{"text", "几点开门？"}}})}};
  auto d = request_details_from_json(j);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->urgency, Urgency::kGeneral);
  EXPECT_EQ(d->label, UrgencyLabel::kNone);
  EXPECT_FALSE(d->applicant.anonymous);
  EXPECT_EQ(d->items.at(0).text, "几点开门？");
}

TEST(RequestDetailsJson, INT_4_StrictAboutMembers) {
  json j = request_details_to_json(testing::sample_details());
  j["colour"] = "red";
  auto r = request_details_from_json(j);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "colour");

  j = request_details_to_json(testing::sample_details());
  j["location"]["postcode"] = "300000";
  r = request_details_from_json(j);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "location.postcode");

  // The time and the items may be left out: registration fills them in
  // (the registration instant; one item, the detail).
  j = request_details_to_json(testing::sample_details());
  j.erase("items");
  j.erase("requested_at");
  r = request_details_from_json(j);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->items.empty());
  EXPECT_EQ(r->requested_at, Instant{});

  j = request_details_to_json(testing::sample_details());
  j.erase("type");
  r = request_details_from_json(j);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "type");

  j = request_details_to_json(testing::sample_details());
  j["attachments"][0].erase("uri");
  r = request_details_from_json(j);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "attachments[0].uri");
}

// ---- Folded states --------------------------------------------------------------

TEST(StateJson, WorkOrderShowsStatusDeadlinesAndCounters) {
  std::vector<Event> events = {
      make_event("W2026010500000001-1", 1, sample_body<WorkOrderDispatched>()),  // dispatched
      make_event("W2026010500000001-1", 2, sample_body<WorkOrderAccepted>()),    // accepted
      make_event("W2026010500000001-1", 3, sample_body<SupervisionRaised>()),  // supervision raised
      make_event("W2026010500000001-1", 4, sample_body<DeadlineMissed>()),     // deadline missed
  };
  auto state = fold_work_order(events);
  ASSERT_TRUE(state) << state.error().message;
  const json j = work_order_to_json(*state);
  EXPECT_EQ(j["status"], "accepted");
  EXPECT_EQ(j["status_zh"], "办理中");
  EXPECT_EQ(j["lead_unit"], "dept.a");
  EXPECT_EQ(j["assisting_units"], json::array({"dept.b"}));
  EXPECT_EQ(j["deadlines"]["handle"]["article"], "R11");
  EXPECT_EQ(j["deadlines"]["handle"]["due"], "2026-01-14T09:40:00+08:00");
  EXPECT_EQ(j["deadlines"]["accept"]["rule"], "30 minutes");
  EXPECT_EQ(j["deadlines"]["statutory_handle"]["article"], "M16");
  EXPECT_EQ(j["counters"]["extensions_approved"], 0);
  EXPECT_EQ(j["supervisions"][0]["trigger"], "buck-passing");
  EXPECT_EQ(j["supervisions"][0]["key"], true);
  EXPECT_EQ(j["missed"][0]["stage"], "return");
  EXPECT_EQ(j["version"], 4);
  EXPECT_FALSE(j.contains("pending_return"));
}

TEST(StateJson, RequestShowsStatusAndDetails) {
  auto state = fold_request({make_event("R2026010500000001", 1, sample_body<RequestRegistered>())});
  ASSERT_TRUE(state) << state.error().message;
  const json j = request_to_json(*state);
  EXPECT_EQ(j["number"], "R2026010500000001");
  EXPECT_EQ(j["status"], "registered");
  EXPECT_EQ(j["status_zh"], "已登记");
  EXPECT_EQ(j["details"]["applicant"]["name"], "吉𠮷");
  EXPECT_EQ(j["dispatch_due"]["article"], "R6");
}

}  // namespace
}  // namespace hotline
