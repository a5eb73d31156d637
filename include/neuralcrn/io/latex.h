#pragma once
// A LaTeX table of the reactions (booktabs + longtable, so networks of hundreds of reactions
// break across pages): number, reactants, arrow, products, rate constant; species in \mathrm
// with dual-rail names shown as V^{+} / V^{-} when both rails exist. The rate-law convention is
// stated in the caption.
#include <string>

#include "neuralcrn/core/crn.h"

namespace ncrn {

struct LatexWriteOptions {
  // Table caption (LaTeX text). Default empty: "Reactions of the network (N species, M
  // reactions; <rate law>)".
  std::string caption;
  // Show dual-rail pairs Vp/Vm as V^{+}/V^{-}. Default true.
  bool rail_superscripts = true;
};

std::string FormatLatexTable(const Crn& crn, const LatexWriteOptions& options = {});

}  // namespace ncrn
