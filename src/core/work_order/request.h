#pragma once
// A request (诉求) as registered: every element of INT-4 [M14, R5, C10] —
// time, items, contact details, confidentiality — plus its channel (INT-1),
// classification (TYP-1..4) and attachments by reference (INT-3 [C9]).

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "core/work_order/classification.h"

namespace hotline {

struct Applicant {
  bool anonymous = false;  // anonymous requests are allowed (INT-4)
  std::string name;        // real name, when handling needs it (R5)
  std::string phone;
  std::string address;
  // Complainants are protected (SEC-4): the unit complained about never sees
  // who complained. Set when the request complains about a unit.
  std::optional<std::string> complained_unit;
  // Contact details another system's door takes (Open311 "email" and
  // "account_id", INT-1): personal data like the phone, sealed at rest.
  std::string email{};
  std::string source_account{};  // the person's account in the submitting system
};

struct Attachment {
  std::string uri;         // where the content is stored (object store key, URL)
  std::string media_type;  // text/plain, audio/amr, image/jpeg, video/mp4 …
  std::string name;
  std::string sha256;  // hex digest of the content, when known
};

struct Location {
  std::string district;  // unit id of the district, e.g. "district.heping"
  std::string street;    // unit id of the street, if known
  std::string address;   // free text
};

// One matter within a request; a request with items for different units is
// split into several work orders (DIS-3).
struct RequestItem {
  std::string text;
  std::string category;  // a node of the category tree, if classified
  // TYP-2 [R6, R9, R11]: urgency belongs to each item (a gas smell and a
  // broken bench in one call); empty: the request's urgency.
  std::optional<Urgency> urgency{};
};

struct RequestDetails {
  Instant requested_at{};  // when the applicant made the request (M14)
  Channel channel = Channel::kPhone;
  Applicant applicant;
  std::string subject;
  std::string detail;
  std::vector<RequestItem> items;  // at least one
  RequestType type = RequestType::kInquiry;
  Urgency urgency = Urgency::kGeneral;
  UrgencyLabel label = UrgencyLabel::kNone;
  std::vector<SpecialLabel> special_labels;
  bool confidential = false;         // 保密事项 (M14)
  std::string confidentiality_note;  // what must be kept confidential
  bool reply_not_wanted = false;     // the applicant asked for no reply (REP-1)
  Location location;
  std::vector<Attachment> attachments;
  std::string external_ref;  // the channel's own id, for transfers and Open311
};

}  // namespace hotline
