// The shipped paper ODEs, compiled in the authors' conventions, give exactly the authors'
// networks as executed (data/catalyst/*.jl, written from reference notes 1.3): same reactions,
// same rate constants, same rate law (Catalyst's combinatoric law with uncompensated rates).
#include <map>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "neuralcrn/compile/compiler.h"
#include "neuralcrn/io/catalyst.h"
#include "neuralcrn/ode/ode_parser.h"

namespace ncrn {
namespace {

std::string Src(const std::string& rel) { return std::string(NCRN_SOURCE_DIR) + "/" + rel; }

std::string Side(const Crn& crn, const Complex& c,
                 const std::function<std::string(const std::string&)>& rename) {
  std::vector<std::string> parts;
  for (const StoichTerm& t : c)
    parts.push_back(fmt::format("{}*{}", t.count, rename(crn.name(t.species))));
  std::sort(parts.begin(), parts.end());
  return fmt::format("{}", fmt::join(parts, " + "));
}

std::multiset<std::string> Reactions(const Crn& crn,
                                     const std::function<std::string(const std::string&)>& rename) {
  std::multiset<std::string> out;
  for (const Reaction& r : crn.reactions()) {
    out.insert(fmt::format("{} -> {} @ {}", Side(crn, r.reactants, rename),
                           Side(crn, r.products, rename), r.rate));
  }
  return out;
}

// Authors' species names (Z1p, P12m, X3p, B2p, H1p, A1m, G13p, V2p) to ours.
std::function<std::string(const std::string&)> AuthorsToOurs(bool scalar_h) {
  return [scalar_h](const std::string& s) {
    static const std::map<char, std::string> block = {{'Z', "z"},    {'P', "theta"}, {'X', "x"},
                                                      {'B', "beta"}, {'H', "h"},     {'A', "a"},
                                                      {'G', "g"},    {'V', "v"}};
    const std::string rest = s.substr(1);
    if (s[0] == 'H' && scalar_h) return "h" + rest.substr(rest.size() - 1);  // H1p -> hp
    return block.at(s[0]) + rest;
  };
}

CompileOptions AsExecuted(double annihilation) {
  CompileOptions o;
  o.square_form = SquareForm::kReference;
  o.annihilation_rate = annihilation;
  o.annihilation_scope = AnnihilationScope::kSquared;
  o.merge_identical = false;
  o.rate_law = RateLaw::kCombinatoric;
  o.compensate_rate_law = false;
  return o;
}

TEST(ReferenceNetworksTest, ForwardEqualsTheAuthorsNetwork) {
  const CompileResult r =
      CompileOde(ReadOdeFile(Src("examples/nonlinear_forward.ode")), AsExecuted(100));
  const Crn authors = ReadCatalystFile(Src("data/catalyst/neuralcrn3d_forward.jl"));
  ASSERT_EQ(authors.num_reactions(), 99);
  EXPECT_EQ(r.crn.rate_law(), authors.rate_law());
  EXPECT_EQ(Reactions(r.crn, [](const std::string& s) { return s; }),
            Reactions(authors, AuthorsToOurs(false)));
}

TEST(ReferenceNetworksTest, BackwardEqualsTheAuthorsNetwork) {
  const CompileResult r =
      CompileOde(ReadOdeFile(Src("examples/nonlinear_backward.ode")), AsExecuted(10));
  const Crn authors = ReadCatalystFile(Src("data/catalyst/neuralcrn3d_backward.jl"));
  ASSERT_EQ(authors.num_reactions(), 267);
  EXPECT_EQ(Reactions(r.crn, [](const std::string& s) { return s; }),
            Reactions(authors, AuthorsToOurs(true)));
}

}  // namespace
}  // namespace ncrn
