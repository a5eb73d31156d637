#include "neuralcrn/sim/fast_vector_ops.h"

#include <algorithm>
#include <cmath>

namespace ncrn::internal {

namespace {

inline double* D(N_Vector v) { return NV_DATA_S(v); }
inline long N(N_Vector v) { return NV_LENGTH_S(v); }

void LinearSum(realtype a, N_Vector x, realtype b, N_Vector y, N_Vector z) {
  const double *xd = D(x), *yd = D(y);
  double* zd = D(z);
  const long n = N(x);
  for (long i = 0; i < n; ++i) zd[i] = a * xd[i] + b * yd[i];
}
void Const(realtype c, N_Vector z) {
  double* zd = D(z);
  const long n = N(z);
  for (long i = 0; i < n; ++i) zd[i] = c;
}
void Prod(N_Vector x, N_Vector y, N_Vector z) {
  const double *xd = D(x), *yd = D(y);
  double* zd = D(z);
  const long n = N(x);
  for (long i = 0; i < n; ++i) zd[i] = xd[i] * yd[i];
}
void Div(N_Vector x, N_Vector y, N_Vector z) {
  const double *xd = D(x), *yd = D(y);
  double* zd = D(z);
  const long n = N(x);
  for (long i = 0; i < n; ++i) zd[i] = xd[i] / yd[i];
}
void Scale(realtype c, N_Vector x, N_Vector z) {
  const double* xd = D(x);
  double* zd = D(z);
  const long n = N(x);
  for (long i = 0; i < n; ++i) zd[i] = c * xd[i];
}
void Abs(N_Vector x, N_Vector z) {
  const double* xd = D(x);
  double* zd = D(z);
  const long n = N(x);
  for (long i = 0; i < n; ++i) zd[i] = std::abs(xd[i]);
}
void Inv(N_Vector x, N_Vector z) {
  const double* xd = D(x);
  double* zd = D(z);
  const long n = N(x);
  for (long i = 0; i < n; ++i) zd[i] = 1.0 / xd[i];
}
void AddConst(N_Vector x, realtype b, N_Vector z) {
  const double* xd = D(x);
  double* zd = D(z);
  const long n = N(x);
  for (long i = 0; i < n; ++i) zd[i] = xd[i] + b;
}
realtype DotProd(N_Vector x, N_Vector y) {
  const double *xd = D(x), *yd = D(y);
  const long n = N(x);
  double s = 0;
  for (long i = 0; i < n; ++i) s += xd[i] * yd[i];
  return s;
}
realtype MaxNorm(N_Vector x) {
  const double* xd = D(x);
  const long n = N(x);
  double m = 0;
  for (long i = 0; i < n; ++i) m = std::abs(xd[i]) > m ? std::abs(xd[i]) : m;
  return m;
}
realtype WrmsNorm(N_Vector x, N_Vector w) {
  const double *xd = D(x), *wd = D(w);
  const long n = N(x);
  double s = 0;
  for (long i = 0; i < n; ++i) {
    const double p = xd[i] * wd[i];
    s += p * p;
  }
  return std::sqrt(s / n);
}
realtype WrmsNormMask(N_Vector x, N_Vector w, N_Vector id) {
  const double *xd = D(x), *wd = D(w), *idd = D(id);
  const long n = N(x);
  double s = 0;
  for (long i = 0; i < n; ++i) {
    if (idd[i] > 0) {
      const double p = xd[i] * wd[i];
      s += p * p;
    }
  }
  return std::sqrt(s / n);
}
realtype Min(N_Vector x) {
  const double* xd = D(x);
  const long n = N(x);
  double m = xd[0];
  for (long i = 1; i < n; ++i) m = xd[i] < m ? xd[i] : m;
  return m;
}
void Compare(realtype c, N_Vector x, N_Vector z) {
  const double* xd = D(x);
  double* zd = D(z);
  const long n = N(x);
  for (long i = 0; i < n; ++i) zd[i] = std::abs(xd[i]) >= c ? 1.0 : 0.0;
}
booleantype InvTest(N_Vector x, N_Vector z) {
  const double* xd = D(x);
  double* zd = D(z);
  const long n = N(x);
  bool ok = true;
  for (long i = 0; i < n; ++i) {
    if (xd[i] == 0.0) {
      ok = false;
    } else {
      zd[i] = 1.0 / xd[i];
    }
  }
  return ok ? SUNTRUE : SUNFALSE;
}
// z = sum_i c[i] X[i]; z may alias any X[i] (each element is read before it is written).
int LinearCombination(int nvec, realtype* c, N_Vector* X, N_Vector z) {
  double* zd = D(z);
  const long n = N(z);
  if (nvec == 1) {
    Scale(c[0], X[0], z);
    return 0;
  }
  if (nvec == 2) {
    LinearSum(c[0], X[0], c[1], X[1], z);
    return 0;
  }
  for (long j = 0; j < n; ++j) {
    double s = 0;
    for (int i = 0; i < nvec; ++i) s += c[i] * D(X[i])[j];
    zd[j] = s;
  }
  return 0;
}
// Z[i] = a[i] x + Y[i].
int ScaleAddMulti(int nvec, realtype* a, N_Vector x, N_Vector* Y, N_Vector* Z) {
  const double* xd = D(x);
  const long n = N(x);
  for (int i = 0; i < nvec; ++i) {
    const double* yd = D(Y[i]);
    double* zd = D(Z[i]);
    const double ai = a[i];
    for (long j = 0; j < n; ++j) zd[j] = ai * xd[j] + yd[j];
  }
  return 0;
}
int DotProdMulti(int nvec, N_Vector x, N_Vector* Y, realtype* d) {
  for (int i = 0; i < nvec; ++i) d[i] = DotProd(x, Y[i]);
  return 0;
}

// Dense matrices: column-major data of length ldata.
inline double* MD(SUNMatrix a) { return SM_DATA_D(a); }
inline long ML(SUNMatrix a) { return SM_LDATA_D(a); }

int MatZero(SUNMatrix a) {
  std::fill(MD(a), MD(a) + ML(a), 0.0);
  return 0;
}
int MatCopy(SUNMatrix a, SUNMatrix b) {  // b = a
  std::copy(MD(a), MD(a) + ML(a), MD(b));
  return 0;
}
int MatScaleAddI(realtype c, SUNMatrix a) {  // a = c a + I
  double* d = MD(a);
  const long n = SM_COLUMNS_D(a), m = SM_ROWS_D(a);
  for (long i = 0; i < ML(a); ++i) d[i] *= c;
  for (long j = 0; j < n && j < m; ++j) d[j + j * m] += 1.0;
  return 0;
}
int MatScaleAdd(realtype c, SUNMatrix a, SUNMatrix b) {  // a = c a + b
  double* d = MD(a);
  const double* e = MD(b);
  for (long i = 0; i < ML(a); ++i) d[i] = c * d[i] + e[i];
  return 0;
}
SUNMatrix MatClone(SUNMatrix a) {
  SUNMatrix b = SUNDenseMatrix(SM_ROWS_D(a), SM_COLUMNS_D(a), a->sunctx);
  if (b != nullptr) UseFastDenseOps(b);
  return b;
}

}  // namespace

void UseFastDenseOps(SUNMatrix a) {
  a->ops->zero = MatZero;
  a->ops->copy = MatCopy;
  a->ops->scaleaddi = MatScaleAddI;
  a->ops->scaleadd = MatScaleAdd;
  a->ops->clone = MatClone;
}

void UseFastSerialOps(N_Vector v) {
  N_Vector_Ops o = v->ops;
  o->nvlinearsum = LinearSum;
  o->nvconst = Const;
  o->nvprod = Prod;
  o->nvdiv = Div;
  o->nvscale = Scale;
  o->nvabs = Abs;
  o->nvinv = Inv;
  o->nvaddconst = AddConst;
  o->nvdotprod = DotProd;
  o->nvmaxnorm = MaxNorm;
  o->nvwrmsnorm = WrmsNorm;
  o->nvwrmsnormmask = WrmsNormMask;
  o->nvmin = Min;
  o->nvcompare = Compare;
  o->nvinvtest = InvTest;
  o->nvlinearcombination = LinearCombination;
  o->nvscaleaddmulti = ScaleAddMulti;
  o->nvdotprodmulti = DotProdMulti;
  o->nvdotprodlocal = DotProd;
  o->nvmaxnormlocal = MaxNorm;
  o->nvminlocal = Min;
  o->nvinvtestlocal = InvTest;
}

}  // namespace ncrn::internal
