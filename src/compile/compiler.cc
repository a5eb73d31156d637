#include "neuralcrn/compile/compiler.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "neuralcrn/core/dual_rail.h"
#include "neuralcrn/core/error.h"

namespace ncrn {

std::string ToString(SquareForm f) {
  switch (f) {
    case SquareForm::kExact:
      return "exact";
    case SquareForm::kPaper:
      return "paper";
    case SquareForm::kReference:
      return "reference";
  }
  return "?";
}

SquareForm SquareFormFromString(std::string_view s) {
  if (s == "exact") return SquareForm::kExact;
  if (s == "paper") return SquareForm::kPaper;
  if (s == "reference") return SquareForm::kReference;
  throw InputError(
      fmt::format("unknown square form '{}': expected 'exact', 'paper' or 'reference'", s));
}

std::string ToString(AnnihilationScope s) {
  return s == AnnihilationScope::kAll ? "all" : "squared";
}

AnnihilationScope AnnihilationScopeFromString(std::string_view s) {
  if (s == "all") return AnnihilationScope::kAll;
  if (s == "squared") return AnnihilationScope::kSquared;
  throw InputError(fmt::format("unknown annihilation scope '{}': expected 'all' or 'squared'", s));
}

void CompileOptions::Validate() const {
  if (!std::isfinite(annihilation_rate) || annihilation_rate < 0) {
    throw InputError(
        fmt::format("annihilation rate must be finite and >= 0, got {}", annihilation_rate));
  }
  if (max_reactions < 1)
    throw InputError(fmt::format("max_reactions = {} must be at least 1", max_reactions));
  // Names without a rate would be ignored: say so rather than compile without annihilation.
  if (!annihilate.empty() && annihilation_rate <= 0) {
    throw InputError(fmt::format(
        "variables to annihilate were named ({}) but the annihilation rate is 0; give a rate "
        "(--annihilation RATE / CompileOptions::annihilation_rate)",
        fmt::join(annihilate, ", ")));
  }
}

std::vector<double> CompileResult::LoadState(std::span<const double> ode_values) const {
  if (ode_values.size() != rails.size()) {
    throw InputError(fmt::format("LoadState: {} values given for {} ODE variables",
                                 ode_values.size(), rails.size()));
  }
  std::vector<double> x(crn.num_species(), 0.0);
  for (std::size_t v = 0; v < rails.size(); ++v) {
    const double y = ode_values[v];
    if (!std::isfinite(y)) {
      throw InputError(
          fmt::format("value of '{}' must be finite, got {}", crn.name(rails[v].plus), y));
    }
    if (!rails[v].minus) {
      if (y < 0) {
        throw InputError(fmt::format("'{}' is non-negative (single-rail) but its value is {}",
                                     crn.name(rails[v].plus), y));
      }
      x[rails[v].plus] = y;
    } else {
      x[rails[v].plus] = std::max(0.0, y);
      x[*rails[v].minus] = std::max(0.0, -y);
    }
  }
  return x;
}

std::vector<double> CompileResult::Project(std::span<const double> crn_state) const {
  std::vector<double> y(rails.size());
  for (std::size_t v = 0; v < rails.size(); ++v) {
    y[v] = crn_state[rails[v].plus] - (rails[v].minus ? crn_state[*rails[v].minus] : 0.0);
  }
  return y;
}

std::vector<double> MassActionRhs(const Crn& crn, std::span<const double> x) {
  std::vector<double> dx(crn.num_species(), 0.0);
  const bool combinatoric = crn.rate_law() == RateLaw::kCombinatoric;
  for (const Reaction& r : crn.reactions()) {
    double rate = r.rate;
    for (const StoichTerm& t : r.reactants) {
      rate *= std::pow(x[t.species], t.count);
      if (combinatoric) rate /= std::tgamma(t.count + 1.0);
    }
    for (const StoichTerm& t : r.reactants) dx[t.species] -= rate * t.count;
    for (const StoichTerm& t : r.products) dx[t.species] += rate * t.count;
  }
  return dx;
}

namespace internal {
namespace {

struct Tagged {
  Reaction reaction;
  std::string tmpl;
};

class Compiler {
 public:
  Compiler(const OdeSystem& ode, const CompileOptions& o) : ode_(ode), o_(o) {}

