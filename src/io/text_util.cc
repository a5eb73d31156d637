#include "text_util.h"

#include <cctype>

#include <fmt/format.h>

namespace ncrn::internal {

double CombinatoricFactor(const Reaction& r) {
  double f = 1;
  for (const StoichTerm& t : r.reactants) {
    for (int i = 2; i <= t.count; ++i) f *= i;
  }
  return f;
}

double RateIn(const Reaction& r, RateLaw from, RateLaw target) {
  if (from == target) return r.rate;
  // mass-action k*x^nu == combinatoric (k*nu!)*x^nu/nu!
  return target == RateLaw::kCombinatoric ? r.rate * CombinatoricFactor(r)
                                          : r.rate / CombinatoricFactor(r);
}

namespace {
bool Qualifies(const std::string& s, bool letter_first) {
  if (s.empty()) return false;
  const unsigned char c0 = s[0];
  if (!(std::isalpha(c0) || (!letter_first && c0 == '_'))) return false;
  for (unsigned char c : s) {
    if (!(std::isalnum(c) || c == '_')) return false;
  }
  return true;
}
}  // namespace

std::vector<std::string> MakeIdentifiers(const Crn& crn, const std::set<std::string>& reserved,
                                         bool letter_first) {
  const auto& names = crn.species_names();
  std::vector<std::string> ids(names.size());
  std::set<std::string> used = reserved;
  // Names that qualify first, so a rewritten name never takes an original one.
  for (size_t i = 0; i < names.size(); ++i) {
    if (Qualifies(names[i], letter_first) && !used.count(names[i])) {
      ids[i] = names[i];
      used.insert(names[i]);
    }
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (!ids[i].empty()) continue;
    std::string base;
    for (unsigned char c : names[i]) base += std::isalnum(c) || c == '_' ? char(c) : '_';
    if (base.empty() || !std::isalpha(static_cast<unsigned char>(base[0]))) {
      if (letter_first || base.empty()) base = fmt::format("s{}", base);
    }
    std::string id = base;
    for (int n = 2; used.count(id); ++n) id = fmt::format("{}_{}", base, n);
    ids[i] = id;
    used.insert(id);
  }
  return ids;
}

std::string Num(double v) { return fmt::format("{}", v); }

int ColumnOf(std::string_view line, std::size_t offset) {
  int col = 1;
  for (size_t i = 0; i < offset && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

std::string JoinComplex(const Complex& c, const std::vector<std::string>& names,
                        std::string_view coefficient_joiner, std::string_view empty) {
  if (c.empty()) return std::string(empty);
  std::string s;
  for (const StoichTerm& t : c) {
    if (!s.empty()) s += " + ";
    if (t.count != 1) s += fmt::format("{}{}", t.count, coefficient_joiner);
    s += names.at(t.species);
  }
  return s;
}

}  // namespace ncrn::internal
