#include "neuralcrn/core/crn_text.h"

#include <cstdio>
#include <filesystem>
#include <limits>
#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

using ::testing::HasSubstr;

// Parses `text` expecting an InputError; returns its message.
std::string ErrorOf(const std::string& text) {
  try {
    ParseCrn(text, "t.crn");
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << text;
  return "";
}

TEST(CrnTextTest, CatalyticReaction) {
  const Crn crn = ParseCrn("A + B -> C + A + B [k = 1]");
  ASSERT_EQ(crn.num_species(), 3);
  EXPECT_EQ(crn.species_names(), (std::vector<std::string>{"A", "B", "C"}));
  ASSERT_EQ(crn.num_reactions(), 1);
  const Reaction& r = crn.reactions()[0];
  EXPECT_EQ(r.rate, 1.0);
  EXPECT_EQ(r.reactants, (Complex{{0, 1}, {1, 1}}));
  EXPECT_EQ(r.products, (Complex{{0, 1}, {1, 1}, {2, 1}}));
  EXPECT_EQ(r.NetChange(0), 0);
  EXPECT_EQ(r.NetChange(2), 1);
  EXPECT_EQ(crn.rate_law(), RateLaw::kMassAction);
}

TEST(CrnTextTest, CoefficientFormsAreTheSameReaction) {
  const Crn a = ParseCrn("2A -> B [k=0.5]");
  const Crn b = ParseCrn("2 A -> B [k = 0.5]");
  const Crn c = ParseCrn("A + A -> B [ k = 0.5 ]");
  const Crn d = ParseCrn("A+A->B[k=0.5]");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
  EXPECT_EQ(a, d);
  ASSERT_EQ(a.num_reactions(), 1);
  EXPECT_EQ(a.reactions()[0].reactants, (Complex{{0, 2}}));
  EXPECT_EQ(a.reactions()[0].Order(), 2);
  // Mixed: 2A + A = 3A.
  const Crn m = ParseCrn("2A + A + B -> 0 [k=1]");
  EXPECT_EQ(m.reactions()[0].reactants, (Complex{{0, 3}, {1, 1}}));
}

TEST(CrnTextTest, EmptyComplexForms) {
  const Crn a = ParseCrn("X -> 0 [k = 1]\n0 -> X [k = 2]");
  const Crn b = ParseCrn("X -> \xE2\x88\x85 [k = 1]\n\xE2\x88\x85 -> X [k = 2]");
  const Crn c = ParseCrn("X -> [k = 1]\n -> X [k = 2]");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
  ASSERT_EQ(a.num_reactions(), 2);
  EXPECT_TRUE(a.reactions()[0].products.empty());
  EXPECT_TRUE(a.reactions()[1].reactants.empty());
  EXPECT_EQ(a.reactions()[1].rate, 2.0);
}

TEST(CrnTextTest, ReversibleGivesTwoReactions) {
  for (const char* text : {"A + B <=> 2C [kf = 1, kr = 2]", "A + B <-> 2C [kr = 2, kf = 1]"}) {
    const Crn crn = ParseCrn(text);
    ASSERT_EQ(crn.num_reactions(), 2) << text;
    EXPECT_EQ(crn.reactions()[0].rate, 1.0);
    EXPECT_EQ(crn.reactions()[1].rate, 2.0);
    EXPECT_EQ(crn.reactions()[0].reactants, crn.reactions()[1].products);
    EXPECT_EQ(crn.reactions()[1].reactants, (Complex{{2, 2}}));
  }
}

TEST(CrnTextTest, CommentsSeparatorsInitRateLawSpecies) {
  const Crn crn = ParseCrn(
      "# header comment\n"
      "ratelaw combinatoric\n"
      "species D E   // D and E take part in no reaction\n"
      "2A -> B [k=0.5]; A -> 0 [k = 1e-3]  # two statements\n"
      "init A = 2.5; init E = 1\n"
      "\n"
      "   \t\r\n");
  EXPECT_EQ(crn.rate_law(), RateLaw::kCombinatoric);
  EXPECT_EQ(crn.species_names(), (std::vector<std::string>{"D", "E", "A", "B"}));
  EXPECT_EQ(crn.num_reactions(), 2);
  EXPECT_EQ(crn.reactions()[1].rate, 1e-3);
  EXPECT_EQ(crn.initial(crn.Id("A")), 2.5);
  EXPECT_EQ(crn.initial(crn.Id("E")), 1.0);
  EXPECT_EQ(crn.initial(crn.Id("B")), 0.0);  // not given: starts at 0
  EXPECT_EQ(ParseCrn("ratelaw mass-action").rate_law(), RateLaw::kMassAction);
}

TEST(CrnTextTest, KeywordsAreSpeciesInsideReactions) {
  const Crn crn = ParseCrn("init + species -> ratelaw [k = 1]");
  EXPECT_EQ(crn.species_names(), (std::vector<std::string>{"init", "species", "ratelaw"}));
}

TEST(CrnTextTest, KeywordNamedSpeciesRoundTrip) {
  Crn crn;
  crn.AddSpecies("species", 1);
  crn.AddSpecies("init", 2);
  crn.AddSpecies("ratelaw");
  crn.AddReaction(MakeComplex(crn, {{"init", 2}}), MakeComplex(crn, {{"ratelaw", 1}}), 3);
  EXPECT_EQ(ParseCrn(FormatCrn(crn)), crn) << FormatCrn(crn);
}

TEST(CrnTextTest, NamesWithPrimesDotsDigits) {
  const Crn crn = ParseCrn("X1p + x_2' -> 3 y.z [k = 2.5e+2]");
  EXPECT_EQ(crn.species_names(), (std::vector<std::string>{"X1p", "x_2'", "y.z"}));
  EXPECT_EQ(crn.reactions()[0].rate, 250.0);
  EXPECT_EQ(crn.reactions()[0].products, (Complex{{2, 3}}));
}

TEST(CrnTextTest, EmptyNetwork) {
  const Crn crn = ParseCrn("# nothing here\n;;\n");
  EXPECT_EQ(crn.num_species(), 0);
  EXPECT_EQ(crn.num_reactions(), 0);
  EXPECT_EQ(ParseCrn(FormatCrn(crn)), crn);
}

TEST(CrnTextTest, RoundTripIsIdentical) {
  Crn crn;
  crn.set_rate_law(RateLaw::kCombinatoric);
  crn.AddSpecies("lonely", 0.1);
  const Complex ab = MakeComplex(crn, {{"A", 1}, {"B", 1}});
  const Complex c2 = MakeComplex(crn, {{"C", 2}});
  crn.AddReaction(ab, c2, 0.1);        // not exact in binary
  crn.AddReaction(c2, {}, 1.0 / 3.0);  // needs all 17 digits
  crn.AddReaction({}, MakeComplex(crn, {{"e5", 2}}), 6.02214076e23);
  crn.AddReaction(MakeComplex(crn, {{"e5", 1}}), ab, std::numeric_limits<double>::denorm_min());
  crn.AddReaction(ab, ab, 0.0);
  crn.SetInitial(crn.Id("A"), 2.0 / 7.0);
  crn.SetInitial(crn.Id("C"), 1e-300);
  const std::string text = FormatCrn(crn);
  const Crn back = ParseCrn(text);
  EXPECT_EQ(back, crn) << text;
  EXPECT_EQ(FormatCrn(back), text);
}

TEST(CrnTextTest, RandomRoundTrips) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> ns(1, 6), cnt(0, 3), pick(0, 5);
  std::uniform_real_distribution<double> val(0, 10);
  for (int trial = 0; trial < 200; ++trial) {
    Crn crn;
    const int n = ns(rng);
    for (int s = 0; s < n; ++s)
      crn.AddSpecies("S" + std::to_string(s), pick(rng) < 2 ? val(rng) : 0);
    for (int r = 0; r < 4; ++r) {
      Complex lhs, rhs;
      for (int s = 0; s < n; ++s) {
        if (int k = cnt(rng) - 1; k > 0) lhs.push_back({s, k});
        if (int k = cnt(rng) - 1; k > 0) rhs.push_back({s, k});
      }
      crn.AddReaction(lhs, rhs, val(rng) * std::pow(10.0, pick(rng) - 3));
    }
    if (trial % 2) crn.set_rate_law(RateLaw::kCombinatoric);
    ASSERT_EQ(ParseCrn(FormatCrn(crn)), crn) << FormatCrn(crn);
  }
}

