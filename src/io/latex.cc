#include "neuralcrn/io/latex.h"

#include <fmt/format.h>

#include "neuralcrn/core/dual_rail.h"
#include "text_util.h"

namespace ncrn {
namespace {

std::string Escape(std::string_view s) {
  std::string o;
  for (char c : s) {
    if (c == '_') {
      o += "\\_";
    } else {
      o += c;
    }
  }
  return o;
}

// "1e-05" -> "1 \times 10^{-5}"; plain numbers unchanged.
std::string LatexNumber(double v) {
  std::string s = internal::Num(v);
  const size_t e = s.find('e');
  if (e == std::string::npos) return s;
  std::string mant = s.substr(0, e), ex = s.substr(e + 1);
  if (!ex.empty() && ex[0] == '+') ex.erase(0, 1);
  const bool neg = !ex.empty() && ex[0] == '-';
  if (neg) ex.erase(0, 1);
  while (ex.size() > 1 && ex[0] == '0') ex.erase(0, 1);
  const std::string pow = fmt::format("10^{{{}{}}}", neg ? "-" : "", ex);
  return mant == "1" ? pow : mant + " \\times " + pow;
}

}  // namespace

std::string FormatLatexTable(const Crn& crn, const LatexWriteOptions& options) {
  std::vector<std::string> names(crn.num_species());
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    names[s] = fmt::format("\\mathrm{{{}}}", Escape(crn.name(s)));
    if (!options.rail_superscripts) continue;
    if (auto rail = SplitRailName(crn.name(s))) {
      if (crn.Find(RailName(rail->variable, Opposite(rail->rail)))) {
        names[s] = fmt::format("\\mathrm{{{}}}^{{{}}}", Escape(rail->variable),
                               rail->rail == Rail::kPlus ? "+" : "-");
      }
    }
  }
  const std::string law = crn.rate_law() == RateLaw::kMassAction
                              ? "mass action, rate $k\\prod_s x_s^{\\nu_s}$"
                              : "combinatoric mass action, rate $k\\prod_s x_s^{\\nu_s}/\\nu_s!$";
  const std::string caption =
      options.caption.empty()
          ? fmt::format("Reactions of the network ({} species, {} reactions; {}).",
                        crn.num_species(), crn.num_reactions(), law)
          : options.caption;
  std::string out =
      "% Reaction table written by neuralcrn. Needs \\usepackage{booktabs} and "
      "\\usepackage{longtable}.\n"
      "\\begin{longtable}{rlcll}\n";
  out += fmt::format("\\caption{{{}}}\\\\\n", caption);
  out +=
      "\\toprule\n\\# & Reactants & & Products & $k$ \\\\\n\\midrule\n\\endhead\n"
      "\\bottomrule\n\\endfoot\n";
  for (int i = 0; i < crn.num_reactions(); ++i) {
    const Reaction& r = crn.reactions()[i];
    out += fmt::format("{} & ${}$ & $\\rightarrow$ & ${}$ & ${}$ \\\\\n", i + 1,
                       internal::JoinComplex(r.reactants, names, "\\,", "\\varnothing"),
                       internal::JoinComplex(r.products, names, "\\,", "\\varnothing"),
                       LatexNumber(r.rate));
  }
  out += "\\end{longtable}\n";
  return out;
}

}  // namespace ncrn
