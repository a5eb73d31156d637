#pragma once
// Catalyst.jl reaction-network DSL (https://docs.sciml.ai/Catalyst): the format the NeuralCRN
// authors published their networks in.
//
// Rate law. Catalyst's ODEs use *combinatoric* mass action, k * prod x^nu / nu! (its default;
// `combinatoric_ratelaws` is rarely turned off). Hence:
//   * the reader returns a Crn with rate_law() == kCombinatoric and the rates as written, so the
//     ODEs are exactly the ones Catalyst builds;
//   * the writer, for a kMassAction network, multiplies each rate by prod nu! (only reactions with
//     a repeated reactant change) so the Catalyst model has the same ODEs, and says so in a
//     comment line of the output.
//
// Reader: accepts
//   [name =] @reaction_network [name] begin ... end   (at most one block), or bare reaction lines;
//   reaction lines `k, A + B --> C + A + B`, `(kf, kr), A <--> B`, `k, A <-- B`, arrows
//     -->, <--, <-->, →, ←, ↔, ⟶, ⟵, ⟷, ⇄, ⇌;
//   coefficients `2A` and `2*A`, repeated species, the empty complex `∅` or `0`;
//   `@species A(t) B(t)=2.5 ...` (declares species in order; a numeric default is the initial
//     concentration);
//   `# comments`, `#= block comments =#`, `using ...` lines.
// Everything else is refused with InputError "file:line:col: what (token 'x')": rate expressions
// that are not plain non-negative numbers (parameters, functions of t or of species), other
// macros (@parameters, @variables, @equations, ...), non-mass-action arrows (=>, <=), non-integer
// stoichiometry, species names outside [A-Za-z_][A-Za-z0-9_]*, code outside the block.
//
// Writer: `@species` with every species (keeps their order and species without reactions; the
// default value is the initial concentration when nonzero), then one reaction per line with the
// rate printed exactly. Species names that are not Julia identifiers (or are reserved, e.g. `t`)
// are renamed, and the renaming is listed in comments.
#include <string>

#include "neuralcrn/core/crn.h"

namespace ncrn {

struct CatalystWriteOptions {
  // Julia name of the network (`name = @reaction_network name begin`). Default "neuralcrn".
  // Characters outside [A-Za-z0-9_] are replaced by '_'.
  std::string network_name = "neuralcrn";
};

std::string FormatCatalyst(const Crn& crn, const CatalystWriteOptions& options = {});
Crn ParseCatalyst(std::string_view text, const std::string& source_name = "<catalyst>");
Crn ReadCatalystFile(const std::string& path);

}  // namespace ncrn
