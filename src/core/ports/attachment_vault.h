#pragma once
// Attachments' content (INT-3), kept outside the event log: the log holds a
// reference ("/api/v1/attachments/<id>"), the vault the bytes. Content is
// personal data (a face, a voice, a doorway): the adapter encrypts it at rest
// (adapters/sodium/sealed_file_vault) and names it by a keyed digest, so
// equal content is stored once and nobody without the key can tell from a
// name whether a given picture is there.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace hotline {

class AttachmentVault {
 public:
  virtual ~AttachmentVault() = default;

  // Stores `content` (and its thumbnail, if any); answers its id: 64 lower-case
  // hex digits. Storing the same content again answers the same id.
  virtual Result<std::string> put(std::string_view content,
                                  const std::optional<std::string>& thumbnail) = 0;
  // The content, or its thumbnail; kNotFound when there is none (an id never
  // stored, or a file altered or sealed with another key: never half-read).
  virtual Result<std::string> get(std::string_view id, bool thumbnail) const = 0;
  virtual bool contains(std::string_view id) const = 0;

  // Marks `id` as referred to by a request or a reply, durably, before the
  // event that refers to it is committed; kNotFound when there is no such file.
  virtual Status claim(std::string_view id) = 0;
  // Removes the files uploaded before `uploaded_before` that nothing claimed
  // (an applicant who uploaded and never submitted); answers how many.
  virtual Result<int> sweep_unclaimed(Instant uploaded_before) = 0;

  static bool valid_id(std::string_view id) {
    if (id.size() != 64) return false;
    for (char c : id) {
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
  }
};

}  // namespace hotline
