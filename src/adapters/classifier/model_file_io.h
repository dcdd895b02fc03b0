#pragma once
// The model-file format every classifier shares, read and written in one
// place. A file is the line "hotline-text-classifier 1", then header lines
// "key value…": algorithm, task, features (the feature extraction the
// weights were trained on), labels, then the algorithm's own keys, the last
// of which is followed by its bytes.
//
// Writes go whole or not at all: the bytes go to PATH.part, which replaces
// PATH only once it is complete, so a crash or a full disk never leaves a
// half-written model where the server would load it.

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "core/result.h"

namespace hotline::ml {

struct ModelHeader {
  std::string algorithm;  // fasttext, linear, ensemble; empty in files older than the key
  std::string task;       // category, type, urgency
  std::string features;   // empty for algorithms that keep no features of their own
  std::vector<std::string> labels;
};

// Writes the magic line and the common keys (features only when set); the
// caller goes on with its own keys.
void write_model_header(std::ostream& out, const ModelHeader& header);

// What a reader does with one of its own keys: read the line's fields (and
// any bytes after the line from `in`), then ask for the next line or stop.
enum class HeaderLine { kNext, kLast };
using OwnKeyReader = std::function<tl::expected<HeaderLine, std::string>(
    const std::string& key, std::istream& fields, std::istream& in)>;

// Reads the header up to the reader's last line (or the end of the file).
// `algorithm` and `features` are what the reader expects (empty: any): a
// file naming another is refused ("retrain the model" for other features).
// The error is the reason, for the reader's own message.
tl::expected<ModelHeader, std::string> read_model_header(std::istream& in,
                                                         std::string_view algorithm,
                                                         std::string_view features,
                                                         const OwnKeyReader& own);

// Only the algorithm of the file at `path` (fasttext for files without the
// key); an unreadable file is an error naming the path.
Result<std::string> model_algorithm(const std::string& path);

Status save_model_file(const std::string& path, const std::function<Status(std::ostream&)>& write);

}  // namespace hotline::ml
