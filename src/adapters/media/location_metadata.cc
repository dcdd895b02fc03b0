#include "adapters/media/location_metadata.h"

#include <cstdint>
#include <cstring>
#include <optional>

namespace hotline::media {
namespace {

constexpr std::uint16_t kGpsIfdTag = 0x8825;
constexpr std::uint16_t kOrientationTag = 0x0112;

// A TIFF structure (the body of an Exif block) with its byte order.
class Tiff {
 public:
  explicit Tiff(std::string& bytes) : b_(bytes) {}

  bool valid() const {
    return b_.size() >= 8 &&
           (b_.compare(0, 4, "II*\0", 4) == 0 || b_.compare(0, 4, "MM\0*", 4) == 0);
  }
  bool little() const { return b_[0] == 'I'; }
  std::optional<std::uint32_t> u16(std::size_t at) const {
    if (at + 2 > b_.size()) return std::nullopt;
    const auto* p = reinterpret_cast<const unsigned char*>(b_.data() + at);
    return little() ? p[0] | (p[1] << 8) : (p[0] << 8) | p[1];
  }
  std::optional<std::uint32_t> u32(std::size_t at) const {
    if (at + 4 > b_.size()) return std::nullopt;
    const auto* p = reinterpret_cast<const unsigned char*>(b_.data() + at);
    return little() ? std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) |
                          (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24)
                    : (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) |
                          (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
  }
  void put_u16(std::size_t at, std::uint32_t v) {
    b_[at] = static_cast<char>(little() ? v & 0xFF : (v >> 8) & 0xFF);
    b_[at + 1] = static_cast<char>(little() ? (v >> 8) & 0xFF : v & 0xFF);
  }
  bool zero(std::size_t at, std::size_t n) {
    if (at > b_.size() || n > b_.size() - at) return false;
    std::memset(b_.data() + at, 0, n);
    return true;
  }
  std::string& bytes() { return b_; }

