#pragma once
// Reads the working-day calendar data (data/calendar/*.toml): per year the
// statutory holidays and make-up working days, with the notice they come from.

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/calendar/working_day_calendar.h"

namespace hotline {

Result<std::vector<CalendarYear>> parse_calendar(std::string_view toml_text,
                                                 std::string_view file_name);
// Every *.toml in `dir`, one or more years per file.
Result<std::vector<CalendarYear>> load_calendar_dir(const std::filesystem::path& dir);

}  // namespace hotline
