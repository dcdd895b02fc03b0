// INT-3 [C9]: attachments by content, their place removed unless shared,
// thumbnails, and the sealed vault they are kept in.

#include <gtest/gtest.h>
#include <png.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/media/location_metadata.h"
#include "adapters/media/thumbnail.h"
#include "adapters/sodium/sealed_file_vault.h"
#include "adapters/toml/intake_file.h"
#include "core/attachments/attachment_policy.h"
#include "core/attachments/vault_attachment_resolver.h"

namespace hotline {
namespace {

// A real PNG of w×h pixels, a colour gradient.
std::string make_png(int w, int h) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(w);
  image.height = static_cast<png_uint_32>(h);
  image.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> pixels(std::size_t(w) * h * 3);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<unsigned char>(i * 7);
  png_alloc_size_t size = 0;
  EXPECT_TRUE(png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr));
  std::string out(size, '\0');
  EXPECT_TRUE(png_image_write_to_memory(&image, out.data(), &size, 0, pixels.data(), 0, nullptr));
  out.resize(size);
  return out;
}

// The width and height in a JPEG's SOF0 segment.
std::pair<int, int> jpeg_size(std::string_view j) {
  for (std::size_t at = 2; at + 9 < j.size();) {
    const auto marker = static_cast<unsigned char>(j[at + 1]);
    const std::size_t length =
        (static_cast<unsigned char>(j[at + 2]) << 8) | static_cast<unsigned char>(j[at + 3]);
    if (marker == 0xC0) {
      const int h =
          (static_cast<unsigned char>(j[at + 5]) << 8) | static_cast<unsigned char>(j[at + 6]);
      const int w =
          (static_cast<unsigned char>(j[at + 7]) << 8) | static_cast<unsigned char>(j[at + 8]);
      return {w, h};
    }
    at += 2 + length;
  }
  return {0, 0};
}

