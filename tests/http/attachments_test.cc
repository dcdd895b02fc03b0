// INT-3 [C9]: attachments through a real `hotline serve`: the kind by
// content, limits from data/intake.toml, the place removed unless shared,
// sealed at rest, every read audited, and only the applicant, the office and
// a unit that may see the work order can fetch them ("not yours" = "not
// there"). INT-5: look-ups limited per address.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/fixtures.h"
#include "http/test_server.h"

namespace hotline::testing {
namespace {

using json = nlohmann::json;

std::string base64_decode(std::string_view in) {
  static const std::string chars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int value = 0, bits = -8;
  for (char c : in) {
    const auto pos = chars.find(c);
    if (pos == std::string::npos) break;
    value = (value << 6) + static_cast<int>(pos);
    bits += 6;
    if (bits >= 0) {
      out += static_cast<char>((value >> bits) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

// A real 64×48 PNG (tiles of three colours).
std::string png() {
  return base64_decode(
      "iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAZklEQVR42u3WQQ0AIQxFQSSuHJSsiBWBCBSh4achabJD"
      "en7t"
      "3Bjz29G84bvdHwAAAAAAAAAABUC3g9I+AAAAAAAAAEAF4DcKAAAAUAKs+"
      "USTLrjdBwD4PaDbQWkfAAAAAAAAAKDQP3FsW3z1"
      "pEYsAAAAAElFTkSuQmCC");
}

void le16(std::string& s, unsigned v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
void le32(std::string& s, unsigned v) {
  le16(s, v & 0xFFFF);
  le16(s, v >> 16);
}

// The rationals of latitude 39°7'30" as stored in the GPS IFD below.
std::string latitude() {
  std::string s;
  for (unsigned v : {3907u, 100u, 7u, 1u}) le32(s, v);
  return s;
}

// A JPEG's structure with an Exif block holding a GPS IFD, then a scan.
std::string jpeg_with_gps() {
  std::string tiff = "II*";
  tiff += '\0';
  le32(tiff, 8);
  le16(tiff, 1);
  le16(tiff, 0x8825), le16(tiff, 4), le32(tiff, 1), le32(tiff, 26);
  le32(tiff, 0);
  le16(tiff, 1);  // GPS IFD at 8 + 2 + 12 + 4 = 26
  le16(tiff, 0x0002), le16(tiff, 5), le32(tiff, 3), le32(tiff, 26 + 2 + 12 + 4);
  le32(tiff, 0);
  tiff += latitude();
  le32(tiff, 30), le32(tiff, 1);
  const std::string payload = std::string("Exif\0\0", 6) + tiff;
  std::string j = "\xFF\xD8\xFF\xE1";
  j += static_cast<char>((payload.size() + 2) >> 8);
  j += static_cast<char>((payload.size() + 2) & 0xFF);
  j += payload;
  j += std::string("\xFF\xDA\x00\x02\x11\x22\xFF\xD9", 8);
  return j;
}

HttpResult upload(const TestServer& s, const std::string& body, const std::string& type,
                  const std::string& query = "") {
  return s.request("POST", "/api/v1/portal/attachments" + query, body, {{"Content-Type", type}});
}

std::string submit(const TestServer& s, const std::vector<std::string>& uris,
                   const std::string& phone) {
  json attachments = json::array();
  for (const auto& u : uris) attachments.push_back({{"uri", u}, {"name", "张三家门口.jpg"}});
  auto r = s.request("POST", "/api/v1/portal/requests",
                     json{{"subject", "人行道地砖松动"},
                          {"detail", "和平区西宁道人行道地砖松动，雨天溅水"},
                          {"phone", phone},
                          {"district", "district.heping"},
                          {"attachments", attachments}}
                         .dump());
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json().value("number", std::string());
}

std::string applicant_token(const TestServer& s, const std::string& number,
                            const std::string& phone) {
  auto r = s.request("POST", "/api/v1/applicant-session",
                     json{{"number", number}, {"phone", phone}}.dump());
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json().value("token", std::string());
}

std::string id_of(const std::string& uri) { return uri.substr(uri.rfind('/') + 1); }

HttpResult staff_upload(const TestServer& s, const std::string& token) {
  return s.request("POST", "/api/v1/attachments", png(),
                   {{"Authorization", "Bearer " + token}, {"Content-Type", "image/png"}});
}

TEST(Attachments, INT_3_KindByContentLimitsByPolicyAndPlaceRemoved) {
  TestServer s;
  // A script called photo.png, sent as image/png: refused by its content.
  auto html = upload(s, "<html><script>alert(1)</script></html>", "image/png");
  EXPECT_EQ(html.status, 400) << html.body;
  EXPECT_EQ(html.json()["error"]["field"], "body");
  // A PNG sent as image/jpeg is a PNG: what it is, not what it says.
  auto photo = upload(s, png(), "image/jpeg");
  ASSERT_EQ(photo.status, 201) << photo.body;
  EXPECT_EQ(photo.json()["media_type"], "image/png");
  EXPECT_EQ(photo.json()["kind"], "photo");
  EXPECT_TRUE(photo.json()["thumbnail"].get<bool>());
  // Over the policy's 10 MB for a photo: refused citing C9 (not a bare 413).
  std::string big = png();
  big.resize(10 * 1024 * 1024 + 1, '\0');
  auto too_big = upload(s, big, "image/png");
  EXPECT_EQ(too_big.status, 422) << too_big.body.substr(0, 300);
  EXPECT_EQ(too_big.json()["error"]["article"], "C9");
  // Every other route keeps the 1 MB body limit (the server may close the
  // connection before the client has sent it all: then no answer is read).
  try {
    EXPECT_EQ(s.request("POST", "/api/v1/portal/requests", std::string(1100000, ' ')).status, 413);
  } catch (const std::exception&) {
  }
  EXPECT_TRUE(s.healthy());

  // The place is removed by default, kept when the applicant chose to share it.
  auto removed = upload(s, jpeg_with_gps(), "image/jpeg");
  ASSERT_EQ(removed.status, 201) << removed.body;
  EXPECT_TRUE(removed.json()["location_removed"].get<bool>());
  auto shared = upload(s, jpeg_with_gps(), "image/jpeg", "?share_location=true");
  ASSERT_EQ(shared.status, 201) << shared.body;
  EXPECT_FALSE(shared.json()["location_removed"].get<bool>());
  EXPECT_NE(removed.json()["uri"], shared.json()["uri"]);

  const std::string phone = "13600001111";
  const std::string number =
      submit(s, {photo.json()["uri"], removed.json()["uri"], shared.json()["uri"]}, phone);
  const std::string token = applicant_token(s, number, phone);
  auto get = [&](const std::string& uri, const std::string& suffix = "") {
    return s.as(token, "GET", "/api/v1/requests/" + number + "/attachments/" + id_of(uri) + suffix);
  };
  auto without = get(removed.json()["uri"]);
  ASSERT_EQ(without.status, 200) << without.body;
  EXPECT_EQ(without.header("Content-Type"), "image/jpeg");
  EXPECT_EQ(without.header("Cache-Control"), "no-store");
  EXPECT_EQ(without.body.find(latitude()), std::string::npos);
  auto with = get(shared.json()["uri"]);
  ASSERT_EQ(with.status, 200);
  EXPECT_NE(with.body.find(latitude()), std::string::npos);
  auto original = get(photo.json()["uri"]);
  EXPECT_EQ(original.body, png());
  auto thumb = get(photo.json()["uri"], "/thumbnail");
  ASSERT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.header("Content-Type"), "image/jpeg");
  EXPECT_EQ(thumb.body.substr(0, 3), "\xFF\xD8\xFF");

  // The event log holds references only, with no file name that may identify.
  auto agent_view = s.request("GET", "/api/v1/requests/" + number);
  EXPECT_EQ(agent_view.status, 401);
  // At rest: nothing of the picture in clear beside the database.
  int files = 0;
  for (const auto& f : std::filesystem::directory_iterator(s.db() + ".attachments")) {
    std::ifstream in(f.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    EXPECT_EQ(bytes.str().find("IHDR"), std::string::npos) << f.path();
    EXPECT_EQ(bytes.str().find("Exif"), std::string::npos) << f.path();
    ++files;
  }
  EXPECT_GE(files, 4);  // three contents and a thumbnail
  EXPECT_EQ(s.sql("SELECT count(*) FROM events WHERE data LIKE '%张三家门口%';"), "0");
}

TEST(Attachments, INT_3_SEC_2_OnlyThoseWhoMaySeeTheWorkOrderAndEveryReadAudited) {
  TestServer s({user("agent", "agent"), user("analyst", "analyst"),
                user("lead.staff", "unit-staff", kLeadUnit),
                user("other.staff", "unit-staff", kOtherUnit)});
  auto photo = upload(s, png(), "image/png");
  ASSERT_EQ(photo.status, 201) << photo.body;
  const std::string id = id_of(photo.json()["uri"]);
  const std::string number = submit(s, {photo.json()["uri"]}, "13600002222");
  const std::string other_number = submit(s, {}, "13600003333");
  const std::string agent = s.login("agent");
  dispatch(s, agent, number);
  const std::string path = "/api/v1/requests/" + number + "/attachments/" + id;

  EXPECT_EQ(s.request("GET", path).status, 401);
  EXPECT_EQ(s.as(agent, "GET", path).status, 200);
  EXPECT_EQ(s.as(s.login("lead.staff"), "GET", path).status, 200);
  // Not yours looks like not there: another unit, an analyst, the applicant
  // of another request, the right id under another request, an unknown id.
  auto other = s.as(s.login("other.staff"), "GET", path);
  auto missing =
      s.as(agent, "GET", "/api/v1/requests/" + number + "/attachments/" + std::string(64, 'a'));
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(other.json()["error"]["code"], missing.json()["error"]["code"]);
  EXPECT_EQ(s.as(s.login("analyst"), "GET", path).status, 404);
  const std::string stranger = applicant_token(s, other_number, "13600003333");
  EXPECT_EQ(s.as(stranger, "GET", path).status, 404);
  EXPECT_EQ(s.as(stranger, "GET", "/api/v1/requests/" + other_number + "/attachments/" + id).status,
            404);
  EXPECT_EQ(
      s.as(agent, "GET", "/api/v1/requests/" + number + "/attachments/..%2Fhotline.db").status,
      404);
  // An attachment nobody uploaded cannot be put on a request.
  auto forged =
      s.request("POST", "/api/v1/portal/requests",
                json{{"subject", "x"},
                     {"detail", "路灯不亮"},
                     {"phone", "13600004444"},
                     {"attachments", {{{"uri", "/api/v1/attachments/" + std::string(64, 'b')}}}}}
                    .dump());
  EXPECT_EQ(forged.status, 400) << forged.body;
  EXPECT_EQ(forged.json()["error"]["field"], "attachments[0].uri");

  // Two successful reads (agent, lead unit): two audit entries naming the attachment.
  EXPECT_EQ(s.sql("SELECT count(*) FROM audit_log WHERE action = 'read-attachment' AND target = '" +
                  number + "' AND detail LIKE '%" + id + "%';"),
            "2");
  auto [code, out] = s.cli({"audit", "verify"});
  EXPECT_EQ(code, 0) << out;
}

// INT-3 [C9]: a unit sends photos of the result with its reply. It uploads
// them with its session (audited); the reply records the content's type and a
// label; the applicant and the office see them, another unit gets 404; a file
// nobody uploaded is refused; the files are claimed, so the sweep of uploads
// never attached keeps them.
TEST(Attachments, INT_3_AUnitsReplyCarriesPhotosOfTheResult) {
  TestServer s({user("agent", "agent"), user("lead.staff", "unit-staff", kLeadUnit),
                user("other.staff", "unit-staff", kOtherUnit), user("analyst", "analyst")});
  const std::string agent = s.login("agent");
  const std::string lead = s.login("lead.staff");
  const std::string number = submit(s, {}, "13600006666");
  const std::string order = dispatch(s, agent, number);
  ASSERT_EQ(s.as(lead, "POST", "/api/v1/work-orders/" + order + "/accept", json::object()).status,
            200);
  // The staff upload needs a session and a staff role.
  EXPECT_EQ(s.request("POST", "/api/v1/attachments", png(), {{"Content-Type", "image/png"}}).status,
            401);
  EXPECT_EQ(staff_upload(s, s.login("analyst")).status, 403);
  auto up = staff_upload(s, lead);
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string uri = up.json()["uri"];

  json forged = reply_body();
  forged["attachments"] = {{{"uri", "/api/v1/attachments/" + std::string(64, 'c')}}};
  auto refused = s.as(lead, "POST", "/api/v1/work-orders/" + order + "/reply", forged);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "attachments[0].uri");

  json body = reply_body();
  body["attachments"] = {{{"uri", uri}, {"name", "王师傅手机拍的.png"}}};
  auto replied = s.as(lead, "POST", "/api/v1/work-orders/" + order + "/reply", body);
  ASSERT_EQ(replied.status, 200) << replied.body;
  const json recorded = replied.json()["last_reply"]["reply"]["attachments"];
  ASSERT_EQ(recorded.size(), 1u) << replied.body;
  EXPECT_EQ(recorded[0]["media_type"], "image/png");
  EXPECT_EQ(recorded[0]["name"], "照片1");  // the file's own name is not kept
  EXPECT_EQ(replied.body.find("王师傅"), std::string::npos);

  // Who may see it: the applicant (in their view, and the file), the office,
  // the unit; not another unit, as if it were not there.
  const std::string path = "/api/v1/requests/" + number + "/attachments/" + id_of(uri);
  const std::string applicant = applicant_token(s, number, "13600006666");
  auto view = s.as(applicant, "GET", "/api/v1/applicant/request");
  ASSERT_EQ(view.status, 200) << view.body;
  EXPECT_EQ(view.json()["replies"][0]["attachments"][0]["url"], path);
  EXPECT_EQ(s.as(applicant, "GET", path).body, png());
  EXPECT_EQ(s.as(agent, "GET", path + "/thumbnail").status, 200);
  EXPECT_EQ(s.as(lead, "GET", path).status, 200);
  EXPECT_EQ(s.as(s.login("other.staff"), "GET", path).status, 404);
  // Claimed before the reply was committed: the sweep keeps it.
  EXPECT_TRUE(std::filesystem::exists(s.db() + ".attachments/" + id_of(uri) + ".claimed"));
  // The upload is in the audit log with who made it (SEC-2).
  EXPECT_EQ(s.sql("SELECT count(*) FROM audit_log WHERE action = 'POST /api/v1/attachments' AND "
                  "success = 1;"),
            "1");
}

TEST(Attachments, INT_3_AtMostThePolicysCountWithOneRequest) {
  TestServer s;
  auto photo = upload(s, png(), "image/png");
  json list = json::array();
  for (int i = 0; i < 7; ++i) list.push_back({{"uri", photo.json()["uri"]}});
  auto r = s.request(
      "POST", "/api/v1/portal/requests",
      json{
          {"subject", "x"}, {"detail", "路灯不亮"}, {"phone", "13600005555"}, {"attachments", list}}
          .dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["article"], "C9");
}

TEST(ApplicantLookupRate, INT_5_LookUpsPerAddressAreLimitedByPolicy) {
  TestServer s;
  const std::string number = submit(s, {}, "13600006666");
  // data/intake.toml: 10 distinct numbers per address in 10 minutes, right
  // phone or wrong (different numbers, so the per-number failure throttle
  // never fires).
  for (int i = 0; i < 9; ++i) {
    auto r = s.request(
        "POST", "/api/v1/applicant-session",
        json{{"number", "20260302" + std::to_string(10000000 + i)}, {"phone", "13600006666"}}
            .dump());
    EXPECT_EQ(r.status, 401) << i << r.body;
  }
  auto tenth = s.request("POST", "/api/v1/applicant-session",
                         json{{"number", number}, {"phone", "13600006666"}}.dump());
  EXPECT_EQ(tenth.status, 200) << tenth.body;
  auto eleventh = s.request("POST", "/api/v1/applicant-session",
                            json{{"number", "2026030299999999"}, {"phone", "13600006666"}}.dump());
  EXPECT_EQ(eleventh.status, 429) << eleventh.body;
  // Looking one's own request up again is not enumerating: still allowed.
  auto again = s.request("POST", "/api/v1/applicant-session",
                         json{{"number", number}, {"phone", "13600006666"}}.dump());
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_FALSE(eleventh.header("Retry-After").empty());
  EXPECT_NE(eleventh.json()["error"]["message"].get<std::string>().find("M27"), std::string::npos);
  EXPECT_NE(eleventh.json()["error"]["message_zh"].get<std::string>().find("查询过于频繁"),
            std::string::npos);
}

}  // namespace
}  // namespace hotline::testing
