#pragma once
// Thumbnails for the web (INT-3): a JPEG or PNG photo scaled so its longer
// edge is at most `edge` pixels, upright (the Exif orientation applied),
// encoded as JPEG with no metadata. libjpeg (DCT scaling, so a 50-megapixel
// photo is decoded at an eighth of its size) and libpng's simplified API.
// WebP, voice and video have none; nor has a PNG over 40 megapixels (its
// decoded pixels would take too much memory for a preview).

#include <optional>
#include <string>
#include <string_view>

namespace hotline::media {

std::optional<std::string> make_thumbnail(std::string_view bytes, std::string_view media_type,
                                          int edge);

}  // namespace hotline::media
