#include "adapters/classifier/model_file_io.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

namespace hotline::ml {
namespace {

constexpr std::string_view kMagic = "hotline-text-classifier 1";

}  // namespace

void write_model_header(std::ostream& out, const ModelHeader& header) {
  out << kMagic << "\nalgorithm " << header.algorithm << "\ntask " << header.task;
  if (!header.features.empty()) out << "\nfeatures " << header.features;
  out << "\nlabels";
  for (const auto& l : header.labels) out << ' ' << l;
  out << '\n';
}

tl::expected<ModelHeader, std::string> read_model_header(std::istream& in,
                                                         std::string_view algorithm,
                                                         std::string_view features,
                                                         const OwnKeyReader& own) {
  using Bad = tl::unexpected<std::string>;
  std::string line;
  if (!std::getline(in, line) || line != kMagic) return Bad("header");
  ModelHeader header;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "algorithm") {
      fields >> header.algorithm;
      if (!algorithm.empty() && header.algorithm != algorithm) {
        return Bad("algorithm " + header.algorithm);
      }
    } else if (key == "task") {
      fields >> header.task;
    } else if (key == "features") {
      fields >> header.features;
      if (!features.empty() && header.features != features) {
        return Bad("features " + header.features + ", expected " + std::string(features) +
                   "; retrain the model");
      }
    } else if (key == "labels") {
      std::string l;
      while (fields >> l) header.labels.push_back(l);
    } else {
      auto step = own(key, fields, in);
      if (!step) return Bad(step.error());
      if (*step == HeaderLine::kLast) break;
    }
  }
  return header;
}

Result<std::string> model_algorithm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid(path, "cannot read " + path, "无法读取模型文件 " + path));
  auto header = read_model_header(in, "", "", [](const std::string&, std::istream&, std::istream&) {
    return HeaderLine::kLast;
  });
  if (!header) {
    return fail(Error::invalid(path, "not a hotline model file: " + header.error(),
                               "不是有效的模型文件（" + header.error() + "）：" + path));
  }
  // Files written before there were other algorithms have no such line.
  return header->algorithm.empty() ? std::string("fasttext") : header->algorithm;
}

Status save_model_file(const std::string& path, const std::function<Status(std::ostream&)>& write) {
  const std::string part = path + ".part";
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    if (auto st = write(out); !st) {
      std::remove(part.c_str());
      return st;
    }
    out.flush();
    if (!out) {
      std::remove(part.c_str());
      return fail(Error::invalid(path, "cannot write " + path, "无法写入模型文件 " + path));
    }
  }
  std::error_code ec;
  std::filesystem::rename(part, path, ec);
  if (ec) return fail(Error::storage("cannot rename " + part + ": " + ec.message()));
  return {};
}

}  // namespace hotline::ml
