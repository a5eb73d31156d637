#include "neuralcrn/ode/polynomial.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace ncrn {

int Monomial::Degree() const {
  int d = 0;
  for (const auto& [v, p] : powers) d += p;
  return d;
}

std::vector<VarId> Monomial::Factors() const {
  std::vector<VarId> f;
  for (const auto& [v, p] : powers) f.insert(f.end(), p, v);
  return f;
}

double Monomial::Evaluate(std::span<const double> x) const {
  double r = coeff;
  for (const auto& [v, p] : powers) r *= p == 1 ? x[v] : std::pow(x[v], p);
  return r;
}

Polynomial Polynomial::Constant(double c) {
  Polynomial p;
  p.terms_.push_back({c, {}});
  p.Canonicalise();
  return p;
}

Polynomial Polynomial::Variable(VarId v) {
  Polynomial p;
  p.terms_.push_back({1.0, {{v, 1}}});
  return p;
}

Polynomial Polynomial::FromMonomial(Monomial m) {
  std::sort(m.powers.begin(), m.powers.end());
  Monomial c{m.coeff, {}};
  for (const auto& vp : m.powers) {
    if (!c.powers.empty() && c.powers.back().first == vp.first) {
      c.powers.back().second += vp.second;
    } else if (vp.second > 0) {
      c.powers.push_back(vp);
    }
  }
  Polynomial p;
  p.terms_.push_back(std::move(c));
  p.Canonicalise();
  return p;
}

void Polynomial::Canonicalise() {
  std::map<std::vector<std::pair<VarId, int>>, double> merged;
  for (const Monomial& m : terms_) merged[m.powers] += m.coeff;
  terms_.clear();
  for (auto& [powers, c] : merged) {
    if (c != 0.0) terms_.push_back({c, powers});
  }
}

int Polynomial::Degree() const {
  int d = 0;
  for (const Monomial& m : terms_) d = std::max(d, m.Degree());
  return d;
}

double Polynomial::Evaluate(std::span<const double> x) const {
  double r = 0.0;
  for (const Monomial& m : terms_) r += m.Evaluate(x);
  return r;
}

Polynomial Polynomial::Derivative(VarId v) const {
  Polynomial d;
  for (const Monomial& m : terms_) {
    for (std::size_t k = 0; k < m.powers.size(); ++k) {
      if (m.powers[k].first != v) continue;
      Monomial t = m;
      t.coeff *= m.powers[k].second;
      if (--t.powers[k].second == 0) t.powers.erase(t.powers.begin() + k);
      d.terms_.push_back(std::move(t));
    }
  }
  d.Canonicalise();
  return d;
}

Polynomial Polynomial::Substitute(VarId from, const Polynomial& to) const {
  Polynomial out;
  for (const Monomial& m : terms_) {
    Polynomial t = Constant(m.coeff);
    for (const auto& [v, p] : m.powers) {
      const Polynomial factor = v == from ? to : Variable(v);
      for (int k = 0; k < p; ++k) t = t * factor;
    }
    out += t;
  }
  return out;
}

VarId Polynomial::MaxVariable() const {
  VarId mx = -1;
  for (const Monomial& m : terms_) {
    for (const auto& [v, p] : m.powers) mx = std::max(mx, v);
  }
  return mx;
}

Polynomial& Polynomial::operator+=(const Polynomial& o) {
  // Both sides are canonical (sorted by powers, like terms merged): one linear merge. Sorting
  // everything again made a long sum (p1 + p2 + ... + pN) quadratic with a large constant.
  std::vector<Monomial> out;
  out.reserve(terms_.size() + o.terms_.size());
  auto a = terms_.begin();
  auto b = o.terms_.begin();
  while (a != terms_.end() || b != o.terms_.end()) {
    if (b == o.terms_.end() || (a != terms_.end() && a->powers < b->powers)) {
      out.push_back(std::move(*a++));
    } else if (a == terms_.end() || b->powers < a->powers) {
      out.push_back(*b++);
    } else {
      const double c = a->coeff + b->coeff;
      if (c != 0.0) out.push_back({c, std::move(a->powers)});
      ++a;
      ++b;
    }
  }
  terms_ = std::move(out);
  return *this;
}

Polynomial& Polynomial::operator-=(const Polynomial& o) { return *this += -1.0 * o; }

Polynomial& Polynomial::operator*=(double c) {
  for (Monomial& m : terms_) m.coeff *= c;
  Canonicalise();
  return *this;
}

Polynomial operator*(const Polynomial& a, const Polynomial& b) {
  // Collect every product, then merge like terms once: O(n log n) in the n = |a| |b| products
  // (merging after each product made big expansions quadratic).
  Polynomial out;
  out.terms_.reserve(a.terms_.size() * b.terms_.size());
  for (const Monomial& x : a.terms_) {
    for (const Monomial& y : b.terms_) {
      Monomial m{x.coeff * y.coeff, x.powers};
      m.powers.insert(m.powers.end(), y.powers.begin(), y.powers.end());
      Polynomial t = Polynomial::FromMonomial(std::move(m));  // sorted powers; 0 or 1 term
      if (!t.terms_.empty()) out.terms_.push_back(std::move(t.terms_[0]));
    }
  }
  out.Canonicalise();
  return out;
}

std::string Polynomial::ToString(const std::vector<std::string>& names) const {
  if (terms_.empty()) return "0";
  std::string s;
  for (std::size_t i = 0; i < terms_.size(); ++i) {
    const Monomial& m = terms_[i];
    double c = m.coeff;
    if (i > 0) {
      s += c < 0 ? " - " : " + ";
      c = std::fabs(c);
    } else if (c < 0) {
      s += "-";
      c = -c;
    }
    std::string body;
    for (const auto& [v, p] : m.powers) {
      if (!body.empty()) body += "*";
      body += v < static_cast<VarId>(names.size()) ? names[v] : fmt::format("x{}", v);
      if (p > 1) body += fmt::format("^{}", p);
    }
    if (body.empty()) {
      s += fmt::format("{}", c);
    } else if (c == 1.0) {
      s += body;
    } else {
      s += fmt::format("{}*{}", c, body);
    }
  }
  return s;
}

}  // namespace ncrn
