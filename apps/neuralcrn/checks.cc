#include <cmath>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "neuralcrn/core/error.h"

namespace ncrn::cli {

namespace {

CLI::Validator NumberCheck(bool allow_zero) {
  const std::string what = allow_zero ? "a finite number >= 0" : "a finite number > 0";
  return CLI::Validator(
      [allow_zero, what](std::string& s) -> std::string {
        std::size_t used = 0;
        double v = 0;
        try {
          v = std::stod(s, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        const bool ok =
            used == s.size() && used > 0 && std::isfinite(v) && (allow_zero ? v >= 0 : v > 0);
        return ok ? std::string() : "expected " + what + ", got '" + s + "'";
      },
      allow_zero ? "NUMBER>=0" : "NUMBER>0");
}

}  // namespace

const CLI::Validator& NonNegative() {
  static const CLI::Validator v = NumberCheck(true);
  return v;
}

const CLI::Validator& Positive() {
  static const CLI::Validator v = NumberCheck(false);
  return v;
}

void RefuseOverwritingInput(const std::string& input, const std::string& output,
                            const std::string& option) {
  std::error_code ec;  // a path that does not exist is not the same file
  if (output.empty() || !std::filesystem::equivalent(input, output, ec)) return;
  throw InputError(
      fmt::format("{} {} is the input file {}; writing there would destroy it (choose "
                  "another output name)",
                  option, output, input));
}

}  // namespace ncrn::cli
