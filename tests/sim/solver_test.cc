#include "neuralcrn/sim/solver.h"

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "neuralcrn/core/crn.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

using Combo = std::tuple<SolverMethod, LinearSolverKind>;

// dz/dt = h + (theta x + beta) z - z|z| style network in dual rail, with catalysts P, X, B, H,
// annihilation and a gradient-like quadrature G (a small cousin of the paper's networks).
Crn CatalyticNetwork() {
  Crn crn;
  auto c = [&](std::initializer_list<std::pair<std::string_view, int>> t) {
    return MakeComplex(crn, t);
  };
  for (const char* s : {"Zp", "Zm", "Pp", "Pm", "Xp", "Xm", "Hp", "Hm", "Gp", "Gm"}) {
    crn.AddSpecies(s);
  }
  const char* rails[2] = {"p", "m"};
  for (int a = 0; a < 2; ++a) {
    for (int b = 0; b < 2; ++b) {
      for (int d = 0; d < 2; ++d) {
        const std::string p = std::string("P") + rails[a], z = std::string("Z") + rails[b];
        const std::string x = std::string("X") + rails[d];
        const std::string out = std::string("Z") + rails[(a + b + d) % 2];
        const std::string g = std::string("G") + rails[(b + d) % 2];
        crn.AddReaction(c({{p, 1}, {z, 1}, {x, 1}}), c({{p, 1}, {z, 1}, {x, 1}, {out, 1}}), 1.0);
        crn.AddReaction(c({{z, 1}, {x, 1}}), c({{z, 1}, {x, 1}, {g, 1}}), 1.0);
      }
    }
  }
  crn.AddReaction(c({{"Hp", 1}}), c({{"Hp", 1}, {"Zp", 1}}), 1.0);
  crn.AddReaction(c({{"Hm", 1}}), c({{"Hm", 1}, {"Zm", 1}}), 1.0);
  crn.AddReaction(c({{"Zp", 2}}), c({{"Zp", 1}}), 1.0);
  crn.AddReaction(c({{"Zm", 2}}), c({{"Zm", 1}}), 1.0);
  crn.AddReaction(c({{"Zp", 1}, {"Zm", 1}}), {}, 100.0);
  crn.set_rate_law(RateLaw::kCombinatoric);
  return crn;
}

std::vector<double> RandomState(const Crn& crn, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.5);
  std::vector<double> x(crn.num_species());
  for (double& v : x) v = u(rng);
  return x;
}

// A decays at rate 1000 and meets B: at loose tolerances the integrator's A dips below 0.
Crn FastDecayNetwork() {
  Crn crn;
  crn.AddSpecies("A", 1.0);
  crn.AddSpecies("B", 1.0);
  crn.AddReaction(MakeComplex(crn, {{"A", 1}}), {}, 1000.0);
  crn.AddReaction(MakeComplex(crn, {{"A", 1}, {"B", 1}}), {}, 100.0);
  return crn;
}

class SolverCombo : public ::testing::TestWithParam<Combo> {
 protected:
  SolverOptions Opts() const {
    SolverOptions o;
    o.method = std::get<0>(GetParam());
    o.linear_solver = std::get<1>(GetParam());
    return o;
  }
};

TEST_P(SolverCombo, ReinitGivesIdenticalResultsToFreshBuild) {
  Crn crn = CatalyticNetwork();
  MassActionSystem sys(crn);
  std::mt19937 rng(5);
  auto x1 = RandomState(crn, rng), x2 = RandomState(crn, rng);
  Solver reused(sys, Opts());
  std::vector<double> out1(crn.num_species()), out2(crn.num_species());
  reused.Solve(x1, 0.8, out1);
  SolveSummary s_reused = reused.Solve(x2, 0.8, out2);
  Solver fresh(sys, Opts());
  std::vector<double> out3(crn.num_species());
  SolveSummary s_fresh = fresh.Solve(x2, 0.8, out3);
  EXPECT_EQ(out2, out3);  // bit-identical
  EXPECT_EQ(s_reused.steps, s_fresh.steps);
  EXPECT_EQ(s_reused.rhs_evals, s_fresh.rhs_evals);
  EXPECT_EQ(s_reused.jacobian_evals, s_fresh.jacobian_evals);
  EXPECT_EQ(s_reused.linear_setups, s_fresh.linear_setups);
  EXPECT_GT(s_fresh.steps, 0);
  EXPECT_GT(s_fresh.rhs_evals, s_fresh.steps);
  EXPECT_EQ(s_fresh.linear_solver, ToString(std::get<1>(GetParam())));
}

