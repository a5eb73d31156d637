#pragma once
// Mass-action rate-law conventions. The rate of a reaction with reactant stoichiometries nu_s is
//   kMassAction:   k * prod_s x_s^nu_s            (default; what the paper's equations mean)
//   kCombinatoric: k * prod_s x_s^nu_s / nu_s!    (Catalyst.jl's default; what the authors'
//                                                  Julia code executed, see reference notes s0)
// They differ only for reactions with a repeated reactant (2A -> B).
#include <string>
#include <string_view>

namespace ncrn {

enum class RateLaw { kMassAction, kCombinatoric };

std::string ToString(RateLaw law);              // "mass-action" | "combinatoric"
RateLaw RateLawFromString(std::string_view s);  // throws InputError naming accepted values

}  // namespace ncrn
