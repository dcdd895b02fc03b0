#pragma once
// INT-3 [C9]: what an uploaded file is, decided by its content (magic bytes),
// never by its name or the Content-Type a client claims. A file that is none
// of the kinds below is refused.

#include <optional>
#include <string>
#include <string_view>

namespace hotline {

// The forms C9 lets an applicant use besides text.
enum class MediaKind { kPhoto, kVoice, kVideo };

std::string_view to_string(MediaKind k);
std::string_view to_chinese(MediaKind k);  // 照片 / 语音 / 视频
std::optional<MediaKind> parse_media_kind(std::string_view s);

struct SniffedMedia {
  MediaKind kind = MediaKind::kPhoto;
  std::string media_type;  // "image/jpeg" …
};

// image/jpeg, image/png, image/webp; audio/amr, audio/mpeg, audio/wav,
// audio/ogg, audio/mp4 (M4A); video/mp4, video/quicktime. Nothing else.
std::optional<SniffedMedia> sniff_media(std::string_view bytes);

}  // namespace hotline
