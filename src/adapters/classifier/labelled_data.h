#pragma once
// Labelled messages for training and evaluation, read from tab-separated
// files with a header line. The text is the `text` column, or `subject` and
// `detail` joined (the tipdm layout); the label is the column named by the
// caller (default "label"). Other columns (id, time, …) are ignored.

#include <string>
#include <vector>

#include "core/result.h"

namespace hotline::ml {

struct LabelledText {
  std::string text;
  std::string label;
  std::string source;  // "file:line", for messages about the row
};

// Reads every row of `path`. A row with the wrong number of fields, an empty
// text or an empty label is an error naming file:line.
Result<std::vector<LabelledText>> read_labelled_tsv(const std::string& path,
                                                    const std::string& label_column = "label");

// Writes rows as "text<TAB>label" under a header, replacing tabs and line
// breaks inside the text by spaces.
Status write_labelled_tsv(const std::string& path, const std::vector<LabelledText>& rows);

}  // namespace hotline::ml
