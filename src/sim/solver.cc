#include "neuralcrn/sim/solver.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <arkode/arkode_arkstep.h>
#include <cvode/cvode.h>
#include <fmt/format.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sundials/sundials_linearsolver.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/sim/fast_vector_ops.h"

namespace ncrn {

// ---------------------------------------------------------------------------------------------
// Names.

std::string ToString(SolverMethod m) { return m == SolverMethod::kTrbdf2 ? "trbdf2" : "bdf"; }

SolverMethod SolverMethodFromString(std::string_view s) {
  if (s == "trbdf2") return SolverMethod::kTrbdf2;
  if (s == "bdf" || s == "cvode") return SolverMethod::kBdf;
  throw InputError(fmt::format("unknown solver '{}': expected 'trbdf2' or 'bdf'", s));
}

std::string ToString(LinearSolverKind k) {
  switch (k) {
    case LinearSolverKind::kAuto:
      return "auto";
    case LinearSolverKind::kDense:
      return "dense";
    case LinearSolverKind::kKlu:
      return "klu";
  }
  return "?";
}

LinearSolverKind LinearSolverKindFromString(std::string_view s) {
  if (s == "auto") return LinearSolverKind::kAuto;
  if (s == "dense") return LinearSolverKind::kDense;
  if (s == "klu") return LinearSolverKind::kKlu;
  throw InputError(fmt::format("unknown linear solver '{}': expected 'dense', 'klu' or 'auto'", s));
}

std::string ToString(TerminationReason r) {
  switch (r) {
    case TerminationReason::kSuccess:
      return "success";
    case TerminationReason::kTooMuchWork:
      return "too-much-work";
    case TerminationReason::kConvergenceFailure:
      return "convergence-failure";
    case TerminationReason::kErrorTestFailure:
      return "error-test-failure";
    case TerminationReason::kNonFinite:
      return "non-finite";
    case TerminationReason::kBlowUp:
      return "blow-up";
    case TerminationReason::kNegative:
      return "negative-concentration";
    case TerminationReason::kSolverError:
      return "solver-error";
  }
  return "?";
}

void SolverOptions::Validate() const {
  auto positive = [](double v, const char* what) {
    if (!(v > 0) || !std::isfinite(v)) {
      throw InputError(fmt::format("{} must be a finite number > 0, got {}", what, v));
    }
  };
  positive(rtol, "rtol");
  // At rtol >= 1 the error test accepts any step: the result would carry no accuracy at all.
  if (rtol >= 1) throw InputError(fmt::format("rtol must be < 1, got {}", rtol));
  positive(atol, "atol");
  positive(max_concentration, "max_concentration");
  if (max_steps < 1) throw InputError(fmt::format("max_steps must be >= 1, got {}", max_steps));
  if (dense_max_states < 0) throw InputError("dense_max_states must be >= 0");
  if (std::isnan(negative_limit) || std::isinf(negative_limit)) {
    throw InputError("negative_limit must be finite (negative = automatic)");
  }
}

std::vector<double> UniformTimes(double t_end, int n) {
  std::vector<double> t(n + 1);
  for (int i = 0; i <= n; ++i) t[i] = t_end * i / n;
  if (n > 0) t[n] = t_end;
  return t;
}

// ---------------------------------------------------------------------------------------------
// Dense linear solver: LU with partial pivoting of M = I - gamma*J (SUNDIALS dense matrix,
// column-major). Written out by hand: for the small blocks here (n <= 40) plain loops compiled
// with -O2 beat both Debian's -O0 SUNDIALS LU and Eigen's general dynamic-size code.

namespace {

struct DenseLu {
  int n = 0;
  std::vector<double> lu;        // n x n, column-major
  std::vector<double> inv_diag;  // 1 / U(k, k): multiplications in the solve, not divisions
  std::vector<int> piv;
  long last_flag = 0;
};

DenseLu* Content(SUNLinearSolver s) { return static_cast<DenseLu*>(s->content); }

SUNLinearSolver_Type DenseLuType(SUNLinearSolver) { return SUNLINEARSOLVER_DIRECT; }
SUNLinearSolver_ID DenseLuId(SUNLinearSolver) { return SUNLINEARSOLVER_CUSTOM; }
int DenseLuInitialize(SUNLinearSolver) { return SUNLS_SUCCESS; }

int DenseLuSetup(SUNLinearSolver s, SUNMatrix a) {
  DenseLu* c = Content(s);
  const int n = c->n;
  double* lu = c->lu.data();
  std::copy(SUNDenseMatrix_Data(a), SUNDenseMatrix_Data(a) + static_cast<size_t>(n) * n, lu);
  for (int k = 0; k < n; ++k) {
    int p = k;
    double best = std::abs(lu[k + k * n]);
    for (int i = k + 1; i < n; ++i) {
      const double v = std::abs(lu[i + k * n]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    // A zero or non-finite pivot: let the integrator retry with a smaller step.
    if (!(best > 0) || !std::isfinite(best)) {
      c->last_flag = k + 1;
      return SUNLS_LUFACT_FAIL;
    }
    c->piv[k] = p;
    if (p != k) {
      for (int j = 0; j < n; ++j) std::swap(lu[k + j * n], lu[p + j * n]);
    }
    const double inv = 1.0 / lu[k + k * n];
    for (int i = k + 1; i < n; ++i) lu[i + k * n] *= inv;
    for (int j = k + 1; j < n; ++j) {
      const double akj = lu[k + j * n];
      if (akj == 0) continue;
      double* col = lu + j * n;
      const double* lk = lu + k * n;
      for (int i = k + 1; i < n; ++i) col[i] -= lk[i] * akj;
    }
  }
  for (int k = 0; k < n; ++k) c->inv_diag[k] = 1.0 / lu[k + k * n];
  c->last_flag = 0;
  return SUNLS_SUCCESS;
}

int DenseLuSolve(SUNLinearSolver s, SUNMatrix, N_Vector x, N_Vector b, realtype) {
  DenseLu* c = Content(s);
  const int n = c->n;
  const double* lu = c->lu.data();
  double* r = NV_DATA_S(x);  // serial vectors (the macro skips two -O0 dispatch calls)
  const double* bd = NV_DATA_S(b);
  if (r != bd) std::copy(bd, bd + n, r);
  for (int k = 0; k < n; ++k) {
    if (c->piv[k] != k) std::swap(r[k], r[c->piv[k]]);
  }
  for (int j = 0; j < n; ++j) {  // L (unit diagonal), column-oriented
    const double rj = r[j];
    if (rj == 0) continue;
    for (int i = j + 1; i < n; ++i) r[i] -= lu[i + j * n] * rj;
  }
  for (int j = n - 1; j >= 0; --j) {  // U
    r[j] *= c->inv_diag[j];
    const double rj = r[j];
    if (rj == 0) continue;
    for (int i = 0; i < j; ++i) r[i] -= lu[i + j * n] * rj;
  }
  return SUNLS_SUCCESS;
}

sunindextype DenseLuLastFlag(SUNLinearSolver s) { return Content(s)->last_flag; }

int DenseLuFree(SUNLinearSolver s) {
  if (s == nullptr) return SUNLS_SUCCESS;
  delete Content(s);
  s->content = nullptr;
  SUNLinSolFreeEmpty(s);
  return SUNLS_SUCCESS;
}

SUNLinearSolver NewDenseLu(int n, SUNContext ctx) {
  SUNLinearSolver s = SUNLinSolNewEmpty(ctx);
  if (s == nullptr) return nullptr;
  s->ops->gettype = DenseLuType;
  s->ops->getid = DenseLuId;
  s->ops->initialize = DenseLuInitialize;
  s->ops->setup = DenseLuSetup;
  s->ops->solve = DenseLuSolve;
  s->ops->lastflag = DenseLuLastFlag;
  s->ops->free = DenseLuFree;
  auto* c = new DenseLu;
  c->n = n;
  c->lu.assign(static_cast<size_t>(n) * n, 0.0);
  c->inv_diag.assign(n, 0.0);
  c->piv.assign(n, 0);
  s->content = c;
  return s;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

struct Solver::Impl {
  const MassActionSystem& sys;
  const SolverOptions opt;
  const int n;  // integrator states: the implicit block
  bool dense = true;
  SUNContext ctx = nullptr;
  N_Vector y = nullptr;
  N_Vector node = nullptr;  // dense output at a quadrature node or sample time
  N_Vector constraints = nullptr;
  SUNMatrix a = nullptr;
  SUNLinearSolver ls = nullptr;
  void* mem = nullptr;
  bool initialised = false;
  std::vector<double> k_eff;
  std::vector<double> out;        // reduced output buffer (never handed to SUNDIALS)
  std::vector<double> start;      // reduced initial state of the current solve
  std::vector<double> integrals;  // quadrature monomial integrals since t = 0
  std::vector<double> partial;    // the same up to a sample time inside a step
  // The last accepted step [t0, t1]: its end states and (TRBDF2 only) their rates of change,
  // for our own dense output and for the state a failed solve reports.
  double t0 = 0, t1 = 0;
  std::vector<double> y0, f0, f1;
  bool f0_ok = false, f1_ok = false;  // rates computed only when a step needs dense output
  // Set by the RHS when it sees a state it refuses (recoverable error, the step is retried).
  bool bad_seen = false;
  int bad_count = 0;
  TerminationReason bad_reason = TerminationReason::kSuccess;
  double bad_time = 0;
  int bad_state = -1;
  bool bad_rate = false;  // the refused value was a rate of change, not a concentration
  std::string sundials_message;

  Impl(const MassActionSystem& s, const SolverOptions& o)
      : sys(s),
        opt(o),
        n(s.num_implicit()),
        k_eff(s.num_rate_terms()),
        out(s.num_states()),
        start(s.num_states()),
        integrals(s.num_quadrature_monomials()),
        partial(s.num_quadrature_monomials()),
        y0(n),
        f0(n),
        f1(n) {
    if (n == 0) return;
    dense = opt.linear_solver == LinearSolverKind::kDense ||
            (opt.linear_solver == LinearSolverKind::kAuto && n <= opt.dense_max_states);
    if (SUNContext_Create(nullptr, &ctx) != 0) throw std::bad_alloc();
    y = N_VNew_Serial(n, ctx);
    internal::UseFastSerialOps(y);  // before the integrator clones it
    N_VConst(0.0, y);
    node = N_VClone(y);
    if (dense) {
      a = SUNDenseMatrix(n, n, ctx);
      if (a != nullptr) internal::UseFastDenseOps(a);
      ls = NewDenseLu(n, ctx);
    } else {
      a = SUNSparseMatrix(n, n, sys.structure().jacobian_nonzeros, CSC_MAT, ctx);
      ls = SUNLinSol_KLU(y, a, ctx);
    }
    if (a == nullptr || ls == nullptr) throw std::bad_alloc();
    if (opt.enforce_nonnegative) {
      constraints = N_VNew_Serial(n, ctx);
      N_VConst(1.0, constraints);  // y_i >= 0
    }
  }

  ~Impl() {
    if (mem != nullptr) {
      if (opt.method == SolverMethod::kBdf) {
        CVodeFree(&mem);
      } else {
        ARKStepFree(&mem);
      }
    }
    if (ls != nullptr) SUNLinSolFree(ls);
    if (a != nullptr) SUNMatDestroy(a);
    if (constraints != nullptr) N_VDestroy(constraints);
    if (node != nullptr) N_VDestroy(node);
    if (y != nullptr) N_VDestroy(y);
    if (ctx != nullptr) SUNContext_Free(&ctx);
  }

  static constexpr int kMaxRefusals = 10;

  static int Rhs(realtype t, N_Vector yv, N_Vector ydot, void* user) {
    auto* im = static_cast<Impl*>(user);
    const double* yd = NV_DATA_S(yv);
    const double cap = im->opt.max_concentration;
    for (int i = 0; i < im->n; ++i) {
      if (!(yd[i] <= cap)) {  // also catches NaN
        return im->Refuse(
            t, i, std::isnan(yd[i]) ? TerminationReason::kNonFinite : TerminationReason::kBlowUp);
      }
    }
    double* dd = NV_DATA_S(ydot);
    im->sys.ImplicitRhs(yd, im->k_eff.data(), dd);
    for (int i = 0; i < im->n; ++i) {  // rates overflowing at a finite state
      if (!std::isfinite(dd[i])) return im->Refuse(t, i, TerminationReason::kNonFinite, true);
    }
    return 0;
  }

  // Records a state (or, rate_of_change, its derivative) the RHS refuses. A Newton trial state
  // may overshoot once; the integrator retries with a smaller step. Repeated refusals mean the
  // solution itself leaves the range: stop (unrecoverable), otherwise the integrator crawls
  // towards the singularity until max_steps.
  int Refuse(double t, int i, TerminationReason reason, bool rate_of_change = false) {
    bad_seen = true;
    bad_reason = reason;
    bad_time = t;
    bad_state = i;
    bad_rate = rate_of_change;
    return ++bad_count > kMaxRefusals ? -1 : 1;
  }

  static int JacDense(realtype, N_Vector yv, N_Vector, SUNMatrix j, void* user, N_Vector, N_Vector,
                      N_Vector) {
    auto* im = static_cast<Impl*>(user);
    double* data = SUNDenseMatrix_Data(j);
    std::fill(data, data + static_cast<size_t>(im->n) * im->n, 0.0);
    im->sys.AddJacobianDense(N_VGetArrayPointer(yv), im->k_eff.data(), data);
    return 0;
  }

  static int JacSparse(realtype, N_Vector yv, N_Vector, SUNMatrix j, void* user, N_Vector, N_Vector,
                       N_Vector) {
    auto* im = static_cast<Impl*>(user);
    const auto& cp = im->sys.jacobian_col_ptr();
    const auto& ri = im->sys.jacobian_row_ind();
    sunindextype* ptr = SUNSparseMatrix_IndexPointers(j);
    sunindextype* ind = SUNSparseMatrix_IndexValues(j);
    std::copy(cp.begin(), cp.end(), ptr);
    std::copy(ri.begin(), ri.end(), ind);
    im->sys.JacobianSparse(N_VGetArrayPointer(yv), im->k_eff.data(), SUNSparseMatrix_Data(j));
    return 0;
  }

  static void ErrHandler(int, const char* module, const char* function, char* msg, void* user) {
    static_cast<Impl*>(user)->sundials_message = fmt::format("{}/{}: {}", module, function, msg);
  }

  void Check(int flag, const char* what) {
    if (flag < 0) {
      throw NumericalError(fmt::format("system '{}': SUNDIALS {} failed (flag {}) {}", sys.name(),
                                       what, flag, sundials_message));
    }
  }

  // Creates the integrator on first use, re-initialises it afterwards.
  void Init(double t_end) {
    if (opt.method == SolverMethod::kBdf) {
      if (!initialised) {
        mem = CVodeCreate(CV_BDF, ctx);
        if (mem == nullptr) throw std::bad_alloc();
        Check(CVodeSetErrHandlerFn(mem, ErrHandler, this), "CVodeSetErrHandlerFn");
        Check(CVodeInit(mem, Rhs, 0.0, y), "CVodeInit");
        Check(CVodeSStolerances(mem, opt.rtol, opt.atol), "CVodeSStolerances");
        Check(CVodeSetUserData(mem, this), "CVodeSetUserData");
        Check(CVodeSetLinearSolver(mem, ls, a), "CVodeSetLinearSolver");
        Check(CVodeSetJacFn(mem, dense ? JacDense : JacSparse), "CVodeSetJacFn");
        Check(CVodeSetMaxNumSteps(mem, opt.max_steps), "CVodeSetMaxNumSteps");
        if (constraints != nullptr) Check(CVodeSetConstraints(mem, constraints), "constraints");
      } else {
        Check(CVodeReInit(mem, 0.0, y), "CVodeReInit");
      }
      Check(CVodeSetStopTime(mem, t_end), "CVodeSetStopTime");
    } else {
      if (!initialised) {
        mem = ARKStepCreate(nullptr, Rhs, 0.0, y, ctx);
        if (mem == nullptr) throw std::bad_alloc();
        Check(ARKStepSetErrHandlerFn(mem, ErrHandler, this), "ARKStepSetErrHandlerFn");
        Check(ARKStepSetTableNum(mem, ARKODE_TRBDF2_3_3_2, ARKODE_ERK_NONE), "ARKStepSetTableNum");
        Check(ARKStepSStolerances(mem, opt.rtol, opt.atol), "ARKStepSStolerances");
        Check(ARKStepSetUserData(mem, this), "ARKStepSetUserData");
        Check(ARKStepSetLinearSolver(mem, ls, a), "ARKStepSetLinearSolver");
        Check(ARKStepSetJacFn(mem, dense ? JacDense : JacSparse), "ARKStepSetJacFn");
        Check(ARKStepSetMaxNumSteps(mem, opt.max_steps), "ARKStepSetMaxNumSteps");
        // Newton starts from the maximum-order extrapolation of the last step, not the last
        // value: about 15 % fewer RHS calls on the paper's networks (docs/performance.md).
        Check(ARKStepSetPredictorMethod(mem, 1), "ARKStepSetPredictorMethod");
        if (constraints != nullptr) Check(ARKStepSetConstraints(mem, constraints), "constraints");
      } else {
        Check(ARKStepReInit(mem, nullptr, Rhs, 0.0, y), "ARKStepReInit");
      }
      Check(ARKStepSetStopTime(mem, t_end), "ARKStepSetStopTime");
    }
    initialised = true;
  }

  // One internal step towards tout (the stop time keeps it from stepping past t_end).
  int Step(double tout, double* t) {
    if (opt.method == SolverMethod::kBdf) return CVode(mem, tout, y, t, CV_ONE_STEP);
    return ARKStepEvolve(mem, tout, y, t, ARK_ONE_STEP);
  }

  // The next step starts from the state in y at time t. `fresh`: y was just set (solve start,
  // restart), so its rate of change is computed, not taken from the step that ended here.
  void BeginStep(double t, bool fresh) {
    t0 = t;
    const double* yd = N_VGetArrayPointer(y);
    std::copy(yd, yd + n, y0.begin());
    f0_ok = !fresh && f1_ok;
    if (f0_ok) std::swap(f0, f1);
  }

  // The step just taken ended at t with the state in y.
  void EndStep(double t) {
    t1 = t;
    f1_ok = false;
  }

  // The state at t inside the last step, into `node`. BDF: CVODE's interpolating polynomial
  // (the method's order). TRBDF2: cubic Hermite on the step's end states and rates of change;
  // ARKODE caps its own interpolant for TRBDF2 at degree 1 (order - 1), a straight line that put
  // quadratures and samples off by up to tens of percent on fast-changing states.
  void DenseOutput(double t) {
    if (opt.method == SolverMethod::kBdf) {
      Check(CVodeGetDky(mem, t, 0, node), "dense output");
      return;
    }
    const double* y1 = N_VGetArrayPointer(y);
    if (!f0_ok) sys.ImplicitRhs(y0.data(), k_eff.data(), f0.data());
    if (!f1_ok) sys.ImplicitRhs(y1, k_eff.data(), f1.data());
    f0_ok = f1_ok = true;
    const double h = t1 - t0;
    const double s = h > 0 ? (t - t0) / h : 1.0;
    const double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s);
    const double h01 = s * s * (3 - 2 * s), h11 = s * s * (s - 1);
    double* out_node = N_VGetArrayPointer(node);
    for (int i = 0; i < n; ++i) {
      out_node[i] = h00 * y0[i] + h10 * h * f0[i] + h01 * y1[i] + h11 * h * f1[i];
    }
  }

  // Adds the integrals of the quadrature monomials over [a, b] (inside the last step) to acc:
  // 2-point Gauss-Legendre on the dense output (exact for cubics; the integrator's own
  // interpolant error dominates).
  void IntegrateQuadratures(double a, double b, double* acc) {
    static const double kOffset = 0.5 / std::sqrt(3.0);
    const double h = b - a;
    if (h <= 0 || integrals.empty()) return;
    if (n == 0) {  // no implicit state: the integrands are constant
      sys.AddQuadratureIntegrand(nullptr, h, acc);
      return;
    }
    for (double c : {0.5 - kOffset, 0.5 + kOffset}) {
      DenseOutput(a + c * h);
      sys.AddQuadratureIntegrand(N_VGetArrayPointer(node), 0.5 * h, acc);
    }
  }

  // Adds the integrator's counters to s (they restart from 0 at every (re)initialisation).
  void AddStats(SolveSummary& s) {
    long nst = 0, nfe = 0, nfi = 0, nje = 0, nsetup = 0, netf = 0, ncf = 0;
    if (opt.method == SolverMethod::kBdf) {
      CVodeGetNumSteps(mem, &nst);
      CVodeGetNumRhsEvals(mem, &nfi);
      CVodeGetNumJacEvals(mem, &nje);
      CVodeGetNumLinSolvSetups(mem, &nsetup);
      CVodeGetNumErrTestFails(mem, &netf);
      CVodeGetNumNonlinSolvConvFails(mem, &ncf);
    } else {
      ARKStepGetNumSteps(mem, &nst);
      ARKStepGetNumRhsEvals(mem, &nfe, &nfi);
      ARKStepGetNumJacEvals(mem, &nje);
      ARKStepGetNumLinSolvSetups(mem, &nsetup);
      ARKStepGetNumErrTestFails(mem, &netf);
      ARKStepGetNumNonlinSolvConvFails(mem, &ncf);
    }
    s.steps += nst;
    s.rhs_evals += nfe + nfi;
    s.jacobian_evals += nje;
    s.linear_setups += nsetup;
    s.error_test_failures += netf;
    s.convergence_failures += ncf;
  }

  // Restarts the integrator from the state in y at time t (its step history no longer
  // describes y once y has been changed).
  void Restart(double t, double t_end) {
    if (opt.method == SolverMethod::kBdf) {
      Check(CVodeReInit(mem, t, y), "CVodeReInit");
      Check(CVodeSetStopTime(mem, t_end), "CVodeSetStopTime");
    } else {
      Check(ARKStepReInit(mem, nullptr, Rhs, t, y), "ARKStepReInit");
      Check(ARKStepSetStopTime(mem, t_end), "ARKStepSetStopTime");
    }
  }
};

namespace {

TerminationReason ReasonOfFlag(int flag) {
  switch (flag) {
    case CV_TOO_MUCH_WORK:
      return TerminationReason::kTooMuchWork;
    case CV_ERR_FAILURE:
      return TerminationReason::kErrorTestFailure;
    case CV_CONV_FAILURE:
    case CV_LSETUP_FAIL:
    case CV_LSOLVE_FAIL:
      return TerminationReason::kConvergenceFailure;
    default:
      return TerminationReason::kSolverError;
  }
}

}  // namespace

Solver::Solver(const MassActionSystem& system, const SolverOptions& options)
    : system_(system), options_(options) {
  options_.Validate();
  impl_ = std::make_unique<Impl>(system_, options_);
}

Solver::~Solver() = default;

std::string Solver::linear_solver() const {
  if (impl_->n == 0) return "none";
  return impl_->dense ? "dense" : "klu";
}

SolveSummary Solver::Solve(std::span<const double> initial, double t_end,
                           std::span<double> final_state) {
  return Solve(initial, t_end, final_state, {}, nullptr);
}

SolveSummary Solver::Solve(std::span<const double> initial, double t_end,
                           std::span<double> final_state, std::span<const double> sample_times,
                           Trajectory* trajectory) {
  Impl& im = *impl_;
  const MassActionSystem& sys = system_;
  const int ns = sys.num_species();
  if (static_cast<int>(initial.size()) != ns || static_cast<int>(final_state.size()) != ns) {
    throw InputError(fmt::format("system '{}': state vectors must have {} entries (got {} and {})",
                                 sys.name(), ns, initial.size(), final_state.size()));
  }
  if (!(t_end >= 0) || !std::isfinite(t_end)) {
    throw InputError(fmt::format("t_end must be finite and >= 0, got {}", t_end));
  }
  for (int s = 0; s < ns; ++s) {
    if (!(initial[s] >= 0) || !std::isfinite(initial[s])) {
      throw InputError(
          fmt::format("system '{}': initial concentration of '{}' must be finite and "
                      ">= 0, got {}",
                      sys.name(), sys.species_names()[s], initial[s]));
    }
  }
  double prev = 0;
  for (double ts : sample_times) {
    if (!(ts >= prev) || ts > t_end) {
      throw InputError(fmt::format(
          "sample times must be increasing and within [0, t_end = {}], got {}", t_end, ts));
    }
    prev = ts;
  }

  SolveSummary sum;
  sum.method = im.n == 0 ? "none" : ToString(options_.method);
  sum.linear_solver = linear_solver();
  const double neg_limit =
      options_.negative_limit < 0 ? 100 * options_.atol : options_.negative_limit;

  sys.FoldRates(initial, im.k_eff);
  sys.Gather(initial, im.out);
  // Copy (initial and final_state may alias): final_state gets the constants.
  if (final_state.data() != initial.data())
    std::copy(initial.begin(), initial.end(), final_state.begin());

  if (trajectory != nullptr) {
    trajectory->times.clear();
    trajectory->states.clear();
  }
  auto fail = [&](TerminationReason reason, double t, const std::string& detail) {
    sum.ok = false;
    sum.reason = reason;
    sum.t_reached = t;
    // With no implicit state there is no integrator: the closed-form quadratures stopped.
    const std::string who =
        im.n == 0 ? "integration (closed form, no implicit state)" : sum.method + " solver";
    sum.message = fmt::format("system '{}': {} stopped at t = {:.6g} of {:.6g}: {}{}", sys.name(),
                              who, t, t_end, ToString(reason), detail.empty() ? "" : ": " + detail);
  };
  // Validates and clips the reduced output in im.out; false on failure.
  auto accept = [&](double t) -> bool {
    for (int i = 0; i < sys.num_states(); ++i) {
      double& v = im.out[i];
      const std::string& name = sys.species_names()[sys.state_species()[i]];
      if (!std::isfinite(v)) {
        fail(TerminationReason::kNonFinite, t, fmt::format("species '{}' is {}", name, v));
        return false;
      }
      if (v > options_.max_concentration) {
        fail(TerminationReason::kBlowUp, t,
             fmt::format("species '{}' = {:.6g} exceeds max_concentration {:.6g}", name, v,
                         options_.max_concentration));
        return false;
      }
      if (v < 0) {
        sum.most_negative = std::min(sum.most_negative, v);
        if (v < -neg_limit) {
          fail(TerminationReason::kNegative, t,
               fmt::format("species '{}' = {:.6g} below -{:.3g}", name, v, neg_limit));
          return false;
        }
        v = 0;
        ++sum.negative_corrections;
      }
    }
    return true;
  };
  auto record = [&](double t) {
    if (trajectory == nullptr) return;
    std::vector<double> full(initial.begin(), initial.end());
    sys.Scatter(im.out, full);
    trajectory->times.push_back(t);
    trajectory->states.push_back(std::move(full));
  };

  size_t next_sample = 0;
  while (next_sample < sample_times.size() && sample_times[next_sample] == 0) {
    record(0);
    ++next_sample;
  }
  if (sys.num_states() == 0 || t_end == 0) {
    for (; next_sample < sample_times.size(); ++next_sample) record(sample_times[next_sample]);
    sum.t_reached = t_end;
    sys.Scatter(im.out, final_state);
    return sum;
  }

  // im.out = implicit states yi, quadratures = their initial values + the integrals' changes.
  im.start = im.out;
  auto compose = [&](const double* yi, const std::vector<double>& integrals) {
    std::copy(yi, yi + im.n, im.out.begin());
    std::copy(im.start.begin() + im.n, im.start.end(), im.out.begin() + im.n);
    sys.AddQuadratures(im.k_eff.data(), integrals.data(), im.out.data());
  };
  // Watches an internal step's implicit state. Records the deepest excursion below 0 and counts
  // the steps that had one. Below -atol the state is clipped to 0 and the integrator restarted
  // once the step's samples and quadratures are taken (restart_due): below 0 mass action can
  // run away (A + B -> C with a, b < 0 drives both further down), so small excursions are not
  // left to grow. A single step ending deeper than the limit means a badly wrong step: failure.
  double t_prev = 0;
  bool restart_due = false;
  auto watch_step = [&](double t) -> bool {
    const double* yi = N_VGetArrayPointer(im.y);
    int worst = -1;
    for (int i = 0; i < im.n; ++i) {
      if (yi[i] < 0 && (worst < 0 || yi[i] < yi[worst])) worst = i;
    }
    if (worst < 0) return true;
    ++sum.negative_steps;
    sum.most_negative = std::min(sum.most_negative, yi[worst]);
    restart_due = yi[worst] < -options_.atol;
    if (yi[worst] >= -neg_limit) return true;
    im.partial = im.integrals;
    im.IntegrateQuadratures(t_prev, t, im.partial.data());
    compose(yi, im.partial);
    fail(TerminationReason::kNegative, t,
         fmt::format("species '{}' = {:.6g} below -{:.3g} after an internal step",
                     sys.species_names()[sys.state_species()[worst]], yi[worst], neg_limit));
    return false;
  };
  std::fill(im.integrals.begin(), im.integrals.end(), 0.0);
  const double* yd = im.start.data();
  if (im.n > 0) {
    std::copy(im.start.begin(), im.start.begin() + im.n, N_VGetArrayPointer(im.y));
    im.bad_seen = false;
    im.bad_count = 0;
    im.sundials_message.clear();
    im.Init(t_end);
    im.BeginStep(0.0, true);
    yd = N_VGetArrayPointer(im.y);
  }

  // The integrator returns after every internal step: quadratures need each step's interval,
  // and each step's state is checked for negative excursions (not only the outputs).
  long steps_taken = 0;
  bool stop = false;
  while (!stop) {
    double t = t_end;  // with no implicit state, one "step" covers [0, t_end]
    if (im.n > 0) {
      const int flag = im.Step(t_end, &t);
      if (flag < 0) {
        TerminationReason reason = ReasonOfFlag(flag);
        std::string detail = im.sundials_message;
        if (im.bad_seen) {
          reason = im.bad_reason;
          detail = fmt::format("species '{}' {} at t = {:.6g} (max_concentration {:.3g}); {}",
                               sys.species_names()[sys.state_species()[im.bad_state]],
                               im.bad_rate ? "had a non-finite rate of change"
                               : reason == TerminationReason::kBlowUp ? "exceeded the limit"
                                                                      : "became NaN",
                               im.bad_time, options_.max_concentration, detail);
        }
        if (options_.method == SolverMethod::kTrbdf2 &&
            reason == TerminationReason::kErrorTestFailure) {
          // ARKODE's TRBDF2 error estimate is not damped on very stiff components, so its steps
          // shrink to ~1/|eigenvalue| (docs/performance.md: Robertson, fast equilibria).
          detail +=
              " (ARKODE's TRBDF2 stalls on very stiff networks where BDF does not: try --solver "
              "bdf)";
        }
        // The state reached is that of the last accepted step (y may hold a rejected trial).
        compose(im.y0.data(), im.integrals);
        fail(reason, im.t0, detail);
        break;
      }
    }
    if (im.n > 0) im.EndStep(t);
    if (im.n > 0 && !watch_step(t)) break;
    // Samples strictly inside the step come from the dense output.
    for (; next_sample < sample_times.size() && sample_times[next_sample] < t; ++next_sample) {
      const double ts = sample_times[next_sample];
      im.partial = im.integrals;
      im.IntegrateQuadratures(t_prev, ts, im.partial.data());
      if (im.n > 0) im.DenseOutput(ts);
      compose(im.n > 0 ? N_VGetArrayPointer(im.node) : yd, im.partial);
      if (!accept(ts)) {
        stop = true;
        break;
      }
      record(ts);
    }
    if (stop) break;
    im.IntegrateQuadratures(t_prev, t, im.integrals.data());
    t_prev = t;
    const bool at_end = t >= t_end;
    if (restart_due && !at_end) {
      double* yi = N_VGetArrayPointer(im.y);
      for (int i = 0; i < im.n; ++i) yi[i] = std::max(yi[i], 0.0);
      im.AddStats(sum);
      im.Restart(t, t_end);
      ++sum.positivity_restarts;
    }
    if (im.n > 0 && !at_end) im.BeginStep(t, restart_due);
    restart_due = false;
    // CVODE and ARKODE count max_steps per call; one call is one step here.
    if (!at_end && ++steps_taken >= options_.max_steps) {
      compose(yd, im.integrals);
      fail(TerminationReason::kTooMuchWork, t,
           fmt::format("max_steps = {} internal steps taken", options_.max_steps));
      break;
    }
    const bool sample_here = next_sample < sample_times.size() && sample_times[next_sample] <= t;
    if (!at_end && !sample_here) continue;
    compose(yd, im.integrals);
    if (!accept(t)) break;
    for (; next_sample < sample_times.size() && sample_times[next_sample] <= t; ++next_sample) {
      record(sample_times[next_sample]);
    }
    stop = at_end;
  }
  if (im.n > 0) im.AddStats(sum);
  if (sum.ok) sum.t_reached = t_end;
  // The state reached by a failed solve is returned under the same guarantee (never below 0).
  for (double& v : im.out) v = std::max(v, 0.0);
  sys.Scatter(im.out, final_state);
  if (!sum.ok && options_.throw_on_failure) throw NumericalError(sum.message);
  return sum;
}

}  // namespace ncrn
