#include "adapters/media/thumbnail.h"

// clang-format off
#include <cstdio>  // jpeglib.h needs FILE and size_t first
#include <jpeglib.h>
// clang-format on
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <vector>

#include "adapters/media/location_metadata.h"

namespace hotline::media {
namespace {

constexpr std::size_t kMaxPngPixels = 40'000'000;

struct Pixels {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgb;  // width * height * 3
};

// libjpeg reports errors through a callback that must not return.
struct JpegError {
  jpeg_error_mgr mgr;
  std::jmp_buf jump;
};

void on_jpeg_error(j_common_ptr info) {
  std::longjmp(reinterpret_cast<JpegError*>(info->err)->jump, 1);
}

std::optional<Pixels> decode_jpeg(std::string_view bytes, int edge) {
  jpeg_decompress_struct info{};
  JpegError error{};
  info.err = jpeg_std_error(&error.mgr);
  error.mgr.error_exit = on_jpeg_error;
  error.mgr.output_message = [](j_common_ptr) {};
  Pixels out;
  if (setjmp(error.jump)) {
    jpeg_destroy_decompress(&info);
    return std::nullopt;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  if (jpeg_read_header(&info, TRUE) != JPEG_HEADER_OK) {
    jpeg_destroy_decompress(&info);
    return std::nullopt;
  }
  info.out_color_space = JCS_RGB;
  // Decode at the largest 1/2, 1/4 or 1/8 that still covers the thumbnail.
  const unsigned longer = std::max(info.image_width, info.image_height);
  unsigned denom = 1;
  while (denom < 8 && longer / (denom * 2) >= static_cast<unsigned>(edge)) denom *= 2;
  info.scale_num = 1;
  info.scale_denom = denom;
  jpeg_start_decompress(&info);
  out.width = static_cast<int>(info.output_width);
  out.height = static_cast<int>(info.output_height);
  out.rgb.resize(std::size_t(out.width) * out.height * 3);
  while (info.output_scanline < info.output_height) {
    unsigned char* row = out.rgb.data() + std::size_t(info.output_scanline) * out.width * 3;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return out;
}

std::optional<Pixels> decode_png(std::string_view bytes) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size())) return std::nullopt;
  if (std::size_t(image.width) * image.height > kMaxPngPixels) {
    png_image_free(&image);
    return std::nullopt;
  }
  image.format = PNG_FORMAT_RGB;
  Pixels out;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  out.rgb.resize(PNG_IMAGE_SIZE(image));
  png_color white{255, 255, 255};  // transparent parts on white
  if (!png_image_finish_read(&image, &white, out.rgb.data(), 0, nullptr)) {
    png_image_free(&image);
    return std::nullopt;
  }
  return out;
}

// Box-filtered downscale so the longer edge is at most `edge`.
Pixels shrink(const Pixels& in, int edge) {
  const int longer = std::max(in.width, in.height);
  if (longer <= edge) return in;
  const double f = static_cast<double>(edge) / longer;
  Pixels out;
  out.width = std::max(1, static_cast<int>(in.width * f));
  out.height = std::max(1, static_cast<int>(in.height * f));
  out.rgb.resize(std::size_t(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y) {
    const int y0 = y * in.height / out.height;
    const int y1 = std::max(y0 + 1, (y + 1) * in.height / out.height);
    for (int x = 0; x < out.width; ++x) {
      const int x0 = x * in.width / out.width;
      const int x1 = std::max(x0 + 1, (x + 1) * in.width / out.width);
      unsigned sum[3] = {0, 0, 0};
      for (int yy = y0; yy < y1; ++yy) {
        const unsigned char* p = in.rgb.data() + (std::size_t(yy) * in.width + x0) * 3;
        for (int xx = x0; xx < x1; ++xx, p += 3) {
          sum[0] += p[0];
          sum[1] += p[1];
          sum[2] += p[2];
        }
      }
      const unsigned n = unsigned(y1 - y0) * unsigned(x1 - x0);
      unsigned char* q = out.rgb.data() + (std::size_t(y) * out.width + x) * 3;
      for (int c = 0; c < 3; ++c) q[c] = static_cast<unsigned char>(sum[c] / n);
    }
  }
  return out;
}

// Exif orientations 3 (upside down), 6 (turned right) and 8 (turned left);
// the mirrored ones are rare from phones and shown as they are stored.
Pixels upright(const Pixels& in, int orientation) {
  if (orientation != 3 && orientation != 6 && orientation != 8) return in;
  Pixels out;
  const bool turn = orientation != 3;
  out.width = turn ? in.height : in.width;
  out.height = turn ? in.width : in.height;
  out.rgb.resize(in.rgb.size());
  for (int y = 0; y < in.height; ++y) {
    for (int x = 0; x < in.width; ++x) {
      int nx = 0, ny = 0;
      if (orientation == 3) {
        nx = in.width - 1 - x;
        ny = in.height - 1 - y;
      } else if (orientation == 6) {
        nx = in.height - 1 - y;
        ny = x;
      } else {
        nx = y;
        ny = in.width - 1 - x;
      }
      const unsigned char* p = in.rgb.data() + (std::size_t(y) * in.width + x) * 3;
      unsigned char* q = out.rgb.data() + (std::size_t(ny) * out.width + nx) * 3;
      q[0] = p[0];
      q[1] = p[1];
      q[2] = p[2];
    }
  }
  return out;
}

std::optional<std::string> encode_jpeg(const Pixels& p) {
  jpeg_compress_struct info{};
  JpegError error{};
  info.err = jpeg_std_error(&error.mgr);
  error.mgr.error_exit = on_jpeg_error;
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  if (setjmp(error.jump)) {
    jpeg_destroy_compress(&info);
    std::free(buffer);
    return std::nullopt;
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(p.width);
  info.image_height = static_cast<JDIMENSION>(p.height);
  info.input_components = 3;
  info.in_color_space = JCS_RGB;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, 80, TRUE);
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    auto* row =
        const_cast<unsigned char*>(p.rgb.data() + std::size_t(info.next_scanline) * p.width * 3);
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  std::string out(reinterpret_cast<const char*>(buffer), size);
  jpeg_destroy_compress(&info);
  std::free(buffer);
  return out;
}

}  // namespace

std::optional<std::string> make_thumbnail(std::string_view bytes, std::string_view media_type,
                                          int edge) {
  std::optional<Pixels> pixels;
  int orientation = 1;
  if (media_type == "image/jpeg") {
    pixels = decode_jpeg(bytes, edge);
    orientation = jpeg_orientation(bytes);
  } else if (media_type == "image/png") {
    pixels = decode_png(bytes);
  }
  if (!pixels || pixels->width <= 0 || pixels->height <= 0) return std::nullopt;
  return encode_jpeg(upright(shrink(*pixels, edge), orientation));
}

}  // namespace hotline::media
