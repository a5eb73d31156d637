#pragma once
// The plain-text CRN format (".crn"), the one molecular programmers already write:
//
//   # comment (also // ...)
//   A + B -> C + A + B [k = 1]     catalytic reaction, rate 1
//   2A -> B [k=0.5]; A + A -> B    coefficients "2A", "2 A" or repeats; ';' separates statements
//   X -> 0 [k = 1]                 empty complex: 0, ∅ or nothing
//   A <=> B [kf = 1, kr = 2]       reversible (also <->): two reactions
//   init A = 2.5                   initial concentration; species not given start at 0
//   ratelaw combinatoric           optional; default mass-action (see rate_law.h)
//
// A reaction without a rate is an error (rates are never silently defaulted).
#include <string>
#include <string_view>

#include "neuralcrn/core/crn.h"

namespace ncrn {

// Parses the text; errors are InputError "source:line:col: message (token 'x')".
Crn ParseCrn(std::string_view text, const std::string& source_name = "<input>");
Crn ReadCrnFile(const std::string& path);

// Canonical text: ratelaw line (if not default), init lines for nonzero initial values, then one
// reaction per line with the rate printed exactly (round trip gives an identical Crn).
std::string FormatCrn(const Crn& crn);
void WriteCrnFile(const Crn& crn, const std::string& path);  // atomic (see atomic_file.h)

}  // namespace ncrn