TEST(CrnTextTest, FileRoundTripIsAtomic) {
  const std::string path = std::string(NCRN_BINARY_DIR) + "/crn_text_test_roundtrip.crn";
  const Crn crn = ParseCrn("A + B -> C [k = 1.5]\ninit A = 1");
  WriteCrnFile(crn, path);
  EXPECT_EQ(ReadCrnFile(path), crn);
  std::filesystem::remove(path);
  EXPECT_THROW(WriteCrnFile(crn, "/nonexistent-dir/x.crn"), InputError);
  EXPECT_THROW(ReadCrnFile("/nonexistent-dir/x.crn"), InputError);
}

TEST(CrnTextTest, ErrorsNameLineColumnAndToken) {
  // Unknown syntax.
  EXPECT_EQ(ErrorOf("A -> B [k = 1]\nfoo bar"),
            "t.crn:2:1: unknown statement: expected a reaction 'A + B -> C [k = 1]', 'init X = "
            "2.5', 'species A B' or 'ratelaw mass-action|combinatoric' (token 'foo')");
  EXPECT_EQ(ErrorOf("A B -> C [k = 1]"),
            "t.crn:1:3: expected '+' or the reaction arrow (token 'B')");
  EXPECT_EQ(ErrorOf("A -> B @ [k = 1]"),
            "t.crn:1:8: unexpected character: '@' belongs to the Nuskell/crnsimulator format (A @ "
            "initial 1); read such a file with 'neuralcrn import FILE --from nuskell -o OUT.crn' "
            "(token '@')");
  EXPECT_EQ(ErrorOf("A -> B [k = 1] x"),
            "t.crn:1:16: unexpected text after the rate list (token 'x')");
  EXPECT_EQ(ErrorOf("A -> B -> C [k = 1]"),
            "t.crn:1:8: a reaction has exactly one arrow (token '->')");
  EXPECT_EQ(ErrorOf("A + -> B [k = 1]"), "t.crn:1:5: expected a species before this (token '->')");
  EXPECT_EQ(ErrorOf("A --> B [k = 1]"),
            "t.crn:1:3: expected '+' or the reaction arrow (token '-')");
  // Columns count characters, not bytes (∅ is 3 bytes).
  EXPECT_EQ(ErrorOf("\xE2\x88\x85 -> B ! [k = 1]"), "t.crn:1:8: unexpected character (token '!')");
  // After ';' the column is still measured from the start of the line.
  EXPECT_EQ(ErrorOf("A -> B [k=1]; C -> D [k=1]; E F"),
            "t.crn:1:29: unknown statement: expected a reaction 'A + B -> C [k = 1]', 'init X = "
            "2.5', 'species A B' or 'ratelaw mass-action|combinatoric' (token 'E')");
  // Species named like numbers, bad names, bad coefficients.
  EXPECT_EQ(ErrorOf("1e3 -> B [k = 1]"),
            "t.crn:1:1: species named like a number '1e3' (token '1e3')");
  EXPECT_EQ(ErrorOf("A -> 2 [k = 1]"), "t.crn:1:6: species named like a number (token '2')");
  EXPECT_EQ(ErrorOf("A -> 2 inf [k = 1]"),
            "t.crn:1:8: species named like a number 'inf' (token 'inf')");
  EXPECT_EQ(
      ErrorOf("A -> 0 + B [k = 1]"),
      "t.crn:1:6: the empty complex (0 or \xE2\x88\x85) must stand alone on its side (token '0')");
  EXPECT_EQ(
      ErrorOf("2.5A -> B [k = 1]"),
      "t.crn:1:1: stoichiometric coefficient must be an integer from 1 to 1000000 (token '2.5A')");
  EXPECT_EQ(
      ErrorOf("0 A -> B [k = 1]"),
      "t.crn:1:1: stoichiometric coefficient must be an integer from 1 to 1000000 (token '0')");
  EXPECT_EQ(ErrorOf("species A .x"),
            "t.crn:1:11: invalid species name '.x': a name starts with a letter or '_' and "
            "continues with letters, digits, '_', '.' or '\\'' (token '.x')");
  EXPECT_EQ(ErrorOf("species .5"), "t.crn:1:9: species named like a number '.5' (token '.5')");
  // Rates: missing, negative, NaN, infinite, not a number, wrong name, repeated.
  EXPECT_EQ(ErrorOf("A -> B"),
            "t.crn:1:7: missing rate constant: write [k = <rate>] (at end of statement)");
  EXPECT_EQ(ErrorOf("A -> B [k = -1]"),
            "t.crn:1:13: rate constant k is negative; it must be >= 0 (token '-1')");
  EXPECT_EQ(ErrorOf("A -> B [k = nan]"), "t.crn:1:13: rate constant k is NaN (token 'nan')");
  EXPECT_EQ(ErrorOf("A -> B [k = inf]"), "t.crn:1:13: rate constant k is infinite (token 'inf')");
  EXPECT_EQ(ErrorOf("A -> B [k = 1e999]"),
            "t.crn:1:13: rate constant k overflows: it is larger than the largest double (about "
            "1.8e308) (token '1e999')");
  EXPECT_EQ(ErrorOf("A -> B [k = -1e999]"),
            "t.crn:1:14: rate constant k overflows: it is larger than the largest double (about "
            "1.8e308) (token '1e999')");
  EXPECT_EQ(ErrorOf("init A = 2e308"),
            "t.crn:1:10: initial concentration overflows: it is larger than the largest double "
            "(about 1.8e308) (token '2e308')");
  // A '+' sign is accepted; '-' stays the negative-value error, and one sign only.
  EXPECT_EQ(ErrorOf("A -> B [k = +-1]"), "t.crn:1:14: missing rate constant k (token '-')");
  EXPECT_EQ(ErrorOf("A -> B [k = +]"), "t.crn:1:14: missing rate constant k (token ']')");
  EXPECT_EQ(ErrorOf("A -> B [k = fast]"),
            "t.crn:1:13: rate constant k is not a number (token 'fast')");
  EXPECT_EQ(ErrorOf("A -> B [k = ]"), "t.crn:1:13: missing rate constant k (token ']')");
  EXPECT_EQ(ErrorOf("A -> B [k = 1"),
            "t.crn:1:14: unterminated rate list: expected ']' (at end of statement)");
  EXPECT_EQ(ErrorOf("A -> B [kf = 1]"),
            "t.crn:1:9: unknown rate name: an irreversible reaction takes k (token 'kf')");
  EXPECT_EQ(ErrorOf("A <=> B [kf = 1]"),
            "t.crn:1:17: missing rate constant kr: write [kf = .., kr = ..] (at end of statement)");
  EXPECT_EQ(ErrorOf("A -> B [k = 1, k = 2]"), "t.crn:1:16: rate given twice (token 'k')");
  EXPECT_EQ(ErrorOf("A -> B []"), "t.crn:1:9: empty rate list (token ']')");
  // Initial values.
  EXPECT_EQ(ErrorOf("init A = 1\ninit A = 2"),
            "t.crn:2:6: duplicate init for 'A' (first given on line 1) (token 'A')");
  EXPECT_EQ(ErrorOf("init A = -2"),
            "t.crn:1:10: initial concentration is negative; it must be >= 0 (token '-2')");
  EXPECT_EQ(ErrorOf("init A ="), "t.crn:1:9: missing initial concentration (at end of statement)");
  EXPECT_EQ(ErrorOf("init A 2"), "t.crn:1:8: expected '=' after the species name (token '2')");
  EXPECT_EQ(ErrorOf("init 3 = 2"), "t.crn:1:6: species named like a number '3' (token '3')");
  EXPECT_EQ(ErrorOf("init A = 1 2"),
            "t.crn:1:12: unexpected text after the initial value (token '2')");
  // Rate law.
  EXPECT_EQ(
      ErrorOf("ratelaw fancy"),
      "t.crn:1:9: unknown rate law: expected 'mass-action' or 'combinatoric' (token 'fancy')");
  EXPECT_EQ(ErrorOf("ratelaw mass-action\nratelaw combinatoric"),
            "t.crn:2:1: duplicate ratelaw (first given on line 1) (token 'ratelaw')");
  EXPECT_EQ(ErrorOf("species"),
            "t.crn:1:8: expected species names after 'species' (at end of statement)");
}

