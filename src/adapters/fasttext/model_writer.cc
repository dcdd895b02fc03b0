#include "adapters/fasttext/model_writer.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace hotline::ml {

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
