#include "neuralcrn/core/error.h"

#include <fmt/format.h>

namespace ncrn {

std::string Where(const std::string& file, int line, int column) {
  std::string s = file.empty() ? "<input>" : file;
  if (line > 0) s += fmt::format(":{}", line);
  if (column > 0) s += fmt::format(":{}", column);
  return s + ": ";
}

}  // namespace ncrn
