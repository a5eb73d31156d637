#pragma once
// Nuskell / crnsimulator CRN text, the input of the Nuskell DNA strand-displacement compiler:
//
//   # comment
//   A + B -> C [k = 1]; 2C -> [k = 0.5]      ';' separates reactions; empty side = nothing
//   A <=> B [kf = 1, kr = 2]
//   A @ initial 2.5                          initial concentration (also "@i")
//
// Both tools read this as plain mass action (rate k * prod x^nu).
//   * Reader: a reaction without rates gets rate 1 (Nuskell's documented default); returns a
//     kMassAction Crn. Also accepts this project's extensions of the grammar ("0"/"∅" for the
//     empty complex, "<->", "//" comments). "@ constant" is refused: a species held constant has
//     no exact equivalent here. Errors: InputError "file:line:col: what (token 'x')".
//   * Writer: every species first as "X @ initial v" (v may be 0; this keeps the species order
//     and species without reactions), then one reaction per line "A + 2 B -> C [k = 1]" with the
//     rate printed exactly; the empty side is left empty. A kCombinatoric network's rates are
//     divided by prod nu! (same ODEs). Names outside [A-Za-z][A-Za-z0-9_]* are renamed; the
//     renaming is listed in comments.
#include <string>
#include <string_view>

#include "neuralcrn/core/crn.h"

namespace ncrn {

std::string FormatNuskell(const Crn& crn);
Crn ParseNuskell(std::string_view text, const std::string& source_name = "<nuskell>");
Crn ReadNuskellFile(const std::string& path);

}  // namespace ncrn
