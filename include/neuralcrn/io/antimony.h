#pragma once
// Antimony (the human-readable model language of Tellurium/libRoadRunner), export only.
//
//   model neuralcrn
//     species A, B, C;
//     J1: A + B -> C + A + B; k1*A*B;
//     A = 2.5; ...; k1 = 1;
//   end
//
// Every reaction carries its explicit kinetic law, so the network's rate-law convention is kept
// exactly: k*A^2 for kMassAction, k*A^2/2 for kCombinatoric (the divisor prod nu! is written only
// when > 1). Species ids that are not Antimony identifiers (or clash with keywords or the
// generated J*/k* names) are renamed and the species' original name is kept as its display name
// (`A is "A'"`). Every species gets an initial value (0 if not set).
#include <string>

#include "neuralcrn/core/crn.h"

namespace ncrn {

struct AntimonyWriteOptions {
  // Model id. Default "neuralcrn"; characters outside [A-Za-z0-9_] become '_'.
  std::string model_name = "neuralcrn";
};

std::string FormatAntimony(const Crn& crn, const AntimonyWriteOptions& options = {});

}  // namespace ncrn