  CompileResult Run() {
    o_.Validate();
    MakeSpecies();
    CheckSize();
    for (VarId y = 0; y < ode_.size(); ++y) {
      const OdeVariable& var = ode_.var(y);
      if (!var.has_equation) continue;
      for (const Monomial& m : var.rhs.terms()) {
        if (m.coeff < 0 && !Contains(m, y)) out_.report.hungarian = false;
        Term(y, m);
      }
    }
    Annihilation();
    Emit();
    return std::move(out_);
  }

 private:
  static bool Contains(const Monomial& m, VarId v) {
    return std::any_of(m.powers.begin(), m.powers.end(),
                       [v](const auto& p) { return p.first == v; });
  }

  // The templates make up to 2^m reactions per monomial with m dual-rail factors: count them
  // before generating any, so that an oversized system stops at once.
  void CheckSize() const {
    long total = 0;
    for (VarId y = 0; y < ode_.size(); ++y) {
      for (const Monomial& m : ode_.var(y).rhs.terms()) {
        int dual = 0;
        for (VarId f : m.Factors()) dual += Dual(f) ? 1 : 0;
        total += dual <= kMaxFactors ? 1L << dual : 0;  // more: Term() says why
      }
      if (total > o_.max_reactions) {
        const OdeVariable& var = ode_.var(y);
        throw InputError(fmt::format(
            "{}by d{}/dt the templates already make {} reactions (2^m per monomial with m "
            "signed factors), more than the limit of {} (CompileOptions::max_reactions, "
            "--max-reactions); raise it if the network is really this large",
            var.where, var.name, total, o_.max_reactions));
      }
    }
  }

  // The species `name` for variable v; a name another variable's species already took is an
  // error naming both (z's rail "zp" against a variable called zp).
  SpeciesId Add(const std::string& name, VarId v) {
    if (const auto s = out_.crn.Find(name)) {
      const OdeVariable& other = ode_.var(species_owner_[*s]);
      const OdeVariable& var = ode_.var(v);
      auto describe = [](const OdeVariable& x) {
        return fmt::format("{} variable '{}'", x.nonnegative ? "single-rail" : "dual-rail", x.name);
      };
      throw InputError(fmt::format(
          "{}species name clash: species '{}' is needed by the {} and by the {}; rename one of "
          "the two variables",
          var.where.empty() ? other.where : var.where, name, describe(other), describe(var)));
    }
    species_owner_.push_back(v);
    return out_.crn.AddSpecies(name);
  }

  void MakeSpecies() {
    out_.rails.resize(ode_.size());
    for (VarId v = 0; v < ode_.size(); ++v) {
      const OdeVariable& var = ode_.var(v);
      if (var.nonnegative) {
        out_.rails[v].plus = Add(var.name, v);
        ++out_.report.single_rail;
      } else {
        out_.rails[v].plus = Add(RailName(var.name, Rail::kPlus), v);
        out_.rails[v].minus = Add(RailName(var.name, Rail::kMinus), v);
        ++out_.report.dual_rail;
      }
    }
    std::vector<double> init(ode_.size());
    for (VarId v = 0; v < ode_.size(); ++v) init[v] = ode_.var(v).initial;
    const std::vector<double> x = out_.LoadState(init);
    for (SpeciesId s = 0; s < out_.crn.num_species(); ++s) out_.crn.SetInitial(s, x[s]);
  }

  SpeciesId RailOf(VarId v, bool plus) const {
    return plus ? out_.rails[v].plus : *out_.rails[v].minus;
  }
  bool Dual(VarId v) const { return out_.rails[v].minus.has_value(); }

  void Push(Complex reactants, Complex products, double rate, const std::string& tmpl) {
    reactions_.push_back(
        {Reaction{Canonical(std::move(reactants)), Canonical(std::move(products)), rate}, tmpl});
  }

