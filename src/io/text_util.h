#pragma once
// Private helpers shared by the text-format readers and writers in src/io.
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "neuralcrn/core/crn.h"
#include "neuralcrn/core/rate_law.h"

namespace ncrn::internal {

// prod_s nu_s! over the reactants: the ratio between the rate constants of the two conventions.
double CombinatoricFactor(const Reaction& r);

// The rate constant that gives the same ODE term under `target` as r.rate does under `from`.
double RateIn(const Reaction& r, RateLaw from, RateLaw target);

// Identifiers [A-Za-z_][A-Za-z0-9_]* (or, with letter_first, [A-Za-z][A-Za-z0-9_]*) for every
// species of the network, unique, none in `reserved`. Names that already qualify are kept; others
// get invalid characters replaced by '_' and a numeric suffix if needed.
std::vector<std::string> MakeIdentifiers(const Crn& crn, const std::set<std::string>& reserved,
                                         bool letter_first = false);

// Shortest text that reads back to the same double ("1", "0.1", "1e-05").
std::string Num(double v);

// Column (1-based, in code points) of byte `offset` within `line`.
int ColumnOf(std::string_view line, std::size_t offset);

// "A + 2 B" with the given names, using `joiner` between a coefficient and its name and `empty`
// for the empty complex.
std::string JoinComplex(const Complex& c, const std::vector<std::string>& names,
                        std::string_view coefficient_joiner, std::string_view empty);

}  // namespace ncrn::internal
