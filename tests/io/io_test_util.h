#pragma once
// Helpers for the io tests: ODE-level equality of networks and a tolerance-aware golden-file
// comparator.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "neuralcrn/core/crn.h"

namespace ncrn::testing {

// Same species (names, order, initial values) and reactions whose rate constants, converted to
// plain mass action, agree to `rtol` relative: i.e. the same ODEs.
::testing::AssertionResult SameOdes(const Crn& a, const Crn& b, double rtol = 1e-15);

// Compares `actual` with the file tests/io/golden/<name>: the texts are split into number and
// non-number tokens; non-number tokens must be identical, numbers must agree within
// |x - y| <= atol + rtol * |y|. Regenerate the goldens with scripts/regen-io-goldens.sh.
::testing::AssertionResult MatchesGolden(const std::string& actual, const std::string& name,
                                         double rtol = 1e-12, double atol = 1e-300);

// The small network the golden files are made from (tests/io/golden/small.crn).
Crn GoldenNetwork();

}  // namespace ncrn::testing
