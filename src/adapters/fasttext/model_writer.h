#pragma once
// Writes a model file whole or not at all: the bytes go to PATH.part, which
// replaces PATH only once it is complete, so a crash or a full disk never
// leaves a half-written model where the server would load it.

#include <functional>
#include <iosfwd>
#include <string>

#include "core/result.h"

namespace hotline::ml {

Status save_model_file(const std::string& path, const std::function<Status(std::ostream&)>& write);

}  // namespace hotline::ml
