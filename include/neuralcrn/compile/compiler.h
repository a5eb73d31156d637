#pragma once
// ODE -> CRN by the Hungarian lemma with dual rail (paper sections 2.4 and 3, Tables 1-3):
// every monomial c*u1*...*um of dy/dt becomes catalytic reactions U1^s1 + ... + Um^sm ->
// Y^sigma + U1^s1 + ... + Um^sm at rate |c|, sigma = sgn(c)*prod(s_k) (4 reactions per 2-factor
// monomial, 8 per 3-factor). Variables declared non-negative are single-rail.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "neuralcrn/core/crn.h"
#include "neuralcrn/core/rate_law.h"
#include "neuralcrn/ode/ode_system.h"

namespace ncrn {

// How a self-square term c*y^2 in dy/dt is realised.
//   kExact:     the dual-rail catalytic template (exact: d(y+ - y-)/dt = c*y^2).
//   kPaper:     per rail, 2Y^s -> 0 (c < 0; paper eq. 37) or 2Y^s -> 3Y^s... -- exact only while
//               fast annihilation keeps one rail near 0 (then it is -|c|*y*|y|).
//   kReference: per rail, 2Y^s -> Y^s (c < 0) or 2Y^s -> 3Y^s (c > 0), rate |c|: what the authors'
//               code executes (reference notes 1.3).
enum class SquareForm { kExact, kPaper, kReference };
std::string ToString(SquareForm f);
SquareForm SquareFormFromString(std::string_view s);

struct CompileOptions {
  // Rate of Y+ + Y- -> 0 added for every dual-rail variable with an equation; 0 = none.
  // Annihilation does not change y = [Y+] - [Y-]; it keeps both rails small.
  double annihilation_rate = 0.0;
  // Merge reactions with identical reactants and products (rates add). Off reproduces the
  // paper's template counts (e.g. 4 reactions for z*z).
  bool merge_identical = true;
  // Rate-law convention of the output; rates are compensated (times nu!) so the compiled CRN
  // realises the ODE exactly under this convention.
  RateLaw rate_law = RateLaw::kMassAction;
  SquareForm square_form = SquareForm::kExact;
  void Validate() const;  // throws InputError
};

// Where each ODE variable lives in the CRN.
struct RailMap {
  SpeciesId plus = -1;
  std::optional<SpeciesId> minus;  // absent for single-rail (non-negative) variables
};

struct CompileReport {
  int species = 0;
  int reactions = 0;
  std::map<std::string, int> per_template;  // "type1", "type2", "type3", "annihilation", ...
  std::array<int, 4> molecularity{};        // [0]=zeroth order, [1]=uni, [2]=bi, [3]=ter or more
  bool hungarian = true;  // every negative term in dy/dt of a species involves that species
};

struct CompileResult {
  Crn crn;
  std::vector<RailMap> rails;  // indexed by VarId
  CompileReport report;

  // CRN state from ODE values (y >= 0 -> Y+ = y, Y- = 0; y < 0 -> Y- = -y).
  std::vector<double> LoadState(std::span<const double> ode_values) const;
  // ODE values from a CRN state: y = [Y+] - [Y-].
  std::vector<double> Project(std::span<const double> crn_state) const;
};

CompileResult CompileOde(const OdeSystem& ode, const CompileOptions& options = {});

}  // namespace ncrn
