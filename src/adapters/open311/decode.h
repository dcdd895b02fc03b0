#pragma once
// Reading what Open311 clients send. POST requests carry
// application/x-www-form-urlencoded bodies (the spec's only "Format sent"):
// name=value pairs joined by '&', '+' for space, %XX for bytes, UTF-8 text.
// Attributes come as attribute[code]=value, or attribute[code][]=value once
// per value of a multivaluelist. Every error names the field at fault.
// JSON bodies are not accepted: the spec defines none.

#include <string>
#include <string_view>
#include <vector>

#include "adapters/open311/model.h"
#include "core/result.h"

namespace hotline::open311 {

inline constexpr std::size_t kMaxFormBytes = std::size_t{256} * 1024;
inline constexpr std::size_t kMaxFormFields = 500;
inline constexpr std::size_t kMaxDescription = 4000;  // code points, as the spec says

struct FormField {
  std::string name;
  std::string value;
};

// Splits and percent-decodes a form body (or a query string). Fails on a
// malformed %-escape, a name or value that is not UTF-8, too many fields or
// too many bytes.
Result<std::vector<FormField>> parse_form(std::string_view body);

// Checks the POST Service Request arguments (required service_code, a full
// location: lat & long, address_string or address_id; number ranges; text
// limits) and collects the attributes. `api_key` is accepted and ignored
// here: the server authenticates it. An empty value counts as absent, as the
// spec's "Optional Arguments" say.
Result<PostServiceRequest> decode_post_request(const std::vector<FormField>& fields);

// Both steps.
Result<PostServiceRequest> decode_post_body(std::string_view body);

// The fields that determine what a POST asks for, in a stable order and
// without api_key (the principal is known otherwise): the basis of the
// Idempotency-Key fingerprint, so a reordered or re-encoded body is the same
// request.
std::string canonical_form(std::vector<FormField> fields);

// A decimal number as the spec's lat, long and "number" attributes use:
// optional sign, digits, optional fraction. No exponent, inf or nan.
std::optional<double> parse_decimal(std::string_view text);

}  // namespace hotline::open311
