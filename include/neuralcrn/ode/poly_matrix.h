#pragma once
// Matrices of polynomials: the vector/matrix layer used to write Neural ODEs (f = theta*x + h,
// z .* z, a' * theta, ...) in code or in the ODE language (ode_parser.h). Every element is a
// Polynomial over the variables of one OdeSystem.
//
// Shapes and broadcasting (the same rules as the ODE language, docs/ode-language.md):
//   * a 1x1 matrix is a scalar and broadcasts against any shape in +, -, .* and *;
//   * in + - and .* (Hadamard) the shapes must be equal, or a dimension of 1 broadcasts against
//     the other operand's dimension (numpy rules on 2-D shapes), e.g. theta[3x3] .* z[3x1] gives
//     theta_ij * z_i;
//   * * is the matrix product; its inner dimensions must agree unless one side is 1x1.
// Shape errors throw InputError naming both shapes.
//
// Element naming (Variables*): a scalar is `base`; a vector element is base + (i+1) ("z1", "z2");
// a matrix element is base + (i+1) + (j+1) ("theta12") when both dimensions are <= 9, otherwise
// base + (i+1) + "_" + (j+1) ("theta12_3"). Indices are 1-based, as in the paper.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "neuralcrn/ode/ode_system.h"
#include "neuralcrn/ode/polynomial.h"

namespace ncrn {

class PolyMatrix {
 public:
  PolyMatrix() : PolyMatrix(1, 1) {}
  PolyMatrix(int rows, int cols);  // all zero; throws InputError unless rows, cols >= 1
  // Builds from rows of polynomials (all rows the same length).
  static PolyMatrix FromRows(const std::vector<std::vector<Polynomial>>& rows);
  static PolyMatrix Scalar(Polynomial p);
  static PolyMatrix Constant(double c) { return Scalar(Polynomial::Constant(c)); }
  static PolyMatrix Column(const std::vector<Polynomial>& v);

  // Declares variables in `ode` (see the naming rule above) and returns them as a matrix.
  static PolyMatrix ScalarVariable(OdeSystem& ode, std::string_view name, bool nonnegative = false);
  static PolyMatrix VectorVariables(OdeSystem& ode, std::string_view base, int n,
                                    bool nonnegative = false);  // n x 1
  static PolyMatrix MatrixVariables(OdeSystem& ode, std::string_view base, int rows, int cols,
                                    bool nonnegative = false);

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  int size() const { return rows_ * cols_; }
  bool IsScalar() const { return rows_ == 1 && cols_ == 1; }
  std::string ShapeString() const;  // "3x1"

  Polynomial& operator()(int i, int j) { return data_.at(Index(i, j)); }
  const Polynomial& operator()(int i, int j) const { return data_.at(Index(i, j)); }
  // Row-major flat access.
  Polynomial& operator[](int k) { return data_.at(k); }
  const Polynomial& operator[](int k) const { return data_.at(k); }
  const std::vector<Polynomial>& elements() const { return data_; }  // row-major

  PolyMatrix Transpose() const;
  // Element-wise integer power (k >= 0); x^0 = 1.
  PolyMatrix ElementPow(int k) const;
  // Applies f to every element.
  PolyMatrix Map(const std::function<Polynomial(const Polynomial&)>& f) const;

  // In place when o has this shape (no copy of a growing sum); otherwise as a + b.
  PolyMatrix& operator+=(const PolyMatrix& o);
  PolyMatrix& operator-=(const PolyMatrix& o);

  friend PolyMatrix operator+(const PolyMatrix& a, const PolyMatrix& b);
  friend PolyMatrix operator-(const PolyMatrix& a, const PolyMatrix& b);
  friend PolyMatrix operator-(const PolyMatrix& a);
  // Matrix product (scalar product if either side is 1x1).
  friend PolyMatrix operator*(const PolyMatrix& a, const PolyMatrix& b);
  friend PolyMatrix operator*(double c, const PolyMatrix& a);
  friend PolyMatrix operator*(const PolyMatrix& a, double c) { return c * a; }
  friend bool operator==(const PolyMatrix&, const PolyMatrix&) = default;

 private:
  int Index(int i, int j) const;
  int rows_ = 1, cols_ = 1;
  std::vector<Polynomial> data_;
};

// Element-wise (Hadamard) product with broadcasting.
PolyMatrix Hadamard(const PolyMatrix& a, const PolyMatrix& b);
PolyMatrix Transpose(const PolyMatrix& a);

// Name of element (i, j) (0-based) of a block declared as a vector or matrix (rule above).
std::string VectorElementName(std::string_view base, int i);
std::string MatrixElementName(std::string_view base, int i, int j, int rows, int cols);

// The variable a polynomial consists of, if it is exactly one variable with coefficient 1.
std::optional<VarId> AsVariable(const Polynomial& p);

// Sets d(lhs)/dt = rhs element by element. Every element of lhs must be a single variable
// (as returned by *Variables); rhs must have lhs's shape or be 1x1 (broadcast). Throws
// InputError otherwise or if a variable already has an equation.
void SetEquations(OdeSystem& ode, const PolyMatrix& lhs, const PolyMatrix& rhs);
// Sets the initial values of lhs's variables from a row-major list (size must match).
void SetInitials(OdeSystem& ode, const PolyMatrix& lhs, const std::vector<double>& values);

}  // namespace ncrn
