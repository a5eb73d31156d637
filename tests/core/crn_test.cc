#include "neuralcrn/core/crn.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

TEST(CrnTest, CanonicalSortsMergesAndDropsZeros) {
  EXPECT_EQ(Canonical({{2, 1}, {0, 1}, {2, 2}, {1, 0}}), (Complex{{0, 1}, {2, 3}}));
  EXPECT_EQ(Canonical({}), Complex{});
  EXPECT_EQ(Canonical({{3, 0}}), Complex{});
}

TEST(CrnTest, AddSpeciesFindsExisting) {
  Crn crn;
  EXPECT_EQ(crn.AddSpecies("A"), 0);
  EXPECT_EQ(crn.AddSpecies("B", 2.5), 1);
  EXPECT_EQ(crn.AddSpecies("A"), 0);
  EXPECT_EQ(crn.num_species(), 2);
  EXPECT_EQ(crn.initial(1), 2.5);
  EXPECT_EQ(crn.initial(0), 0.0);
  EXPECT_EQ(crn.Find("B"), 1);
  EXPECT_EQ(crn.Find("C"), std::nullopt);
  EXPECT_THROW(crn.Id("C"), InputError);
}

TEST(CrnTest, InvalidNamesAndInitialValues) {
  Crn crn;
  for (const char* bad : {"", "2", "1e3", "2A", "a b", "inf", "NaN", "x-y", ".a"}) {
    EXPECT_THROW(crn.AddSpecies(bad), InputError) << bad;
  }
  EXPECT_EQ(crn.num_species(), 0);
  const SpeciesId a = crn.AddSpecies("A");
  EXPECT_THROW(crn.SetInitial(a, -1), InputError);
  EXPECT_THROW(crn.SetInitial(a, std::nan("")), InputError);
  EXPECT_THROW(crn.SetInitial(a, std::numeric_limits<double>::infinity()), InputError);
  EXPECT_EQ(crn.initial(a), 0.0);
}

TEST(CrnTest, AddReactionCanonicalisesAndValidates) {
  Crn crn;
  const SpeciesId a = crn.AddSpecies("A"), b = crn.AddSpecies("B");
  crn.AddReaction({{b, 1}, {a, 1}, {a, 1}}, {{b, 2}}, 0.5);
  ASSERT_EQ(crn.num_reactions(), 1);
  const Reaction& r = crn.reactions()[0];
  EXPECT_EQ(r.reactants, (Complex{{a, 2}, {b, 1}}));
  EXPECT_EQ(r.Order(), 3);
  EXPECT_EQ(r.ReactantCount(a), 2);
  EXPECT_EQ(r.ProductCount(a), 0);
  EXPECT_EQ(r.NetChange(a), -2);
  EXPECT_EQ(r.NetChange(b), 1);
  EXPECT_THROW(crn.AddReaction({{a, 1}}, {}, -1), InputError);
  EXPECT_THROW(crn.AddReaction({{a, 1}}, {}, std::nan("")), InputError);
  EXPECT_THROW(crn.AddReaction({{a, 1}}, {}, std::numeric_limits<double>::infinity()), InputError);
  EXPECT_THROW(crn.AddReaction({{7, 1}}, {}, 1), InputError);
  EXPECT_THROW(crn.AddReaction({{-1, 1}}, {}, 1), InputError);
  EXPECT_THROW(crn.AddReaction({{a, -1}}, {}, 1), InputError);
  EXPECT_EQ(crn.num_reactions(), 1);  // failed additions leave the network unchanged
  crn.AddReaction({}, {}, 0.0);       // zero rate and empty complexes are valid
  EXPECT_EQ(crn.num_reactions(), 2);
}

TEST(CrnTest, SpeciesWithoutReactionsAndEquality) {
  Crn x, y;
  x.AddSpecies("A", 1);
  y.AddSpecies("A", 1);
  EXPECT_EQ(x, y);
  y.set_rate_law(RateLaw::kCombinatoric);
  EXPECT_NE(x, y);
  y.set_rate_law(RateLaw::kMassAction);
  y.AddSpecies("B");
  EXPECT_NE(x, y);
  EXPECT_EQ(y.num_reactions(), 0);
  EXPECT_EQ(y.initial_state(), (std::vector<double>{1, 0}));
}

TEST(CrnTest, MakeComplex) {
  Crn crn;
  const Complex c = MakeComplex(crn, {{"B", 1}, {"A", 2}, {"B", 1}});
  EXPECT_EQ(crn.species_names(), (std::vector<std::string>{"B", "A"}));
  EXPECT_EQ(c, (Complex{{0, 2}, {1, 2}}));
}

TEST(CrnTest, RateLawStrings) {
  EXPECT_EQ(RateLawFromString(ToString(RateLaw::kCombinatoric)), RateLaw::kCombinatoric);
  EXPECT_EQ(RateLawFromString(ToString(RateLaw::kMassAction)), RateLaw::kMassAction);
  EXPECT_THROW(RateLawFromString("other"), InputError);
}

}  // namespace
}  // namespace ncrn
