#pragma once
// ICN-2 [M9]: Beijing–Tianjin–Hebei coordination (京津冀热线协同联动) as
// commands of the table: the office transfers a request to another city's
// hotline (handed over or jointly handled), and that hotline's answer (its
// own reference and the result) is recorded by its system with its key, or
// by the office. Requests transferred *in* are registrations (the inbound
// route, adapters/http/api_hotlines.cc). Their doors follow from the table.

#include <nlohmann/json.hpp>
#include <string>

#include "application/command.h"
#include "core/engine/engine.h"

namespace hotline::commands {

using nlohmann::json;

struct TransferToHotline {
  static constexpr CommandSpec kSpec{"transfer-to-hotline",
                                     "",
                                     Subject::kRequest,
                                     Action::kTransferToHotline,
                                     true,
                                     Privacy::kMasked,
                                     false,
                                     "dispatcher",
                                     "Transfer a request to another city's hotline (ICN-2)"};
  HotlineTransferSent transfer;
  static Result<TransferToHotline> from_json(const json& args);
  static json schema();
  Result<RequestState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

struct AnswerHotlineTransfer {
  static constexpr CommandSpec kSpec{
      "answer-hotline-transfer",
      "",
      Subject::kRequest,
      Action::kAnswerHotlineTransfer,
      true,
      Privacy::kMasked,
      false,
      "dispatcher",
      "The other hotline's answer to a transfer: its reference and the result (ICN-2)"};
  HotlineTransferAnswered answer;
  static Result<AnswerHotlineTransfer> from_json(const json& args);
  static json schema();
  Result<RequestState> run(Engine& e, const CommandContext& ctx, const std::string& target) &&;
};

}  // namespace hotline::commands