  void Term(VarId y, const Monomial& m) {
    const std::vector<VarId> factors = m.Factors();
    const double k = std::fabs(m.coeff);
    const bool positive = m.coeff > 0;
    const bool is_square = factors.size() == 2 && factors[0] == y && factors[1] == y;
    if (Dual(y) && is_square && o_.square_form != SquareForm::kExact) {
      squared_.insert(y);
      out_.report.exact = false;
      for (bool plus : {true, false}) {
        const SpeciesId s = RailOf(y, plus);
        if (positive) {
          Push({{s, 2}}, {{s, 3}}, k, "square");
        } else if (o_.square_form == SquareForm::kPaper) {
          Push({{s, 2}}, {}, k / 2, "square");
        } else {
          Push({{s, 2}}, {{s, 1}}, k, "square");
        }
      }
      return;
    }
    if (is_square && Dual(y)) squared_.insert(y);
    bool all_single = !Dual(y);
    for (VarId f : factors) all_single = all_single && !Dual(f);
    const std::string tmpl = positive ? (all_single ? "type1" : "type2") : "type3";
    // Enumerate the rail choices of the dual-rail factors (single-rail factors have one rail):
    // bit b of mask set = the b-th dual-rail factor takes its minus rail.
    int dual_factors = 0;
    for (VarId f : factors) dual_factors += Dual(f) ? 1 : 0;
    if (dual_factors > kMaxFactors) {
      throw InputError(fmt::format(
          "{}d{}/dt has a monomial with {} signed factors: the dual-rail template needs 2^{} "
          "reactions for it; at most {} signed factors per monomial are supported",
          ode_.var(y).where, ode_.var(y).name, dual_factors, dual_factors, kMaxFactors));
    }
    for (int mask = 0; mask < (1 << dual_factors); ++mask) {
      bool sign = positive;  // true = the plus output rail
      Complex reactants;
      int bit = 0;
      for (VarId f : factors) {
        const bool minus = Dual(f) && ((mask >> bit++) & 1);
        if (minus) sign = !sign;
        reactants.push_back({RailOf(f, !minus), 1});
      }
      Complex products = reactants;
      if (Dual(y)) {
        products.push_back({RailOf(y, sign), 1});
        Push(std::move(reactants), std::move(products), k, tmpl);
      } else if (sign) {
        products.push_back({out_.rails[y].plus, 1});
        Push(std::move(reactants), std::move(products), k, tmpl);
      } else {
        if (!Contains(m, y)) {
          const OdeVariable& var = ode_.var(y);
          throw InputError(fmt::format(
              "{}d{}/dt has the term '{}', which can be negative and does not contain {}: '{}' "
              "is declared non-negative, so it cannot be realised single-rail (Hungarian "
              "lemma); remove the 'nonneg' declaration of '{}' to compile it dual-rail",
              var.where, var.name, Polynomial::FromMonomial(m).ToString(ode_.Names()), var.name,
              var.name, var.name));
        }
        products = Canonical(std::move(products));
        for (StoichTerm& t : products) {
          if (t.species == out_.rails[y].plus) --t.count;  // consume one Y
        }
        Push(std::move(reactants), std::move(products), k, "consume");
      }
    }
  }

  void Annihilation() {
    if (o_.annihilation_rate <= 0) return;
    std::vector<VarId> targets;
    if (!o_.annihilate.empty()) {
      for (const std::string& name : o_.annihilate) {
        const auto v = ode_.Find(name);
        if (!v || !Dual(*v)) {
          throw InputError(
              fmt::format("cannot annihilate '{}': {}", name,
                          v ? "it is single-rail (non-negative)" : "no such variable in the ODE"));
        }
        targets.push_back(*v);
      }
    } else {
      for (VarId v = 0; v < ode_.size(); ++v) {
        if (!Dual(v) || !ode_.var(v).has_equation) continue;
        if (o_.annihilation_scope == AnnihilationScope::kSquared && !squared_.count(v)) continue;
        targets.push_back(v);
      }
    }
    for (VarId v : targets) {
      Push({{RailOf(v, true), 1}, {RailOf(v, false), 1}}, {}, o_.annihilation_rate, "annihilation");
    }
  }