// strtod/from_chars flag underflow with the same ERANGE as overflow; an underflowed value is
// still the nearest double (0 or subnormal), as the .ode parser takes it, and not an error.
// A nonzero number that underflows to 0 would silently drop a reaction or an initial value, so
// it is an error; a subnormal is representable and kept with its value.
TEST(CrnTextTest, UnderflowingNumbersAreErrorsSubnormalsAreKept) {
  const Crn crn =
      ParseCrn("A -> B [k = 1e-310]\nB <=> C [kf = 4.9e-324, kr = 0e-999]\nB @ initial 1e-320",
               "t.crn", CrnParseOptions{.at_concentrations = true});
  ASSERT_EQ(crn.reactions().size(), 3u);
  EXPECT_EQ(crn.reactions()[0].rate, 1e-310);
  EXPECT_GT(crn.reactions()[0].rate, 0.0);
  EXPECT_LT(crn.reactions()[0].rate, std::numeric_limits<double>::min());  // subnormal
  EXPECT_EQ(crn.reactions()[1].rate, std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(crn.reactions()[2].rate, 0.0);  // zero in the text
  EXPECT_EQ(crn.initial(*crn.Find("B")), 1e-320);
  const std::string why =
      "underflows: it is nonzero but smaller than the smallest positive double (about "
      "4.9e-324), so it would silently become 0";
  EXPECT_EQ(ErrorOf("A -> B [k = 1e-400]"),
            "t.crn:1:13: rate constant k " + why + " (token '1e-400')");
  // Below half the smallest subnormal rounds to 0: an underflow too.
  EXPECT_EQ(ErrorOf("C <=> D [kf = 1, kr = 2e-324]"),
            "t.crn:1:23: rate constant kr " + why + " (token '2e-324')");
  EXPECT_EQ(ErrorOf("A -> B [k = 1]\ninit A = 1e-400"),
            "t.crn:2:10: initial concentration " + why + " (token '1e-400')");
}

// An init of a species no reaction uses and no species line declares is a misspelling until
// declared; the message lists the species that exist.
TEST(CrnTextTest, InitOfAnUndeclaredUnusedSpeciesIsAnError) {
  EXPECT_EQ(ErrorOf("A -> B [k = 1]\ninit a = 1"),
            "t.crn:2:6: initial value for 'a', which no reaction uses and no 'species' line "
            "declares (a misspelt name? declare it with 'species a' to keep it); the species are "
            "A, B (token 'a')");
  EXPECT_EQ(ErrorOf("init q = 1"),
            "t.crn:1:6: initial value for 'q', which no reaction uses and no 'species' line "
            "declares (a misspelt name? declare it with 'species q' to keep it); no species is "
            "used in a reaction or declared (token 'q')");
  // The first by position is named; a reaction after the init counts as use.
  EXPECT_THAT(ErrorOf("init z = 1\ninit B = 2\ninit y = 1\nB -> 0 [k = 1]"),
              testing::StartsWith("t.crn:1:6: initial value for 'z'"));
  const Crn ok = ParseCrn("init A = 2\nA -> B [k = 1]\nspecies S\ninit S = 3", "t.crn");
  EXPECT_EQ(ok.initial(*ok.Find("A")), 2.0);
  EXPECT_EQ(ok.initial(*ok.Find("S")), 3.0);
  const Crn declared_later = ParseCrn("init S = 3\nspecies S", "t.crn");
  EXPECT_EQ(declared_later.initial(*declared_later.Find("S")), 3.0);
}

TEST(CrnTextTest, LeadingPlusOnNumbers) {
  const Crn crn = ParseCrn(
      "A -> B [k = +1.5]\nB <=> C [kf = +2, kr = + 3e-2]\ninit A = +4\nC @ i +0.25\n"
      "D -> 0 [k = +0]",
      "t.crn", CrnParseOptions{.at_concentrations = true});
  ASSERT_EQ(crn.reactions().size(), 4u);
  EXPECT_EQ(crn.reactions()[0].rate, 1.5);
  EXPECT_EQ(crn.reactions()[1].rate, 2.0);
  EXPECT_EQ(crn.reactions()[2].rate, 0.03);
  EXPECT_EQ(crn.reactions()[3].rate, 0.0);
  EXPECT_EQ(crn.initial(*crn.Find("A")), 4.0);
  EXPECT_EQ(crn.initial(*crn.Find("C")), 0.25);
  // The sign is not part of a species name: "+1" still reads as a rate, "-1" is negative.
  EXPECT_EQ(ErrorOf("A -> B [k = -1]"),
            "t.crn:1:13: rate constant k is negative; it must be >= 0 (token '-1')");
  EXPECT_EQ(ErrorOf("init A = -0.5"),
            "t.crn:1:10: initial concentration is negative; it must be >= 0 (token '-0.5')");
}

TEST(CrnTextTest, ByteOrderMarkIsIgnored) {
  EXPECT_EQ(ParseCrn("\xEF\xBB\xBF"
                     "A -> B [k = 1]"),
            ParseCrn("A -> B [k = 1]"));
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF"
                    "A ! B"),
            "t.crn:1:3: unexpected character (token '!')");
}

