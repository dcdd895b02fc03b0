#pragma once
// INT-3 [C9]: the limits on what an applicant (or a unit, with its reply)
// may attach: which media types of each kind, how large, how many with one
// request, and how to treat a photo's location. Data (data/intake.toml, read
// by adapters/toml/intake_file), each limit with the article it rests on;
// the core only checks against it.

#include <cstdint>
#include <string>
#include <vector>

#include "core/attachments/media_type.h"
#include "core/result.h"

namespace hotline {

struct AttachmentKindRule {
  MediaKind kind = MediaKind::kPhoto;
  std::vector<std::string> media_types;  // as sniff_media names them
  std::uint64_t max_bytes = 0;
  std::string article;  // "C9"
  std::string note;     // zh-CN gist shown with a refusal
};

struct AttachmentPolicy {
  std::vector<AttachmentKindRule> kinds;
  int max_per_request = 0;
  std::string max_per_request_article;
  // Uploads never attached to a request or reply (an applicant who gave up)
  // are personal data kept for no purpose: removed after this many hours.
  int unattached_kept_hours = 24;
  std::string unattached_kept_article;
  // C9, M19: the place a photo or video was taken is personal information;
  // it is removed unless the applicant chose to share it.
  std::string location_article;
  int thumbnail_edge = 320;  // pixels, the longer edge of a web thumbnail

  const AttachmentKindRule* rule_for(MediaKind kind) const;
  // The largest body any kind allows (the upload route's body limit).
  std::uint64_t largest() const;
};

// Is content of this sniffed type and size allowed? kInvalid naming field
// "body" (type not allowed, empty) or kRefused citing the article (too large).
Result<const AttachmentKindRule*> check_attachment(const AttachmentPolicy& policy,
                                                   const SniffedMedia& media, std::uint64_t size);
// A file whose content is of no allowed type: field "body", the types listed.
Error not_an_allowed_type(const AttachmentPolicy& policy);
// At most max_per_request attachments with one request: field "attachments".
Status check_attachment_count(const AttachmentPolicy& policy, std::size_t count);

// What validate() checks: kinds unique and non-empty, limits positive,
// articles present.
Status validate(const AttachmentPolicy& policy);

}  // namespace hotline
