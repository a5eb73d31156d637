#pragma once
// BioNetGen language (BNGL), export only: a plain reaction network (molecule types without
// components, one rule per reaction, `Molecules` observables for every species).
//
// Rate law. BioNetGen divides the rate of a rule with identical reactant patterns by their
// symmetry factor: `A() + A() -> B() k` generates a reaction of rate 0.5*k*[A]^2 (combinatoric
// convention, k * prod x^nu / nu!; see RuleWorld/bionetgen issue #104: SBML `A + A -> B` with law
// k1*A*A must become `A() + A() -> B() 2*k1`). So the writer, for a kMassAction network, multiplies
// each rate by prod nu! (only reactions with a repeated reactant change) to keep the ODEs, and says
// so in a comment. The empty complex is BNGL's `0`. Species names outside [A-Za-z_][A-Za-z0-9_]*
// are renamed (listed in comments).
#include <string>

#include "neuralcrn/core/crn.h"

namespace ncrn {

std::string FormatBngl(const Crn& crn);

}  // namespace ncrn
