#pragma once
// ODE -> CRN by the Hungarian lemma with dual rail (paper sections 2.4 and 3, Tables 1-3):
// every monomial c*u1*...*um of dy/dt becomes catalytic reactions U1^s1 + ... + Um^sm ->
// Y^sigma + U1^s1 + ... + Um^sm at rate |c|, sigma = sgn(c)*prod(s_k) (4 reactions per 2-factor
// monomial, 8 per 3-factor). Variables declared non-negative are single-rail.
//
// Templates (CompileReport::per_template counts reactions by the template that made them):
//   "type1"  Table 1: every factor and the target single-rail, c > 0: one reaction
//            X + Y -> Z + X + Y.
//   "type2"  Tables 1/3, c > 0 with at least one dual-rail factor or a dual-rail target: one
//            catalytic reaction per rail choice of the factors (2^m for m dual-rail factors).
//   "type3"  the same with c < 0 (output rails swapped).
//   "consume" a negative term of a single-rail target y; Hungarian, so y is a factor: the
//            reaction consumes one Y (U1 + .. + Y + .. -> U1 + .. ; rate |c|). A negative term
//            without y on a variable declared non-negative is rejected with InputError (such a
//            variable cannot stay >= 0 by mass action; drop `nonneg` to compile it dual-rail).
//   "square" self-square terms c*y^2 realised per rail (SquareForm kPaper / kReference).
//   "annihilation" Y+ + Y- -> 0.
// Species: dual rail RailName(name, kPlus/kMinus) = name+"p" / name+"m"; single rail: name.
#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "neuralcrn/core/crn.h"
#include "neuralcrn/core/rate_law.h"
#include "neuralcrn/ode/ode_system.h"

namespace ncrn {

// How a self-square term c*y^2 in dy/dt is realised.
//   kExact:     the dual-rail catalytic template (exact: d(y+ - y-)/dt = c*y^2).
//               4 reactions unmerged (3 merged). Realises c*y^2 for either sign of y.
//   kPaper:     per rail, 2Y^s -> 0 at rate |c|/2 (c < 0; paper eq. 37) or 2Y^s -> 3Y^s at |c|
//               (c > 0). Realises c*((y+)^2 - (y-)^2), i.e. c*y*|y| while annihilation keeps
//               one rail near 0: equal to c*y^2 only for y >= 0.
//   kReference: per rail, 2Y^s -> Y^s (c < 0) or 2Y^s -> 3Y^s (c > 0), rate |c|: what the authors'
//               code executes (reference notes 1.3); same c*y*|y| caveat.
// Applies to dual-rail targets only; a single-rail y^2 is always exact (2Y -> Y or 2Y -> 3Y).
enum class SquareForm { kExact, kPaper, kReference };
std::string ToString(SquareForm f);                   // "exact" | "paper" | "reference"
SquareForm SquareFormFromString(std::string_view s);  // throws InputError naming accepted values

// Which dual-rail variables get the annihilation reaction Y+ + Y- -> 0.
//   kAll:     every dual-rail variable that has an equation (default).
//   kSquared: only those whose equation has a self-square term c*y^2 (the variables whose
//             kPaper/kReference realisation needs one rail near 0). Reproduces the reference
//             networks, which annihilate Z but not A, G, V (reference notes 1.3).
enum class AnnihilationScope { kAll, kSquared };
std::string ToString(AnnihilationScope s);  // "all" | "squared"
AnnihilationScope AnnihilationScopeFromString(std::string_view s);

struct CompileOptions {
  // Rate of Y+ + Y- -> 0 added for the dual-rail variables selected below; 0 = none (default).
  // Annihilation does not change y = [Y+] - [Y-]; it keeps both rails small (larger = smaller
  // rails, stiffer system).
  double annihilation_rate = 0.0;
  // Which variables are annihilated (see AnnihilationScope). Default kAll.
  AnnihilationScope annihilation_scope = AnnihilationScope::kAll;
  // Explicit list of variable names to annihilate; when non-empty it replaces the scope. Every
  // name must be a dual-rail variable (InputError otherwise).
  std::vector<std::string> annihilate;
  // Merge reactions with identical reactants and products (rates add). Off reproduces the
  // paper's template counts (e.g. 4 reactions for z*z).
  bool merge_identical = true;
  // Rate-law convention of the output; rates are compensated (times nu!) so the compiled CRN
  // realises the ODE exactly under this convention.
  RateLaw rate_law = RateLaw::kMassAction;
  // Apply the nu! compensation for kCombinatoric (default true). false keeps the mass-action
  // rates while labelling the CRN combinatoric: the authors' as-executed networks (Catalyst runs
  // 2Z -> Z at k = 1 as -z^2/2), not an exact realisation of the ODE.
  bool compensate_rate_law = true;
  SquareForm square_form = SquareForm::kExact;
  // The most reactions the templates may make (counted before merging, 2^m per monomial with m
  // dual-rail factors). A system over it is refused at once with InputError naming the
  // equation, instead of compiling for minutes into gigabytes (measured ~10 us and ~300 bytes
  // per reaction: the limit costs ~10 s). Default 1000000; at least 1.
  long max_reactions = 1000000;
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
  // The source ODE is Hungarian as written: every negative monomial of dy/dt contains y (so,
  // for non-negative variables, it is a CRN without dual rail).
  bool hungarian = true;
  int single_rail = 0;  // variables compiled single-rail
  int dual_rail = 0;    // variables compiled dual-rail
  int merged = 0;       // reactions removed by merge_identical
  // The projected CRN realises the ODE exactly at every state (false when a square term was
  // compiled with kPaper/kReference, or rates were not compensated for the rate law).
  bool exact = true;
  std::string ToText() const;  // human-readable, several lines
  std::string ToJson() const;  // {"species":..,"reactions":..,"per_template":{..},...}
};

struct CompileResult {
  Crn crn;
  std::vector<RailMap> rails;  // indexed by VarId
  CompileReport report;

  // CRN state from ODE values (y >= 0 -> Y+ = y, Y- = 0; y < 0 -> Y- = -y; a single-rail
  // variable takes its value, which must be >= 0: InputError otherwise).
  std::vector<double> LoadState(std::span<const double> ode_values) const;
  // ODE values from a CRN state: y = [Y+] - [Y-].
  std::vector<double> Project(std::span<const double> crn_state) const;
};

// Compiles; the CRN's initial state is LoadState(initial values of the ODE variables).
// Throws InputError for invalid options, a species-name clash (e.g. variables "z" and "zp"),
// a non-Hungarian negative term on a non-negative variable, or a negative initial value of one.
CompileResult CompileOde(const OdeSystem& ode, const CompileOptions& options = {});

// The right-hand side of the CRN's ODEs at state x under crn.rate_law(): the checking utility
// for the compiler's invariant (Project(MassActionRhs(crn, LoadState(y))) == ode rhs(y)).
std::vector<double> MassActionRhs(const Crn& crn, std::span<const double> x);

}  // namespace ncrn