TEST_P(SolverCombo, FoldingMergingQuadraturesOnOffAgree) {
  // rtol 1e-8 / atol 1e-10: every variant must agree to rel 1e-5 + abs 1e-7.
  Crn crn = CatalyticNetwork();
  std::mt19937 rng(9);
  auto x0 = RandomState(crn, rng);
  SolverOptions o = Opts();
  o.rtol = 1e-8;
  o.atol = 1e-10;
  MassActionSystem ref_sys(crn);
  Solver ref_solver(ref_sys, o);
  std::vector<double> ref(crn.num_species());
  ref_solver.Solve(x0, 0.8, ref);
  for (int variant = 0; variant < 7; ++variant) {
    SystemOptions so;
    so.fold_constants = variant & 1;
    so.merge_identical = variant & 2;
    so.quadratures = variant & 4;
    MassActionSystem sys(crn, so);
    Solver solver(sys, o);
    std::vector<double> x(crn.num_species());
    solver.Solve(x0, 0.8, x);
    for (int s = 0; s < crn.num_species(); ++s) {
      EXPECT_NEAR(x[s], ref[s], 1e-5 * std::abs(ref[s]) + 1e-7)
          << crn.name(s) << " variant " << variant;
    }
  }
  // Catalysts come back unchanged.
  EXPECT_EQ(ref[crn.Id("Pp")], x0[crn.Id("Pp")]);
  EXPECT_EQ(ref[crn.Id("Hm")], x0[crn.Id("Hm")]);
}

TEST_P(SolverCombo, BlowUpIsReportedWithSystemTimeAndReason) {
  // 2A -> 3A, a' = a^2 (mass action), a(0) = 10: a = 10 / (1 - 10 t) blows up at t = 0.1.
  Crn crn;
  crn.AddSpecies("A", 10.0);
  crn.AddReaction(MakeComplex(crn, {{"A", 2}}), MakeComplex(crn, {{"A", 3}}), 1.0);
  SystemOptions so;
  so.name = "autocatalysis";
  MassActionSystem sys(crn, so);
  Solver solver(sys, Opts());
  std::vector<double> x(1);
  try {
    solver.Solve(crn.initial_state(), 1.0, x);
    FAIL() << "blow-up not reported";
  } catch (const NumericalError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("autocatalysis"), std::string::npos) << msg;
    EXPECT_NE(msg.find("blow-up"), std::string::npos) << msg;
    EXPECT_NE(msg.find("t = 0.0"), std::string::npos) << msg;
  }
  SolverOptions quiet = Opts();
  quiet.throw_on_failure = false;
  Solver solver2(sys, quiet);
  SolveSummary s = solver2.Solve(crn.initial_state(), 1.0, x);
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.reason, TerminationReason::kBlowUp);
  // a reaches 1e8 at t = 0.1 - 1e-7; the reported time is where the integrator stopped.
  EXPECT_GT(s.t_reached, 0.099);
  EXPECT_LE(s.t_reached, 0.1);
}

TEST_P(SolverCombo, OverflowNeverReturnsSuccess) {
  // With the blow-up guard at DBL_MAX the state overflows to Inf/NaN: still a reported failure.
  Crn crn;
  crn.AddSpecies("A", 10.0);
  crn.AddReaction(MakeComplex(crn, {{"A", 2}}), MakeComplex(crn, {{"A", 3}}), 1.0);
  MassActionSystem sys(crn);
  SolverOptions o = Opts();
  o.max_concentration = std::numeric_limits<double>::max();
  o.throw_on_failure = false;
  Solver solver(sys, o);
  std::vector<double> x(1);
  SolveSummary s = solver.Solve(crn.initial_state(), 1.0, x);
  EXPECT_FALSE(s.ok);
  EXPECT_TRUE(s.reason == TerminationReason::kNonFinite || s.reason == TerminationReason::kBlowUp ||
              s.reason == TerminationReason::kErrorTestFailure ||
              s.reason == TerminationReason::kConvergenceFailure)
      << ToString(s.reason);
  EXPECT_LE(s.t_reached, 0.1);
  EXPECT_FALSE(s.message.empty());
}

