#pragma once
// A chemical reaction network: species (with initial concentrations) and reactions (multisets of
// reactants and products with integer stoichiometry, and a rate constant).
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "neuralcrn/core/rate_law.h"

namespace ncrn {

using SpeciesId = int;

// One species in a complex with its stoichiometric coefficient (count >= 1).
struct StoichTerm {
  SpeciesId species = 0;
  int count = 1;
  friend bool operator==(const StoichTerm&, const StoichTerm&) = default;
};

// A multiset of species. Canonical form: sorted by species id, each species once, count >= 1.
// The empty complex is the zero complex (written 0 or ∅).
using Complex = std::vector<StoichTerm>;

// Sorts, merges repeated species (A + A == 2A) and drops zero counts.
Complex Canonical(Complex c);

struct Reaction {
  Complex reactants;  // canonical
  Complex products;   // canonical
  double rate = 1.0;  // finite, >= 0
  friend bool operator==(const Reaction&, const Reaction&) = default;

  // Total reactant stoichiometry (0 = zeroth order, 1 = unimolecular, ...).
  int Order() const;
  // Net change of species s (products minus reactants).
  int NetChange(SpeciesId s) const;
  // Stoichiometry of s among the reactants (0 if absent).
  int ReactantCount(SpeciesId s) const;
  // Stoichiometry of s among the products (0 if absent).
  int ProductCount(SpeciesId s) const;
};

class Crn {
 public:
  // Adds a species (initial concentration 0) or returns the id of an existing one.
  // Throws InputError for an invalid name (see IsValidSpeciesName).
  SpeciesId AddSpecies(std::string_view name);
  // Adds or finds a species and sets its initial concentration (finite, >= 0).
  SpeciesId AddSpecies(std::string_view name, double initial);

  std::optional<SpeciesId> Find(std::string_view name) const;
  // Like Find but throws InputError("unknown species 'X'").
  SpeciesId Id(std::string_view name) const;

  void SetInitial(SpeciesId s, double value);  // throws InputError if negative or not finite

  // Adds a reaction; complexes are canonicalised. Throws InputError for a rate that is
  // negative, NaN or infinite, or for a species id out of range.
  void AddReaction(Complex reactants, Complex products, double rate);
  void AddReaction(Reaction r);

  int num_species() const { return static_cast<int>(names_.size()); }
  int num_reactions() const { return static_cast<int>(reactions_.size()); }
  const std::string& name(SpeciesId s) const { return names_.at(s); }
  const std::vector<std::string>& species_names() const { return names_; }
  double initial(SpeciesId s) const { return initial_.at(s); }
  const std::vector<double>& initial_state() const { return initial_; }
  const std::vector<Reaction>& reactions() const { return reactions_; }
  std::vector<Reaction>& mutable_reactions() { return reactions_; }

  // How the network's rate constants are meant (see rate_law.h). Default kMassAction.
  RateLaw rate_law() const { return rate_law_; }
  void set_rate_law(RateLaw law) { rate_law_ = law; }

  friend bool operator==(const Crn&, const Crn&) = default;

 private:
  RateLaw rate_law_ = RateLaw::kMassAction;
  std::vector<std::string> names_;
  std::unordered_map<std::string, SpeciesId> index_;  // name -> id: Find in O(1), not O(n)
  std::vector<double> initial_;
  std::vector<Reaction> reactions_;
};

// Species names: start with a letter or '_', then letters, digits, '_', '\'' or '.'.
// A name that parses as a number ("2", "1e3") or is "0" is rejected.
bool IsValidSpeciesName(std::string_view name);

// Convenience for building networks in code: {{"A",1},{"B",2}} -> canonical complex.
Complex MakeComplex(Crn& crn, std::initializer_list<std::pair<std::string_view, int>> terms);

}  // namespace ncrn
