// Sub-centres (ICN-1 [D31, T2]) and other cities' hotlines (ICN-2 [M9]).
//
// A sub-centre (the 12328 transport hotline, 双号并行) is a unit of kind
// sub-centre: its staff register requests into the hotline like the office's
// agents — the same registration, the same rules — on the sub-centre's own
// channels; the office triages and dispatches them; work orders dispatched
// to the sub-centre are its own like any unit's, and it is assessed like one.
//
// Another city's hotline is a unit of kind partner-hotline: its system
// registers the requests it transfers in with its own key (an API client of
// that unit), on the transfer channel and with its own reference; this
// hotline transfers requests out to it and records its answer.

#include <algorithm>

#include "core/engine/engine.h"
#include "core/engine/permissions.h"
#include "core/text.h"

namespace hotline {
namespace {

constexpr std::size_t kMaxNote = 2000;      // code points
constexpr std::size_t kMaxReference = 100;  // bytes of the other hotline's number

bool listed(const std::vector<Channel>& channels, Channel c) {
  return std::find(channels.begin(), channels.end(), c) != channels.end();
}

std::string channel_names(const std::vector<Channel>& channels) {
  std::string out;
  for (Channel c : channels) {
    if (!out.empty()) out += "、";
    out += to_chinese(c);
  }
  return out;
}

Status check_note(std::string_view field, std::string_view note) {
  if (!is_valid_utf8(note) || code_points(note) > kMaxNote) {
    return fail(
        Error::invalid(std::string(field), "too long or not valid UTF-8", "说明过长或编码无效"));
  }
  return {};
}

// The other hotline's number: printable ASCII or UTF-8 without controls.
Status check_reference(std::string_view reference) {
  if (reference.size() > kMaxReference || !is_valid_utf8(reference)) {
    return fail(Error::invalid("their_reference", "longer than 100 bytes or not valid UTF-8",
                               "对方热线编号过长或编码无效"));
  }
  for (char c : reference) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return fail(Error::invalid("their_reference", "contains a control character",
                                 "对方热线编号含有控制字符"));
    }
  }
  return {};
}

}  // namespace

Status Engine::check_registering_unit(const CommandContext& ctx,
                                      const RequestDetails& details) const {
  const Unit* unit = organisation_.find(ctx.actor.unit);
  if (unit == nullptr) return {};
  const InterconnectionPolicy& p = policies_.default_policy().interconnection;
  if (unit->kind == UnitKind::kSubCentre) {
    if (!p.present) {
      return fail(Error::refused("ICN-1", "D31",
                                 "the profile has no [interconnection] section: sub-centres "
                                 "register nothing",
                                 "当前政策未配置分中心转办，分中心不能登记诉求"));
    }
    if (!listed(p.sub_centre_channels, details.channel)) {
      return fail(Error::refused(
          "ICN-1", p.sub_centre_article,
          "a sub-centre registers on its own channels only, not " +
              std::string(to_string(details.channel)),
          "分中心只能登记本热线渠道（" + channel_names(p.sub_centre_channels) + "）的诉求"));
    }
    return {};
  }
  if (unit->kind == UnitKind::kPartnerHotline) {
    if (!p.present) {
      return fail(Error::refused("ICN-2", "M9",
                                 "the profile has no [interconnection] section: no transfers "
                                 "from other hotlines",
                                 "当前政策未配置京津冀热线互转，不能接收转入诉求"));
    }
    if (!listed(p.partner_channels, details.channel)) {
      return fail(Error::refused(
          "ICN-2", p.partner_article,
          "another hotline transfers in on " + channel_names(p.partner_channels) + " only",
          "其他热线转入的诉求须登记为" + channel_names(p.partner_channels) + "渠道"));
    }
    const std::string prefix = unit->id + ":";
    if (details.external_ref.size() <= prefix.size() ||
        details.external_ref.compare(0, prefix.size(), prefix) != 0) {
      return fail(Error::invalid("external_ref",
                                 "a transfer from another hotline keeps its own reference as \"" +
                                     prefix + "<their number>\"",
                                 "其他热线转入的诉求须保留对方热线的工单编号"));
    }
    return check_reference(std::string_view(details.external_ref).substr(prefix.size()));
  }
  return {};
}