TEST(CrnTextTest, DefaultRateOptionAndNoDirectives) {
  CrnParseOptions opt;
  opt.default_rate = 1.0;
  opt.allow_directives = false;
  const Crn crn = ParseCrn("A -> B\nB <=> C", "n.crn", opt);
  ASSERT_EQ(crn.num_reactions(), 3);
  for (const Reaction& r : crn.reactions()) EXPECT_EQ(r.rate, 1.0);
  EXPECT_THROW(ParseCrn("init A = 1", "n.crn", opt), InputError);
}

// Binary junk is named in the message as \xNN escapes; valid UTF-8 passes through unchanged.
TEST(CrnTextTest, ControlAndInvalidBytesAreEscapedInMessages) {
  EXPECT_EQ(ErrorOf(std::string("A -> B [k = 1]\x01")),
            "t.crn:1:15: unexpected character (token '\\x01')");
  EXPECT_EQ(ErrorOf("A -> B [k = 1] \xFF"), "t.crn:1:16: unexpected character (token '\\xFF')");
  EXPECT_EQ(ErrorOf(std::string("A -> B [k = 1]\0", 15)),
            "t.crn:1:15: unexpected character (token '\\x00')");
  EXPECT_EQ(TokenSuffix("\xC3\xA9t\xE2\x88"), " (token '\xC3\xA9t\\xE2\\x88')");  // é, cut sequence
}

}  // namespace
}  // namespace ncrn
