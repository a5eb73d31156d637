#pragma once
// SBML (Systems Biology Markup Language) export and import through libSBML, so a network built
// here runs in COPASI, Tellurium/libRoadRunner or AMICI, and their mass-action models come in.
//
// Export (SBML Level 3 Version 2):
//   * one compartment of size 1 (id `c`); every species has `initialConcentration`,
//     hasOnlySubstanceUnits=false, boundaryCondition=false, constant=false;
//   * one global constant parameter per reaction holding its rate constant (`k1`, `k2`, ...);
//   * reactions `r1`, `r2`, ... (reversible=false) with an explicit kinetic law
//       c * k_i * prod_s S^nu_s              (RateLaw::kMassAction)
//       c * k_i * prod_s S^nu_s / prod nu_s!  (RateLaw::kCombinatoric; the divisor is an integer
//                                              literal, written only when it is > 1)
//     The factor `c` turns the concentration rate into the amount rate SBML expects, so the model
//     stays right if a user changes the compartment size.
//   * Catalysts. `X + Y -> Z + X + Y` is written with reactants X, Y and products Z, X, Y (full
//     stoichiometry on both sides) by default: the net change (products minus reactants) is what
//     every simulator uses, the reaction order is explicit in the reactant stoichiometry, and the
//     kinetic law uses the catalysts as reactants. With catalysts_as_modifiers, a species with the
//     same count on both sides is instead listed once as a modifier and left out of the reactants
//     and products (its power in the kinetic law is its count). Both simulate identically.
//   * Species names that are not valid SBML SIds (e.g. "X'" or "a.b") keep the original as the
//     SBML `name`; the `id` replaces invalid characters by '_' and is made unique with a suffix.
//   * The rate-law convention is also recorded in a model annotation
//     (<neuralcrn:crn rateLaw="..."/>), so a round trip returns the same Crn even when no reaction
//     has a repeated reactant. Other tools ignore it.
//   The written document passes libSBML's consistency checks (checked before writing; a failure
//   there is a bug and throws std::logic_error).
//
// Import (SBML Level 2 and 3, mass-action kinetics):
//   * Values are taken in the model's own units; they are not rescaled. All reacting species must
//     share one substance unit and compartments one size unit, otherwise the model is refused.
//   * Initial values become concentrations: initialConcentration as is; initialAmount / size of
//     the species' compartment. A species symbol in a kinetic law means its concentration, or its
//     amount (= concentration * volume) when hasOnlySubstanceUnits=true.
//   * A kinetic law is recognised as mass action by its MathML tree: a product/quotient of
//     numbers, parameters (local shadow global), compartment sizes and species raised to integer
//     powers. Each reactant's power must equal its stoichiometry; a species in the law that is not
//     a reactant (a modifier or a product) is a catalyst: its power is added to both sides. The
//     concentration rate constant is (amount rate) / (volume of the reaction's compartment); all
//     species of a reaction must sit in compartments of equal size. A law f - g (or c * (f - g), as
//     COPASI writes) with f mass action in the reactants and g in the products is split
//     into two reactions; other reversible laws are refused.
//   * Boundary-condition or constant species keep a constant concentration: they become catalysts
//     (count = their power in the law on both sides), which is exact.
//   * Rate-law convention: the annotation written by the exporter if present; otherwise
//     kCombinatoric if every reaction with a repeated reactant divides by the literal prod nu_s!
//     (e.g. `k*A^2/2`), else kMassAction. Rates are converted so the ODEs are always the SBML
//     model's ODEs.
//   * Species names: the SBML `name` if it is a valid, unused Crn species name, else the id.
//   * Refused with InputError naming the element (and its line): malformed XML, SBML errors from
//     libSBML's consistency checks (duplicate ids, undefined units, ...), Level 1, rules, events,
//     initial assignments, fast reactions, delays, reactions without a kinetic law, non-mass-action
//     laws (e.g. Michaelis-Menten), non-integer or variable stoichiometry, missing initial values
//     or sizes, non-constant compartments, parameters without a value, mixed units, compartments
//     of different size in one reaction, exponents above 1000. Nothing is approximated.
//     (Without rules or events, a parameter or boundary species marked non-constant cannot
//     change, so it is read as constant.)
#include <optional>
#include <string>

#include "neuralcrn/core/crn.h"

namespace ncrn {

struct SbmlWriteOptions {
  // SBML id of the model. Default "neuralcrn". Must be a valid SId.
  std::string model_id = "neuralcrn";
  // Human-readable model name (SBML `name`); empty = none. Default empty.
  std::string model_name;
  // Write pure catalysts (same count on both sides) as modifiers instead of as reactant+product.
  // Default false: full stoichiometry is the most explicit form and reads back identically in
  // every tool; true gives the enzyme-style picture some users expect. Same ODEs either way.
  bool catalysts_as_modifiers = false;

  void Validate() const;  // throws InputError for an invalid model_id
};

// A valid SBML SId made from any text: characters other than letters, digits and '_' become '_';
// a leading digit (or empty text) gets a '_' prefix. "3d-forward" -> "_3d_forward".
std::string SanitizeSbmlId(const std::string& text);

// The SBML L3V2 document text for the network.
std::string FormatSbml(const Crn& crn, const SbmlWriteOptions& options = {});
// Writes FormatSbml(crn, options) to path atomically (see atomic_file.h).
void WriteSbml(const Crn& crn, const std::string& path, const SbmlWriteOptions& options = {});

struct SbmlReadOptions {
  // Force the rate-law convention of the returned Crn (rates are converted so the ODEs are
  // unchanged). Default nullopt: take it from the annotation or detect it (see above).
  std::optional<RateLaw> rate_law;
  // Inline SBML function definitions before analysing kinetic laws (CellDesigner-style models
  // write mass action as a function call). Default true; false refuses such laws.
  bool expand_function_definitions = true;
};

// Parses SBML text; `source_name` prefixes error messages ("file:line: ...").
Crn ParseSbml(const std::string& text, const std::string& source_name = "<sbml>",
              const SbmlReadOptions& options = {});
Crn ReadSbml(const std::string& path, const SbmlReadOptions& options = {});

}  // namespace ncrn
