#pragma once
// Multivariate polynomials with real coefficients over variables identified by index. These are
// the right-hand sides of the ODEs the compiler turns into CRNs, and what the circuits layer
// differentiates symbolically.
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace ncrn {

using VarId = int;

// coeff * prod_k x_{var_k}^{power_k}. Canonical: powers sorted by variable, each variable once,
// every power >= 1.
struct Monomial {
  double coeff = 0.0;
  std::vector<std::pair<VarId, int>> powers;

  int Degree() const;
  // Number of factors with multiplicity (x*y*y -> 3).
  std::vector<VarId> Factors() const;
  double Evaluate(std::span<const double> x) const;
  friend bool operator==(const Monomial&, const Monomial&) = default;
};

// Sum of monomials. Canonical: like terms merged, zero terms dropped, monomials in a fixed order
// (by powers), so two equal polynomials compare equal.
class Polynomial {
 public:
  Polynomial() = default;
  static Polynomial Constant(double c);
  static Polynomial Variable(VarId v);
  static Polynomial FromMonomial(Monomial m);

  const std::vector<Monomial>& terms() const { return terms_; }
  bool IsZero() const { return terms_.empty(); }
  int Degree() const;
  double Evaluate(std::span<const double> x) const;
  Polynomial Derivative(VarId v) const;
  // Replaces variable `from` by the polynomial `to`.
  Polynomial Substitute(VarId from, const Polynomial& to) const;
  // Largest variable index used, or -1.
  VarId MaxVariable() const;

  Polynomial& operator+=(const Polynomial& o);
  Polynomial& operator-=(const Polynomial& o);
  Polynomial& operator*=(double c);
  friend Polynomial operator+(Polynomial a, const Polynomial& b) { return a += b; }
  friend Polynomial operator-(Polynomial a, const Polynomial& b) { return a -= b; }
  friend Polynomial operator-(Polynomial a) { return a *= -1.0; }
  friend Polynomial operator*(Polynomial a, double c) { return a *= c; }
  friend Polynomial operator*(double c, Polynomial a) { return a *= c; }
  friend Polynomial operator*(const Polynomial& a, const Polynomial& b);
  friend bool operator==(const Polynomial&, const Polynomial&) = default;

  // Human-readable form using the given variable names, e.g. "2*x*y^2 - z".
  std::string ToString(const std::vector<std::string>& names) const;

 private:
  void Canonicalise();
  std::vector<Monomial> terms_;
};

}  // namespace ncrn
