#include "neuralcrn/io/antimony.h"

#include <cctype>
#include <set>

#include <fmt/format.h>

#include "text_util.h"

namespace ncrn {

std::string FormatAntimony(const Crn& crn, const AntimonyWriteOptions& options) {
  std::string model;
  for (unsigned char c : options.model_name) model += std::isalnum(c) || c == '_' ? char(c) : '_';
  if (model.empty() || std::isdigit(static_cast<unsigned char>(model[0])))
    model = fmt::format("m_{}", model);

  std::set<std::string> reserved = {"model",
                                    "end",
                                    "species",
                                    "compartment",
                                    "at",
                                    "in",
                                    "is",
                                    "var",
                                    "const",
                                    "function",
                                    "import",
                                    "formula",
                                    "unit",
                                    "has",
                                    "delete",
                                    "DNA",
                                    "gene",
                                    "operator",
                                    "reaction",
                                    "and",
                                    "or",
                                    "not",
                                    "xor",
                                    "time",
                                    "true",
                                    "false",
                                    "pi",
                                    "exponentiale",
                                    "avogadro",
                                    "infinity",
                                    "notanumber",
                                    "inf",
                                    "nan",
                                    "INF",
                                    "NaN",
                                    "e",
                                    "E",
                                    "default_compartment",
                                    "substanceOnly",
                                    "after",
                                    "before",
                                    "priority",
                                    "fromTrigger",
                                    "persistent",
                                    "t0",
                                    "model_entity_is"};
  reserved.insert(model);
  for (int i = 1; i <= crn.num_reactions(); ++i) {
    reserved.insert(fmt::format("J{}", i));
    reserved.insert(fmt::format("k{}", i));
  }
  const std::vector<std::string> ids = internal::MakeIdentifiers(crn, reserved);

  std::string out = fmt::format(
      "// Antimony model written by neuralcrn: {} species, {} reactions.\n"
      "// Rate law: {} mass action; each kinetic law below is explicit, so any simulator gets the "
      "same ODEs.\n",
      crn.num_species(), crn.num_reactions(),
      crn.rate_law() == RateLaw::kMassAction ? "plain (k * prod x^nu)"
                                             : "combinatoric (k * prod x^nu / nu!)");
  out += fmt::format("model {}\n", model);
  if (crn.num_species() > 0) {
    out += "  species ";
    for (SpeciesId s = 0; s < crn.num_species(); ++s)
      out += fmt::format("{}{}", s ? ", " : "", ids[s]);
    out += ";\n";
  }
  for (int i = 0; i < crn.num_reactions(); ++i) {
    const Reaction& r = crn.reactions()[i];
    std::string law = fmt::format("k{}", i + 1);
    for (const StoichTerm& t : r.reactants) {
      law += "*" + ids[t.species];
      if (t.count > 1) law += fmt::format("^{}", t.count);
    }
    const double divisor = internal::CombinatoricFactor(r);
    if (crn.rate_law() == RateLaw::kCombinatoric && divisor > 1) {
      law += "/" + internal::Num(divisor);
    }
    const std::string lhs = internal::JoinComplex(r.reactants, ids, " ", "");
    out += fmt::format("  J{}: {}{}-> {}; {};\n", i + 1, lhs, lhs.empty() ? "" : " ",
                       internal::JoinComplex(r.products, ids, " ", ""), law);
  }
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    out += fmt::format("  {} = {};\n", ids[s], internal::Num(crn.initial(s)));
  }
  for (int i = 0; i < crn.num_reactions(); ++i) {
    out += fmt::format("  k{} = {};\n", i + 1, internal::Num(crn.reactions()[i].rate));
  }
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    if (ids[s] != crn.name(s)) out += fmt::format("  {} is \"{}\";\n", ids[s], crn.name(s));
  }
  out += "end\n";
  return out;
}

}  // namespace ncrn
