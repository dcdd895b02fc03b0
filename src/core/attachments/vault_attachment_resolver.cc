#include "core/attachments/vault_attachment_resolver.h"

namespace hotline {

std::string_view attachment_id_of(std::string_view uri) {
  if (!uri.starts_with(kAttachmentUriPrefix)) return {};
  const std::string_view id = uri.substr(kAttachmentUriPrefix.size());
  return AttachmentVault::valid_id(id) ? id : std::string_view{};
}

Result<Attachment> VaultAttachmentResolver::resolve(std::string_view uri, std::size_t position,
                                                    const std::string& field) const {
  const std::string_view id = attachment_id_of(uri);
  std::optional<SniffedMedia> media;
  if (!id.empty()) {
    if (auto content = vault_.get(id, false)) media = sniff_media(*content);
  }
  if (!media) {
    return fail(Error::invalid(field, "not a file uploaded here", "不是本平台上传的附件"));
  }
  Attachment a;
  a.uri = std::string(uri);
  a.media_type = media->media_type;
  a.name = std::string(to_chinese(media->kind)) + std::to_string(position + 1);
  return a;
}

Status VaultAttachmentResolver::claim(std::string_view uri) const {
  return vault_.claim(attachment_id_of(uri));
}

Status VaultAttachmentResolver::check_count(std::size_t count) const {
  return check_attachment_count(policy_, count);
}

}  // namespace hotline
