#include "neuralcrn/core/dual_rail.h"

namespace ncrn {

std::string RailName(std::string_view variable, Rail r) {
  return std::string(variable) + (r == Rail::kPlus ? "p" : "m");
}

std::optional<RailOf> SplitRailName(std::string_view species) {
  if (species.size() < 2) return std::nullopt;
  const char last = species.back();
  if (last != 'p' && last != 'm') return std::nullopt;
  return RailOf{std::string(species.substr(0, species.size() - 1)),
                last == 'p' ? Rail::kPlus : Rail::kMinus};
}

}  // namespace ncrn
