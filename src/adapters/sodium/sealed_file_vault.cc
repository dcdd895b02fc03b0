#include "adapters/sodium/sealed_file_vault.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "adapters/sodium/sodium_support.h"

namespace hotline {
namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "hotattch";
enum Subkey : std::uint64_t { kSeal = 1, kName = 2 };
constexpr std::string_view kMagic = "hlv1";
constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

std::string file_name(std::string_view id, bool thumbnail) {
  return std::string(id) + (thumbnail ? ".thumb" : ".bin");
}

Error not_there(std::string_view id) {
  return Error::not_found("attachment " + std::string(id), "附件不存在");
}

// Writes and fsyncs `bytes` to `path`; false on any failure.
bool write_durably(const std::filesystem::path& path, const std::vector<unsigned char>& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  return ::close(fd) == 0 && synced;
}

// fsyncs a folder, so a file created or removed in it is durable.
bool sync_folder(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  return ::close(fd) == 0 && synced;
}

constexpr std::string_view kClaimsMarker = "claims-v1";

}  // namespace

Result<std::unique_ptr<SealedFileVault>> SealedFileVault::open(std::filesystem::path dir,
                                                               const DataKey& key) {
  if (auto st = sodium::ensure_initialised(); !st) return fail(st.error());
  std::unique_ptr<SealedFileVault> v(new SealedFileVault());
  if (crypto_kdf_derive_from_key(v->seal_key_.data(), v->seal_key_.size(), kSeal, kKdfContext,
                                 key.data()) != 0 ||
      crypto_kdf_derive_from_key(v->name_key_.data(), v->name_key_.size(), kName, kKdfContext,
                                 key.data()) != 0) {
    return fail(Error::internal("key derivation failed"));
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(Error::storage("cannot create the attachment folder " + dir.string()));
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  v->dir_ = std::move(dir);
  if (auto st = v->claim_existing_files_once(); !st) return fail(st.error());
  return v;
}

Status SealedFileVault::claim_existing_files_once() {
  std::error_code ec;
  if (std::filesystem::exists(dir_ / kClaimsMarker, ec)) return {};
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    const auto& p = entry.path();
    if (p.extension() != ".bin" || !valid_id(p.stem().string())) continue;
    if (!write_durably(dir_ / (p.stem().string() + ".claimed"), {})) {
      return fail(Error::storage("cannot claim the attachments already kept"));
    }
  }
  if (ec || !write_durably(dir_ / kClaimsMarker, {}) || !sync_folder(dir_)) {
    return fail(Error::storage("cannot claim the attachments already kept"));
  }
  return {};
}

Status SealedFileVault::claim(std::string_view id) {
  if (!contains(id)) return fail(not_there(id));
  const auto path = dir_ / (std::string(id) + ".claimed");
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return {};
  if (!write_durably(path, {}) || !sync_folder(dir_)) {
    return fail(Error::storage("cannot record that an attachment is used"));
  }
  return {};
}

Result<int> SealedFileVault::sweep_unclaimed(Instant uploaded_before) {
  const auto cutoff = std::filesystem::file_time_type::clock::from_sys(uploaded_before);
  int removed = 0;
  std::error_code ec;
  std::vector<std::filesystem::path> old;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    const auto& p = entry.path();
    const std::string stem = p.stem().string();
    const bool content = p.extension() == ".bin" && valid_id(stem);
    const bool partial = p.extension() == ".part";  // a write that died half-way
    if (!content && !partial) continue;
    std::error_code time_ec;
    const auto written = std::filesystem::last_write_time(p, time_ec);
    if (time_ec || written >= cutoff) continue;
    if (content && std::filesystem::exists(dir_ / (stem + ".claimed"), time_ec)) continue;
    old.push_back(p);
  }
  if (ec) return fail(Error::storage("cannot read the attachment folder"));
  for (const auto& p : old) {
    std::error_code rm;
    if (p.extension() == ".bin") {
      std::filesystem::remove(dir_ / file_name(p.stem().string(), true), rm);
      ++removed;
    }
    std::filesystem::remove(p, rm);
  }
  if (!old.empty()) sync_folder(dir_);
  return removed;
}

SealedFileVault::~SealedFileVault() {
  sodium_memzero(seal_key_.data(), seal_key_.size());
  sodium_memzero(name_key_.data(), name_key_.size());
}

Status SealedFileVault::write_sealed(const std::string& name, std::string_view plain) const {
  std::vector<unsigned char> out(kMagic.size() + kNonce + plain.size() + kTag);
  std::copy(kMagic.begin(), kMagic.end(), out.begin());
  unsigned char* nonce = out.data() + kMagic.size();
  randombytes_buf(nonce, kNonce);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_encrypt(
          nonce + kNonce, &written, reinterpret_cast<const unsigned char*>(plain.data()),
          plain.size(), reinterpret_cast<const unsigned char*>(name.data()), name.size(), nullptr,
          nonce, seal_key_.data()) != 0) {
    return fail(Error::internal("encryption failed"));
  }
  const auto part = dir_ / (name + ".part");
  if (!write_durably(part, out)) {
    std::error_code ec;
    std::filesystem::remove(part, ec);
    return fail(Error::storage("cannot write an attachment"));
  }
  std::error_code ec;
  std::filesystem::rename(part, dir_ / name, ec);
  if (ec) return fail(Error::storage("cannot write an attachment"));
  return {};
}

Result<std::string> SealedFileVault::put(std::string_view content,
                                         const std::optional<std::string>& thumbnail) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(content.data()),
                     content.size(), name_key_.data(), name_key_.size());
  const std::string id = sodium::to_hex(digest, sizeof digest);
  if (contains(id)) {
    // Uploaded again: its time for the sweep of unclaimed files starts anew.
    std::error_code ec;
    std::filesystem::last_write_time(dir_ / file_name(id, false),
                                     std::filesystem::file_time_type::clock::now(), ec);
  } else {
    // The thumbnail first: an id whose content exists always has its thumbnail.
    if (thumbnail) {
      if (auto st = write_sealed(file_name(id, true), *thumbnail); !st) return fail(st.error());
    }
    if (auto st = write_sealed(file_name(id, false), content); !st) return fail(st.error());
  }
  return id;
}

Result<std::string> SealedFileVault::get(std::string_view id, bool thumbnail) const {
  if (!valid_id(id)) return fail(not_there(id));
  const std::string name = file_name(id, thumbnail);
  std::ifstream in(dir_ / name, std::ios::binary);
  if (!in) return fail(not_there(id));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string sealed = buffer.str();
  if (sealed.size() < kMagic.size() + kNonce + kTag || !sealed.starts_with(kMagic)) {
    return fail(not_there(id));
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data() + kMagic.size());
  std::string plain(sealed.size() - kMagic.size() - kNonce - kTag, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr, nonce + kNonce,
          sealed.size() - kMagic.size() - kNonce,
          reinterpret_cast<const unsigned char*>(name.data()), name.size(), nonce,
          seal_key_.data()) != 0) {
    return fail(not_there(id));
  }
  plain.resize(length);
  return plain;
}

bool SealedFileVault::contains(std::string_view id) const {
  std::error_code ec;
  return valid_id(id) && std::filesystem::is_regular_file(dir_ / file_name(id, false), ec);
}

}  // namespace hotline
