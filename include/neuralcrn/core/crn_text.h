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
//   species A B C                  optional declaration (fixes the order; species may have no
//                                  reactions)
//
// A reaction without a rate is an error (rates are never silently defaulted). Species are numbered
// in order of first appearance. A coefficient is an integer >= 1 ("2A" or "2 A"); the empty
// complex "0" / "∅" stands alone on its side. Rates and initial values must be finite and >= 0.
// A statement containing an arrow is a reaction, so "init", "species" and "ratelaw" can still be
// species names inside reactions.
#include <optional>
#include <string>
#include <string_view>

#include "neuralcrn/core/crn.h"

namespace ncrn {

// Parses the text; errors are InputError "source:line:col: message (token 'x')".
Crn ParseCrn(std::string_view text, const std::string& source_name = "<input>");

// Variants of the grammar for readers of related formats (io/nuskell_text.h).
struct CrnParseOptions {
  // Rate used when a reaction has none. Default: none (a missing rate is an error). Nuskell's
  // format defaults rates to 1; only set this when the source format says so.
  std::optional<double> default_rate;
  // Accept the "init", "species" and "ratelaw" statements. Default true.
  bool allow_directives = true;
  // Accept Nuskell/crnsimulator initial values "A @ initial 2.5" (also "@i"). "@constant"/"@c"
  // (a species held constant) has no exact equivalent here and is refused. Default false.
  bool at_concentrations = false;
};
Crn ParseCrn(std::string_view text, const std::string& source_name, const CrnParseOptions& options);
Crn ReadCrnFile(const std::string& path);

// Canonical text: ratelaw line (if not default), init lines for nonzero initial values, then one
// reaction per line with the rate printed exactly (round trip gives an identical Crn).
std::string FormatCrn(const Crn& crn);
void WriteCrnFile(const Crn& crn, const std::string& path);  // atomic (see atomic_file.h)

// "2 A + B" ("0" for the empty complex), the way FormatCrn writes a side of a reaction.
std::string FormatComplex(const Crn& crn, const Complex& c);

}  // namespace ncrn
