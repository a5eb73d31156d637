#include "neuralcrn/io/bngl.h"

#include <set>

#include <fmt/format.h>

#include "text_util.h"

namespace ncrn {
namespace {
// BNGL has no stoichiometric coefficients: 2A is written A() + A().
std::string BnglComplex(const Complex& c, const std::vector<std::string>& mols) {
  if (c.empty()) return "0";
  std::string s;
  for (const StoichTerm& t : c) {
    for (int i = 0; i < t.count; ++i) s += (s.empty() ? "" : " + ") + mols[t.species];
  }
  return s;
}
}  // namespace

std::string FormatBngl(const Crn& crn) {
  std::set<std::string> reserved;
  for (int i = 1; i <= crn.num_reactions(); ++i) reserved.insert(fmt::format("k{}", i));
  const std::vector<std::string> ids = internal::MakeIdentifiers(crn, reserved);
  std::vector<std::string> mols(ids.size());
  for (size_t s = 0; s < ids.size(); ++s) mols[s] = ids[s] + "()";

  std::string out = fmt::format("# BNGL model written by neuralcrn: {} species, {} reactions.\n",
                                crn.num_species(), crn.num_reactions());
  if (crn.rate_law() == RateLaw::kMassAction) {
    out +=
        "# Rate law: this network uses plain mass action (k * prod x^nu). BioNetGen divides the "
        "rate of a rule with identical reactants by their symmetry factor (k * prod x^nu / "
        "nu!), so each rate with a repeated reactant is multiplied by prod nu! here to give "
        "the same ODEs.\n";
  } else {
    out +=
        "# Rate law: combinatoric mass action (k * prod x^nu / nu!), which is BioNetGen's "
        "symmetry-factor convention: rates are as in the source network.\n";
  }
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    if (ids[s] != crn.name(s)) {
      out += fmt::format("# Species '{}' is written as {}.\n", crn.name(s), ids[s]);
    }
  }
  out += "begin model\nbegin parameters\n";
  for (int i = 0; i < crn.num_reactions(); ++i) {
    const Reaction& r = crn.reactions()[i];
    out += fmt::format("  k{} {}\n", i + 1,
                       internal::Num(internal::RateIn(r, crn.rate_law(), RateLaw::kCombinatoric)));
  }
  out += "end parameters\nbegin molecule types\n";
  for (const std::string& m : mols) out += "  " + m + "\n";
  out += "end molecule types\nbegin seed species\n";
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    out += fmt::format("  {} {}\n", mols[s], internal::Num(crn.initial(s)));
  }
  out += "end seed species\nbegin observables\n";
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    out += fmt::format("  Molecules obs_{} {}\n", ids[s], mols[s]);
  }
  out += "end observables\nbegin reaction rules\n";
  for (int i = 0; i < crn.num_reactions(); ++i) {
    const Reaction& r = crn.reactions()[i];
    out += fmt::format("  r{}: {} -> {} k{}\n", i + 1, BnglComplex(r.reactants, mols),
                       BnglComplex(r.products, mols), i + 1);
  }
  out += "end reaction rules\nend model\n";
  return out;
}

}  // namespace ncrn