  void Emit() {
    // Merge identical reactions (rates add), keeping first-occurrence order.
    std::vector<Tagged> kept;
    if (o_.merge_identical) {
      std::map<std::pair<Complex, Complex>, std::size_t, ComplexLess> index;
      for (Tagged& t : reactions_) {
        auto key = std::make_pair(t.reaction.reactants, t.reaction.products);
        auto it = index.find(key);
        if (it != index.end()) {
          kept[it->second].reaction.rate += t.reaction.rate;
          ++out_.report.merged;
        } else {
          index.emplace(std::move(key), kept.size());
          kept.push_back(std::move(t));
        }
      }
    } else {
      kept = std::move(reactions_);
    }
    const bool combinatoric = o_.rate_law == RateLaw::kCombinatoric;
    out_.crn.set_rate_law(o_.rate_law);
    if (combinatoric && !o_.compensate_rate_law) {
      for (const Tagged& t : kept) {
        for (const StoichTerm& s : t.reaction.reactants) {
          if (s.count > 1) out_.report.exact = false;
        }
      }
    }
    CompileReport& rep = out_.report;
    for (Tagged& t : kept) {
      Reaction& r = t.reaction;
      if (combinatoric && o_.compensate_rate_law) {
        for (const StoichTerm& s : r.reactants) r.rate *= std::tgamma(s.count + 1.0);
      }
      rep.per_template[t.tmpl]++;
      rep.molecularity[std::min(r.Order(), 3)]++;
      out_.crn.AddReaction(std::move(r));
    }
    rep.species = out_.crn.num_species();
    rep.reactions = out_.crn.num_reactions();
  }

  struct ComplexLess {
    static std::vector<std::pair<int, int>> Key(const Complex& c) {
      std::vector<std::pair<int, int>> k;
      for (const StoichTerm& t : c) k.emplace_back(t.species, t.count);
      return k;
    }
    bool operator()(const std::pair<Complex, Complex>& a,
                    const std::pair<Complex, Complex>& b) const {
      return std::make_pair(Key(a.first), Key(a.second)) <
             std::make_pair(Key(b.first), Key(b.second));
    }
  };

  static constexpr int kMaxFactors = 16;
  const OdeSystem& ode_;
  const CompileOptions& o_;
  CompileResult out_;
  std::vector<VarId> species_owner_;  // by SpeciesId: the variable each species was made for
  std::vector<Tagged> reactions_;
  std::set<VarId> squared_;
};

}  // namespace
}  // namespace internal

CompileResult CompileOde(const OdeSystem& ode, const CompileOptions& options) {
  return internal::Compiler(ode, options).Run();
}

std::string CompileReport::ToText() const {
  std::string s = fmt::format("species: {} ({} dual-rail, {} single-rail variables)\n", species,
                              dual_rail, single_rail);
  s += fmt::format("reactions: {}", reactions);
  if (merged > 0) s += fmt::format(" ({} identical reactions merged)", merged);
  s += "\nper template:";
  for (const auto& [name, n] : per_template) s += fmt::format(" {}={}", name, n);
  s += fmt::format("\nmolecularity: zeroth={} uni={} bi={} ter+={}\n", molecularity[0],
                   molecularity[1], molecularity[2], molecularity[3]);
  s += fmt::format("source ODE Hungarian: {}; exact realisation: {}\n", hungarian ? "yes" : "no",
                   exact ? "yes" : "no (see square form / rate law)");
  return s;
}

std::string CompileReport::ToJson() const {
  std::string t;
  for (const auto& [name, n] : per_template) {
    t += fmt::format("{}\"{}\": {}", t.empty() ? "" : ", ", name, n);
  }
  return fmt::format(
      "{{\"species\": {}, \"reactions\": {}, \"per_template\": {{{}}}, \"molecularity\": "
      "{{\"zeroth\": {}, \"uni\": {}, \"bi\": {}, \"ter_or_more\": {}}}, \"hungarian\": {}, "
      "\"exact\": {}, \"dual_rail_variables\": {}, \"single_rail_variables\": {}, \"merged\": {}}}",
      species, reactions, t, molecularity[0], molecularity[1], molecularity[2], molecularity[3],
      hungarian, exact, dual_rail, single_rail, merged);
}

}  // namespace ncrn
