// Implements io_test_util.h (kept in a *_test.cc file so the test glob builds it) and tests the
// golden comparator itself.
#include "io_test_util.h"

#include <cctype>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/crn_text.h"

namespace ncrn::testing {
namespace {

double MassActionRate(const Crn& crn, const Reaction& r) {
  if (crn.rate_law() == RateLaw::kMassAction) return r.rate;
  double f = 1;
  for (const StoichTerm& t : r.reactants) {
    for (int i = 2; i <= t.count; ++i) f *= i;
  }
  return r.rate / f;
}

struct Tok {
  bool number;
  std::string text;
  double value;
};

std::vector<Tok> Split(const std::string& s) {
  std::vector<Tok> out;
  size_t i = 0;
  std::string other;
  auto flush = [&] {
    if (!other.empty()) out.push_back({false, other, 0});
    other.clear();
  };
  while (i < s.size()) {
    const bool starts_number =
        std::isdigit(static_cast<unsigned char>(s[i])) ||
        (s[i] == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])));
    // A digit glued to a preceding letter belongs to an identifier ("Z1p", "k12").
    const bool in_word =
        !other.empty() &&
        (std::isalnum(static_cast<unsigned char>(other.back())) || other.back() == '_');
    if (starts_number && !in_word) {
      flush();
      char* end = nullptr;
      const double v = std::strtod(s.c_str() + i, &end);
      const size_t n = end - (s.c_str() + i);
      out.push_back({true, s.substr(i, n), v});
      i += n;
    } else {
      other += s[i++];
    }
  }
  flush();
  return out;
}

}  // namespace

::testing::AssertionResult SameOdes(const Crn& a, const Crn& b, double rtol) {
  if (a.species_names() != b.species_names())
    return ::testing::AssertionFailure() << "species differ";
  if (a.initial_state() != b.initial_state())
    return ::testing::AssertionFailure() << "initial values differ";
  if (a.num_reactions() != b.num_reactions()) {
    return ::testing::AssertionFailure()
           << a.num_reactions() << " vs " << b.num_reactions() << " reactions";
  }
  for (int i = 0; i < a.num_reactions(); ++i) {
    const Reaction &x = a.reactions()[i], &y = b.reactions()[i];
    if (x.reactants != y.reactants || x.products != y.products) {
      return ::testing::AssertionFailure() << "reaction " << i + 1 << " differs";
    }
    const double kx = MassActionRate(a, x), ky = MassActionRate(b, y);
    if (std::abs(kx - ky) > rtol * std::abs(ky)) {
      return ::testing::AssertionFailure()
             << "reaction " << i + 1 << " rate " << kx << " vs " << ky;
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult MatchesGolden(const std::string& actual, const std::string& name,
                                         double rtol, double atol) {
  const std::string path = std::string(NCRN_SOURCE_DIR) + "/tests/io/golden/" + name;
  const std::string golden = ReadFile(path);
  const std::vector<Tok> x = Split(actual), y = Split(golden);
  for (size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
    if (x[i].number != y[i].number || (!x[i].number && x[i].text != y[i].text) ||
        (x[i].number &&
         !(std::abs(x[i].value - y[i].value) <= atol + rtol * std::abs(y[i].value)))) {
      return ::testing::AssertionFailure()
             << path << ": token " << i << " differs: got '" << x[i].text << "', golden '"
             << y[i].text << "'\n--- got:\n"
             << actual;
    }
  }
  if (x.size() != y.size()) {
    return ::testing::AssertionFailure()
           << path << ": " << x.size() << " tokens vs golden " << y.size() << "\n--- got:\n"
           << actual;
  }
  return ::testing::AssertionSuccess();
}

Crn GoldenNetwork() {
  return ReadCrnFile(std::string(NCRN_SOURCE_DIR) + "/tests/io/golden/small.crn");
}

namespace {

TEST(GoldenCompareTest, ToleratesRoundOffOnlyInNumbers) {
  const std::vector<Tok> t = Split("k12 = 1.5e-3; Z1p + 2 A -> 0.25");
  ASSERT_EQ(t.size(), 6u);
  EXPECT_FALSE(t[0].number);
  EXPECT_EQ(t[0].text, "k12 = ");
  EXPECT_TRUE(t[1].number);
  EXPECT_DOUBLE_EQ(t[1].value, 1.5e-3);
  EXPECT_EQ(t[2].text, "; Z1p + ");
  EXPECT_EQ(t[3].value, 2);
  EXPECT_EQ(t[5].value, 0.25);
}

TEST(GoldenCompareTest, SameOdesSeesCombinatoricRates) {
  Crn a = ParseCrn("2A -> B [k = 1]");
  Crn b = ParseCrn("ratelaw combinatoric\n2A -> B [k = 2]");
  EXPECT_TRUE(SameOdes(a, b));
  Crn c = ParseCrn("ratelaw combinatoric\n2A -> B [k = 1]");
  EXPECT_FALSE(SameOdes(a, c));
  EXPECT_FALSE(SameOdes(a, ParseCrn("2A -> B [k = 1]\ninit A = 1")));
}

}  // namespace
}  // namespace ncrn::testing
