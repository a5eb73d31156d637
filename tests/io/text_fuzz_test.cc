// Bad input never crashes: random mutations of valid texts either parse or raise InputError, for
// every text reader. Round trips of whatever parses must hold as well.
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/io/catalyst.h"
#include "neuralcrn/io/nuskell.h"

namespace ncrn {
namespace {

std::string Mutate(std::string s, std::mt19937& rng) {
  static const std::string alphabet = "AB2 0+-<=>[]k=,;#/@()*.e\n\t'_x9";
  static const std::string multibyte[] = {"\xE2\x88\x85", "\xE2\x86\x92", "\xC3", "\xFF"};
  std::uniform_int_distribution<int> ops(0, 3), n(1, 4);
  for (int m = n(rng); m > 0; --m) {
    const size_t pos = s.empty() ? 0 : std::uniform_int_distribution<size_t>(0, s.size() - 1)(rng);
    switch (ops(rng)) {
      case 0:
        if (!s.empty()) s.erase(pos, 1);
        break;
      case 1:
        s.insert(pos, 1,
                 alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)]);
        break;
      case 2:
        s.insert(pos, multibyte[std::uniform_int_distribution<int>(0, 3)(rng)]);
        break;
      default:
        if (!s.empty())
          s[pos] = alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)];
    }
  }
  return s;
}

template <typename Parse>
void Fuzz(const std::string& seed_text, Parse parse, int iterations, unsigned seed) {
  std::mt19937 rng(seed);
  int ok = 0, refused = 0;
  for (int i = 0; i < iterations; ++i) {
    const std::string text = Mutate(seed_text, rng);
    try {
      const Crn crn = parse(text);
      ++ok;
      // Whatever parses writes and reads back identically in the canonical format.
      ASSERT_EQ(ParseCrn(FormatCrn(crn)), crn) << text;
    } catch (const InputError& e) {
      ++refused;
      ASSERT_NE(std::string(e.what()).find(':'), std::string::npos) << e.what();
    }
  }
  // Both outcomes occur, so the mutations exercise the parser.
  EXPECT_GT(ok, 0);
  EXPECT_GT(refused, 0);
}

TEST(TextFuzzTest, CrnText) {
  Fuzz(
      "species Q\ninit A = 2.5\nA + B -> C + A + B [k = 1]; 2A -> 0 [k=0.5]\n"
      "X <=> Y [kf = 1, kr = 2] # c\nratelaw combinatoric\n",
      [](const std::string& t) { return ParseCrn(t); }, 3000, 1);
}

TEST(TextFuzzTest, Catalyst) {
  Fuzz(
      "rn = @reaction_network rn begin\n  @species S(t)=1\n  1, A + B --> C\n"
      "  (1, 2), 2*A <--> \xE2\x88\x85\n  0.5, 2X --> 0\nend\n",
      [](const std::string& t) { return ParseCatalyst(t); }, 3000, 2);
}

TEST(TextFuzzTest, Nuskell) {
  Fuzz(
      "A + B -> C [k = 1]\nC <=> D [kf = 1, kr = 2]; 2 A ->\nA @ initial 2\n",
      [](const std::string& t) { return ParseNuskell(t); }, 3000, 3);
}

}  // namespace
}  // namespace ncrn
