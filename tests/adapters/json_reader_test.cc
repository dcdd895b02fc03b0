// Shared pieces of the strict JSON reading (json_reader.h) used by the HTTP
// doors and the engine's commands: request bodies, the reserved "reason"
// member and the reply object (REP-1, REP-2).
#include "adapters/json/json_reader.h"

#include <gtest/gtest.h>

#include "core/work_order/events.h"

namespace hotline {
namespace {

using nlohmann::json;

TEST(JsonReader, ABodyIsAnObjectAndAnEmptyOneIsEmpty) {
  auto empty = parse_json_object("");
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, json::object());
  auto body = parse_json_object(R"({"a": 1})");
  ASSERT_TRUE(body);
  EXPECT_EQ((*body)["a"], 1);
  for (const char* text : {"[1]", "\"text\"", "3"}) {
    auto r = parse_json_object(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().field, "body");
    EXPECT_EQ(r.error().message, "body: must be a JSON object");
  }
  auto malformed = parse_json_object("{");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().field, "body");
  EXPECT_NE(malformed.error().message.find("byte"), std::string::npos);
}

TEST(JsonReader, TakeStringRemovesTheMemberAndChecksItsType) {
  json body = {{"reason", "依据权责清单"}, {"id", "x"}};
  auto reason = take_string(body, "reason");
  ASSERT_TRUE(reason);
  EXPECT_EQ(*reason, "依据权责清单");
  EXPECT_EQ(body, (json{{"id", "x"}}));
  auto absent = take_string(body, "reason");
  ASSERT_TRUE(absent);
  EXPECT_EQ(*absent, "");
  json null_reason = {{"reason", nullptr}};
  ASSERT_TRUE(take_string(null_reason, "reason"));
  EXPECT_TRUE(null_reason.empty());
  json wrong = {{"reason", 3}};
  auto r = take_string(wrong, "reason");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "reason");
  EXPECT_EQ(r.error().message, "reason: must be a string");
}

TEST(JsonReader, REP_2_AReplyIsReadMemberByMemberAndStrictly) {
  const json j = {{"contacted_at", "2026-03-02T10:00:00+08:00"},
                  {"handler", "王"},
                  {"handler_contact", "022-1234"},
                  {"process", "p"},
                  {"result", "r"},
                  {"policy_basis", "b"},
                  {"applicant_feedback", "f"},
                  {"applicant_not_replied", true}};
  JsonReader r(j, "reply");
  const ReplyContent c = read_reply(r);
  ASSERT_TRUE(r.finish());
  ASSERT_TRUE(c.contacted_at);
  EXPECT_EQ(format_iso8601(*c.contacted_at), "2026-03-02T10:00:00+08:00");
  EXPECT_EQ(c.handler, "王");
  EXPECT_EQ(c.handler_contact, "022-1234");
  EXPECT_EQ(c.process, "p");
  EXPECT_EQ(c.result, "r");
  EXPECT_EQ(c.policy_basis, "b");
  EXPECT_EQ(c.applicant_feedback, "f");
  EXPECT_TRUE(c.applicant_not_replied);

  // An unknown member and a wrong type are errors naming the member's path.
  const json with_unknown = {{"results", "x"}};
  JsonReader unknown(with_unknown, "reply");
  read_reply(unknown);
  auto st = unknown.finish();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "reply.results");
  const json with_number = {{"handler", 1}};
  JsonReader typed(with_number, "");
  read_reply(typed);
  st = typed.finish();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "handler");
}

}  // namespace
}  // namespace hotline
