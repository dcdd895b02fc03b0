#pragma once
// The engine's AttachmentResolver (engine_hooks.h) over the attachment vault:
// a reply's file must be an upload of this platform ("/api/v1/attachments/<id>"
// present in the vault) of a kind the policy allows; the event records the
// media type read back from the content and a label (照片1), never the
// client's word for either. Shared by every door through the composition root.

#include "core/attachments/attachment_policy.h"
#include "core/engine/engine_hooks.h"
#include "core/ports/attachment_vault.h"

namespace hotline {

inline constexpr std::string_view kAttachmentUriPrefix = "/api/v1/attachments/";

class VaultAttachmentResolver final : public AttachmentResolver {
 public:
  // Both must outlive the resolver; the vault is written only by claim().
  VaultAttachmentResolver(AttachmentVault& vault, const AttachmentPolicy& policy)
      : vault_(vault), policy_(policy) {}

  Result<Attachment> resolve(std::string_view uri, std::size_t position,
                             const std::string& field) const override;
  Status claim(std::string_view uri) const override;
  Status check_count(std::size_t count) const override;

 private:
  AttachmentVault& vault_;
  const AttachmentPolicy& policy_;
};

// The vault id of a platform attachment URI; empty when it is not one.
std::string_view attachment_id_of(std::string_view uri);

}  // namespace hotline
