#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "commands.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/core/number_text.h"

namespace ncrn::cli {

namespace {

// Numbers read as the file formats read them (number_text.h): no hex, no spaces, no values
// that overflow or underflow.
CLI::Validator NumberCheck(bool allow_zero) {
  const std::string what = allow_zero ? "a finite number >= 0" : "a finite number > 0";
  return CLI::Validator(
      [allow_zero, what](std::string& s) -> std::string {
        const std::string_view text = std::string_view(s).substr(s.starts_with('+') ? 1 : 0);
        const std::optional<ParsedNumber> n = ParseNumberText(text);
        const bool ok = n && !n->underflow && std::isfinite(n->value) &&
                        (allow_zero ? n->value >= 0 : n->value > 0);
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

namespace {

bool HasExtension(const std::string& path, std::initializer_list<const char*> extensions) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return std::any_of(extensions.begin(), extensions.end(), [&](const char* e) { return ext == e; });
}

}  // namespace

void RefuseWrongKindOfFile(const std::string& path, InputKind expected) {
  if (expected == InputKind::kNetwork && HasExtension(path, {".ode"})) {
    throw InputError(fmt::format(
        "{}: an ODE file, not a reaction network; compile it first: neuralcrn compile {} -o "
        "NAME.crn, then use NAME.crn",
        path, path));
  }
  if (expected == InputKind::kOde &&
      HasExtension(path, {".crn", ".jl", ".xml", ".sbml", ".bngl"})) {
    throw InputError(
        fmt::format("{}: a reaction network, not an ODE file; 'compile' reads .ode files "
                    "(docs/ode-language.md), and 'simulate' and 'export' read networks directly",
                    path));
  }
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
