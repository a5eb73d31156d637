#include "neuralcrn/core/number_text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "neuralcrn/core/error.h"

namespace ncrn {

bool IsNumberWord(std::string_view word) {
  std::string lower(word);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return lower == "inf" || lower == "nan" || lower == "infinity";
}

std::optional<ParsedNumber> ParseNumberText(std::string_view text) {
  double v = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (p != end || text.empty()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // Overflow (1e999) or underflow (1e-400): strtod tells them apart by its value (+-HUGE_VAL,
    // or 0 / a subnormal, which is representable and kept). The whole text is a decimal
    // number here, so strtod reads what from_chars matched.
    const double d = std::strtod(std::string(text).c_str(), nullptr);
    return ParsedNumber{d, std::fabs(d) == HUGE_VAL, d == 0};
  }
  if (ec != std::errc()) return std::nullopt;
  return ParsedNumber{v, false, false};
}

double ParseNonNegativeNumber(std::string_view text, std::string_view what) {
  auto fail = [&](std::string_view why) {
    throw InputError(fmt::format("{}: '{}' {}", what, text, why));
  };
  const std::optional<ParsedNumber> n =
      ParseNumberText(text.starts_with('+') ? text.substr(1) : text);
  if (!n) fail("is not a number");
  if (std::isnan(n->value)) fail("is NaN");
  if (n->overflow) fail(kOverflowReason);
  if (std::isinf(n->value)) fail("is infinite");
  if (n->underflow) fail(kUnderflowReason);
  if (n->value < 0) fail("is negative; it must be >= 0");
  return n->value == 0 ? 0.0 : n->value;  // -0 is 0
}

}  // namespace ncrn
