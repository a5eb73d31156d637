// Analytic problems with known answers, solved by every solver/linear-solver combination.
// Tolerances: solves run at rtol 1e-8 / atol 1e-10 unless stated, and the comparison allows
// rel 1e-5 + abs 1e-7 (global error is a modest multiple of the local tolerance).
#include <cmath>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <unsupported/Eigen/MatrixFunctions>

#include "neuralcrn/compile/arithmetic.h"
#include "neuralcrn/compile/compiler.h"
#include "neuralcrn/core/crn.h"
#include "neuralcrn/core/dual_rail.h"
#include "neuralcrn/ode/ode_parser.h"
#include "neuralcrn/sim/mass_action_system.h"
#include "neuralcrn/sim/solver.h"

namespace ncrn {
namespace {

using Combo = std::tuple<SolverMethod, LinearSolverKind>;

class Analytic : public ::testing::TestWithParam<Combo> {
 protected:
  SolverOptions Tight() const {
    SolverOptions o;
    o.method = std::get<0>(GetParam());
    o.linear_solver = std::get<1>(GetParam());
    o.rtol = 1e-8;
    o.atol = 1e-10;
    return o;
  }
  std::vector<double> Run(const Crn& crn, double t_end, SolverOptions o, SystemOptions so = {}) {
    MassActionSystem sys(crn, so);
    Solver solver(sys, o);
    std::vector<double> x(crn.num_species());
    SolveSummary s = solver.Solve(crn.initial_state(), t_end, x);
    EXPECT_TRUE(s.ok) << s.message;
    return x;
  }
};

void ExpectNear(double got, double want, double rel, double abs, const std::string& what) {
  EXPECT_NEAR(got, want, rel * std::abs(want) + abs) << what;
}

TEST_P(Analytic, FirstOrderDecay) {
  Crn crn;
  crn.AddSpecies("A", 2.0);
  crn.AddReaction(MakeComplex(crn, {{"A", 1}}), {}, 1.5);
  for (double t : {0.1, 1.0, 5.0}) {
    auto x = Run(crn, t, Tight());
    ExpectNear(x[0], 2.0 * std::exp(-1.5 * t), 1e-5, 1e-7, "A(t)");
  }
}

TEST_P(Analytic, BimolecularAPlusB) {
  // a' = b' = -k a b, a0 != b0: a(t) = d a0 / (a0 - b0 e^{-k d t}), d = a0 - b0.
  Crn crn;
  crn.AddSpecies("A", 2.0);
  crn.AddSpecies("B", 0.5);
  crn.AddSpecies("C", 0.0);
  const double k = 0.7;
  crn.AddReaction(MakeComplex(crn, {{"A", 1}, {"B", 1}}), MakeComplex(crn, {{"C", 1}}), k);
  const double t = 3.0, a0 = 2.0, b0 = 0.5, d = a0 - b0;
  const double a = d * a0 / (a0 - b0 * std::exp(-k * d * t));
  auto x = Run(crn, t, Tight());
  ExpectNear(x[0], a, 1e-5, 1e-7, "A");
  ExpectNear(x[1], a - d, 1e-5, 1e-7, "B");
  ExpectNear(x[2], a0 - a, 1e-5, 1e-7, "C");
}

TEST_P(Analytic, DimerisationBothRateLaws) {
  // 2A -> B at rate k. Mass action: a' = -2k a^2 -> a = 1/(1/a0 + 2kt).
  // Combinatoric (k a^2 / 2!): a' = -k a^2 -> a = 1/(1/a0 + kt).
  const double k = 0.8, a0 = 3.0, t = 2.0;
  for (RateLaw law : {RateLaw::kMassAction, RateLaw::kCombinatoric}) {
    Crn crn;
    crn.AddSpecies("A", a0);
    crn.AddReaction(MakeComplex(crn, {{"A", 2}}), MakeComplex(crn, {{"B", 1}}), k);
    crn.set_rate_law(law);
    const double factor = law == RateLaw::kMassAction ? 2.0 : 1.0;
    const double a = 1.0 / (1.0 / a0 + factor * k * t);
    auto x = Run(crn, t, Tight());
    ExpectNear(x[0], a, 1e-5, 1e-7, "A under " + ToString(law));
    ExpectNear(x[1], (a0 - a) / 2, 1e-5, 1e-7, "B under " + ToString(law));
  }
}

TEST_P(Analytic, ReversibleLinearNetworkMatchesMatrixExponential) {
  // A <-> B <-> C, C -> A, A -> 0, 0 -> B: x' = K x + u, solved via the augmented exponential.
  Crn crn;
  crn.AddSpecies("A", 1.0);
  crn.AddSpecies("B", 0.2);
  crn.AddSpecies("C", 0.0);
  auto c = [&](const char* s) { return MakeComplex(crn, {{s, 1}}); };
  crn.AddReaction(c("A"), c("B"), 2.0);
  crn.AddReaction(c("B"), c("A"), 0.5);
  crn.AddReaction(c("B"), c("C"), 1.0);
  crn.AddReaction(c("C"), c("B"), 0.3);
  crn.AddReaction(c("C"), c("A"), 0.1);
  crn.AddReaction(c("A"), {}, 0.25);
  crn.AddReaction({}, c("B"), 0.4);
  Eigen::Matrix4d m = Eigen::Matrix4d::Zero();  // [K u; 0 0]
  m.topLeftCorner<3, 3>() << -2.25, 0.5, 0.1,   //
      2.0, -1.5, 0.3,                           //
      0.0, 1.0, -0.4;
  m(1, 3) = 0.4;
  const double t = 2.5;
  Eigen::Matrix4d e = (m * t).exp();
  Eigen::Vector4d x0(1.0, 0.2, 0.0, 1.0);
  Eigen::Vector4d want = e * x0;
  auto x = Run(crn, t, Tight());
  for (int i = 0; i < 3; ++i) ExpectNear(x[i], want[i], 1e-5, 1e-7, crn.name(i));
}

TEST_P(Analytic, RobertsonConservesMassAndStaysNonNegative) {
  // A -> B (0.04), 2B -> B + C (3e7), B + C -> A + C (1e4); stiff. a + b + c = 1 exactly.
  Crn crn;
  crn.AddSpecies("A", 1.0);
  crn.AddSpecies("B", 0.0);
  crn.AddSpecies("C", 0.0);
  crn.AddReaction(MakeComplex(crn, {{"A", 1}}), MakeComplex(crn, {{"B", 1}}), 0.04);
  crn.AddReaction(MakeComplex(crn, {{"B", 2}}), MakeComplex(crn, {{"B", 1}, {"C", 1}}), 3e7);
  crn.AddReaction(MakeComplex(crn, {{"B", 1}, {"C", 1}}), MakeComplex(crn, {{"A", 1}, {"C", 1}}),
                  1e4);
  SolverOptions o = Tight();
  o.rtol = 1e-6;
  o.atol = 1e-10;
  MassActionSystem sys(crn);
  Solver solver(sys, o);
  std::vector<double> x(3);
  // ARKODE's TRBDF2 embedding keeps steps small on Robertson's long tail (2400 steps to t = 40,
  // error-test failure near t = 1e4), a known ARKODE weakness; BDF goes to t = 4e4.
  auto times = std::vector<double>{0.4, 4, 40, 400, 4000, 40000};
  if (o.method == SolverMethod::kTrbdf2) times.resize(3);
  Trajectory tr;
  SolveSummary s = solver.Solve(crn.initial_state(), times.back(), x, times, &tr);
  ASSERT_TRUE(s.ok) << s.message;
  ASSERT_EQ(tr.states.size(), times.size());
  for (const auto& st : tr.states) {
    EXPECT_NEAR(st[0] + st[1] + st[2], 1.0, 1e-8);
    for (double v : st) EXPECT_GE(v, 0.0);
  }
  // Reference values (Hairer & Wanner, Robertson at t = 0.4 and 40; a known to ~4 digits).
  EXPECT_NEAR(tr.states[0][0], 0.9851721, 1e-5);
  EXPECT_NEAR(tr.states[2][0], 0.7158271, 1e-5);
  EXPECT_NEAR(tr.states[2][1], 9.185535e-6, 1e-8);
}

// The linear NeuralODE forward dz/dt = theta z as a dual-rail catalytic CRN:
// P_ij^a + Z_j^b -> Z_i^{ab} + P_ij^a + Z_j^b, k = 1 (reference notes 0 and 1.1).
struct DualRailLinear {
  Crn crn;
  std::vector<SpeciesId> zp, zm;
};

DualRailLinear BuildLinearNode(const Eigen::MatrixXd& theta, const Eigen::VectorXd& x0) {
  const int d = static_cast<int>(theta.rows());
  DualRailLinear net;
  Crn& crn = net.crn;
  for (int i = 0; i < d; ++i) {
    net.zp.push_back(
        crn.AddSpecies(RailName("Z" + std::to_string(i + 1), Rail::kPlus), std::max(0.0, x0[i])));
    net.zm.push_back(
        crn.AddSpecies(RailName("Z" + std::to_string(i + 1), Rail::kMinus), std::max(0.0, -x0[i])));
  }
  for (int i = 0; i < d; ++i) {
    for (int j = 0; j < d; ++j) {
      const std::string p = "P" + std::to_string(i + 1) + std::to_string(j + 1);
      const SpeciesId pp = crn.AddSpecies(RailName(p, Rail::kPlus), std::max(0.0, theta(i, j)));
      const SpeciesId pm = crn.AddSpecies(RailName(p, Rail::kMinus), std::max(0.0, -theta(i, j)));
      for (int a = 0; a < 2; ++a) {
        for (int b = 0; b < 2; ++b) {
          const SpeciesId ps = a == 0 ? pp : pm;
          const SpeciesId zs = b == 0 ? net.zp[j] : net.zm[j];
          const SpeciesId out = (a == b) ? net.zp[i] : net.zm[i];
          Complex products{{out, 1}, {ps, 1}, {zs, 1}};
          crn.AddReaction({{ps, 1}, {zs, 1}}, products, 1.0);
        }
      }
    }
  }
  return net;
}

TEST_P(Analytic, LinearNeuralOdeDualRailMatchesExpm) {
  Eigen::MatrixXd theta(3, 3);
  theta << -0.5, 0.8, -0.3,  //
      0.4, -1.2, 0.6,        //
      -0.7, 0.2, 0.1;
  Eigen::VectorXd x0(3);
  x0 << 0.6, -0.4, 0.9;
  DualRailLinear net = BuildLinearNode(theta, x0);
  EXPECT_EQ(net.crn.num_reactions(), 36);
  const double t = 1.0;
  Eigen::VectorXd want = (theta * t).exp() * x0;
  for (bool fold : {true, false}) {
    SystemOptions so;
    so.fold_constants = fold;
    auto x = Run(net.crn, t, Tight(), so);
    for (int i = 0; i < 3; ++i) {
      ExpectNear(x[net.zp[i]] - x[net.zm[i]], want[i], 1e-5, 1e-6,
                 "z" + std::to_string(i + 1) + (fold ? " folded" : " unfolded"));
    }
  }
}

TEST_P(Analytic, CompiledLinearNeuralOdeMatchesExpm) {
  // The same ODE through the ODE -> CRN compiler (ncrn::CompileOde), projected z = z+ - z-.
  const char* text = R"(
vector z[3]
matrix theta[3,3]
dz/dt = theta * z
init z = [0.6, -0.4, 0.9]
init theta = [[-0.5, 0.8, -0.3], [0.4, -1.2, 0.6], [-0.7, 0.2, 0.1]]
)";
  const OdeSystem ode = ParseOde(text, "linear3");
  const CompileResult compiled = CompileOde(ode);
  Eigen::MatrixXd theta(3, 3);
  theta << -0.5, 0.8, -0.3,  //
      0.4, -1.2, 0.6,        //
      -0.7, 0.2, 0.1;
  Eigen::VectorXd x0(3);
  x0 << 0.6, -0.4, 0.9;
  const double t = 1.0;
  Eigen::VectorXd want = (theta * t).exp() * x0;
  auto x = Run(compiled.crn, t, Tight());
  const std::vector<double> z = compiled.Project(x);
  for (int i = 0; i < 3; ++i) {
    const std::string name = "z" + std::to_string(i + 1);
    ExpectNear(z.at(ode.Id(name)), want[i], 1e-5, 1e-6, name);
  }
}

// Table 2's arithmetic CRNs through the real solver: y = [Y+] - [Y-] settles to a op b like
// exp(-rate t); at t = 20, rate 2, the transient is e^-40 (~4e-18), so the solver's tolerance
// (rtol 1e-8, atol 1e-10) bounds the error: asserted to 1e-6 relative + 1e-8 absolute.
TEST_P(Analytic, ArithmeticCrnsSettleToTheirOperation) {
  for (ArithmeticOp op : {ArithmeticOp::kAdd, ArithmeticOp::kSubtract, ArithmeticOp::kMultiply}) {
    for (auto [a, b] : {std::pair(1.5, 0.4), std::pair(-0.7, 2.0), std::pair(-1.2, -0.3)}) {
      for (double ann : {0.0, 10.0}) {
        ArithmeticOptions o;
        o.rate = 2.0;
        o.annihilation_rate = ann;
        const ArithmeticCrn c = MakeArithmeticCrn(op, a, b, o);
        const double want = op == ArithmeticOp::kAdd        ? a + b
                            : op == ArithmeticOp::kSubtract ? a - b
                                                            : a * b;
        ExpectNear(c.Read(Run(c.crn, 20.0, Tight())), want, 1e-6, 1e-8,
                   fmt::format("{}({}, {}) annihilation {}", ToString(op), a, b, ann));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllSolvers, Analytic,
    ::testing::Combine(::testing::Values(SolverMethod::kTrbdf2, SolverMethod::kBdf),
                       ::testing::Values(LinearSolverKind::kDense, LinearSolverKind::kKlu)),
    [](const ::testing::TestParamInfo<Combo>& info) {
      return ToString(std::get<0>(info.param)) + "_" + ToString(std::get<1>(info.param));
    });

}  // namespace
}  // namespace ncrn
