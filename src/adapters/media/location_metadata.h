#pragma once
// INT-3 [C9]: where a photo or video was taken is personal information. Unless
// the applicant chose to share the place, it is removed before the file is
// stored:
//   JPEG  the GPS IFD of the Exif block (its entry in IFD0 removed, its
//         bytes zeroed; orientation and the rest kept) and any XMP packet
//   PNG   eXIf and every text chunk (tEXt, zTXt, iTXt: where XMP lives)
//   WebP  the EXIF and XMP chunks (VP8X flags and RIFF size corrected)
//   MP4 / QuickTime  the ©xyz and loci boxes under moov (renamed "free",
//         zeroed: no offset moves, so the file still plays)
// Voice formats carry no place and pass unchanged. A malformed Exif block is
// dropped whole rather than kept; a photo whose structure cannot be walked
// (truncated, lengths out of bounds) gives nothing: it is refused, never
// stored as it came.

#include <optional>
#include <string>
#include <string_view>

namespace hotline::media {

std::optional<std::string> strip_location(std::string_view bytes, std::string_view media_type);

// For thumbnails: the Exif orientation (1…8) of a JPEG, 1 when absent.
int jpeg_orientation(std::string_view bytes);

}  // namespace hotline::media