void le16(std::string& s, unsigned v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
void le32(std::string& s, unsigned v) {
  le16(s, v & 0xFFFF);
  le16(s, v >> 16);
}

// An Exif APP1 segment: IFD0 with Orientation 6 and a GPS IFD holding
// latitude N 39°7'30" (the rationals 3907/100 … are easy to find).
std::string exif_segment_with_gps() {
  std::string tiff = "II*";
  tiff += '\0';
  le32(tiff, 8);  // IFD0 at 8
  le16(tiff, 2);  // two entries
  le16(tiff, 0x0112), le16(tiff, 3), le32(tiff, 1), le16(tiff, 6), le16(tiff, 0);
  le16(tiff, 0x8825), le16(tiff, 4), le32(tiff, 1), le32(tiff, 38);  // GPS IFD at 38
  le32(tiff, 0);                                                     // no IFD1
  // GPS IFD at 8 + 2 + 24 + 4 = 38
  le16(tiff, 2);
  le16(tiff, 0x0001), le16(tiff, 2), le32(tiff, 2), tiff += std::string("N\0\0\0", 4);
  le16(tiff, 0x0002), le16(tiff, 5), le32(tiff, 3), le32(tiff, 38 + 2 + 24 + 4);
  le32(tiff, 0);
  for (unsigned v : {3907u, 100u, 7u, 1u, 30u, 1u}) le32(tiff, v);
  std::string payload = std::string("Exif\0\0", 6) + tiff;
  std::string seg = "\xFF\xE1";
  const std::size_t length = payload.size() + 2;
  seg += static_cast<char>(length >> 8);
  seg += static_cast<char>(length & 0xFF);
  return seg + payload;
}

std::string jpeg_with_gps(int w, int h) {
  auto plain = media::make_thumbnail(make_png(w, h), "image/png", 4096);
  EXPECT_TRUE(plain);
  return plain->substr(0, 2) + exif_segment_with_gps() + plain->substr(2);
}

std::string latitude_bytes() {
  std::string s;
  le32(s, 3907);
  le32(s, 100);
  return s;
}

TEST(AttachmentMedia, INT_3_KindIsDecidedByContentNotName) {
  EXPECT_EQ(sniff_media(make_png(2, 2))->media_type, "image/png");
  EXPECT_EQ(sniff_media(jpeg_with_gps(8, 8))->media_type, "image/jpeg");
  EXPECT_EQ(sniff_media("#!AMR\n\x3c\x00")->kind, MediaKind::kVoice);
  EXPECT_EQ(sniff_media(std::string("\0\0\0\x18"
                                    "ftypmp42",
                                    12))
                ->media_type,
            "video/mp4");
  EXPECT_FALSE(sniff_media("<html><script>alert(1)</script>"));
  EXPECT_FALSE(sniff_media("%PDF-1.7"));
  EXPECT_FALSE(sniff_media(""));
}

TEST(AttachmentMedia, INT_3_JpegLosesItsGpsButKeepsOrientation) {
  const std::string original = jpeg_with_gps(40, 20);
  ASSERT_NE(original.find(latitude_bytes()), std::string::npos);
  ASSERT_EQ(media::jpeg_orientation(original), 6);
  auto stripped = media::strip_location(original, "image/jpeg");
  ASSERT_TRUE(stripped);
  EXPECT_EQ(stripped->find(latitude_bytes()), std::string::npos);
  EXPECT_EQ(stripped->find(std::string("\x25\x88", 2)), std::string::npos);  // GPS IFD tag
  EXPECT_EQ(media::jpeg_orientation(*stripped), 6);
  EXPECT_EQ(stripped->size(), original.size());  // zeroed in place, image untouched
  // Still a picture: the thumbnail decodes it, turned upright (6: 90° right).
  auto thumb = media::make_thumbnail(*stripped, "image/jpeg", 10);
  ASSERT_TRUE(thumb);
  EXPECT_EQ(jpeg_size(*thumb), (std::pair<int, int>{5, 10}));
}

TEST(AttachmentMedia, INT_3_XmpIsDroppedAndBrokenJpegIsRefused) {
  std::string jpeg = jpeg_with_gps(8, 8);
  const std::string xmp = std::string("http://ns.adobe.com/xap/1.0/\0", 29) +
                          "<x:xmpmeta><exif:GPSLatitude>39,7.5N</exif:GPSLatitude></x:xmpmeta>";
  std::string seg = "\xFF\xE1";
  seg += static_cast<char>((xmp.size() + 2) >> 8);
  seg += static_cast<char>((xmp.size() + 2) & 0xFF);
  jpeg.insert(2, seg + xmp);
  auto stripped = media::strip_location(jpeg, "image/jpeg");
  ASSERT_TRUE(stripped);
  EXPECT_EQ(stripped->find("GPSLatitude"), std::string::npos);
  // A segment length running past the end: refused, never stored as it came.
  std::string broken = jpeg.substr(0, 40);
  EXPECT_FALSE(media::strip_location(broken, "image/jpeg"));
}

TEST(AttachmentMedia, INT_3_PngTextAndExifChunksAreDropped) {
  std::string png = make_png(4, 4);
  const std::size_t iend = png.size() - 12;
  const std::string text = "Location\0Heping Road 5, 39.12N 117.2E";
  std::string chunk;
  for (int i = 3; i >= 0; --i) chunk += static_cast<char>((text.size() >> (8 * i)) & 0xFF);
  chunk += "tEXt" + text + "CRC!";
  png.insert(iend, chunk);
  auto stripped = media::strip_location(png, "image/png");
  ASSERT_TRUE(stripped);
  EXPECT_EQ(stripped->find("Heping Road"), std::string::npos);
  EXPECT_TRUE(media::make_thumbnail(*stripped, "image/png", 8));
}

TEST(AttachmentMedia, INT_3_VideoLocationBoxIsNeutralised) {
  auto box = [](std::string type, const std::string& body) {
    std::string b;
    const std::size_t size = body.size() + 8;
    for (int i = 3; i >= 0; --i) b += static_cast<char>((size >> (8 * i)) & 0xFF);
    return b + type + body;
  };
  const std::string place = "+39.1234+117.2000/";
  const std::string mp4 =
      box("ftyp", "mp42\0\0\0\0mp42") +
      box("moov", box("udta", box("\xA9xyz", std::string("\0\x12\x15\xC7", 4) + place)));
  auto stripped = media::strip_location(mp4, "video/mp4");
  ASSERT_TRUE(stripped);
  EXPECT_EQ(stripped->size(), mp4.size());
  EXPECT_EQ(stripped->find(place), std::string::npos);
  EXPECT_NE(stripped->find("free"), std::string::npos);
}

class VaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("vault-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  static DataKey key(unsigned char fill) {
    std::array<unsigned char, 32> b{};
    b.fill(fill);
    return DataKey(b);
  }
  std::filesystem::path dir_;
};

