#pragma once
// Numbers as every text input reads them (.crn files, command-line values): the whole text is
// one decimal number, e.g. 2, -1.5, 3e-4, with no spaces, hex or trailing characters. "inf" and
// "nan" parse (callers reject them in their own words). Values beyond the double range are
// flagged rather than silently turned into infinity or 0.
#include <optional>
#include <string_view>

namespace ncrn {

struct ParsedNumber {
  double value = 0;
  bool overflow = false;   // beyond the largest double (1e999); value is +-HUGE_VAL
  bool underflow = false;  // nonzero but below the smallest subnormal (1e-400); value is 0
};

// How InputError messages say what is wrong with such a value ("<what> overflows: ...").
inline constexpr std::string_view kOverflowReason =
    "overflows: it is larger than the largest double (about 1.8e308)";
inline constexpr std::string_view kUnderflowReason =
    "underflows: it is nonzero but smaller than the smallest positive double (about 4.9e-324), "
    "so it would silently become 0";

// inf, nan, infinity in any case: words that read as numbers, here and in other CRN tools, so
// they cannot name a species or a variable.
bool IsNumberWord(std::string_view word);

// nullopt if `text` is not a number. A leading '+' is not part of a number (callers that
// accept one skip it).
std::optional<ParsedNumber> ParseNumberText(std::string_view text);

// A value that must be a finite number >= 0 (a leading '+' allowed). Throws InputError
// "<what>: ..." saying what is wrong (not a number, negative, infinite, NaN, overflow,
// underflow).
double ParseNonNegativeNumber(std::string_view text, std::string_view what);

}  // namespace ncrn
