#pragma once
// A CRN compiled once into an executable mass-action ODE system: sparse stoichiometry, right-hand
// side and analytic Jacobian (dense and sparse CSC). Built once, evaluated many times with new
// initial states (a solver re-initialises, it does not rebuild; see solver.h).
//
// Structure that makes it fast (docs/performance.md), all exact under mass action and switchable:
//  * Constant species: a species whose net change is 0 in every reaction (a pure catalyst, or a
//    species in no reaction) never changes. Its concentration is folded into effective rate
//    constants k_eff = k * prod_c x_c^nu_c (FoldRates, once per solve, O(reactions)); it is not
//    an ODE state. Changing the catalysts' values needs no rebuild.
//  * Identical reactions merge: after folding, reactions with the same (dynamic) reactants and the
//    same net change vector become one reaction whose k_eff is the sum of its members'.
//  * Quadratures: a dynamic species that is a reactant of no reaction (the gradients G, V of the
//    backward stage) influences no rate. It stays in the implicit block anyway when a reaction
//    changes it together with an implicit species (D in B + C -> D), so that linear invariants
//    such as b + d = const hold to round-off. States are ordered [implicit block | quadratures].
//    Only the implicit block goes into the stiff integrator; a quadrature is the integral of rate
//    monomials of the implicit states, q(T) = q(0) + sum_terms c * k_eff * int_0^T m(y(t)) dt,
//    which the solver accumulates from the integrator's dense output (solver.h).
//
// Rate law (rate_law.h): rate = k * prod_s x_s^nu_s (mass action) or k * prod_s x_s^nu_s / nu_s!
// (combinatoric). The 1/nu! factor is folded into the base rate constants at build time.
#include <span>
#include <string>
#include <vector>

#include "neuralcrn/core/crn.h"
#include "neuralcrn/core/rate_law.h"

namespace ncrn {

struct SystemOptions {
  // Fold constant (catalyst-only) species into effective rate constants. Default on. Off: every
  // species is an ODE state (useful to check that folding is exact).
  bool fold_constants = true;
  // Merge reactions that are identical after folding. Default on; off keeps one rate per reaction.
  bool merge_identical = true;
  // Integrate never-reactant species as quadratures outside the stiff integrator (see above).
  // Default on. Off: every dynamic species is an integrator state under error control (slower;
  // useful as a check).
  bool quadratures = true;
  // Name used in error messages and summaries.
  std::string name = "crn";
  void Validate() const {}
};

// Counts describing the compiled structure.
struct SystemStructure {
  int species = 0;               // species of the CRN
  int reactions = 0;             // reactions of the CRN
  int constant = 0;              // folded constant species
  int states = 0;                // ODE states = species - constant
  int implicit = 0;              // states in the coupled (implicit) block
  int quadrature = 0;            // states that are never reactants and not coupled to implicit ones
  int rate_terms = 0;            // reactions after folding, dropping no-ops and merging
  int quadrature_terms = 0;      // rate terms that change a quadrature
  int quadrature_monomials = 0;  // their distinct rate monomials
  int jacobian_nonzeros = 0;     // of the implicit block's sparse pattern (diagonal included)
};

class MassActionSystem {
 public:
  // Uses crn.rate_law().
  explicit MassActionSystem(const Crn& crn, const SystemOptions& options = {});
  MassActionSystem(const Crn& crn, RateLaw law, const SystemOptions& options = {});

  const std::string& name() const { return options_.name; }
  const SystemOptions& options() const { return options_; }
  const SystemStructure& structure() const { return structure_; }
  RateLaw rate_law() const { return rate_law_; }

  // Full CRN species.
  int num_species() const { return static_cast<int>(names_.size()); }
  const std::vector<std::string>& species_names() const { return names_; }
  // ODE states (reduced): state i holds species state_species()[i]; implicit states come first.
  int num_states() const { return static_cast<int>(state_species_.size()); }
  int num_implicit() const { return structure_.implicit; }
  int num_rate_terms() const { return structure_.rate_terms; }
  const std::vector<int>& state_species() const { return state_species_; }
  const std::vector<int>& constant_species() const { return constant_species_; }

