// A stand-in for libFuzzer's main() where libFuzzer is not available (GCC).
// It feeds every file of the corpus directories (or single files) named on
// the command line to LLVMFuzzerTestOneInput, then `-runs=N` deterministic
// pseudo-random mutations of them: bit flips, byte changes, insertions,
// deletions, duplications and splices of two corpus files, from a fixed seed.
// No coverage feedback: it is a regression test that reaches a little past the
// seeds, best run under ASan/UBSan (HOTLINE_SANITIZE=ON).
//
//   policy_file_fuzz [-runs=N] [-seed=S] [-max_len=L] [-artifact_prefix=P] DIR|FILE...
//
// Other -flags are accepted and ignored, so libFuzzer command lines work. An
// input that crashes (signal, sanitizer report) is written to P + "crash-<n>"
// before the process dies; replay it by naming that file alone.

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define HOTLINE_HAS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define HOTLINE_HAS_SANITIZER 1
#endif
#endif
#ifdef HOTLINE_HAS_SANITIZER
#include <sanitizer/common_interface_defs.h>
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace hotline::fuzz {
namespace {

using Bytes = std::vector<uint8_t>;

// splitmix64: fully specified, so a seed means the same inputs everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n); n > 0.
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  bool one_in(size_t n) { return below(n) == 0; }

 private:
  uint64_t state_;
};

// Bytes that matter to the parsers under test (JSON, TOML, ISO-8601): a
// mutation sometimes inserts one of these instead of a random byte.
constexpr std::string_view kTokens[] = {
    "{",
    "}",
    "[",
    "]",
    "[[",
    "]]",
    "\"",
    ":",
    ",",
    "=",
    "\\",
    "\\u",
    "\\ud83d",
    "\n",
    "\r\n",
    "#",
    "'",
    "'''",
    "\"\"\"",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1e308",
    "9223372036854775808",
    "2026-02-15",
    "T10:00:00+08:00",
    "Z",
    "+08:00",
    "\xf0\xa0\xae\xb7" /* 𠮷 */,
    "\xe5\x92\xa8",
    "\xff",
    "\xc0\x80",
    "\xed\xa0\x80",
    std::string_view("\0", 1),
};

struct State {
  std::string artifact_prefix;
  const Bytes* current = nullptr;  // the input being run, for the crash file
  size_t index = 0;
};
State g_state;

// Async-signal-safe: open/write/close only.
void write_crash_input() {
  if (g_state.current == nullptr) return;
  char path[4096];
  const std::string& prefix = g_state.artifact_prefix;
  const size_t n = std::min(prefix.size(), sizeof(path) - 40);
  std::memcpy(path, prefix.data(), n);
  char suffix[40];
  // Hand-rolled decimal: snprintf is not async-signal-safe.
  char digits[24];
  size_t d = 0;
  size_t v = g_state.index;
  do {
    digits[d++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  size_t s = 0;
  for (const char c : std::string_view("crash-")) suffix[s++] = c;
  while (d > 0) suffix[s++] = digits[--d];
  suffix[s] = '\0';
  std::memcpy(path + n, suffix, s + 1);
  const int fd = ::open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    const Bytes& in = *g_state.current;
    size_t off = 0;
    while (off < in.size()) {
      const ssize_t w = ::write(fd, in.data() + off, in.size() - off);
      if (w <= 0) break;
      off += static_cast<size_t>(w);
    }
    ::close(fd);
    const char msg[] = "standalone_driver: crashing input written to ";
    (void)!::write(2, msg, sizeof(msg) - 1);
    (void)!::write(2, path, std::strlen(path));
    (void)!::write(2, "\n", 1);
  }
  g_state.current = nullptr;  // once
}

void on_signal(int sig) {
  write_crash_input();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_crash_handlers() {
  for (int sig : {SIGABRT, SIGSEGV, SIGILL, SIGFPE, SIGBUS}) std::signal(sig, on_signal);
#ifdef HOTLINE_HAS_SANITIZER
  __sanitizer_set_death_callback(write_crash_input);
#endif
}

bool read_file(const std::filesystem::path& path, Bytes& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

void mutate_once(Bytes& in, const std::vector<Bytes>& corpus, Rng& rng, size_t max_len) {
  switch (rng.below(8)) {
    case 0:  // flip a bit
      if (!in.empty()) in[rng.below(in.size())] ^= static_cast<uint8_t>(1u << rng.below(8));
      break;
    case 1:  // set a byte, often to something printable
      if (!in.empty()) {
        in[rng.below(in.size())] =
            static_cast<uint8_t>(rng.one_in(2) ? 32 + rng.below(95) : rng.below(256));
      }
      break;
    case 2: {  // insert random bytes
      const size_t at = rng.below(in.size() + 1);
      const size_t n = 1 + rng.below(4);
      for (size_t i = 0; i < n; ++i) {
        in.insert(in.begin() + static_cast<std::ptrdiff_t>(at),
                  static_cast<uint8_t>(rng.below(256)));
      }
      break;
    }
    case 3: {  // insert a token
      const std::string_view t = kTokens[rng.below(std::size(kTokens))];
      const size_t at = rng.below(in.size() + 1);
      in.insert(in.begin() + static_cast<std::ptrdiff_t>(at), t.begin(), t.end());
      break;
    }
    case 4: {  // delete a range
      if (in.empty()) break;
      const size_t at = rng.below(in.size());
      const size_t n = 1 + rng.below(std::min<size_t>(in.size() - at, 16));
      in.erase(in.begin() + static_cast<std::ptrdiff_t>(at),
               in.begin() + static_cast<std::ptrdiff_t>(at + n));
      break;
    }
    case 5: {  // duplicate a range in place
      if (in.empty()) break;
      const size_t from = rng.below(in.size());
      const size_t n = 1 + rng.below(std::min<size_t>(in.size() - from, 32));
      const Bytes chunk(in.begin() + static_cast<std::ptrdiff_t>(from),
                        in.begin() + static_cast<std::ptrdiff_t>(from + n));
      const size_t at = rng.below(in.size() + 1);
      in.insert(in.begin() + static_cast<std::ptrdiff_t>(at), chunk.begin(), chunk.end());
      break;
    }
    case 6: {  // splice: a prefix of this input and a suffix of another
      const Bytes& other = corpus[rng.below(corpus.size())];
      const size_t cut = rng.below(in.size() + 1);
      const size_t from = rng.below(other.size() + 1);
      in.resize(cut);
      in.insert(in.end(), other.begin() + static_cast<std::ptrdiff_t>(from), other.end());
      break;
    }
    default: {  // insert a chunk of another input
      const Bytes& other = corpus[rng.below(corpus.size())];
      if (other.empty()) break;
      const size_t from = rng.below(other.size());
      const size_t n = 1 + rng.below(std::min<size_t>(other.size() - from, 64));
      const size_t at = rng.below(in.size() + 1);
      in.insert(in.begin() + static_cast<std::ptrdiff_t>(at),
                other.begin() + static_cast<std::ptrdiff_t>(from),
                other.begin() + static_cast<std::ptrdiff_t>(from + n));
      break;
    }
  }
  if (in.size() > max_len) in.resize(max_len);
}

void run_one(const Bytes& input) {
  g_state.current = &input;
  // A copy of exactly `size` bytes, so ASan sees reads past the end.
  auto* data = new uint8_t[input.size() ? input.size() : 1];
  if (!input.empty()) std::memcpy(data, input.data(), input.size());
  LLVMFuzzerTestOneInput(data, input.size());
  delete[] data;
  g_state.current = nullptr;
  ++g_state.index;
}

bool flag(std::string_view arg, std::string_view name, std::string_view& value) {
  if (arg.substr(0, name.size()) != name) return false;
  value = arg.substr(name.size());
  return true;
}

int run(int argc, char** argv) {
  size_t runs = 20000;
  bool runs_given = false;
  uint64_t seed = 12345;
  size_t max_len = 65536;
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    std::string_view v;
    if (flag(arg, "-runs=", v)) {
      runs = std::strtoull(std::string(v).c_str(), nullptr, 10);
      runs_given = true;
    } else if (flag(arg, "-seed=", v)) {
      seed = std::strtoull(std::string(v).c_str(), nullptr, 10);
    } else if (flag(arg, "-max_len=", v)) {
      max_len = std::max<size_t>(1, std::strtoull(std::string(v).c_str(), nullptr, 10));
    } else if (flag(arg, "-artifact_prefix=", v)) {
      g_state.artifact_prefix = std::string(v);
    } else if (!arg.empty() && arg[0] == '-') {
      // a libFuzzer flag without meaning here
    } else {
      inputs.emplace_back(arg);
    }
  }

  // Every regular file, in a stable order.
  std::vector<std::filesystem::path> files;
  bool only_files = !inputs.empty();
  for (const auto& p : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      only_files = false;
      for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    } else if (std::filesystem::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      std::cerr << "standalone_driver: no such file or directory: " << p << "\n";
      return 2;
    }
  }
  std::sort(files.begin(), files.end());

  std::vector<Bytes> corpus;
  for (const auto& f : files) {
    Bytes b;
    if (!read_file(f, b)) {
      std::cerr << "standalone_driver: cannot read " << f << "\n";
      return 2;
    }
    if (b.size() > max_len) b.resize(max_len);
    corpus.push_back(std::move(b));
  }
  if (corpus.empty()) corpus.emplace_back();  // mutate from nothing

  const auto start = std::chrono::steady_clock::now();
  for (const auto& input : corpus) run_one(input);
  // Files only and no -runs: replay them (reproducing a crash), as libFuzzer does.
  if (only_files && !runs_given) runs = 0;
  Rng rng(seed);
  Bytes input;
  for (size_t r = 0; r < runs; ++r) {
    // Mostly a fresh corpus file, sometimes keep stacking on the last input.
    if (input.empty() || !rng.one_in(4)) input = corpus[rng.below(corpus.size())];
    const size_t n = 1 + rng.below(rng.one_in(4) ? 16 : 4);
    for (size_t k = 0; k < n; ++k) mutate_once(input, corpus, rng, max_len);
    run_one(input);
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "standalone_driver: " << corpus.size() << " corpus inputs and " << runs
            << " mutations in " << secs << " s, no crash (seed " << seed << ")\n";
  return 0;
}

}  // namespace
}  // namespace hotline::fuzz

int main(int argc, char** argv) {
  hotline::fuzz::install_crash_handlers();
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  return hotline::fuzz::run(argc, argv);
}
