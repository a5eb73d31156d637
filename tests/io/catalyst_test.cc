#include "neuralcrn/io/catalyst.h"

#include <string>

#include <gtest/gtest.h>

#include "io_test_util.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

std::string ErrorOf(const std::string& text) {
  try {
    ParseCatalyst(text, "n.jl");
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

const std::string kData = "/work/shared/data/catalyst/";

TEST(CatalystTest, AuthorsForwardNetwork) {
  const Crn crn = ReadCatalystFile(kData + "neuralcrn3d_forward.jl");
  EXPECT_EQ(crn.num_species(), 42);
  EXPECT_EQ(crn.num_reactions(), 99);
  EXPECT_EQ(crn.rate_law(), RateLaw::kCombinatoric);
  // "1, Z1p + Z1p --> Z1p" is one reaction with reactant stoichiometry 2.
  const SpeciesId z1p = crn.Id("Z1p");
  int found = 0;
  for (const Reaction& r : crn.reactions()) {
    if (r.reactants == Complex{{z1p, 2}} && r.products == Complex{{z1p, 1}}) {
      ++found;
      EXPECT_EQ(r.rate, 1.0);
    }
  }
  EXPECT_EQ(found, 1);
  // The annihilation reactions carry rate 100.
  int annihilation = 0;
  for (const Reaction& r : crn.reactions()) annihilation += r.rate == 100 && r.products.empty();
  EXPECT_EQ(annihilation, 3);
}

TEST(CatalystTest, AuthorsBackwardNetwork) {
  const Crn crn = ReadCatalystFile(kData + "neuralcrn3d_backward.jl");
  EXPECT_EQ(crn.num_species(), 68);
  EXPECT_EQ(crn.num_reactions(), 267);
}

TEST(CatalystTest, ReactionLineForms) {
  const Crn crn = ParseCatalyst(
      "using Catalyst\n"
      "#= a block\n comment =#\n"
      "rn = @reaction_network rn begin   # trailing comment\n"
      "    @species S(t) T2(t)=2.5\n"
      "    1, A + B --> C + A + B\n"
      "    0.5, 2A --> B\n"
      "    0.5, 2*A \xE2\x86\x92 B\n"
      "    0.5, A + A --> B\n"
      "    (1.5, 2e-3), A <--> \xE2\x88\x85\n"
      "    3, A <-- 0\n"
      "    1, \xE2\x88\x85 --> C\n"
      "end\n"
      "# done\n");
  EXPECT_EQ(crn.species_names(), (std::vector<std::string>{"S", "T2", "A", "B", "C"}));
  EXPECT_EQ(crn.initial(crn.Id("T2")), 2.5);
  ASSERT_EQ(crn.num_reactions(), 8);
  const auto& rs = crn.reactions();
  EXPECT_EQ(rs[1], rs[2]);
  EXPECT_EQ(rs[1], rs[3]);
  EXPECT_EQ(rs[1].reactants, (Complex{{2, 2}}));
  EXPECT_EQ(rs[4].rate, 1.5);
  EXPECT_TRUE(rs[4].products.empty());
  EXPECT_EQ(rs[5].rate, 2e-3);
  EXPECT_TRUE(rs[5].reactants.empty());
  EXPECT_EQ(rs[6].reactants, Complex{});  // A <-- 0 is 0 -> A
  EXPECT_EQ(rs[6].products, (Complex{{2, 1}}));
  EXPECT_EQ(rs[6].rate, 3);
  // A byte-order mark is skipped; columns are counted without it.
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF"
                    "1, A --> B ? C"),
            "n.jl:1:12: unsupported syntax in a reaction (metadata and vectorised reactions are "
            "not supported) (token '?')");
  // Bare reaction lines without the block read the same.
  EXPECT_EQ(ParseCatalyst("1, A + B --> C + A + B").num_reactions(), 1);
  EXPECT_EQ(ParseCatalyst("@reaction_network begin\nend").num_reactions(), 0);
}

