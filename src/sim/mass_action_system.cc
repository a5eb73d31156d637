#include "neuralcrn/sim/mass_action_system.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>
#include <utility>

#include "neuralcrn/core/error.h"

namespace ncrn {

namespace {

double Factorial(int n) {
  double f = 1;
  for (int i = 2; i <= n; ++i) f *= i;
  return f;
}

// x^n for n >= 1.
inline double IntPow(double x, int n) {
  double p = x;
  for (int i = 1; i < n; ++i) p *= x;
  return p;
}

// prod_a y[rs[a]]^rc[a] over a term's reactants.
inline double Monomial(const double* y, const int* rs, const int* rc, int nr) {
  double v = 1;
  for (int a = 0; a < nr; ++a) v *= IntPow(y[rs[a]], rc[a]);
  return v;
}

// d(rate)/d(y_j) for reactant a of a term: k * c_a y_a^(c_a-1) * prod_{other} y^c.
template <typename Sink>
inline void ForEachPartial(const double* y, double k, const int* rs, const int* rc, int nr,
                           Sink&& sink) {
  for (int a = 0; a < nr; ++a) {
    double d = rc[a] == 1 ? k : k * rc[a] * IntPow(y[rs[a]], rc[a] - 1);
    for (int o = 0; o < nr; ++o) {
      if (o != a) d *= IntPow(y[rs[o]], rc[o]);
    }
    sink(a, d);
  }
}

}  // namespace

MassActionSystem::MassActionSystem(const Crn& crn, const SystemOptions& options)
    : MassActionSystem(crn, crn.rate_law(), options) {}

MassActionSystem::MassActionSystem(const Crn& crn, RateLaw law, const SystemOptions& options)
    : options_(options), rate_law_(law) {
  options_.Validate();
  Build(crn);
}

void MassActionSystem::Build(const Crn& crn) {
  const int ns = crn.num_species();
  names_ = crn.species_names();
  structure_.species = ns;
  structure_.reactions = crn.num_reactions();

  // 1. Constant species: net change 0 in every reaction.
  std::vector<char> is_const(ns, options_.fold_constants ? 1 : 0);
  if (options_.fold_constants) {
    for (const Reaction& r : crn.reactions()) {
      for (const Complex* c : {&r.reactants, &r.products}) {
        for (const StoichTerm& t : *c) {
          if (r.NetChange(t.species) != 0) is_const[t.species] = 0;
        }
      }
    }
  }

  // 2. Reduced reactions, keyed for merging: (dynamic reactants, net change over dynamic species).
  using Key = std::pair<std::vector<std::pair<int, int>>, std::vector<std::pair<int, int>>>;
  struct Group {
    Key key;
    std::vector<int> members;  // reaction indices
  };
  std::vector<Group> groups;
  std::map<Key, int> index;
  std::vector<char> is_implicit(ns, 0);  // reactants; species coupled to them are added below
  for (int ri = 0; ri < crn.num_reactions(); ++ri) {
    const Reaction& r = crn.reactions()[ri];
    Key key;
    for (const StoichTerm& t : r.reactants) {
      if (!is_const[t.species]) key.first.push_back({t.species, t.count});
    }
    std::set<int> touched;
    for (const StoichTerm& t : r.reactants) touched.insert(t.species);
    for (const StoichTerm& t : r.products) touched.insert(t.species);
    for (int s : touched) {
      const int d = r.NetChange(s);
      if (d != 0) {
        assert(!is_const[s]);
        key.second.push_back({s, d});
      }
    }
    if (key.second.empty()) continue;  // changes nothing (e.g. A -> A)
    for (const auto& [s, c] : key.first) is_implicit[s] = 1;
    auto it = options_.merge_identical ? index.find(key) : index.end();
    if (it == index.end()) {
      if (options_.merge_identical) index.emplace(key, static_cast<int>(groups.size()));
      groups.push_back({std::move(key), {ri}});
    } else {
      groups[it->second].members.push_back(ri);
    }
  }

  // A species that is never a reactant is a quadrature, unless a reaction changes it together
  // with an integrated species (B + C -> D): then it stays integrated, so that linear invariants
  // (b + d = const) hold to round-off; a quadrature's integral only follows the integrator's
  // error. Repeated until no reaction couples a quadrature to an integrated species.
  for (bool changed = true; changed;) {
    changed = false;
    for (const Group& g : groups) {
      bool touches_implicit = false;
      for (const auto& [sp, d] : g.key.second) touches_implicit |= is_implicit[sp] != 0;
      if (!touches_implicit) continue;
      for (const auto& [sp, d] : g.key.second) {
        if (!is_implicit[sp]) {
          is_implicit[sp] = 1;
          changed = true;
        }
      }
    }
  }

  // 3. State order: implicit species first, then quadratures; constants folded.
  state_of_.assign(ns, -1);
  state_species_.clear();
  constant_species_.clear();
  for (int s = 0; s < ns; ++s) {
    if (is_const[s]) {
      constant_species_.push_back(s);
    } else if (is_implicit[s] || !options_.quadratures) {
      state_of_[s] = static_cast<int>(state_species_.size());
      state_species_.push_back(s);
    }
  }
  structure_.implicit = static_cast<int>(state_species_.size());
  for (int s = 0; s < ns; ++s) {
    if (!is_const[s] && state_of_[s] < 0) {
      state_of_[s] = static_cast<int>(state_species_.size());
      state_species_.push_back(s);
    }
  }
  const int n = static_cast<int>(state_species_.size());
  structure_.constant = static_cast<int>(constant_species_.size());
  structure_.states = n;
  structure_.quadrature = n - structure_.implicit;
  structure_.rate_terms = static_cast<int>(groups.size());

  // 4. Term order: terms that change an implicit state first (the integrator's RHS loops over
  // them only); within a term, implicit net changes before quadrature ones.
  const int ni = structure_.implicit;
  auto changes_implicit = [&](const Group& g) {
    return std::any_of(g.key.second.begin(), g.key.second.end(),
                       [&](const auto& sd) { return state_of_[sd.first] < ni; });
  };
  std::stable_partition(groups.begin(), groups.end(), changes_implicit);
  num_implicit_terms_ =
      static_cast<int>(std::count_if(groups.begin(), groups.end(), changes_implicit));

  // 5. The implicit block's Jacobian pattern (diagonal always present so that SUNDIALS'
  // I - gamma*J never changes the sparse pattern). Quadratures have no columns (never reactants)
  // and their rows are not integrated implicitly.
  std::set<std::pair<int, int>> pattern;  // (col, row)
  for (int i = 0; i < ni; ++i) pattern.insert({i, i});
  for (const Group& g : groups) {
    for (const auto& [sr, cr] : g.key.first) {
      for (const auto& [sn, dn] : g.key.second) {
        if (state_of_[sn] < ni) pattern.insert({state_of_[sr], state_of_[sn]});
      }
    }
  }
  col_ptr_.assign(ni + 1, 0);
  row_ind_.clear();
  std::map<std::pair<int, int>, int> pos;
  for (const auto& [c, r] : pattern) {
    pos[{c, r}] = static_cast<int>(row_ind_.size());
    row_ind_.push_back(r);
    ++col_ptr_[c + 1];
  }
  for (int c = 0; c < ni; ++c) col_ptr_[c + 1] += col_ptr_[c];
  structure_.jacobian_nonzeros = static_cast<int>(row_ind_.size());

  // 6. Flat arrays for the hot loops.
  terms_.clear();
  quadrature_terms_.clear();
  quadrature_monomial_of_.clear();
  monomial_begin_.assign(1, 0);
  monomial_state_.clear();
  monomial_count_.clear();
  std::map<std::vector<std::pair<int, int>>, int> monomial_index;
  member_const_begin_.assign(1, 0);
  for (const Group& g : groups) {
    Term t{};
    t.reactant_begin = static_cast<int>(reactant_state_.size());
    for (const auto& [s, c] : g.key.first) {
      reactant_state_.push_back(state_of_[s]);
      reactant_count_.push_back(c);
    }
    t.reactant_end = static_cast<int>(reactant_state_.size());
    t.net_begin = static_cast<int>(net_state_.size());
    for (bool implicit : {true, false}) {
      for (const auto& [s, d] : g.key.second) {
        if ((state_of_[s] < ni) != implicit) continue;
        net_state_.push_back(state_of_[s]);
        net_coeff_.push_back(d);
      }
      if (implicit) t.net_split = static_cast<int>(net_state_.size());
    }
    t.net_end = static_cast<int>(net_state_.size());
    if (t.net_split < t.net_end) {  // changes a quadrature: register its distinct monomial
      quadrature_terms_.push_back(static_cast<int>(terms_.size()));
      std::vector<std::pair<int, int>> mono;
      for (int a = t.reactant_begin; a < t.reactant_end; ++a) {
        mono.push_back({reactant_state_[a], reactant_count_[a]});
      }
      auto [it, added] = monomial_index.emplace(mono, static_cast<int>(monomial_begin_.size()) - 1);
      if (added) {
        for (const auto& [st, c] : mono) {
          monomial_state_.push_back(st);
          monomial_count_.push_back(c);
        }
        monomial_begin_.push_back(static_cast<int>(monomial_state_.size()));
      }
      quadrature_monomial_of_.push_back(it->second);
    }
    t.member_begin = static_cast<int>(member_k_.size());
    for (int ri : g.members) {
      const Reaction& r = crn.reactions()[ri];
      double k = r.rate;
      for (const StoichTerm& st : r.reactants) {
        if (rate_law_ == RateLaw::kCombinatoric) k /= Factorial(st.count);
        if (is_const[st.species]) {
          const_species_.push_back(st.species);
          const_count_.push_back(st.count);
        }
      }
      member_k_.push_back(k);
      member_const_begin_.push_back(static_cast<int>(const_species_.size()));
    }
    t.member_end = static_cast<int>(member_k_.size());
    // Jacobian entries of the implicit rows: per reactant, (net_split - net_begin) entries.
    t.jac_begin = static_cast<int>(jac_coeff_.size());
    for (int a = t.reactant_begin; a < t.reactant_end; ++a) {
      const int col = reactant_state_[a];
      for (int b = t.net_begin; b < t.net_split; ++b) {
        const int row = net_state_[b];
        jac_dense_.push_back(row + col * ni);
        jac_sparse_.push_back(pos.at({col, row}));
        jac_coeff_.push_back(net_coeff_[b]);
      }
    }
    terms_.push_back(t);
  }
  structure_.quadrature_terms = static_cast<int>(quadrature_terms_.size());
  structure_.quadrature_monomials = static_cast<int>(monomial_begin_.size()) - 1;
}

void MassActionSystem::FoldRates(std::span<const double> full_state,
                                 std::span<double> k_eff) const {
  assert(static_cast<int>(full_state.size()) == num_species());
  assert(static_cast<int>(k_eff.size()) == num_rate_terms());
  for (size_t g = 0; g < terms_.size(); ++g) {
    const Term& t = terms_[g];
    double sum = 0;
    for (int m = t.member_begin; m < t.member_end; ++m) {
      double k = member_k_[m];
      for (int c = member_const_begin_[m]; c < member_const_begin_[m + 1]; ++c) {
        k *= IntPow(full_state[const_species_[c]], const_count_[c]);
      }
      sum += k;
    }
    k_eff[g] = sum;
  }
}

void MassActionSystem::Gather(std::span<const double> full_state, std::span<double> y) const {
  for (size_t i = 0; i < state_species_.size(); ++i) y[i] = full_state[state_species_[i]];
}

void MassActionSystem::Scatter(std::span<const double> y, std::span<double> full_state) const {
  for (size_t i = 0; i < state_species_.size(); ++i) full_state[state_species_[i]] = y[i];
}

void MassActionSystem::Rhs(const double* y, const double* k_eff, double* ydot) const {
  std::fill(ydot, ydot + num_states(), 0.0);
  for (size_t g = 0; g < terms_.size(); ++g) {
    const Term& t = terms_[g];
    const double v =
        k_eff[g] * Monomial(y, &reactant_state_[t.reactant_begin],
                            &reactant_count_[t.reactant_begin], t.reactant_end - t.reactant_begin);
    for (int b = t.net_begin; b < t.net_end; ++b) ydot[net_state_[b]] += net_coeff_[b] * v;
  }
}

void MassActionSystem::ImplicitRhs(const double* y, const double* k_eff, double* ydot) const {
  std::fill(ydot, ydot + num_implicit(), 0.0);
  for (int g = 0; g < num_implicit_terms_; ++g) {
    const Term& t = terms_[g];
    const double v =
        k_eff[g] * Monomial(y, &reactant_state_[t.reactant_begin],
                            &reactant_count_[t.reactant_begin], t.reactant_end - t.reactant_begin);
    for (int b = t.net_begin; b < t.net_split; ++b) ydot[net_state_[b]] += net_coeff_[b] * v;
  }
}

void MassActionSystem::AddQuadratureIntegrand(const double* y, double weight,
                                              double* integrals) const {
  const int nm = num_quadrature_monomials();
  for (int m = 0; m < nm; ++m) {
    const int b = monomial_begin_[m];
    integrals[m] +=
        weight * Monomial(y, &monomial_state_[b], &monomial_count_[b], monomial_begin_[m + 1] - b);
  }
}

void MassActionSystem::AddQuadratures(const double* k_eff, const double* integrals,
                                      double* y) const {
  for (size_t q = 0; q < quadrature_terms_.size(); ++q) {
    const int g = quadrature_terms_[q];
    const Term& t = terms_[g];
    const double amount = k_eff[g] * integrals[quadrature_monomial_of_[q]];
    for (int b = t.net_split; b < t.net_end; ++b) y[net_state_[b]] += net_coeff_[b] * amount;
  }
}

void MassActionSystem::AccumulateJacobian(const double* y, const double* k_eff,
                                          const std::vector<int>& index, double* out) const {
  for (int g = 0; g < num_implicit_terms_; ++g) {
    const Term& t = terms_[g];
    const int nimp = t.net_split - t.net_begin;
    ForEachPartial(y, k_eff[g], &reactant_state_[t.reactant_begin],
                   &reactant_count_[t.reactant_begin], t.reactant_end - t.reactant_begin,
                   [&](int a, double d) {
                     const int base = t.jac_begin + a * nimp;
                     for (int e = base; e < base + nimp; ++e) out[index[e]] += jac_coeff_[e] * d;
                   });
  }
}

void MassActionSystem::AddJacobianDense(const double* y, const double* k_eff, double* jac) const {
  AccumulateJacobian(y, k_eff, jac_dense_, jac);
}

void MassActionSystem::JacobianSparse(const double* y, const double* k_eff, double* values) const {
  std::fill(values, values + row_ind_.size(), 0.0);
  AccumulateJacobian(y, k_eff, jac_sparse_, values);
}

std::vector<double> MassActionSystem::Derivative(std::span<const double> full_state) const {
  if (static_cast<int>(full_state.size()) != num_species()) {
    throw InputError("state size does not match the number of species");
  }
  std::vector<double> k(num_rate_terms()), y(num_states()), ydot(num_states());
  FoldRates(full_state, k);
  Gather(full_state, y);
  Rhs(y.data(), k.data(), ydot.data());
  std::vector<double> out(num_species(), 0.0);
  Scatter(ydot, out);
  return out;
}

std::vector<double> MassActionSystem::FullJacobian(std::span<const double> full_state) const {
  // Columns of folded constants are 0 (solvers never need them). Every row, quadratures included.
  const int n = num_states(), ns = num_species();
  std::vector<double> k(num_rate_terms()), y(n);
  FoldRates(full_state, k);
  Gather(full_state, y);
  std::vector<double> out(static_cast<size_t>(ns) * ns, 0.0);
  for (const Term& t : terms_) {
    const double kg = k[&t - terms_.data()];
    ForEachPartial(y.data(), kg, &reactant_state_[t.reactant_begin],
                   &reactant_count_[t.reactant_begin], t.reactant_end - t.reactant_begin,
                   [&](int a, double d) {
                     const int col = state_species_[reactant_state_[t.reactant_begin + a]];
                     for (int b = t.net_begin; b < t.net_end; ++b) {
                       const int row = state_species_[net_state_[b]];
                       out[static_cast<size_t>(row) * ns + col] += net_coeff_[b] * d;
                     }
                   });
  }
  return out;
}

}  // namespace ncrn