  // Effective rate constants (size num_rate_terms()) for the constant species' values taken from
  // a full state (size num_species()). Cost O(reactions); call once per solve.
  void FoldRates(std::span<const double> full_state, std::span<double> k_eff) const;
  // full state -> reduced state and back (Scatter leaves constant species untouched).
  void Gather(std::span<const double> full_state, std::span<double> y) const;
  void Scatter(std::span<const double> y, std::span<double> full_state) const;

  // Reduced right-hand side dy/dt = S * rates(y, k_eff). Pointers to num_states() doubles.
  void Rhs(const double* y, const double* k_eff, double* ydot) const;
  // The implicit block's right-hand side: y and ydot hold num_implicit() doubles (rates depend
  // on implicit states only).
  void ImplicitRhs(const double* y, const double* k_eff, double* ydot) const;
  // Adds the implicit block's Jacobian d(ydot)/dy into a zeroed column-major ni x ni array
  // (ni = num_implicit(); y holds at least the implicit states).
  void AddJacobianDense(const double* y, const double* k_eff, double* jac) const;
  // Writes the implicit block's Jacobian in the CSC pattern below (every entry assigned).
  void JacobianSparse(const double* y, const double* k_eff, double* values) const;
  const std::vector<int>& jacobian_col_ptr() const { return col_ptr_; }  // size ni + 1
  const std::vector<int>& jacobian_row_ind() const { return row_ind_; }  // size nnz

  // Quadratures. integrals[m] (m < num_quadrature_monomials()) accumulates the time integral of
  // the m-th distinct rate monomial (product of reactant powers, no rate constant) among the
  // quadrature-changing terms: AddQuadratureIntegrand adds weight * m(y) (y: implicit states,
  // e.g. at a quadrature node); AddQuadratures adds each term's change c * k_eff * integral to
  // the quadrature entries of the reduced state y (size num_states()).
  int num_quadrature_monomials() const { return structure_.quadrature_monomials; }
  void AddQuadratureIntegrand(const double* y, double weight, double* integrals) const;
  void AddQuadratures(const double* k_eff, const double* integrals, double* y) const;

  // Convenience on full states (tests, diagnostics; allocates): dx/dt for every species (0 for
  // constants), and the dense Jacobian over all species (row-major, num_species^2; the columns
  // of folded constant species are 0).
  std::vector<double> Derivative(std::span<const double> full_state) const;
  std::vector<double> FullJacobian(std::span<const double> full_state) const;

 private:
  // Adds the implicit block's Jacobian contributions into out[index[e]] (dense or CSC layout).
  void AccumulateJacobian(const double* y, const double* k_eff, const std::vector<int>& index,
                          double* out) const;
  void Build(const Crn& crn);

  SystemOptions options_;
  RateLaw rate_law_;
  SystemStructure structure_;
  std::vector<std::string> names_;
  std::vector<int> state_species_;     // state -> species
  std::vector<int> constant_species_;  // species folded as constants
  std::vector<int> state_of_;          // species -> state or -1

  // Rate terms (merged reactions), flat arrays indexed by ranges. Terms that change an implicit
  // state come first (num_implicit_terms_ of them).
  struct Term {
    int reactant_begin, reactant_end;   // into reactant_state_/reactant_count_
    int net_begin, net_split, net_end;  // into net_state_/net_coeff_: implicit, then quadratures
    int member_begin, member_end;       // into member_k_/member_const_begin_ (folding)
    int jac_begin;                      // into jac_*: per reactant, (net_split - net_begin) entries
  };
  std::vector<Term> terms_;
  int num_implicit_terms_ = 0;
  std::vector<int> quadrature_terms_;        // terms with net_split < net_end
  std::vector<int> quadrature_monomial_of_;  // per quadrature term: its monomial
  std::vector<int> monomial_begin_;          // size monomials + 1, into monomial_state_/count_
  std::vector<int> monomial_state_, monomial_count_;
  std::vector<int> reactant_state_, reactant_count_;
  std::vector<int> net_state_;
  std::vector<double> net_coeff_;
  std::vector<double> member_k_;         // base k including 1/nu! (combinatoric)
  std::vector<int> member_const_begin_;  // size members + 1, into const_species_/const_count_
  std::vector<int> const_species_, const_count_;
  std::vector<int> jac_dense_, jac_sparse_;  // offsets in the implicit block's Jacobian
  std::vector<double> jac_coeff_;
  std::vector<int> col_ptr_, row_ind_;
};

}  // namespace ncrn