 private:
  std::string& b_;
};

std::size_t type_size(std::uint32_t type) {
  switch (type) {
    case 1:
    case 2:
    case 6:
    case 7:
      return 1;  // BYTE ASCII SBYTE UNDEFINED
    case 3:
    case 8:
      return 2;  // SHORT SSHORT
    case 4:
    case 9:
    case 11:
      return 4;  // LONG SLONG FLOAT
    case 5:
    case 10:
    case 12:
      return 8;  // RATIONAL SRATIONAL DOUBLE
    default:
      return 0;
  }
}

// Removes the GPS IFD from a TIFF structure; false when it is malformed.
bool remove_gps(Tiff& t) {
  if (!t.valid()) return false;
  const auto ifd0 = t.u32(4);
  if (!ifd0) return false;
  const auto count = t.u16(*ifd0);
  if (!count || *ifd0 + 2 + std::size_t(*count) * 12 + 4 > t.bytes().size()) return false;
  for (std::uint32_t i = 0; i < *count; ++i) {
    const std::size_t entry = *ifd0 + 2 + std::size_t(i) * 12;
    if (*t.u16(entry) != kGpsIfdTag) continue;
    const auto gps = t.u32(entry + 8);
    if (!gps) return false;
    // Zero the GPS IFD's values stored outside it, then the IFD itself.
    const auto n = t.u16(*gps);
    if (!n) return false;
    for (std::uint32_t k = 0; k < *n; ++k) {
      const std::size_t e = *gps + 2 + std::size_t(k) * 12;
      const auto type = t.u16(e + 2);
      const auto items = t.u32(e + 4);
      const auto value = t.u32(e + 8);
      if (!type || !items || !value) return false;
      const std::size_t size = type_size(*type) * *items;
      if (size > 4 && !t.zero(*value, size)) return false;
    }
    if (!t.zero(*gps, 2 + std::size_t(*n) * 12 + 4)) return false;
    // Drop the entry from IFD0: later entries and the next-IFD offset move up.
    char* base = t.bytes().data();
    const std::size_t tail = std::size_t(*count - 1 - i) * 12 + 4;
    std::memmove(base + entry, base + entry + 12, tail);
    std::memset(base + entry + tail, 0, 12);
    t.put_u16(*ifd0, *count - 1);
    return true;
  }
  return true;  // no GPS IFD
}

int orientation_of(Tiff& t) {
  if (!t.valid()) return 1;
  const auto ifd0 = t.u32(4);
  const auto count = ifd0 ? t.u16(*ifd0) : std::nullopt;
  if (!count) return 1;
  for (std::uint32_t i = 0; i < *count; ++i) {
    const std::size_t entry = *ifd0 + 2 + std::size_t(i) * 12;
    const auto tag = t.u16(entry);
    if (!tag) return 1;
    if (*tag == kOrientationTag) {
      const auto v = t.u16(entry + 8);
      return v && *v >= 1 && *v <= 8 ? static_cast<int>(*v) : 1;
    }
  }
  return 1;
}

constexpr std::string_view kExif("Exif\0\0", 6);
constexpr std::string_view kXmp("http://ns.adobe.com/xap/1.0/\0", 29);
constexpr std::string_view kXmpExtension("http://ns.adobe.com/xmp/extension/\0", 35);

// Calls f(marker, segment_start, segment_length_including_marker) for each
// marker segment before the scan; returns the offset where the scan starts
// (the SOS segment), or npos when the file is malformed.
template <typename F>
std::size_t each_jpeg_segment(std::string_view b, F&& f) {
  std::size_t at = 2;
  while (at + 4 <= b.size()) {
    if (static_cast<unsigned char>(b[at]) != 0xFF) return std::string_view::npos;
    const auto marker = static_cast<unsigned char>(b[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xDA) return at;  // start of scan: the rest is image data
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      at += 2;
      continue;
    }
    const std::size_t length =
        (static_cast<unsigned char>(b[at + 2]) << 8) | static_cast<unsigned char>(b[at + 3]);
    if (length < 2 || at + 2 + length > b.size()) return std::string_view::npos;
    f(marker, at, 2 + length);
    at += 2 + length;
  }
  return std::string_view::npos;
}

std::optional<std::string> strip_jpeg(std::string_view b) {
  std::string out(b.substr(0, 2));
  bool ok = true;
  const std::size_t scan =
      each_jpeg_segment(b, [&](unsigned char marker, std::size_t at, std::size_t length) {
        std::string segment(b.substr(at, length));
        const std::string_view payload = std::string_view(segment).substr(4);
        if (marker == 0xE1 && (payload.starts_with(kXmp) || payload.starts_with(kXmpExtension))) {
          return;  // XMP may hold the place too
        }
        if (marker == 0xE1 && payload.starts_with(kExif)) {
          std::string tiff(payload.substr(kExif.size()));
          Tiff t(tiff);
          if (!remove_gps(t)) return;  // malformed: drop the whole Exif block
          segment.replace(4 + kExif.size(), std::string::npos, tiff);
        }
        out += segment;
      });
  if (scan == std::string_view::npos) ok = false;
  if (!ok) return std::nullopt;  // not a JPEG we can walk: never stored as it is
  out.append(b.substr(scan));
  return out;
}

std::uint32_t be32(std::string_view b, std::size_t at) {
  return (std::uint32_t(static_cast<unsigned char>(b[at])) << 24) |
         (std::uint32_t(static_cast<unsigned char>(b[at + 1])) << 16) |
         (std::uint32_t(static_cast<unsigned char>(b[at + 2])) << 8) |
         std::uint32_t(static_cast<unsigned char>(b[at + 3]));
}

std::uint32_t le32(std::string_view b, std::size_t at) {
  return std::uint32_t(static_cast<unsigned char>(b[at])) |
         (std::uint32_t(static_cast<unsigned char>(b[at + 1])) << 8) |
         (std::uint32_t(static_cast<unsigned char>(b[at + 2])) << 16) |
         (std::uint32_t(static_cast<unsigned char>(b[at + 3])) << 24);
}

void put_le32(std::string& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::optional<std::string> strip_png(std::string_view b) {
  std::string out(b.substr(0, 8));
  std::size_t at = 8;
  while (at + 12 <= b.size()) {
    const std::size_t length = be32(b, at);
    if (length > b.size() - at - 12) return std::nullopt;  // truncated
    const std::string_view type = b.substr(at + 4, 4);
    const bool metadata = type == "eXIf" || type == "tEXt" || type == "zTXt" || type == "iTXt";
    if (!metadata) out.append(b.substr(at, 12 + length));
    at += 12 + length;
    if (type == "IEND") return out;  // whatever follows the image is dropped
  }
  return std::nullopt;
}

std::optional<std::string> strip_webp(std::string_view b) {
  if (b.size() < 12) return std::nullopt;
  std::string out(b.substr(0, 12));
  std::size_t at = 12;
  std::size_t vp8x = std::string::npos;
  while (at + 8 <= b.size()) {
    const std::size_t length = le32(b, at + 4);
    const std::size_t padded = length + (length & 1);
    if (padded > b.size() - at - 8) return std::nullopt;
    const std::string_view type = b.substr(at, 4);
    if (type != "EXIF" && type != "XMP ") {
      if (type == "VP8X") vp8x = out.size();
      out.append(b.substr(at, 8 + padded));
    }
    at += 8 + padded;
  }
  if (vp8x != std::string::npos && vp8x + 8 < out.size()) {
    out[vp8x + 8] = static_cast<char>(out[vp8x + 8] & ~0x0C);  // EXIF and XMP flags
  }
  put_le32(out, 4, static_cast<std::uint32_t>(out.size() - 8));
  return out;
}

// ISO base media: renames location boxes under moov to "free" and zeroes them.
void neutralise_boxes(std::string& b, std::size_t from, std::size_t to, int depth) {
  if (depth > 8) return;
  std::size_t at = from;
  while (at + 8 <= to) {
    std::uint64_t size = be32(b, at);
    std::size_t header = 8;
    if (size == 1) {
      if (at + 16 > to) return;
      size = (std::uint64_t(be32(b, at + 8)) << 32) | be32(b, at + 12);
      header = 16;
    } else if (size == 0) {
      size = to - at;
    }
    if (size < header || size > to - at) return;
    const std::string_view type = std::string_view(b).substr(at + 4, 4);
    if (type == "\xA9xyz" || type == "loci") {
      b.replace(at + 4, 4, "free");
      std::memset(b.data() + at + header, 0, size - header);
    } else if (type == "moov" || type == "trak" || type == "udta" || type == "mdia" ||
               type == "minf") {
      neutralise_boxes(b, at + header, at + size, depth + 1);
    } else if (type == "meta") {
      // ISO meta is a full box (4 bytes of version and flags); QuickTime's is not.
      const bool full = at + header + 4 <= to && be32(b, at + header) == 0;
      neutralise_boxes(b, at + header + (full ? 4 : 0), at + size, depth + 1);
    }
    at += size;
  }
}

}  // namespace

std::optional<std::string> strip_location(std::string_view bytes, std::string_view media_type) {
  if (media_type == "image/jpeg") return strip_jpeg(bytes);
  if (media_type == "image/png") return strip_png(bytes);
  if (media_type == "image/webp") return strip_webp(bytes);
  if (media_type == "video/mp4" || media_type == "video/quicktime") {
    std::string out(bytes);
    neutralise_boxes(out, 0, out.size(), 0);
    return out;
  }
  return std::string(bytes);
}

int jpeg_orientation(std::string_view bytes) {
  int orientation = 1;
  each_jpeg_segment(bytes, [&](unsigned char marker, std::size_t at, std::size_t length) {
    const std::string_view payload = bytes.substr(at + 4, length - 4);
    if (marker == 0xE1 && payload.starts_with(kExif)) {
      std::string tiff(payload.substr(kExif.size()));
      Tiff t(tiff);
      orientation = orientation_of(t);
    }
  });
  return orientation;
}

}  // namespace hotline::media
