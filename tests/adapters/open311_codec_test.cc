// Open311 GeoReport v2 encoding (XML and JSON), form decoding, W3C dates,
// GET requests arguments and the shipped services file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/open311/catalog.h"
#include "adapters/open311/decode.h"
#include "adapters/open311/encode.h"
#include "adapters/open311/query.h"
#include "adapters/open311/sha256.h"
#include "adapters/open311/w3c_time.h"
#include "open311_fixture.h"

namespace hotline::open311 {
namespace {

using nlohmann::json;
using open311_test::at;
using open311_test::shipped;

// ---- Encoding ---------------------------------------------------------------------------------

TEST(Open311Encode, XmlEscapesMarkupAndKeepsUtf8BeyondTheBmp) {
  EXPECT_EQ(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(xml_escape("张𠮷"), "张𠮷");  // U+20BB7, four bytes, kept as it is
  EXPECT_EQ(xml_escape("line\nnext\ttab"), "line\nnext\ttab");
  // Characters XML 1.0 forbids and broken UTF-8 become U+FFFD.
  EXPECT_EQ(xml_escape(std::string("a\x01"
                                   "b",
                                   3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(xml_escape("\xC3"), "\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}

TEST(Open311Encode, ServicesInBothFormatsFollowTheSpecElementNames) {
  Service s;
  s.service_code = "urban-02";
  s.service_name = "城市建设和市政管理";
  s.description = "路灯<不亮>";
  s.metadata = true;
  s.keywords = "燃气供应, 电力供应";
  s.group = "城乡建设";
  const std::string xml = encode_services({&s}, Format::kXml);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<services>\n  <service>\n", 0),
            0u)
      << xml;
  EXPECT_NE(xml.find("<service_code>urban-02</service_code>"), std::string::npos);
  EXPECT_NE(xml.find("<description>路灯&lt;不亮&gt;</description>"), std::string::npos);
  EXPECT_NE(xml.find("<metadata>true</metadata>"), std::string::npos);
  EXPECT_NE(xml.find("<type>realtime</type>"), std::string::npos);
  const json j = json::parse(encode_services({&s}, Format::kJson));
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j[0]["service_code"], "urban-02");
  EXPECT_EQ(j[0]["metadata"], true);
  EXPECT_EQ(j[0]["group"], "城乡建设");
  EXPECT_EQ(j[0]["keywords"], "燃气供应, 电力供应");
}

TEST(Open311Encode, ServiceDefinitionListsAttributesAndValues) {
  Service s;
  s.service_code = "urban-01";
  Attribute a;
  a.code = "life_safety";
  a.datatype = Datatype::kSingleValueList;
  a.required = true;
  a.description = "是否危及安全？";
  a.values = {{"life-safety", "是"}, {"general", "否"}};
  s.attributes = {a};
  const std::string xml = encode_service_definition(s, Format::kXml);
  EXPECT_NE(xml.find("<service_definition>"), std::string::npos);
  EXPECT_NE(xml.find("<attributes>\n    <attribute>\n      <variable>true</variable>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<datatype>singlevaluelist</datatype>"), std::string::npos);
  EXPECT_NE(xml.find("<datatype_description/>"), std::string::npos);
  EXPECT_NE(xml.find("<value>\n          <key>life-safety</key>\n          <name>是</name>"),
            std::string::npos)
      << xml;
  const json j = json::parse(encode_service_definition(s, Format::kJson));
  EXPECT_EQ(j["service_code"], "urban-01");
  EXPECT_EQ(j["attributes"][0]["required"], true);
  EXPECT_EQ(j["attributes"][0]["order"], 1);
  EXPECT_TRUE(j["attributes"][0]["datatype_description"].is_null());
  EXPECT_EQ(j["attributes"][0]["values"][1]["key"], "general");
}

TEST(Open311Encode, PostResultCarriesAnIdOrATokenNeverBoth) {
  PostResult with_id{"2026030200000001", "", "已登记", ""};
  PostResult with_token{"", "tok-1", "", "acct"};
  const json j = json::parse(encode_post_results({with_id, with_token}, Format::kJson));
  EXPECT_EQ(j[0]["service_request_id"], "2026030200000001");
  EXPECT_FALSE(j[0].contains("token"));
  EXPECT_TRUE(j[0]["account_id"].is_null());
  EXPECT_EQ(j[1]["token"], "tok-1");
  EXPECT_FALSE(j[1].contains("service_request_id"));
  const std::string xml = encode_post_results({with_id}, Format::kXml);
  EXPECT_NE(xml.find("<service_requests>\n  <request>\n    <service_request_id>2026030200000001"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<account_id/>"), std::string::npos);
  EXPECT_EQ(xml.find("<token>"), std::string::npos);
}

TEST(Open311Encode, ServiceRequestDatesAreW3cWithTheShanghaiOffset) {
  ServiceRequest r;
  r.service_request_id = "2026030200000001";
  r.status = "open";
  r.requested_datetime = at("2026-03-02T01:00:00Z");
  r.updated_datetime = at("2026-03-02T09:30:00+08:00");
  r.lat = 39.1234567;
  r.lon = 117.2;
  r.description = "噪音扰民 张𠮷";
  const json j = json::parse(encode_service_requests({r}, Format::kJson));
  EXPECT_EQ(j[0]["requested_datetime"], "2026-03-02T09:00:00+08:00");
  EXPECT_EQ(j[0]["updated_datetime"], "2026-03-02T09:30:00+08:00");
  EXPECT_TRUE(j[0]["expected_datetime"].is_null());
  EXPECT_TRUE(j[0]["status_notes"].is_null());
  EXPECT_DOUBLE_EQ(j[0]["lat"].get<double>(), 39.1234567);
  EXPECT_DOUBLE_EQ(j[0]["long"].get<double>(), 117.2);
  EXPECT_EQ(j[0]["description"], "噪音扰民 张𠮷");
  const std::string xml = encode_service_requests({r}, Format::kXml);
  EXPECT_NE(xml.find("<requested_datetime>2026-03-02T09:00:00+08:00</requested_datetime>"),
            std::string::npos);
  EXPECT_NE(xml.find("<expected_datetime/>"), std::string::npos);
  EXPECT_NE(xml.find("<lat>39.1234567</lat>"), std::string::npos);
  EXPECT_NE(xml.find("<long>117.2</long>"), std::string::npos);
  EXPECT_NE(xml.find("<description>噪音扰民 张𠮷</description>"), std::string::npos);
}

TEST(Open311Encode, ErrorsAreAListInBothFormats) {
  const std::vector<ApiError> errors{{403, "Invalid api_key"}, {400, "lat: <bad>"}};
  const json j = json::parse(encode_errors(errors, Format::kJson));
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["code"], 403);
  EXPECT_EQ(j[0]["description"], "Invalid api_key");
  const std::string xml = encode_errors(errors, Format::kXml);
  EXPECT_NE(xml.find("<errors>\n  <error>\n    <code>403</code>\n    <description>Invalid api_key"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<description>lat: &lt;bad&gt;</description>"), std::string::npos);
}

TEST(Open311Encode, DiscoveryListsFormatsAsMimeTypes) {
  Discovery d{"2026-03-01 00:00", "12345", "申请密钥", {Endpoint{}}};
  d.endpoints[0].url = "https://example/open311/v2";
  const json j = json::parse(encode_discovery(d, Format::kJson));
  EXPECT_EQ(j["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2");
  EXPECT_EQ(j["endpoints"][0]["formats"], json({"text/xml", "application/json"}));
  const std::string xml = encode_discovery(d, Format::kXml);
  EXPECT_NE(xml.find("<formats>\n        <format>text/xml</format>"), std::string::npos) << xml;
}

// ---- Form bodies ------------------------------------------------------------------------------

TEST(Open311Form, DecodesPlusPercentAndUtf8) {
  auto fields = parse_form("a=1+2&b=%E5%BC%A0%F0%A0%AE%B7&c=&&d");
  ASSERT_TRUE(fields) << fields.error().describe();
  ASSERT_EQ(fields->size(), 4u);
  EXPECT_EQ((*fields)[0].value, "1 2");
  EXPECT_EQ((*fields)[1].value, "张𠮷");
  EXPECT_EQ((*fields)[2].value, "");
  EXPECT_EQ((*fields)[3].name, "d");
}

TEST(Open311Form, RefusesBrokenEscapesAndBytes) {
  auto bad_escape = parse_form("description=100%");
  ASSERT_FALSE(bad_escape);
  EXPECT_EQ(bad_escape.error().field, "description");
  auto bad_utf8 = parse_form("description=%C3");
  ASSERT_FALSE(bad_utf8);
  EXPECT_EQ(bad_utf8.error().field, "description");
  EXPECT_FALSE(parse_form("=x"));
  EXPECT_FALSE(parse_form(std::string(kMaxFormBytes + 1, 'a')));
}

TEST(Open311Form, PostNeedsServiceCodeAndAFullLocation) {
  auto no_code = decode_post_body("lat=39.1&long=117.2");
  ASSERT_FALSE(no_code);
  EXPECT_EQ(no_code.error().field, "service_code");
  auto no_location = decode_post_body("service_code=urban-02&description=x");
  ASSERT_FALSE(no_location);
  EXPECT_EQ(no_location.error().field, "lat");
  auto lat_only = decode_post_body("service_code=urban-02&lat=39.1");
  ASSERT_FALSE(lat_only);
  EXPECT_EQ(lat_only.error().field, "long");
  // An empty parameter counts as not sent (the spec's Optional Arguments).
  auto empty_lat = decode_post_body("service_code=urban-02&lat=&long=&address_id=A-1");
  ASSERT_TRUE(empty_lat) << empty_lat.error().describe();
  EXPECT_FALSE(empty_lat->lat);
  EXPECT_TRUE(decode_post_body("service_code=urban-02&address_string=%E5%92%8C%E5%B9%B3%E8%B7%AF"));
  auto both = decode_post_body("service_code=urban-02&lat=39.12&long=-117.5");
  ASSERT_TRUE(both);
  EXPECT_DOUBLE_EQ(*both->lat, 39.12);
  EXPECT_DOUBLE_EQ(*both->lon, -117.5);
}

TEST(Open311Form, ChecksNumbersAndText) {
  for (const char* body : {"service_code=x&lat=91&long=0", "service_code=x&lat=nan&long=0",
                           "service_code=x&lat=1e2&long=0", "service_code=x&lat=0x1&long=0"}) {
    auto r = decode_post_body(body);
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().field, "lat") << body;
  }
  auto lon = decode_post_body("service_code=x&lat=0&long=180.5");
  ASSERT_FALSE(lon);
  EXPECT_EQ(lon.error().field, "long");
  auto email = decode_post_body("service_code=x&address_id=1&email=nobody");
  ASSERT_FALSE(email);
  EXPECT_EQ(email.error().field, "email");
  auto media = decode_post_body("service_code=x&address_id=1&media_url=javascript:alert(1)");
  ASSERT_FALSE(media);
  EXPECT_EQ(media.error().field, "media_url");
  auto name = decode_post_body("service_code=x&address_id=1&first_name=a%0Ab");
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().field, "first_name");
  // description: line breaks allowed, 4,000 characters counted in code points.
  std::string long_text;
  for (int i = 0; i < 4000; ++i) long_text += "%F0%A0%AE%B7";  // 𠮷
  EXPECT_TRUE(decode_post_body("service_code=x&address_id=1&description=" + long_text));
  auto too_long = decode_post_body("service_code=x&address_id=1&description=" + long_text + "a");
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().field, "description");
}

TEST(Open311Form, UnknownAndRepeatedArgumentsAreNamed) {
  auto unknown = decode_post_body("service_code=x&address_id=1&lng=1");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "lng");
  auto twice = decode_post_body("service_code=x&service_code=y&address_id=1");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "service_code");
  EXPECT_TRUE(
      decode_post_body("api_key=xyz&jurisdiction_id=tj.gov.cn&service_code=x&address_id=1"));
}

TEST(Open311Form, AttributesSingleAndMultiValued) {
  auto r = decode_post_body(
      "service_code=x&address_id=1&attribute[WHISPAWN]=123456&attribute%5Bcolour%5D%5B%5D=red"
      "&attribute[colour][]=blue");
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->attributes.size(), 2u);
  EXPECT_EQ(r->attributes[0].code, "WHISPAWN");
  EXPECT_EQ(r->attributes[0].values, std::vector<std::string>{"123456"});
  EXPECT_EQ(r->attributes[1].values, (std::vector<std::string>{"red", "blue"}));
  auto twice = decode_post_body("service_code=x&address_id=1&attribute[a]=1&attribute[a]=2");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "attribute[a]");
  auto mixed = decode_post_body("service_code=x&address_id=1&attribute[a]=1&attribute[a][]=2");
  ASSERT_FALSE(mixed);
  for (const char* bad : {"attribute[]=1", "attribute[a=1", "attribute[a][b]=1"}) {
    EXPECT_FALSE(decode_post_body(std::string("service_code=x&address_id=1&") + bad)) << bad;
  }
}

TEST(Open311Form, CanonicalFormIgnoresOrderAndApiKey) {
  auto a = parse_form("service_code=x&lat=1&long=2&api_key=one&attribute[c][]=1&attribute[c][]=2");
  auto b = parse_form("api_key=two&long=2&attribute[c][]=1&lat=1&service_code=x&attribute[c][]=2");
  auto c = parse_form("service_code=x&lat=1&long=2&attribute[c][]=2&attribute[c][]=1");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(canonical_form(*a), canonical_form(*b));
  EXPECT_NE(canonical_form(*a), canonical_form(*c));
}

TEST(Open311Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// ---- W3C dates --------------------------------------------------------------------------------

TEST(Open311Dates, W3cForms) {
  const Instant nine = at("2026-03-02T09:00:00+08:00");
  EXPECT_EQ(*parse_w3c_datetime("2026-03-02T01:00:00Z", "d"), nine);
  EXPECT_EQ(*parse_w3c_datetime("2026-03-02T09:00:00+08:00", "d"), nine);
  EXPECT_EQ(*parse_w3c_datetime("2026-03-01T20:00:00-05:00", "d"), nine);
  EXPECT_EQ(*parse_w3c_datetime("2026-03-02T09:00+08:00", "d"), nine);
  EXPECT_EQ(*parse_w3c_datetime("2026-03-02T01:00:00.75Z", "d"), nine);
  EXPECT_EQ(*parse_w3c_datetime("2026-03-02", "d"), at("2026-03-02T00:00:00+08:00"));
  EXPECT_EQ(*parse_w3c_datetime("2026-03", "d"), at("2026-03-01T00:00:00+08:00"));
  for (const char* bad : {"2026-03-02T09:00:00", "2026-02-30", "2026-3-2", "2026-03-02 09:00Z",
                          "2026-03-02T24:00:00Z", "2026-03-02T09:00:00+0800", "yesterday", "",
                          "2026-03-02T09:00:00Zjunk"}) {
    auto r = parse_w3c_datetime(bad, "start_date");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "start_date");
  }
}

// ---- GET requests arguments -------------------------------------------------------------------

TEST(Open311Query, DefaultsToTheMostRecent90Days) {
  const Instant now = at("2026-06-01T12:00:00+08:00");
  auto q = parse_requests_query({}, *shipped().catalog, now);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->to, now);
  EXPECT_EQ(q->from, now - kMaxSpan);
  auto start_only =
      parse_requests_query({{"start_date", "2026-01-01T00:00:00+08:00"}}, *shipped().catalog, now);
  ASSERT_TRUE(start_only);
  EXPECT_EQ(start_only->to, at("2026-04-01T00:00:00+08:00"));
}

TEST(Open311Query, RangeMayNotSpanMoreThan90Days) {
  const Instant now = at("2026-06-01T12:00:00+08:00");
  auto wide = parse_requests_query(
      {{"start_date", "2026-01-01T00:00:00Z"}, {"end_date", "2026-04-02T00:00:00Z"}},
      *shipped().catalog, now);
  ASSERT_FALSE(wide);
  EXPECT_EQ(wide.error().field, "end_date");
  auto reversed = parse_requests_query(
      {{"start_date", "2026-02-01T00:00:00Z"}, {"end_date", "2026-01-01T00:00:00Z"}},
      *shipped().catalog, now);
  ASSERT_FALSE(reversed);
}

TEST(Open311Query, ListsAreCommaDelimitedOrRepeated) {
  const Instant now = at("2026-06-01T12:00:00+08:00");
  auto q = parse_requests_query({{"service_code", "urban-01,urban-02"},
                                 {"service_code", "transport-01"},
                                 {"status", "open, closed"}},
                                *shipped().catalog, now);
  ASSERT_TRUE(q) << q.error().describe();
  EXPECT_EQ(q->service_codes.size(), 3u);
  EXPECT_EQ(q->statuses.size(), 2u);
  auto bad_status = parse_requests_query({{"status", "pending"}}, *shipped().catalog, now);
  ASSERT_FALSE(bad_status);
  EXPECT_EQ(bad_status.error().field, "status");
  auto bad_code = parse_requests_query({{"service_code", "nope"}}, *shipped().catalog, now);
  ASSERT_FALSE(bad_code);
  EXPECT_EQ(bad_code.error().field, "service_code");
  auto unknown = parse_requests_query({{"page", "2"}}, *shipped().catalog, now);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "page");
}

TEST(Open311Query, ServiceRequestIdOverridesEverythingElse) {
  auto q = parse_requests_query(
      {{"service_request_id", "2026030200000001,2026030200000002"}, {"status", "closed"}},
      *shipped().catalog, at("2026-06-01T12:00:00+08:00"));
  ASSERT_TRUE(q);
  EXPECT_EQ(q->ids.size(), 2u);
  EXPECT_TRUE(q->statuses.empty());
}

// ---- The services file ------------------------------------------------------------------------

TEST(Open311Catalog, ShippedServicesAreTheLevel2Categories) {
  const Catalog& c = *shipped().catalog;
  EXPECT_EQ(c.services.size(), 118u);  // the 118 level-2 nodes of taxonomy.tsv
  EXPECT_EQ(c.jurisdiction_id, "tj.gov.cn");
  const Service* urban = c.find("urban-02");
  ASSERT_NE(urban, nullptr);
  EXPECT_EQ(urban->service_name, "城市建设和市政管理");
  EXPECT_EQ(urban->group, "城乡建设");
  EXPECT_TRUE(urban->metadata);
  EXPECT_EQ(urban->attributes.front().code, "utilities");
  EXPECT_NE(urban->keywords.find("燃气供应"), std::string::npos);
  EXPECT_EQ(c.find_by_category("城乡建设/城市建设和市政管理/燃气供应"), urban);
  EXPECT_EQ(c.find_by_category("城乡建设/城市建设"), nullptr);
  EXPECT_TRUE(check_catalog(c, *shipped().organisation));
  EXPECT_EQ(c.channel_for("api.website"), Channel::kWebsite);  // INT-1
  EXPECT_EQ(c.channel_for("api.other"), Channel::kOpen311);
}

TEST(Open311Catalog, MistakesNameTheirPlace) {
  const std::string head = R"({"jurisdiction_id":"x","discovery":{"changeset":"1","contact":"c",
    "key_service":"k","endpoints":[]},)";
  auto unknown = parse_catalog(head + R"("services":[],"extra":1})", "s.json");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("s.json: extra"), std::string::npos)
      << unknown.error().message;
  auto dup = parse_catalog(head + R"("services":[
      {"service_code":"a","service_name":"甲","group":"g","category":"g/a"},
      {"service_code":"a","service_name":"乙","group":"g","category":"g/b"}]})",
                           "s.json");
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().field.find("services[1].service_code"), std::string::npos);
  auto bad_attr = parse_catalog(head + R"("attributes":{"t":{"code":"t","datatype":
      "singlevaluelist","description":"d","maps_to":"type","values":[{"key":"moan","name":"x"}]}},
      "services":[{"service_code":"a","service_name":"甲","group":"g","category":"g/a",
      "attributes":["t"]}]})",
                                "s.json");
  ASSERT_FALSE(bad_attr);
  EXPECT_NE(bad_attr.error().field.find("attributes.t.values"), std::string::npos);
  EXPECT_FALSE(parse_catalog("{", "s.json"));
}

}  // namespace
}  // namespace hotline::open311
