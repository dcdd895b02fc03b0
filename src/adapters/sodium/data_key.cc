#include "adapters/sodium/data_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "adapters/sodium/sodium_support.h"

namespace hotline {
namespace {

std::string_view trim_space(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

Error bad_key(std::string where) {
  return Error::invalid(std::move(where),
                        "not a data key: expected 32 bytes as 64 hex digits or base64",
                        "数据密钥格式错误：应为32字节（64位十六进制或base64）");
}

}  // namespace

DataKey::~DataKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

Result<DataKey> parse_data_key(std::string_view text) {
  if (auto st = sodium::ensure_initialised(); !st) return fail(st.error());
  text = trim_space(text);
  std::optional<std::vector<unsigned char>> bytes;
  if (text.size() == 2 * DataKey::kSize) {
    if (auto hex = sodium::from_hex(text)) bytes = std::move(*hex);
  }
  if (!bytes) {
    if (auto b64 = sodium::from_base64(text)) bytes = std::move(*b64);
  }
  if (!bytes || bytes->size() != DataKey::kSize) {
    if (bytes) sodium_memzero(bytes->data(), bytes->size());
    return fail(bad_key("key"));
  }
  std::array<unsigned char, DataKey::kSize> raw{};
  std::copy(bytes->begin(), bytes->end(), raw.begin());
  sodium_memzero(bytes->data(), bytes->size());
  DataKey key(raw);
  sodium_memzero(raw.data(), raw.size());
  return key;
}

Result<DataKey> load_data_key_file(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return fail(Error::invalid(kKeyFileVariable,
                               "cannot read " + file.string() + ": " + std::strerror(errno),
                               "无法读取数据密钥文件"));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return fail(Error::invalid(kKeyFileVariable,
                               file.string() + " is accessible to group or others; chmod 600 it",
                               "数据密钥文件权限过宽，请执行 chmod 600"));
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail(
        Error::invalid(kKeyFileVariable, "cannot open " + file.string(), "无法打开数据密钥文件"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  auto key = parse_data_key(content);
  sodium_memzero(content.data(), content.size());
  if (!key) return fail(bad_key(file.string()));
  return key;
}

Result<std::optional<DataKey>> load_data_key_from_environment() {
  const char* file = std::getenv(kKeyFileVariable);
  const char* value = std::getenv(kDataKeyVariable);
  const bool has_file = file != nullptr && *file != '\0';
  const bool has_value = value != nullptr && *value != '\0';
  if (has_file && has_value) {
    return fail(Error::invalid(
        kDataKeyVariable,
        std::string("both ") + kKeyFileVariable + " and " + kDataKeyVariable + " are set; set one",
        "数据密钥来源重复：只能设置一个"));
  }
  if (has_file) {
    auto key = load_data_key_file(file);
    if (!key) return fail(key.error());
    return std::optional<DataKey>(std::move(*key));
  }
  if (has_value) {
    auto key = parse_data_key(value);
    if (!key) return fail(bad_key(kDataKeyVariable));
    return std::optional<DataKey>(std::move(*key));
  }
  return std::optional<DataKey>();
}

Status generate_data_key_file(const std::filesystem::path& file) {
  if (auto st = sodium::ensure_initialised(); !st) return st;
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(Error::invalid("out",
                               "cannot create " + file.string() + ": " + std::strerror(errno),
                               "无法创建密钥文件（文件已存在或目录不可写）"));
  }
  std::array<unsigned char, DataKey::kSize> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::string hex = sodium::to_hex(raw.data(), raw.size()) + "\n";
  sodium_memzero(raw.data(), raw.size());
  bool ok = ::fchmod(fd, 0600) == 0;  // whatever the umask
  std::size_t written = 0;
  while (ok && written < hex.size()) {
    const ssize_t n = ::write(fd, hex.data() + written, hex.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false;
    if (n > 0) written += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  sodium_memzero(hex.data(), hex.size());
  if (!ok) {
    std::error_code ec;
    std::filesystem::remove(file, ec);
    return fail(Error::storage("cannot write " + file.string()));
  }
  return {};
}

}  // namespace hotline
