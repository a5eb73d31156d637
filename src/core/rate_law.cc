#include "neuralcrn/core/rate_law.h"

#include <fmt/format.h>

#include "neuralcrn/core/error.h"

namespace ncrn {

std::string ToString(RateLaw law) {
  return law == RateLaw::kMassAction ? "mass-action" : "combinatoric";
}

RateLaw RateLawFromString(std::string_view s) {
  if (s == "mass-action" || s == "plain") return RateLaw::kMassAction;
  if (s == "combinatoric" || s == "catalyst") return RateLaw::kCombinatoric;
  throw InputError(
      fmt::format("unknown rate law '{}': expected 'mass-action' or 'combinatoric'", s));
}

}  // namespace ncrn
