#include "neuralcrn/io/nuskell.h"

#include <fmt/format.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/crn_text.h"
#include "text_util.h"

namespace ncrn {

Crn ParseNuskell(std::string_view text, const std::string& source_name) {
  CrnParseOptions options;
  options.default_rate = 1.0;
  options.allow_directives = false;
  options.at_concentrations = true;
  return ParseCrn(text, source_name, options);
}

Crn ReadNuskellFile(const std::string& path) { return ParseNuskell(ReadFile(path), path); }

std::string FormatNuskell(const Crn& crn) {
  const std::vector<std::string> ids = internal::MakeIdentifiers(crn, {}, /*letter_first=*/true);
  std::string out = fmt::format(
      "# Nuskell/crnsimulator CRN written by neuralcrn: {} species, {} reactions.\n"
      "# Rate law: plain mass action (k * prod x^nu){}.\n",
      crn.num_species(), crn.num_reactions(),
      crn.rate_law() == RateLaw::kCombinatoric
          ? "; the source network was combinatoric, so rates with a repeated reactant were "
            "divided by prod nu! to give the same ODEs"
          : "");
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    if (ids[s] != crn.name(s)) {
      out += fmt::format("# Species '{}' is written as {}.\n", crn.name(s), ids[s]);
    }
  }
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    out += fmt::format("{} @ initial {}\n", ids[s], internal::Num(crn.initial(s)));
  }
  for (const Reaction& r : crn.reactions()) {
    const std::string lhs = internal::JoinComplex(r.reactants, ids, " ", "");
    const std::string rhs = internal::JoinComplex(r.products, ids, " ", "");
    out +=
        fmt::format("{}{}->{}{} [k = {}]\n", lhs, lhs.empty() ? "" : " ", rhs.empty() ? "" : " ",
                    rhs, internal::Num(internal::RateIn(r, crn.rate_law(), RateLaw::kMassAction)));
  }
  return out;
}

}  // namespace ncrn