TEST_P(SolverCombo, TooMuchWorkIsReported) {
  Crn crn = CatalyticNetwork();
  MassActionSystem sys(crn);
  SolverOptions o = Opts();
  o.max_steps = 3;
  o.throw_on_failure = false;
  Solver solver(sys, o);
  std::mt19937 rng(1);
  std::vector<double> x(crn.num_species());
  SolveSummary s = solver.Solve(RandomState(crn, rng), 50.0, x);
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.reason, TerminationReason::kTooMuchWork);
  EXPECT_LT(s.t_reached, 50.0);
  EXPECT_NE(s.message.find(fmt::format("system '{}'", sys.name())), std::string::npos) << s.message;
  EXPECT_NE(s.message.find(fmt::format("stopped at t = {:.6g} of 50: too-much-work", s.t_reached)),
            std::string::npos)
      << s.message;
  EXPECT_THROW(Solver(sys, Opts()).Solve(RandomState(crn, rng), -1.0, x), InputError);
}

TEST_P(SolverCombo, DecayToZeroNeverReturnsNegativeValues) {
  // A + B -> 0 with a0 = b0 (both -> 0 like 1/t) and a fast decay C -> 0, loose tolerances.
  Crn crn;
  crn.AddSpecies("A", 1.0);
  crn.AddSpecies("B", 1.0);
  crn.AddSpecies("C", 1.0);
  crn.AddReaction(MakeComplex(crn, {{"A", 1}, {"B", 1}}), {}, 50.0);
  crn.AddReaction(MakeComplex(crn, {{"C", 1}}), {}, 200.0);
  MassActionSystem sys(crn);
  SolverOptions o = Opts();
  o.rtol = 1e-2;
  o.atol = 1e-4;
  Solver solver(sys, o);
  std::vector<double> x(3);
  Trajectory tr;
  auto times = UniformTimes(20.0, 200);
  SolveSummary s = solver.Solve(crn.initial_state(), 20.0, x, times, &tr);
  ASSERT_TRUE(s.ok) << s.message;
  ASSERT_EQ(tr.states.size(), times.size());
  for (size_t i = 0; i < tr.states.size(); ++i) {
    EXPECT_EQ(tr.times[i], times[i]);
    for (double v : tr.states[i]) EXPECT_GE(v, 0.0) << "t = " << times[i];
  }
  // a = 1 / (1 + 50 t); the clipping may only touch tolerance-level values.
  EXPECT_NEAR(x[0], 1.0 / (1.0 + 50 * 20.0), 0.05 / (1.0 + 50 * 20.0) + 1e-3);
  EXPECT_NEAR(x[2], 0.0, 1e-3);
  EXPECT_LE(s.most_negative, 0.0);
  EXPECT_GE(s.most_negative, -100 * o.atol);
}

TEST_P(SolverCombo, NegativeExcursionsAreClippedAndCounted) {
  // A decays at rate 1000 and meets B: at loose tolerances the integrator's A dips below 0 by
  // tolerance-level amounts. Returned values are clipped to 0 and every clip is counted.
  const Crn crn = FastDecayNetwork();
  MassActionSystem sys(crn);
  SolverOptions o = Opts();
  o.rtol = 1e-3;
  o.atol = 1e-4;
  Solver solver(sys, o);
  std::vector<double> x(2);
  Trajectory tr;
  SolveSummary s = solver.Solve(crn.initial_state(), 10.0, x, UniformTimes(10.0, 1000), &tr);
  ASSERT_TRUE(s.ok) << s.message;
  long zeros = 0;
  for (const auto& st : tr.states) {
    EXPECT_GE(st[0], 0.0);
    zeros += st[0] == 0.0;
  }
  EXPECT_GT(s.negative_corrections, 0);
  EXPECT_LE(s.negative_corrections, zeros);
  EXPECT_LT(s.most_negative, 0.0);
  EXPECT_GE(s.most_negative, -100 * o.atol);
  // A tighter limit turns the same excursions into a reported failure.
  o.negative_limit = 1e-14;
  o.throw_on_failure = false;
  Solver strict(sys, o);
  SolveSummary f = strict.Solve(crn.initial_state(), 10.0, x, UniformTimes(10.0, 1000), &tr);
  EXPECT_FALSE(f.ok);
  EXPECT_EQ(f.reason, TerminationReason::kNegative);
}

