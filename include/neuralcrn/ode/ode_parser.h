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
//
// Operators, loosest first: binary + -; then * (also @: matrix product, scalar broadcast) and .*
// (also ⊙: element-wise), one level, left to right; unary - +; ^ (integer power 0..16,
// element-wise); postfix ' (transpose).
// T(e) also transposes. z[2] and theta[1,2] pick elements (1-based).
// Errors are InputError "file:line:col: message (token 'x')".
// Limits (bad input never hangs): blocks up to 10^6 elements, nesting depth 256.
#include <string>
#include <string_view>

#include "neuralcrn/ode/ode_system.h"

namespace ncrn {

OdeSystem ParseOde(std::string_view text, const std::string& source_name = "<input>");
OdeSystem ReadOdeFile(const std::string& path);

}  // namespace ncrn
