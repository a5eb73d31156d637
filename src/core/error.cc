#include "neuralcrn/core/error.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace ncrn {

std::string Where(const std::string& file, int line, int column) {
  std::string s = file.empty() ? "<input>" : file;
  if (line > 0) s += fmt::format(":{}", line);
  if (column > 0) s += fmt::format(":{}", column);
  return s + ": ";
}

namespace {

// Length of the valid UTF-8 sequence at s[i] (2-4), or 0 if there is none.
std::size_t Utf8Length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const std::size_t n = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

std::string ListNames(std::vector<std::string> names, std::size_t max) {
  const std::size_t total = names.size();
  if (total <= max) return fmt::format("{}", fmt::join(names, ", "));
  names.resize(max);
  return fmt::format("{}, ... ({} in all)", fmt::join(names, ", "), total);
}

std::string TokenSuffix(std::string_view token) {
  std::string out = " (token '";
  for (std::size_t i = 0; i < token.size();) {
    const auto b = static_cast<unsigned char>(token[i]);
    if (b >= 0x20 && b < 0x7F) {
      out += token[i++];
    } else if (const std::size_t n = b >= 0x80 ? Utf8Length(token, i) : 0; n > 0) {
      out.append(token.substr(i, n));
      i += n;
    } else {
      out += fmt::format("\\x{:02X}", b);
      ++i;
    }
  }
  return out + "')";
}

}  // namespace ncrn
