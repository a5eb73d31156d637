#pragma once
// Dual-rail naming: a signed quantity v is held by two species V+ and V- with v = [V+] - [V-].
// Species names follow the authors' convention: variable name + "p" / "m" (z1 -> z1p, z1m), so
// networks written by their generator read in with the same names.
#include <optional>
#include <string>
#include <string_view>

namespace ncrn {

enum class Rail { kPlus, kMinus };

inline Rail Opposite(Rail r) { return r == Rail::kPlus ? Rail::kMinus : Rail::kPlus; }
// Product of two rail signs: (+)(+) = (-)(-) = +.
inline Rail Times(Rail a, Rail b) { return a == b ? Rail::kPlus : Rail::kMinus; }

std::string RailName(std::string_view variable, Rail r);

// Splits "z1p" -> ("z1", kPlus); returns nullopt if the name has no rail suffix.
struct RailOf {
  std::string variable;
  Rail rail;
};
std::optional<RailOf> SplitRailName(std::string_view species);

}  // namespace ncrn
