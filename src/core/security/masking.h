#pragma once
// What of an applicant's identity each reader sees (SEC-1 [M19, M27],
// SEC-4 [M11, C33]):
//
//   reader                                         name   phone        address
//   agent, dispatcher, visit agent, supervisor     full   full         full
//   applicant (own request), system                full   full         full
//   unit staff/administrator, API client,          张*    138****0000  和平区****
//     office administrator
//   the unit complained about, or a unit below it  —      —            —       (SEC-4)
//   a unit, on a confidential request (M14)        —      —            —
//   analyst                                        —      —            —
//
// "—" is removed (empty). Where identity is withheld, voice and video
// attachments (a voice identifies) and the channel's own reference are
// removed too. The request's matter — subject, detail, location — is kept:
// it is what the unit handles.

#include <string>
#include <string_view>

#include "core/org/organisation.h"
#include "core/work_order/actor.h"
#include "core/work_order/events.h"
#include "core/work_order/request.h"
#include "core/work_order/work_order_state.h"

namespace hotline {

enum class Disclosure {
  kFull,      // everything as registered
  kMasked,    // enough to recognise, not to identify
  kWithheld,  // identity removed: SEC-4 or a confidential request
  kNone,      // no personal data at all (analysis)
};
std::string_view to_string(Disclosure d);

// True when `actor`'s unit is the unit complained about or lies below it (SEC-4).
bool is_complained_unit(const Actor& actor, const Applicant& applicant,
                        const Organisation& organisation);

Disclosure disclosure_for(const Actor& actor, const RequestDetails& details,
                          const Organisation& organisation);

RequestDetails mask_for(const Actor& actor, const RequestDetails& details,
                        const Organisation& organisation);
// The same for an event: a RequestRegistered's details are masked, every
// other event is returned as it is (none carries identity).
Event mask_event(const Actor& actor, const Event& event, const Organisation& organisation);

// "张*", "欧阳**", "*" for one character; code points, so 𠮷 is one.
std::string mask_name(std::string_view name);
// "138****0000": the first three and last four characters kept.
std::string mask_phone(std::string_view phone);
// The first third (at most six characters) kept, then "****".
std::string mask_address(std::string_view address);
// "z****@example.com": the first character and the domain kept.
std::string mask_email(std::string_view email);

// The phone number as digits only, without +86/0086 for a mobile number:
// what the look-up hash is computed over, so "138 0000 0000" and
// "+86-13800000000" find the same requests. Empty when it is not a phone number.
std::string normalize_phone(std::string_view phone);

// A unit that handles the work order may ask for the applicant's full
// contact (HND-4: contact the applicant first) — an explicit, audited act —
// unless identity is withheld from it, the request is anonymous, or the
// applicant asked for no reply.
bool may_reveal_contact(const Actor& actor, const RequestDetails& details,
                        const WorkOrderState& work_order, const Organisation& organisation);

}  // namespace hotline
