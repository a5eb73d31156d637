#include "neuralcrn/io/nuskell.h"

#include <gtest/gtest.h>

#include "io_test_util.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/io/catalyst.h"

namespace ncrn {
namespace {

std::string ErrorOf(const std::string& text) {
  try {
    ParseNuskell(text, "n.crn");
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

TEST(NuskellTest, ReadsTheNuskellGrammar) {
  const Crn crn = ParseNuskell(
      "# A list of reactions\n"
      "B + B -> C    # no rate: 1\n"
      "C + A <=> D\n"
      "<=> A  [kf = 15, kr = 6]\n"
      "A + 2C -> E [k = 13.78]; E + F <=> 2A  [kf = 13, kr = 14]\n"
      "A @ initial 2.5\n"
      "F @i 1e-3\n");
  EXPECT_EQ(crn.rate_law(), RateLaw::kMassAction);
  ASSERT_EQ(crn.num_reactions(), 8);
  EXPECT_EQ(crn.reactions()[0].rate, 1.0);
  EXPECT_EQ(crn.reactions()[0].reactants, (Complex{{crn.Id("B"), 2}}));
  EXPECT_EQ(crn.reactions()[1].rate, 1.0);
  EXPECT_EQ(crn.reactions()[2].rate, 1.0);
  EXPECT_TRUE(crn.reactions()[3].reactants.empty());
  EXPECT_EQ(crn.reactions()[3].rate, 15.0);
  EXPECT_EQ(crn.reactions()[4].rate, 6.0);
  EXPECT_EQ(crn.reactions()[5].rate, 13.78);
  EXPECT_EQ(crn.initial(crn.Id("A")), 2.5);
  EXPECT_EQ(crn.initial(crn.Id("F")), 1e-3);
}

TEST(NuskellTest, Errors) {
  EXPECT_EQ(ErrorOf("A -> B\nA @ constant 2"),
            "n.crn:2:5: constant concentrations are not supported (give an initial value with "
            "'@ initial') (token 'constant')");
  EXPECT_EQ(ErrorOf("A @ initial -2"),
            "n.crn:1:13: initial concentration is negative; it must be >= 0 (token '-2')");
  EXPECT_EQ(
      ErrorOf("init A = 2"),
      "n.crn:1:1: unknown statement: expected a reaction 'A + B -> C [k = 1]' (token 'init')");
  EXPECT_EQ(ErrorOf("A @ initial 1\nA @ initial 2"),
            "n.crn:2:1: duplicate initial value for 'A' (first given on line 1) (token 'A')");
  EXPECT_EQ(ErrorOf("A -> B [k = -1]"),
            "n.crn:1:13: rate constant k is negative; it must be >= 0 (token '-1')");
}

TEST(NuskellTest, WriteReadRoundTrip) {
  Crn crn = testing::GoldenNetwork();
  const std::string text = FormatNuskell(crn);
  EXPECT_NE(text.find("a_b @ initial 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("xp + xm -> [k = 100]\n"), std::string::npos) << text;
  EXPECT_NE(text.find("-> a_b [k = 1e-05]\n"), std::string::npos) << text;
  // Renamed species aside, the network reads back identical.
  const Crn back = ParseNuskell(text);
  ASSERT_EQ(back.num_species(), crn.num_species());
  EXPECT_EQ(back.name(3), "a_b");
  EXPECT_EQ(back.initial_state(), crn.initial_state());
  EXPECT_EQ(back.reactions(), crn.reactions());
  EXPECT_EQ(back.rate_law(), RateLaw::kMassAction);

  // Plain identifiers: identical Crn. Combinatoric: same ODEs.
  const Crn plain = ParseCrn("species S\n2A + B -> C [k = 0.3]\n -> A [k=1]\ninit B = 3");
  EXPECT_EQ(ParseNuskell(FormatNuskell(plain)), plain);
  const Crn comb = ReadCatalystFile("/work/shared/data/catalyst/neuralcrn3d_forward.jl");
  const Crn via = ParseNuskell(FormatNuskell(comb));
  EXPECT_EQ(via.rate_law(), RateLaw::kMassAction);
  EXPECT_TRUE(testing::SameOdes(via, comb));
}

}  // namespace
}  // namespace ncrn
