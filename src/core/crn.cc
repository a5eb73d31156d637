#include "neuralcrn/core/crn.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/core/number_text.h"

namespace ncrn {

Complex Canonical(Complex c) {
  std::sort(c.begin(), c.end(),
            [](const StoichTerm& a, const StoichTerm& b) { return a.species < b.species; });
  Complex out;
  for (const StoichTerm& t : c) {
    if (!out.empty() && out.back().species == t.species) {
      out.back().count += t.count;
    } else {
      out.push_back(t);
    }
  }
  std::erase_if(out, [](const StoichTerm& t) { return t.count == 0; });
  return out;
}

namespace {
int CountIn(const Complex& c, SpeciesId s) {
  for (const StoichTerm& t : c) {
    if (t.species == s) return t.count;
  }
  return 0;
}
}  // namespace

int Reaction::Order() const {
  int n = 0;
  for (const StoichTerm& t : reactants) n += t.count;
  return n;
}
int Reaction::ReactantCount(SpeciesId s) const { return CountIn(reactants, s); }
int Reaction::ProductCount(SpeciesId s) const { return CountIn(products, s); }
int Reaction::NetChange(SpeciesId s) const { return ProductCount(s) - ReactantCount(s); }

bool IsValidSpeciesName(std::string_view name) {
  if (name.empty()) return false;
  const char c0 = name.front();
  if (!(std::isalpha(static_cast<unsigned char>(c0)) || c0 == '_')) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '\'' || c == '.')) {
      return false;
    }
  }
  return !IsNumberWord(name);
}

SpeciesId Crn::AddSpecies(std::string_view name) {
  if (auto id = Find(name)) return *id;
  if (!IsValidSpeciesName(name)) {
    throw InputError(fmt::format(
        "invalid species name '{}': a name starts with a letter or '_' and continues with "
        "letters, digits, '_', '.' or '\\''",
        name));
  }
  names_.emplace_back(name);
  index_.emplace(names_.back(), num_species() - 1);
  initial_.push_back(0.0);
  return num_species() - 1;
}

SpeciesId Crn::AddSpecies(std::string_view name, double initial) {
  SpeciesId id = AddSpecies(name);
  SetInitial(id, initial);
  return id;
}

std::optional<SpeciesId> Crn::Find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

SpeciesId Crn::Id(std::string_view name) const {
  if (auto id = Find(name)) return *id;
  throw InputError(fmt::format("unknown species '{}'", name));
}

void Crn::SetInitial(SpeciesId s, double value) {
  if (!std::isfinite(value) || value < 0) {
    throw InputError(fmt::format("initial concentration of '{}' must be finite and >= 0, got {}",
                                 name(s), value));
  }
  initial_.at(s) = value;
}

void Crn::AddReaction(Complex reactants, Complex products, double rate) {
  AddReaction(Reaction{std::move(reactants), std::move(products), rate});
}

void Crn::AddReaction(Reaction r) {
  if (!std::isfinite(r.rate) || r.rate < 0) {
    throw InputError(fmt::format("rate constant must be finite and >= 0, got {}", r.rate));
  }
  for (const Complex* c : {&r.reactants, &r.products}) {
    for (const StoichTerm& t : *c) {
      if (t.species < 0 || t.species >= num_species()) {
        throw InputError(fmt::format("reaction refers to species id {} out of range", t.species));
      }
      if (t.count < 0) throw InputError("negative stoichiometric coefficient");
    }
  }
  r.reactants = Canonical(std::move(r.reactants));
  r.products = Canonical(std::move(r.products));
  reactions_.push_back(std::move(r));
}

Complex MakeComplex(Crn& crn, std::initializer_list<std::pair<std::string_view, int>> terms) {
  Complex c;
  for (const auto& [name, count] : terms) c.push_back({crn.AddSpecies(name), count});
  return Canonical(std::move(c));
}

}  // namespace ncrn