TEST(CatalystTest, RefusesWhatItCannotHonour) {
  EXPECT_EQ(ErrorOf("@reaction_network begin\n  k, A --> B\nend"),
            "n.jl:2:3: the rate must be a plain number (parameters and expressions are not "
            "supported) (token 'k')");
  EXPECT_EQ(ErrorOf("@reaction_network begin\n  @parameters k\n  k, A --> B\nend"),
            "n.jl:2:3: unsupported Catalyst option: only @species (without metadata) and numeric "
            "reaction lines are read (token '@parameters')");
  EXPECT_EQ(ErrorOf("@reaction_network begin\n  @species A(t)=x\nend"),
            "n.jl:2:17: a default value (initial concentration) must be a plain number "
            "(parameters and expressions are not supported) (token 'x')");
  EXPECT_EQ(
      ErrorOf("1*2, A --> B"),
      "n.jl:1:2: the rate must be a plain number (expressions are not supported) (token '*')");
  EXPECT_EQ(ErrorOf("1, A => B"),
            "n.jl:1:6: unsupported arrow (non-mass-action arrows such as => are not supported; "
            "use -->, <-- or <-->) (token '=>')");
  EXPECT_EQ(ErrorOf("-1, A --> B"), "n.jl:1:1: a rate constant must be >= 0 (token '-')");
  EXPECT_EQ(ErrorOf("1, 1.5A --> B"),
            "n.jl:1:4: stoichiometric coefficient must be a positive integer (token '1.5')");
  EXPECT_EQ(ErrorOf("1, A <--> B"),
            "n.jl:1:6: a reversible reaction takes two rates: (kf, kr), A <--> B (token '<-->')");
  EXPECT_EQ(ErrorOf("@reaction_network begin\n 1, A --> B\n"),
            "n.jl:1: @reaction_network block is not closed: missing 'end'");
  EXPECT_EQ(ErrorOf("@reaction_network begin\nend\nu0 = [1.0]"),
            "n.jl:3:1: unsupported code after the @reaction_network block (only comments and "
            "'using' lines may follow it) (token 'u0')");
  EXPECT_EQ(ErrorOf("1, A --> B, [noise_scaling = 0]"),
            "n.jl:1:11: unsupported syntax in a reaction (metadata and vectorised reactions are "
            "not supported) (token ',')");
  EXPECT_EQ(ErrorOf("1, A + t --> B"),
            "n.jl:1:8: 't' is Catalyst's time variable, not a species (token 't')");
  EXPECT_EQ(ErrorOf("1, A --> nothing"),
            "n.jl:1:10: a Julia reserved word cannot name a species (for the empty complex write "
            "\xE2\x88\x85 or 0) (token 'nothing')");
  EXPECT_EQ(ErrorOf("1, A --> "),
            "n.jl:1:9: empty side: write \xE2\x88\x85 or 0 for the empty complex (at end of line)");
  EXPECT_EQ(ErrorOf("@reaction_network begin\n  @species A(t)=1\n  @species A(t)=2\nend"),
            "n.jl:3:12: duplicate default value for 'A' (first given on line 2) (token 'A')");
  EXPECT_EQ(ErrorOf("1e-400, A --> B"),
            "n.jl:1:1: the rate underflows: it is nonzero but smaller than the smallest positive "
            "double (about 4.9e-324), so it would silently become 0 (token '1e-400')");
  EXPECT_EQ(ErrorOf("1, \xE2\x88\x85 --> B ! C"),
            "n.jl:1:12: unsupported syntax in a reaction (metadata and vectorised reactions are "
            "not supported) (token '!')");
}

TEST(CatalystTest, WriteReadRoundTripKeepsOdes) {
  // Mass-action network: the Catalyst file has rates * prod nu! and reads back as combinatoric.
  const Crn crn = testing::GoldenNetwork();
  ASSERT_EQ(crn.rate_law(), RateLaw::kMassAction);
  const std::string text = FormatCatalyst(crn);
  EXPECT_NE(text.find("multiplied by prod nu!"), std::string::npos);
  const Crn back = ParseCatalyst(text);
  EXPECT_EQ(back.rate_law(), RateLaw::kCombinatoric);
  // a.b is not a Julia identifier: renamed, so compare after renaming it back.
  ASSERT_TRUE(back.Find("a_b").has_value()) << text;
  std::string renamed = FormatCrn(back);
  renamed.replace(renamed.find(" a_b "), 5, " a.b ");
  for (size_t p; (p = renamed.find("a_b")) != std::string::npos;) renamed.replace(p, 3, "a.b");
  EXPECT_TRUE(testing::SameOdes(ParseCrn(renamed), crn)) << text;
  // 2 xp -> xp at 0.5 (mass action) is written as rate 1 for Catalyst.
  EXPECT_NE(text.find("    1, 2*xp --> xp\n"), std::string::npos) << text;

  // A combinatoric network with Julia-friendly names comes back identical.
  Crn comb =
      ParseCrn("ratelaw combinatoric\nspecies Q\n2A + B -> C [k = 0.3]\n -> A [k=1]\ninit B = 3");
  EXPECT_EQ(ParseCatalyst(FormatCatalyst(comb)), comb) << FormatCatalyst(comb);
  Crn empty;
  empty.set_rate_law(RateLaw::kCombinatoric);
  EXPECT_EQ(ParseCatalyst(FormatCatalyst(empty)), empty);
}

TEST(CatalystTest, AuthorsNetworkRoundTrip) {
  const Crn crn = ReadCatalystFile(kData + "neuralcrn3d_backward.jl");
  EXPECT_EQ(ParseCatalyst(FormatCatalyst(crn)), crn);
}

}  // namespace
}  // namespace ncrn