TEST_F(VaultTest, INT_3_SEC_1_ContentIsSealedAtRestAndNamedByKeyedDigest) {
  auto vault = SealedFileVault::open(dir_, key(7));
  ASSERT_TRUE(vault);
  const std::string photo = make_png(16, 16);
  auto id = (*vault)->put(photo, std::string("thumbnail bytes"));
  ASSERT_TRUE(id) << id.error().describe();
  EXPECT_TRUE(AttachmentVault::valid_id(*id));
  EXPECT_EQ(*(*vault)->put(photo, std::nullopt), *id);  // same content, same id
  EXPECT_EQ(*(*vault)->get(*id, false), photo);
  EXPECT_EQ(*(*vault)->get(*id, true), "thumbnail bytes");
  // Nothing of the picture is on disk in clear.
  for (const auto& f : std::filesystem::directory_iterator(dir_)) {
    std::ifstream in(f.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    EXPECT_EQ(bytes.str().find("IHDR"), std::string::npos) << f.path();
    EXPECT_EQ(bytes.str().find(photo.substr(16, 32)), std::string::npos);
  }
  // Another key neither opens it nor names the same content alike.
  auto other = SealedFileVault::open(dir_, key(8));
  ASSERT_TRUE(other);
  EXPECT_EQ((*other)->get(*id, false).error().code, ErrorCode::kNotFound);
  // An altered file is "not there", never half-read.
  {
    std::fstream f(dir_ / (*id + ".bin"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    f.put('\x01');
  }
  EXPECT_EQ((*vault)->get(*id, false).error().code, ErrorCode::kNotFound);
  EXPECT_FALSE((*vault)->get("../../etc/passwd", false));
}

// Makes a vault file look written `hours` ago.
void age(const std::filesystem::path& file, int hours) {
  std::filesystem::last_write_time(
      file, std::filesystem::file_time_type::clock::now() - std::chrono::hours(hours));
}

TEST_F(VaultTest, INT_3_UploadsNeverAttachedAreSweptClaimedOnesKept) {
  auto vault = SealedFileVault::open(dir_, key(7));
  ASSERT_TRUE(vault);
  auto kept = (*vault)->put(make_png(16, 16), std::string("thumb"));
  auto abandoned = (*vault)->put(make_png(17, 16), std::string("thumb"));
  auto fresh = (*vault)->put(make_png(18, 16), std::nullopt);
  ASSERT_TRUE(kept && abandoned && fresh);
  ASSERT_TRUE((*vault)->claim(*kept));
  EXPECT_EQ((*vault)->claim(std::string(64, 'a')).error().code, ErrorCode::kNotFound);
  for (const auto& id : {*kept, *abandoned}) {
    age(dir_ / (id + ".bin"), 30);
    age(dir_ / (id + ".thumb"), 30);
  }
  const Instant day_ago = std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now()) -
                          std::chrono::hours(24);
  auto removed = (*vault)->sweep_unclaimed(day_ago);
  ASSERT_TRUE(removed) << removed.error().describe();
  EXPECT_EQ(*removed, 1);
  EXPECT_TRUE((*vault)->contains(*kept));
  EXPECT_FALSE((*vault)->contains(*abandoned));
  EXPECT_FALSE(std::filesystem::exists(dir_ / (*abandoned + ".thumb")));
  EXPECT_TRUE((*vault)->contains(*fresh));  // uploaded within the day
  // Uploading the same content again restarts its day.
  age(dir_ / (*fresh + ".bin"), 30);
  ASSERT_TRUE((*vault)->put(make_png(18, 16), std::nullopt));
  EXPECT_EQ(*(*vault)->sweep_unclaimed(day_ago), 0);
  EXPECT_TRUE((*vault)->contains(*fresh));
}

TEST_F(VaultTest, INT_3_AFolderFromBeforeClaimsKeepsEverythingItHeld) {
  std::string id;
  {
    auto vault = SealedFileVault::open(dir_, key(7));
    ASSERT_TRUE(vault);
    id = *(*vault)->put(make_png(16, 16), std::nullopt);
  }
  // As a folder written before claims existed: no claim, no marker.
  std::filesystem::remove(dir_ / (id + ".claimed"));
  std::filesystem::remove(dir_ / "claims-v1");
  age(dir_ / (id + ".bin"), 100);
  auto vault = SealedFileVault::open(dir_, key(7));
  ASSERT_TRUE(vault);
  EXPECT_EQ(*(*vault)->sweep_unclaimed(
                std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now())),
            0);
  EXPECT_TRUE((*vault)->contains(id));
}

TEST_F(VaultTest, INT_3_AReplysFileIsResolvedFromItsContentAndLabelled) {
  auto vault = SealedFileVault::open(dir_, key(7));
  ASSERT_TRUE(vault);
  auto settings = load_intake_file(std::filesystem::path(HOTLINE_DATA_DIR) / "intake.toml");
  ASSERT_TRUE(settings);
  VaultAttachmentResolver resolver(**vault, settings->attachments);
  const std::string id = *(*vault)->put(make_png(16, 16), std::nullopt);
  auto a = resolver.resolve("/api/v1/attachments/" + id, 1, "attachments[1].uri");
  ASSERT_TRUE(a) << a.error().describe();
  EXPECT_EQ(a->media_type, "image/png");
  EXPECT_EQ(a->name, "照片2");
  auto forged = resolver.resolve("https://elsewhere.example/x.png", 0, "attachments[0].uri");
  ASSERT_FALSE(forged);
  EXPECT_EQ(forged.error().field, "attachments[0].uri");
  EXPECT_FALSE(resolver.resolve("/api/v1/attachments/" + std::string(64, 'b'), 0, "f"));
  EXPECT_FALSE(
      resolver.check_count(static_cast<std::size_t>(settings->attachments.max_per_request) + 1));
}

TEST(IntakeFile, INT_3_LimitsAreDataWithTheirArticle) {
  auto settings = load_intake_file(std::filesystem::path(HOTLINE_DATA_DIR) / "intake.toml");
  ASSERT_TRUE(settings) << settings.error().describe();
  const AttachmentPolicy& p = settings->attachments;
  const AttachmentKindRule* photo = p.rule_for(MediaKind::kPhoto);
  ASSERT_NE(photo, nullptr);
  EXPECT_EQ(photo->article, "C9");
  const SniffedMedia png{MediaKind::kPhoto, "image/png"};
  EXPECT_TRUE(check_attachment(p, png, 1000));
  auto big = check_attachment(p, png, photo->max_bytes + 1);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kRefused);
  EXPECT_EQ(big.error().article, "C9");
  EXPECT_EQ(
      check_attachment_count(p, static_cast<std::size_t>(p.max_per_request) + 1).error().field,
      "attachments");
  EXPECT_EQ(settings->applicant_lookup.article, "M27");
  EXPECT_EQ(settings->applicant_lookup.window, Seconds{600});

  auto misspelt = parse_intake_settings(
      "[attachments]\nmax_per_request = { value = 6, article = \"C9\" }\n"
      "unattached_kept_hours = { value = 24, article = \"C9\" }\nlocation_article = "
      "\"C9\"\nthumbnial_edge = 3\n",
      "intake.toml");
  ASSERT_FALSE(misspelt);
  EXPECT_NE(misspelt.error().message.find("thumbnial_edge"), std::string::npos);
  auto unknown_type = parse_intake_settings(
      "[attachments]\nmax_per_request = { value = 6, article = \"C9\" }\n"
      "unattached_kept_hours = { value = 24, article = \"C9\" }\nlocation_article = "
      "\"C9\"\n[[attachments.kind]]\nkind = \"photo\"\nmedia_types = [\"image/svg+xml\"]\n"
      "max_bytes = 10\narticle = \"C9\"\n[applicant_lookup]\nmax_per_address = 1\nwindow = "
      "\"1 minutes\"\narticle = \"M27\"\n",
      "intake.toml");
  ASSERT_FALSE(unknown_type);
  EXPECT_EQ(unknown_type.error().field, "intake.toml:7");
  // INT-3 [C9]: how long an upload never attached is kept is a cited limit too.
  EXPECT_EQ(p.unattached_kept_hours, 24);
  EXPECT_EQ(p.unattached_kept_article, "C9");
  auto no_keep = parse_intake_settings(
      "[attachments]\nmax_per_request = { value = 6, article = \"C9\" }\nlocation_article = "
      "\"C9\"\n",
      "intake.toml");
  ASSERT_FALSE(no_keep);
  EXPECT_NE(no_keep.error().message.find("unattached_kept_hours"), std::string::npos)
      << no_keep.error().describe();
}

}  // namespace
}  // namespace hotline
