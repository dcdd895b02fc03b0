#pragma once
// ICN-2 [M9]: Beijing–Tianjin–Hebei coordination (京津冀热线协同联动). A request
// is transferred to another city's hotline (互转互通) on the request's stream:
// the transfer names the hotline (a partner-hotline unit of the organisation)
// and says whether this hotline keeps handling its part (联动处置, joint
// handling) or hands the request over. The other hotline's answer records its
// own reference and the result, so both references stay visible on the
// request. Requests transferred *in* are ordinary registrations on the
// hotline-transfer channel carrying the other hotline's reference
// (RequestDetails::external_ref, "<hotline unit>:<their reference>").

#include <optional>
#include <string>
#include <string_view>

namespace hotline {

enum class TransferResult {
  kPending,    // sent, no answer yet
  kAccepted,   // the other hotline took it and handles it
  kRefused,    // not theirs: this hotline handles it again
  kCompleted,  // the other hotline finished it
};
std::string_view to_string(TransferResult r);
std::string_view to_chinese(TransferResult r);
std::optional<TransferResult> parse_transfer_result(std::string_view s);

struct HotlineTransferSent {
  std::string hotline;  // unit id of the other city's hotline, e.g. "hotline.beijing"
  bool joint = false;   // this hotline keeps handling its own part (联动处置)
  std::string note;     // what is asked of the other hotline
};

struct HotlineTransferAnswered {
  std::string hotline;
  std::string their_reference;  // the other hotline's own number
  TransferResult result = TransferResult::kAccepted;
  std::string note;  // their answer, e.g. the result told to the applicant
};

}  // namespace hotline