Result<RequestState> Engine::transfer_to_hotline(const CommandContext& ctx,
                                                 const std::string& number,
                                                 HotlineTransferSent transfer) {
  if (auto st = authorize(ctx.actor, Action::kTransferToHotline, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  const InterconnectionPolicy& p = policies_.default_policy().interconnection;
  if (!p.present) {
    return fail(Error::refused("ICN-2", "M9",
                               "the profile has no [interconnection] section: no transfers to "
                               "other hotlines",
                               "当前政策未配置京津冀热线互转"));
  }
  const Unit* hotline = organisation_.find(transfer.hotline);
  if (hotline == nullptr || hotline->kind != UnitKind::kPartnerHotline || !hotline->active) {
    return fail(Error::invalid("hotline", "not another city's hotline: " + transfer.hotline,
                               "不是京津冀协同热线：" + transfer.hotline));
  }
  if (auto st = check_note("note", transfer.note); !st) return fail(st.error());
  auto state = load_request(ctx, number);
  if (!state) return state;
  if (state->is_conduct_complaint()) {
    return fail(Error::refused("INT-6", "M14",
                               "a complaint about hotline staff is the office's own",
                               "对热线工作人员的投诉由热线工作机构处理，不能转出"));
  }
  if (state->open_transfer(transfer.hotline) != nullptr) {
    return fail(Error::refused("ICN-2", p.partner_article,
                               "request " + number + " is already with " + transfer.hotline,
                               "该诉求已转" + hotline->name + "，尚未办结或退回"));
  }
  const bool open = state->status == RequestStatus::kRegistered ||
                    state->status == RequestStatus::kToDispatch ||
                    (transfer.joint && state->status == RequestStatus::kDispatched);
  if (!open) {
    return fail(Error::refused(
        "ICN-2", p.partner_article,
        "request " + number + " is " + std::string(to_string(state->status)) +
            (state->status == RequestStatus::kDispatched
                 ? ": a dispatched request is transferred for joint handling only"
                 : " and can no longer be transferred"),
        "该诉求当前状态为" + std::string(to_chinese(state->status)) +
            (state->status == RequestStatus::kDispatched ? "，已派单的诉求只能联动处置"
                                                         : "，不能再转出")));
  }
  const std::string article = p.partner_article;
  return commit(ctx, *state, {{std::move(transfer), article, "", std::nullopt}});
}

Result<RequestState> Engine::answer_hotline_transfer(const CommandContext& ctx,
                                                     const std::string& number,
                                                     HotlineTransferAnswered answer) {
  if (auto st = authorize(ctx.actor, Action::kAnswerHotlineTransfer, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  // Another hotline's system answers for itself, on what was sent to it;
  // anything else looks like no such request (SEC-2).
  const bool system = ctx.actor.role == Role::kApiClient;
  if (system) answer.hotline = ctx.actor.unit;
  auto state = load_request(ctx, number);
  if (!state) return state;
  const HotlineTransfer* open = state->open_transfer(answer.hotline);
  if (open == nullptr) {
    if (system) {
      return fail(Error::not_found("request " + number, "诉求编号不存在：" + number));
    }
    return fail(Error::refused("ICN-2", "M9",
                               "request " + number + " has no open transfer to " + answer.hotline,
                               "该诉求没有待答复的转出记录"));
  }
  if (answer.result == TransferResult::kPending) {
    return fail(Error::invalid("result", "an answer is accepted, refused or completed",
                               "答复结果须为已接收、退回或已办结"));
  }
  if (auto st = check_reference(answer.their_reference); !st) return fail(st.error());
  if (auto st = check_note("note", answer.note); !st) return fail(st.error());
  if (answer.their_reference.empty() && open->their_reference.empty() &&
      answer.result != TransferResult::kRefused) {
    return fail(Error::invalid("their_reference", "required: the other hotline's own number",
                               "须填写对方热线的工单编号"));
  }
  if (!open->their_reference.empty() && !answer.their_reference.empty() &&
      open->their_reference != answer.their_reference) {
    return fail(Error::conflict("the transfer already has the reference " + open->their_reference,
                                "该转出记录已有对方编号" + open->their_reference));
  }
  if (open->result == TransferResult::kAccepted && answer.result == TransferResult::kAccepted) {
    return fail(
        Error::refused("ICN-2", "M9", "the transfer was accepted already", "对方热线已接收该诉求"));
  }
  return commit(ctx, *state, {{std::move(answer), "M9", "", std::nullopt}});
}

}  // namespace hotline
