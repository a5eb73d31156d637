#pragma once
// Outputs never destroy earlier results: write to a temporary file in the same directory, flush,
// then rename over the target. On failure the target is untouched and no partial file is left.
// A symlink to a file keeps the link (the file it points to is replaced); devices, FIFOs and
// sockets (/dev/null, /dev/stdout, a pipe) are written through, never replaced.
#include <string>
#include <string_view>

namespace ncrn {

// Throws InputError naming the path if it cannot be written.
void WriteFileAtomic(const std::string& path, std::string_view contents);
// Reads a whole file; throws InputError naming the path if it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace ncrn
