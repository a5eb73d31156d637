#pragma once
// Visual CRN / CRNEngine `.crn` model (Microsoft Research's Visual DSD family), export only:
//
//   directive simulation { final=1; points=1000; plots=[[z1p] - [z1m]; ...] }
//   | 2.5 A                 initial concentrations (every species, so all are declared)
//   | A + B ->{1} C         reactions with the rate in braces
//
// Dual-rail readouts: every signed variable, i.e. every pair of species Vp/Vm (dual_rail.h
// naming, both present), is plotted as its value [Vp] - [Vm]; species not in a pair are plotted
// alone. CRNEngine's deterministic semantics is plain mass action, so a kCombinatoric network's
// rates are divided by prod nu! (same ODEs), as a comment states. Names outside
// [A-Za-z_][A-Za-z0-9_]* are renamed (listed in comments).
#include <string>

#include "neuralcrn/core/crn.h"

namespace ncrn {

struct VisualCrnWriteOptions {
  // Simulation end time written into the simulation directive. Default 1.
  double final_time = 1.0;
  // Number of output points. Default 1000.
  int points = 1000;
  // Plot dual-rail values [Vp] - [Vm] (default true); false plots every species alone.
  bool dual_rail_plots = true;

  void Validate() const;  // final_time > 0 and finite, points >= 1
};

std::string FormatVisualCrn(const Crn& crn, const VisualCrnWriteOptions& options = {});

}  // namespace ncrn
