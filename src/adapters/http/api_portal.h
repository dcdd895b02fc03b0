#pragma once
// The applicant portal's intake (issue 11) and attachments (INT-3 [C9]):
// anyone may submit a request on the web with photos, voice or video, then
// follow it by number and phone (INT-5, through /api/v1/applicant-session).
//
//   POST /api/v1/portal/attachments[?share_location=true]
//        a photo, voice recording or video as the body. Its kind is decided
//        by content (magic bytes), its size checked against the policy
//        (data/intake.toml); the place it was taken is removed unless the
//        applicant chose to share it; a photo gets a thumbnail. Answers its
//        reference. Sealed at rest in the vault, never in the event log.
//   POST /api/v1/portal/requests      registers a request from the website
//   GET  /api/v1/portal/districts     the districts to choose from (public)
//   GET  /api/v1/requests/{number}/attachments/{id}[/thumbnail]
//        the content: for the applicant of that request (their look-up
//        session), the office's case roles, and a unit that may see one of
//        the request's work orders — and only what masking lets that reader
//        see (a complained-about unit gets no voice). Every read is audited
//        before any byte is returned. Anyone else: 404, as for an id that
//        does not exist ("not yours" looks like "not there").

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "adapters/http/event_bus.h"
#include "adapters/http/router.h"
#include "application/work_orders.h"
#include "core/attachments/attachment_policy.h"
#include "core/attachments/vault_attachment_resolver.h"
#include "core/clock.h"
#include "core/engine/engine.h"
#include "core/org/organisation.h"
#include "core/ports/attachment_vault.h"

namespace hotline::http {

// An upload made ready for the vault: location removed (unless shared), a
// thumbnail for photos. nullopt content: the file's structure is broken.
struct PreparedAttachment {
  std::optional<std::string> content;
  std::optional<std::string> thumbnail;
  bool location_removed = false;
};

struct PortalApi {
  WorkOrders& work_orders;  // registration, with its role check and audit
  Engine& engine;
  const Clock& clock;
  const Organisation& organisation;
  const AttachmentPolicy& attachments;
  // Null without a data key: attachments are then refused, never kept in clear.
  AttachmentVault* vault = nullptr;
  std::function<PreparedAttachment(std::string_view bytes, const SniffedMedia& media,
                                   bool share_location)>
      prepare;
  // May `actor` read this work order? (as for the work-order routes)
  std::function<bool(const Actor&, const WorkOrderState&)> can_see;
  // The request's details as `actor` may see them (masking, SEC-4).
  std::function<RequestDetails(const Actor&, const RequestDetails&)> mask;
  // Writes the read to the audit log; an error means nothing is disclosed.
  std::function<Status(const HttpRequest&, const std::string& number, const std::string& detail)>
      audit_read;
};

inline constexpr const char* kAttachmentUploadPath = "/api/v1/portal/attachments";

inline constexpr const char* kStaffAttachmentUploadPath = "/api/v1/attachments";

void add_portal_routes(Router& router, const PortalApi& api);

}  // namespace hotline::http
