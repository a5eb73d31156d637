#include "neuralcrn/io/visual_crn.h"

#include <cmath>

#include <fmt/format.h>

#include "neuralcrn/core/dual_rail.h"
#include "neuralcrn/core/error.h"
#include "text_util.h"

namespace ncrn {

void VisualCrnWriteOptions::Validate() const {
  if (!std::isfinite(final_time) || final_time <= 0) {
    throw InputError(
        fmt::format("Visual CRN final time must be finite and > 0, got {}", final_time));
  }
  if (points < 1) throw InputError(fmt::format("Visual CRN points must be >= 1, got {}", points));
}

std::string FormatVisualCrn(const Crn& crn, const VisualCrnWriteOptions& options) {
  options.Validate();
  const std::vector<std::string> ids = internal::MakeIdentifiers(crn, {});
  std::string out =
      fmt::format("// Visual CRN model written by neuralcrn: {} species, {} reactions.\n",
                  crn.num_species(), crn.num_reactions());
  out += fmt::format("// Rate law: plain mass action (k * prod x^nu){}.\n",
                     crn.rate_law() == RateLaw::kCombinatoric
                         ? "; the source network was combinatoric, so rates with a repeated "
                           "reactant were divided by prod nu! to give the same ODEs"
                         : "");
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    if (ids[s] != crn.name(s)) {
      out += fmt::format("// Species '{}' is written as {}.\n", crn.name(s), ids[s]);
    }
  }
  // Plots: a signed variable V (both Vp and Vm present) as [Vp] - [Vm], at the place of its first
  // rail; other species alone.
  std::vector<std::string> plots;
  std::vector<bool> done(crn.num_species(), false);
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    if (done[s]) continue;
    done[s] = true;
    if (options.dual_rail_plots) {
      if (auto rail = SplitRailName(crn.name(s))) {
        if (auto other = crn.Find(RailName(rail->variable, Opposite(rail->rail)))) {
          done[*other] = true;
          const SpeciesId p = rail->rail == Rail::kPlus ? s : *other;
          const SpeciesId m = rail->rail == Rail::kPlus ? *other : s;
          plots.push_back(fmt::format("[{}] - [{}]", ids[p], ids[m]));
          continue;
        }
      }
    }
    plots.push_back(ids[s]);
  }
  out += fmt::format("directive simulation {{ final={}; points={}; plots=[{}] }}\n",
                     internal::Num(options.final_time), options.points, fmt::join(plots, "; "));
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    out += fmt::format("| {} {}\n", internal::Num(crn.initial(s)), ids[s]);
  }
  for (const Reaction& r : crn.reactions()) {
    const std::string lhs = internal::JoinComplex(r.reactants, ids, " ", "");
    const std::string rhs = internal::JoinComplex(r.products, ids, " ", "");
    out += fmt::format("| {}{}->{{{}}}{}{}\n", lhs, lhs.empty() ? "" : " ",
                       internal::Num(internal::RateIn(r, crn.rate_law(), RateLaw::kMassAction)),
                       rhs.empty() ? "" : " ", rhs);
  }
  return out;
}

}  // namespace ncrn