TEST_P(SolverCombo, NegativeExcursionsBetweenOutputsAreSeen) {
  // The network above, asked for its final state only: the dips below 0 happen at internal
  // steps, not at an output, and are still recorded, counted and (with a tight limit) refused.
  const Crn crn = FastDecayNetwork();
  SystemOptions so;
  so.name = "fast decay";
  MassActionSystem sys(crn, so);
  SolverOptions o = Opts();
  o.rtol = 1e-3;
  o.atol = 1e-4;
  Solver solver(sys, o);
  std::vector<double> x(2);
  SolveSummary s = solver.Solve(crn.initial_state(), 10.0, x);
  ASSERT_TRUE(s.ok) << s.message;
  EXPECT_GT(s.negative_steps, 0);
  EXPECT_LE(s.negative_steps, s.steps);
  EXPECT_LT(s.most_negative, 0.0);
  EXPECT_GE(s.most_negative, -100 * o.atol);
  EXPECT_GE(x[0], 0.0);
  o.negative_limit = 1e-14;
  o.throw_on_failure = false;
  Solver strict(sys, o);
  SolveSummary f = strict.Solve(crn.initial_state(), 10.0, x);
  EXPECT_FALSE(f.ok);
  EXPECT_EQ(f.reason, TerminationReason::kNegative);
  EXPECT_LT(f.t_reached, 10.0);
  EXPECT_NE(f.message.find("system 'fast decay'"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("negative-concentration"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("species 'A'"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find(fmt::format("stopped at t = {:.6g}", f.t_reached)), std::string::npos)
      << f.message;
  // The returned state is the one reached, still never below 0.
  EXPECT_GE(x[0], 0.0);
  EXPECT_GE(x[1], 0.0);
}

// A + B -> 2A + 2B with k = 1e300: its rate overflows. Failures of a solve of it.
SolveSummary SolveOverflowingNetwork(const SolverOptions& opts, double a0) {
  Crn crn;
  crn.AddSpecies("A", a0);
  crn.AddSpecies("B", a0);
  crn.AddReaction(MakeComplex(crn, {{"A", 1}, {"B", 1}}), MakeComplex(crn, {{"A", 2}, {"B", 2}}),
                  1e300);
  SystemOptions so;
  so.name = "overflowing";
  MassActionSystem sys(crn, so);
  SolverOptions o = opts;
  o.max_concentration = std::numeric_limits<double>::max();
  o.throw_on_failure = false;
  Solver solver(sys, o);
  std::vector<double> x(2);
  SolveSummary s = solver.Solve(crn.initial_state(), 1.0, x);
  EXPECT_GE(x[0], 0.0);
  return s;
}

TEST_P(SolverCombo, RatesOverflowingAtTheInitialStateAreNonFinite) {
  // a = b = 1e10: the rate is 1e320 = Inf at t = 0 already.
  SolveSummary s = SolveOverflowingNetwork(Opts(), 1e10);
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.reason, TerminationReason::kNonFinite) << s.message;
  EXPECT_EQ(s.t_reached, 0.0);
  EXPECT_NE(s.message.find("system 'overflowing'"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("stopped at t = 0 of 1: non-finite"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("non-finite rate of change"), std::string::npos) << s.message;
}

TEST_P(SolverCombo, HopelesslyStiffStartsFailWithTheirReason) {
  // a = b = 10: the rate is finite (1e302) but the solution leaves double range within about
  // 1e-301 time units. BDF sees the overflow in its trial states (non-finite); TRBDF2's Newton
  // iterations stop converging first, at a step size near 1e-164 (convergence failure).
  SolveSummary s = SolveOverflowingNetwork(Opts(), 10.0);
  const bool bdf = std::get<0>(GetParam()) == SolverMethod::kBdf;
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.reason, bdf ? TerminationReason::kNonFinite : TerminationReason::kConvergenceFailure)
      << s.message;
  EXPECT_LT(s.t_reached, 1e-100);
  EXPECT_NE(s.message.find("system 'overflowing'"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find(
                fmt::format("stopped at t = {:.6g} of 1: {}", s.t_reached, ToString(s.reason))),
            std::string::npos)
      << s.message;
}

TEST_P(SolverCombo, EmptyNetworkAndIsolatedSpeciesAreConstant) {
  Crn crn;
  crn.AddSpecies("A", 2.0);
  crn.AddSpecies("B", 0.0);
  for (bool fold : {true, false}) {
    SystemOptions so;
    so.fold_constants = fold;
    MassActionSystem sys(crn, so);
    Solver solver(sys, Opts());
    std::vector<double> x(2);
    Trajectory tr;
    SolveSummary s = solver.Solve(crn.initial_state(), 3.0, x, UniformTimes(3.0, 3), &tr);
    EXPECT_TRUE(s.ok);
    EXPECT_EQ(x, crn.initial_state());
    ASSERT_EQ(tr.states.size(), 4u);
    for (const auto& st : tr.states) EXPECT_EQ(st, crn.initial_state());
  }
  Crn none;
  MassActionSystem sys0(none);
  Solver solver0(sys0, Opts());
  std::vector<double> empty;
  EXPECT_TRUE(solver0.Solve(empty, 1.0, empty).ok);
}

TEST_P(SolverCombo, DenseAndKluAgree) {
  Crn crn = CatalyticNetwork();
  MassActionSystem sys(crn);
  std::mt19937 rng(21);
  auto x0 = RandomState(crn, rng);
  SolverOptions o = Opts();
  o.rtol = 1e-8;
  o.atol = 1e-10;
  std::vector<double> a(crn.num_species()), b(crn.num_species());
  o.linear_solver = LinearSolverKind::kDense;
  Solver(sys, o).Solve(x0, 0.8, a);
  o.linear_solver = LinearSolverKind::kKlu;
  Solver(sys, o).Solve(x0, 0.8, b);
  for (int s = 0; s < crn.num_species(); ++s) {
    EXPECT_NEAR(a[s], b[s], 1e-6 * std::abs(a[s]) + 1e-9) << crn.name(s);
  }
}

TEST_P(SolverCombo, SampledQuadraturesStayWithinTheTolerance) {
  // Quadratures come from the integrator's dense output and are not under error control of their
  // own: sampled (inside steps) and final values must still be within 20 rtol (relative to
  // 1 + |x|) of a tight BDF reference that integrates G as an ordinary state. Measured worst:
  // about 5 rtol for trbdf2 (its dense output is low order), under 1 rtol for bdf.
  Crn crn = CatalyticNetwork();
  std::mt19937 rng(31);
  auto x0 = RandomState(crn, rng);
  SystemOptions off;
  off.quadratures = false;
  MassActionSystem quad_sys(crn), full_sys(crn, off);
  ASSERT_GT(quad_sys.num_quadrature_monomials(), 0);
  const auto times = UniformTimes(0.8, 37);
  SolverOptions tight;
  tight.method = SolverMethod::kBdf;
  tight.rtol = 1e-12;
  tight.atol = 1e-14;
  Trajectory ref;
  std::vector<double> ref_end(crn.num_species());
  Solver(full_sys, tight).Solve(x0, 0.8, ref_end, times, &ref);
  for (double rtol : {1e-4, 1e-7}) {
    SolverOptions o = Opts();
    o.rtol = rtol;
    o.atol = rtol * 1e-2;
    Trajectory traj;
    std::vector<double> end(crn.num_species());
    Solver(quad_sys, o).Solve(x0, 0.8, end, times, &traj);
    ASSERT_EQ(traj.times.size(), times.size());
    for (size_t i = 0; i < times.size(); ++i) {
      for (int s = 0; s < crn.num_species(); ++s) {
        const double want = ref.states[i][s];
        EXPECT_NEAR(traj.states[i][s], want, 20 * rtol * (1 + std::abs(want)))
            << crn.name(s) << " at t = " << times[i] << " rtol " << rtol;
      }
    }
    EXPECT_EQ(traj.states.back(), end);
  }
}

TEST_P(SolverCombo, QuadraturesWithoutImplicitStatesAreIntegratedExactly) {
  // 0 -> G (k = 2) and C -> C + G (k = 3, C a constant catalyst): G(t) = G0 + (2 + 3 C) t.
  // No implicit state: nothing for the stiff integrator, the quadrature is still integrated.
  Crn crn;
  crn.AddSpecies("G", 0.5);
  crn.AddSpecies("C", 1.5);
  crn.AddReaction({}, MakeComplex(crn, {{"G", 1}}), 2.0);
  crn.AddReaction(MakeComplex(crn, {{"C", 1}}), MakeComplex(crn, {{"C", 1}, {"G", 1}}), 3.0);
  MassActionSystem sys(crn);
  EXPECT_EQ(sys.num_implicit(), 0);
  const auto times = UniformTimes(2.0, 4);
  Trajectory traj;
  std::vector<double> end(2);
  Solver(sys, Opts()).Solve(crn.initial_state(), 2.0, end, times, &traj);
  for (size_t i = 0; i < times.size(); ++i) {
    EXPECT_NEAR(traj.states[i][0], 0.5 + 6.5 * times[i], 1e-12) << times[i];
    EXPECT_EQ(traj.states[i][1], 1.5);
  }
  EXPECT_NEAR(end[0], 13.5, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(
    AllSolvers, SolverCombo,
    ::testing::Combine(::testing::Values(SolverMethod::kTrbdf2, SolverMethod::kBdf),
                       ::testing::Values(LinearSolverKind::kDense, LinearSolverKind::kKlu)),
    [](const ::testing::TestParamInfo<Combo>& info) {
      return ToString(std::get<0>(info.param)) + "_" + ToString(std::get<1>(info.param));
    });

TEST(SolverOptions, DefaultsAreThePapersSettings) {
  // The paper's solver and tolerances (TRBDF2, rtol 1e-4, atol 1e-6), at most 1e6 steps.
  const SolverOptions o;
  EXPECT_EQ(o.method, SolverMethod::kTrbdf2);
  EXPECT_EQ(o.rtol, 1e-4);
  EXPECT_EQ(o.atol, 1e-6);
  EXPECT_EQ(o.max_steps, 1000000);
  EXPECT_EQ(o.linear_solver, LinearSolverKind::kAuto);
  EXPECT_NO_THROW(o.Validate());
}

TEST(SolverOptions, ValidateRejectsBadValuesAndNamesRoundTrip) {
  SolverOptions o;
  o.rtol = 0;
  EXPECT_THROW(o.Validate(), InputError);
  o = {};
  o.atol = std::nan("");
  EXPECT_THROW(o.Validate(), InputError);
  o = {};
  o.max_steps = 0;
  EXPECT_THROW(o.Validate(), InputError);
  for (SolverMethod m : {SolverMethod::kTrbdf2, SolverMethod::kBdf}) {
    EXPECT_EQ(SolverMethodFromString(ToString(m)), m);
  }
  for (LinearSolverKind k :
       {LinearSolverKind::kAuto, LinearSolverKind::kDense, LinearSolverKind::kKlu}) {
    EXPECT_EQ(LinearSolverKindFromString(ToString(k)), k);
  }
  EXPECT_THROW(SolverMethodFromString("rk4"), InputError);
  EXPECT_THROW(LinearSolverKindFromString("lapack"), InputError);
}

TEST(Solver, RejectsBadInitialStateAndSampleTimes) {
  Crn crn;
  crn.AddSpecies("A", 1.0);
  crn.AddReaction(MakeComplex(crn, {{"A", 1}}), {}, 1.0);
  MassActionSystem sys(crn);
  Solver solver(sys);
  std::vector<double> x(1);
  EXPECT_THROW(solver.Solve(std::vector<double>{-1.0}, 1.0, x), InputError);
  EXPECT_THROW(solver.Solve(std::vector<double>{std::nan("")}, 1.0, x), InputError);
  EXPECT_THROW(solver.Solve(std::vector<double>{1.0, 2.0}, 1.0, x), InputError);
  Trajectory tr;
  EXPECT_THROW(solver.Solve(crn.initial_state(), 1.0, x, std::vector<double>{0.5, 0.2}, &tr),
               InputError);
  EXPECT_THROW(solver.Solve(crn.initial_state(), 1.0, x, std::vector<double>{2.0}, &tr),
               InputError);
}

TEST(Solver, AutoPicksDenseForSmallAndKluForLargeSystems) {
  Crn crn;
  for (int i = 0; i < 50; ++i) {
    crn.AddSpecies("S" + std::to_string(i), 1.0);
    if (i > 0) crn.AddReaction({{i - 1, 1}}, {{i, 1}}, 1.0);
  }
  MassActionSystem sys(crn);
  EXPECT_EQ(Solver(sys).linear_solver(), "klu");
  SolverOptions o;
  o.dense_max_states = 60;
  EXPECT_EQ(Solver(sys, o).linear_solver(), "dense");
  o.linear_solver = LinearSolverKind::kKlu;
  EXPECT_EQ(Solver(sys, o).linear_solver(), "klu");  // an explicit choice wins over the size
  // A chain of 40 species is 40 implicit states (the last is never a reactant but changes
  // together with the one before, so it is integrated), the default threshold: auto is dense.
  Crn small;
  for (int i = 0; i < 40; ++i) {
    small.AddSpecies("S" + std::to_string(i), 1.0);
    if (i > 0) small.AddReaction({{i - 1, 1}}, {{i, 1}}, 1.0);
  }
  MassActionSystem small_sys(small);
  EXPECT_EQ(small_sys.num_implicit(), 40);
  EXPECT_EQ(Solver(small_sys).linear_solver(), "dense");
}

// ARKODE's TRBDF2 stalls on Robertson's long tail at the default tolerances (error-test failures
// at h ~ 3e-3 near t = 3.7e4; docs/performance.md); the failure says what to do instead, and BDF
// does reach t = 1e5 with a + b + c = 1 kept.
TEST(Solver, Trbdf2StallOnALongStiffTailPointsToBdf) {
  const Crn crn = ReadCrnFile(NCRN_SOURCE_DIR "/examples/robertson.crn");
  MassActionSystem sys(crn);
  std::vector<double> x(3);
  SolverOptions o;
  o.throw_on_failure = false;
  o.method = SolverMethod::kTrbdf2;
  const SolveSummary t = Solver(sys, o).Solve(crn.initial_state(), 1e5, x);
  EXPECT_FALSE(t.ok);
  EXPECT_EQ(t.reason, TerminationReason::kErrorTestFailure);
  EXPECT_GT(t.t_reached, 1e4);
  EXPECT_NE(t.message.find("try --solver bdf"), std::string::npos) << t.message;
  o.method = SolverMethod::kBdf;
  const SolveSummary b = Solver(sys, o).Solve(crn.initial_state(), 1e5, x);
  ASSERT_TRUE(b.ok) << b.message;
  EXPECT_NEAR(x[0] + x[1] + x[2], 1.0, 1e-6);
  EXPECT_LT(b.steps, 2000);
}

// B grows linearly, A quadratically, the quadrature G as t^3 / 6: TRBDF2 takes long steps here
// (its solution is exact for quadratics), so G and the samples are only right if the dense
// output between steps is (ARKODE's own is a straight line for TRBDF2: G was 22 % off).
TEST_P(SolverCombo, QuadraturesAndSamplesFollowFastChangingStates) {
  Crn crn;
  auto c = [&](std::initializer_list<std::pair<std::string_view, int>> t) {
    return MakeComplex(crn, t);
  };
  crn.AddSpecies("K", 1.0);
  crn.AddReaction({}, c({{"B", 1}}), 1.0);
  crn.AddReaction(c({{"B", 1}}), c({{"B", 1}, {"A", 1}}), 1.0);
  crn.AddReaction(c({{"A", 1}, {"K", 1}}), c({{"A", 1}, {"K", 1}, {"G", 1}}), 1.0);
  MassActionSystem sys(crn);
  ASSERT_EQ(sys.structure().quadrature, 1);
  Solver solver(sys, Opts());
  std::vector<double> x(crn.num_species());
  std::vector<double> times;
  for (int i = 0; i <= 20; ++i) times.push_back(0.5 * i);
  Trajectory tr;
  const SolveSummary s = solver.Solve(crn.initial_state(), 10.0, x, times, &tr);
  ASSERT_TRUE(s.ok) << s.message;
  const SpeciesId a = *crn.Find("A"), g = *crn.Find("G");
  for (std::size_t i = 0; i < times.size(); ++i) {
    const double t = times[i];
    EXPECT_NEAR(tr.states[i][a], t * t / 2, 1e-3 * t * t / 2 + 1e-6) << "A at t = " << t;
    EXPECT_NEAR(tr.states[i][g], t * t * t / 6, 1e-3 * t * t * t / 6 + 1e-6) << "G at t = " << t;
  }
}

// A solve that fails reports the state of its last accepted step, with no mass lost: at
// t_end = 1e60 the first trial steps are absurd and every one is rejected.
TEST_P(SolverCombo, FailedSolveReportsTheLastAcceptedState) {
  Crn crn;
  crn.AddSpecies("A", 1.0);
  crn.AddReaction(MakeComplex(crn, {{"A", 1}}), MakeComplex(crn, {{"B", 1}}), 1.0);
  crn.AddReaction(MakeComplex(crn, {{"B", 1}}), MakeComplex(crn, {{"C", 1}}), 2.0);
  MassActionSystem sys(crn);
  SolverOptions o = Opts();
  o.throw_on_failure = false;
  std::vector<double> x(3);
  const SolveSummary s = Solver(sys, o).Solve(crn.initial_state(), 1e60, x);
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.t_reached, 0.0);  // no step was accepted
  EXPECT_EQ(x, (std::vector<double>{1.0, 0.0, 0.0})) << s.message;
}

// decay.crn's B + C -> D with b = c = 1 to t = 1e10: once b falls below atol, large steps
// overshoot below 0, where b' = -b c runs away. Steps ending below -atol are clipped and the
// integrator restarted, so the solve succeeds; b + d = 1 holds to round-off before the restart
// and to the clipped amount (< 100 atol) after it.
TEST_P(SolverCombo, RunawayBelowZeroIsClippedAndRestarted) {
  Crn crn;
  crn.AddSpecies("B", 1.0);
  crn.AddSpecies("C", 1.0);
  crn.AddReaction(MakeComplex(crn, {{"B", 1}, {"C", 1}}), MakeComplex(crn, {{"D", 1}}), 1.0);
  MassActionSystem sys(crn);
  Solver solver(sys, Opts());
  std::vector<double> x(3);
  const SolveSummary early = solver.Solve(crn.initial_state(), 1e3, x);
  ASSERT_TRUE(early.ok) << early.message;
  EXPECT_NEAR(x[0] + x[2], 1.0, 1e-12);
  EXPECT_NEAR(x[0], 1.0 / 1001.0, 1e-5);
  const SolveSummary late = solver.Solve(crn.initial_state(), 1e10, x);
  ASSERT_TRUE(late.ok) << late.message;
  EXPECT_GE(late.positivity_restarts, 1);
  EXPECT_LT(late.most_negative, -1e-6);  // the excursion that was corrected
  EXPECT_GE(x[0], 0.0);
  EXPECT_NEAR(x[0], 0.0, 1e-6);  // 1e-10 exactly
  EXPECT_NEAR(x[0] + x[2], 1.0, 1e-4);
}

}  // namespace
}  // namespace ncrn
