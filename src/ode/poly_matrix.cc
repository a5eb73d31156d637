#include "neuralcrn/ode/poly_matrix.h"

#include <fmt/format.h>

#include "neuralcrn/core/error.h"

namespace ncrn {

PolyMatrix::PolyMatrix(int rows, int cols) : rows_(rows), cols_(cols) {
  if (rows < 1 || cols < 1) {
    throw InputError(fmt::format("matrix shape {}x{}: dimensions must be >= 1", rows, cols));
  }
  data_.resize(static_cast<std::size_t>(rows) * cols);
}

PolyMatrix PolyMatrix::FromRows(const std::vector<std::vector<Polynomial>>& rows) {
  if (rows.empty() || rows[0].empty()) throw InputError("empty matrix");
  PolyMatrix m(static_cast<int>(rows.size()), static_cast<int>(rows[0].size()));
  for (int i = 0; i < m.rows_; ++i) {
    if (static_cast<int>(rows[i].size()) != m.cols_) {
      throw InputError(fmt::format("matrix row {} has {} elements, row 1 has {}", i + 1,
                                   rows[i].size(), m.cols_));
    }
    for (int j = 0; j < m.cols_; ++j) m(i, j) = rows[i][j];
  }
  return m;
}

PolyMatrix PolyMatrix::Scalar(Polynomial p) {
  PolyMatrix m(1, 1);
  m.data_[0] = std::move(p);
  return m;
}

PolyMatrix PolyMatrix::Column(const std::vector<Polynomial>& v) {
  PolyMatrix m(static_cast<int>(v.size()), 1);
  for (int i = 0; i < m.rows_; ++i) m.data_[i] = v[i];
  return m;
}

PolyMatrix PolyMatrix::ScalarVariable(OdeSystem& ode, std::string_view name, bool nonnegative) {
  return Scalar(Polynomial::Variable(ode.AddVariable(name, nonnegative)));
}

PolyMatrix PolyMatrix::VectorVariables(OdeSystem& ode, std::string_view base, int n,
                                       bool nonnegative) {
  PolyMatrix m(n, 1);
  for (int i = 0; i < n; ++i) {
    m.data_[i] = Polynomial::Variable(ode.AddVariable(VectorElementName(base, i), nonnegative));
  }
  return m;
}

PolyMatrix PolyMatrix::MatrixVariables(OdeSystem& ode, std::string_view base, int rows, int cols,
                                       bool nonnegative) {
  PolyMatrix m(rows, cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) {
      m(i, j) = Polynomial::Variable(
          ode.AddVariable(MatrixElementName(base, i, j, rows, cols), nonnegative));
    }
  }
  return m;
}

std::string PolyMatrix::ShapeString() const { return fmt::format("{}x{}", rows_, cols_); }

int PolyMatrix::Index(int i, int j) const {
  if (i < 0 || i >= rows_ || j < 0 || j >= cols_) {
    throw InputError(
        fmt::format("index ({}, {}) out of range for a {} matrix", i + 1, j + 1, ShapeString()));
  }
  return i * cols_ + j;
}

PolyMatrix PolyMatrix::Transpose() const {
  PolyMatrix t(cols_, rows_);
  for (int i = 0; i < rows_; ++i) {
    for (int j = 0; j < cols_; ++j) t(j, i) = (*this)(i, j);
  }
  return t;
}

PolyMatrix PolyMatrix::Map(const std::function<Polynomial(const Polynomial&)>& f) const {
  PolyMatrix m = *this;
  for (Polynomial& p : m.data_) p = f(p);
  return m;
}

PolyMatrix PolyMatrix::ElementPow(int k) const {
  if (k < 0) throw InputError(fmt::format("power {} must be a non-negative integer", k));
  return Map([k](const Polynomial& p) {
    Polynomial r = Polynomial::Constant(1.0);
    for (int i = 0; i < k; ++i) r = r * p;
    return r;
  });
}

namespace {

// Broadcast shape of a and b for element-wise operations (numpy rules on 2-D shapes).
std::pair<int, int> BroadcastShape(const PolyMatrix& a, const PolyMatrix& b, const char* op) {
  auto dim = [&](int x, int y) {
    if (x == y || y == 1) return x;
    if (x == 1) return y;
    throw InputError(
        fmt::format("shape mismatch in '{}': {} and {} (shapes must agree or a "
                    "dimension must be 1)",
                    op, a.ShapeString(), b.ShapeString()));
  };
  return {dim(a.rows(), b.rows()), dim(a.cols(), b.cols())};
}

const Polynomial& At(const PolyMatrix& m, int i, int j) {
  return m(m.rows() == 1 ? 0 : i, m.cols() == 1 ? 0 : j);
}

template <typename F>
PolyMatrix ElementWise(const PolyMatrix& a, const PolyMatrix& b, const char* op, F f) {
  const auto [r, c] = BroadcastShape(a, b, op);
  PolyMatrix out(r, c);
  for (int i = 0; i < r; ++i) {
    for (int j = 0; j < c; ++j) out(i, j) = f(At(a, i, j), At(b, i, j));
  }
  return out;
}

}  // namespace

