#include "application/interconnection_commands.h"

#include "adapters/json/json_reader.h"
#include "application/json_schema.h"

namespace hotline::commands {
namespace {

namespace s = schema;

Status need_target(const std::string& target) {
  if (target.empty()) return fail(Error::invalid("target", "name the request", "须指定诉求编号"));
  return {};
}

}  // namespace

Result<TransferToHotline> TransferToHotline::from_json(const json& args) {
  JsonReader r(args, "");
  TransferToHotline c;
  c.transfer.hotline = r.string("hotline", true);
  c.transfer.joint = r.boolean("joint");
  c.transfer.note = r.string("note");
  if (auto st = r.finish(); !st) return fail(st.error());
  return c;
}
json TransferToHotline::schema() {
  return s::object({{"hotline", s::string("unit id of the other city's hotline", 1)},
                    {"joint", s::boolean("this hotline handles its part too (联动处置)")},
                    {"note", s::string("what is asked of the other hotline")}},
                   {"hotline"});
}
Result<RequestState> TransferToHotline::run(Engine& e, const CommandContext& ctx,
                                            const std::string& t) && {
  if (auto st = need_target(t); !st) return fail(st.error());
  return e.transfer_to_hotline(ctx, t, std::move(transfer));
}

Result<AnswerHotlineTransfer> AnswerHotlineTransfer::from_json(const json& args) {
  JsonReader r(args, "");
  AnswerHotlineTransfer c;
  c.answer.hotline = r.string("hotline");
  c.answer.their_reference = r.string("their_reference");
  const std::string allowed = s::names<TransferResult>(parse_transfer_result);
  auto result = r.enumeration("result", parse_transfer_result, allowed.c_str(), true);
  c.answer.note = r.string("note");
  if (auto st = r.finish(); !st) return fail(st.error());
  c.answer.result = *result;
  return c;
}
json AnswerHotlineTransfer::schema() {
  return s::object(
      {{"hotline", s::string("the other hotline (its own system: taken from its key)")},
       {"their_reference", s::string("the other hotline's own number")},
       {"result", s::enumeration(parse_transfer_result, "accepted, refused or completed")},
       {"note", s::string("their answer")}},
      {"result"});
}
Result<RequestState> AnswerHotlineTransfer::run(Engine& e, const CommandContext& ctx,
                                                const std::string& t) && {
  if (auto st = need_target(t); !st) return fail(st.error());
  return e.answer_hotline_transfer(ctx, t, std::move(answer));
}

}  // namespace hotline::commands
