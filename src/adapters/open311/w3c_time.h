#pragma once
// Dates of Open311: "a common subset of ISO 8601 as per the w3 note"
// (www.w3.org/TR/NOTE-datetime) with the time zone required. Output always
// uses +08:00 (format_iso8601); input accepts every W3C level of precision:
//   YYYY  YYYY-MM  YYYY-MM-DD                (local Asia/Shanghai midnight)
//   YYYY-MM-DDThh:mmTZD  YYYY-MM-DDThh:mm:ssTZD  YYYY-MM-DDThh:mm:ss.sTZD
// where TZD is Z or ±hh:mm; fractions of a second are dropped. A time
// without TZD is an error, as the spec says the zone must be included.

#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace hotline::open311 {

// `field` names the parameter in the error.
Result<Instant> parse_w3c_datetime(std::string_view text, std::string_view field);

}  // namespace hotline::open311