PolyMatrix operator+(const PolyMatrix& a, const PolyMatrix& b) {
  return ElementWise(a, b, "+", [](const Polynomial& x, const Polynomial& y) { return x + y; });
}

PolyMatrix operator-(const PolyMatrix& a, const PolyMatrix& b) {
  return ElementWise(a, b, "-", [](const Polynomial& x, const Polynomial& y) { return x - y; });
}

PolyMatrix& PolyMatrix::operator+=(const PolyMatrix& o) {
  if (o.rows() != rows() || o.cols() != cols()) return *this = *this + o;
  for (std::size_t k = 0; k < data_.size(); ++k) data_[k] += o.data_[k];
  return *this;
}

PolyMatrix& PolyMatrix::operator-=(const PolyMatrix& o) {
  if (o.rows() != rows() || o.cols() != cols()) return *this = *this - o;
  for (std::size_t k = 0; k < data_.size(); ++k) data_[k] -= o.data_[k];
  return *this;
}

PolyMatrix operator-(const PolyMatrix& a) {
  return a.Map([](const Polynomial& p) { return -p; });
}

PolyMatrix operator*(double c, const PolyMatrix& a) {
  return a.Map([c](const Polynomial& p) { return c * p; });
}

PolyMatrix Hadamard(const PolyMatrix& a, const PolyMatrix& b) {
  return ElementWise(a, b, ".*", [](const Polynomial& x, const Polynomial& y) { return x * y; });
}

PolyMatrix operator*(const PolyMatrix& a, const PolyMatrix& b) {
  if (a.IsScalar() || b.IsScalar()) return Hadamard(a, b);
  if (a.cols() != b.rows()) {
    throw InputError(fmt::format(
        "shape mismatch in matrix product '*': {} times {} (inner dimensions must agree; use "
        "'.*' for the element-wise product)",
        a.ShapeString(), b.ShapeString()));
  }
  PolyMatrix out(a.rows(), b.cols());
  for (int i = 0; i < a.rows(); ++i) {
    for (int j = 0; j < b.cols(); ++j) {
      Polynomial s;
      for (int k = 0; k < a.cols(); ++k) s += a(i, k) * b(k, j);
      out(i, j) = std::move(s);
    }
  }
  return out;
}

PolyMatrix Transpose(const PolyMatrix& a) { return a.Transpose(); }

std::string VectorElementName(std::string_view base, int i) {
  return fmt::format("{}{}", base, i + 1);
}

std::string MatrixElementName(std::string_view base, int i, int j, int rows, int cols) {
  if (rows <= 9 && cols <= 9) return fmt::format("{}{}{}", base, i + 1, j + 1);
  return fmt::format("{}{}_{}", base, i + 1, j + 1);
}

std::optional<VarId> AsVariable(const Polynomial& p) {
  if (p.terms().size() != 1) return std::nullopt;
  const Monomial& m = p.terms()[0];
  if (m.coeff != 1.0 || m.powers.size() != 1 || m.powers[0].second != 1) return std::nullopt;
  return m.powers[0].first;
}

void SetEquations(OdeSystem& ode, const PolyMatrix& lhs, const PolyMatrix& rhs) {
  if (!rhs.IsScalar() && (rhs.rows() != lhs.rows() || rhs.cols() != lhs.cols())) {
    throw InputError(
        fmt::format("equation shape mismatch: d/dt of a {} block set to a {} "
                    "expression (shapes must agree, or the right side be a scalar)",
                    lhs.ShapeString(), rhs.ShapeString()));
  }
  for (int k = 0; k < lhs.size(); ++k) {
    const auto v = AsVariable(lhs[k]);
    if (!v)
      throw InputError("the left side of an equation must be a variable (or a block of them)");
    ode.SetEquation(*v, rhs.IsScalar() ? rhs[0] : rhs[k]);
  }
}

void SetInitials(OdeSystem& ode, const PolyMatrix& lhs, const std::vector<double>& values) {
  if (static_cast<int>(values.size()) != lhs.size()) {
    throw InputError(fmt::format("{} initial values given for a {} block ({} expected)",
                                 values.size(), lhs.ShapeString(), lhs.size()));
  }
  for (int k = 0; k < lhs.size(); ++k) {
    const auto v = AsVariable(lhs[k]);
    if (!v) throw InputError("initial values can only be given to variables");
    ode.SetInitial(*v, values[k]);
  }
}

}  // namespace ncrn
