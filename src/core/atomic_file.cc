#include "neuralcrn/core/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>

#include "neuralcrn/core/error.h"

namespace ncrn {

namespace {

[[noreturn]] void FailWrite(const std::string& path, const std::string& why) {
  throw InputError(fmt::format("cannot write '{}': {}", path, why));
}

// Devices, FIFOs and sockets (/dev/null, /dev/stdout, a pipe) are written through: renaming a
// file over them would replace the device itself.
void WriteThrough(const std::string& path, std::string_view contents) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) FailWrite(path, std::strerror(errno));
  const bool ok =
      std::fwrite(contents.data(), 1, contents.size(), f) == contents.size() && std::fflush(f) == 0;
  const int err = errno;
  std::fclose(f);
  if (!ok) FailWrite(path, std::strerror(err));
}

}  // namespace

void WriteFileAtomic(const std::string& path, std::string_view contents) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);  // follows symlinks
  if (fs::is_directory(st)) FailWrite(path, "it is a directory");
  if (fs::exists(st) && !fs::is_regular_file(st)) return WriteThrough(path, contents);
  // A symlink to a file: replace the file it points to and keep the link.
  const fs::path target = fs::is_symlink(fs::symlink_status(path, ec)) && fs::exists(st)
                              ? fs::canonical(path, ec)
                              : fs::path(path);
  const fs::path tmp =
      target.parent_path() / fmt::format(".{}.tmp.{}", target.filename().string(), ::getpid());
  {
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (f == nullptr) FailWrite(path, std::strerror(errno));
    const bool ok = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size() &&
                    std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    const int err = errno;
    std::fclose(f);
    if (!ok) {
      std::remove(tmp.c_str());
      FailWrite(path, std::strerror(err));
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    std::remove(tmp.c_str());
    FailWrite(path, ec.message());
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace ncrn
