#include "core/attachments/media_type.h"

#include "core/enum_table.h"

namespace hotline {
namespace {

constexpr EnumTable<MediaKind, 3> kKinds{{{MediaKind::kPhoto, "photo", "照片"},
                                          {MediaKind::kVoice, "voice", "语音"},
                                          {MediaKind::kVideo, "video", "视频"}}};

bool at(std::string_view bytes, std::size_t offset, std::string_view magic) {
  return bytes.size() >= offset + magic.size() && bytes.substr(offset, magic.size()) == magic;
}

// ISO base media files (MP4, M4A, QuickTime) start with an "ftyp" box whose
// major brand says which.
std::optional<SniffedMedia> sniff_iso_media(std::string_view bytes) {
  if (!at(bytes, 4, "ftyp") || bytes.size() < 12) return std::nullopt;
  const std::string_view brand = bytes.substr(8, 4);
  if (brand == "M4A " || brand == "M4B ") return SniffedMedia{MediaKind::kVoice, "audio/mp4"};
  if (brand == "qt  ") return SniffedMedia{MediaKind::kVideo, "video/quicktime"};
  for (std::string_view b : {"isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "dash",
                             "MSNV", "3gp4", "3gp5", "3g2a"}) {
    if (brand == b) return SniffedMedia{MediaKind::kVideo, "video/mp4"};
  }
  return std::nullopt;
}

// MPEG audio: an ID3v2 tag, or a frame sync (11 set bits) of layer III.
bool is_mp3(std::string_view bytes) {
  if (at(bytes, 0, "ID3")) return true;
  if (bytes.size() < 2) return false;
  const auto b0 = static_cast<unsigned char>(bytes[0]);
  const auto b1 = static_cast<unsigned char>(bytes[1]);
  return b0 == 0xFF && (b1 & 0xE0) == 0xE0 && (b1 & 0x06) == 0x02;
}

}  // namespace

std::string_view to_string(MediaKind k) { return enum_name(kKinds, k); }

std::string_view to_chinese(MediaKind k) { return enum_chinese(kKinds, k); }

std::optional<MediaKind> parse_media_kind(std::string_view s) { return enum_parse(kKinds, s); }

std::optional<SniffedMedia> sniff_media(std::string_view bytes) {
  if (at(bytes, 0, "\xFF\xD8\xFF")) return SniffedMedia{MediaKind::kPhoto, "image/jpeg"};
  if (at(bytes, 0, "\x89PNG\r\n\x1a\n")) return SniffedMedia{MediaKind::kPhoto, "image/png"};
  if (at(bytes, 0, "RIFF") && at(bytes, 8, "WEBP")) {
    return SniffedMedia{MediaKind::kPhoto, "image/webp"};
  }
  if (at(bytes, 0, "RIFF") && at(bytes, 8, "WAVE")) {
    return SniffedMedia{MediaKind::kVoice, "audio/wav"};
  }
  if (at(bytes, 0, "#!AMR\n")) return SniffedMedia{MediaKind::kVoice, "audio/amr"};
  if (at(bytes, 0, "OggS")) return SniffedMedia{MediaKind::kVoice, "audio/ogg"};
  if (auto iso = sniff_iso_media(bytes)) return iso;
  if (is_mp3(bytes)) return SniffedMedia{MediaKind::kVoice, "audio/mpeg"};
  return std::nullopt;
}

}  // namespace hotline
