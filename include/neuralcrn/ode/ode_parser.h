#pragma once
// The ODE text language (".ode"); full reference in docs/ode-language.md. In short:
//
//   # comment (also // ...); statements end at a newline or ';'
//   vector z[3]                     declares z1..z3 (column vector)
//   matrix theta[3,3]               declares theta11..theta33 (theta1_10 style past 9)
//   scalar h                        declares h (undeclared names in expressions are scalars too)
//   nonneg x[2]                     declares the non-negative vector x1, x2 (single-rail);
//                                   also `nonneg h`, `nonneg m[2,2]`, `nonneg vector x[2]`
//   dz/dt = h + (theta*x) .* z - z .* z
//   dz1/dt = p11*z1 + p12*z2        scalar form;  `d z/dt` also accepted
//   init z = [0.5, -1, 2]           init theta = [[1, 2], [3, 4]]  (or [1, 2; 3, 4]); init z1 = 0.5
//                                   (a name no equation uses and nothing declares is an error)
//
// Operators, loosest first: binary + -; then * (also @: matrix product, scalar broadcast) and .*
// (also ⊙: element-wise), one level, left to right; unary - +; ^ (integer power 0..16,
// element-wise); postfix ' (transpose).
// T(e) also transposes. z[2] and theta[1,2] pick elements (1-based).
// Errors are InputError "file:line:col: message (token 'x')".
// Limits (bad input never hangs): blocks up to 10^6 elements, nesting depth 256, and the size of
// an expansion (OdeParseOptions::max_terms).
#include <string>
#include <string_view>

#include "neuralcrn/ode/ode_system.h"

namespace ncrn {

struct OdeParseOptions {
  // The most monomials one product or power step may form while it is multiplied out (before
  // like terms merge; summed over the elements of a vector or matrix). Above it the parser stops
  // with InputError naming the operator instead of expanding (and then compiling) for minutes:
  // (m*z)^16 with an 8x8 m would form ~11 million terms in its last step; it stops at the 8th
  // factor. Default 200000 (a fraction of a second of expansion); raise it for genuinely large
  // systems (`neuralcrn compile --max-terms`). At least 1.
  long max_terms = 200000;
  void Validate() const;  // throws InputError
};

OdeSystem ParseOde(std::string_view text, const std::string& source_name = "<input>",
                   const OdeParseOptions& options = {});
OdeSystem ReadOdeFile(const std::string& path, const OdeParseOptions& options = {});

}  // namespace ncrn
