#include "neuralcrn/sim/mass_action_system.h"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "neuralcrn/core/crn.h"

namespace ncrn {
namespace {

// Reference: the rate law evaluated straight from the reactions (no folding, no merging).
std::vector<double> NaiveDerivative(const Crn& crn, RateLaw law, const std::vector<double>& x) {
  std::vector<double> d(crn.num_species(), 0.0);
  for (const Reaction& r : crn.reactions()) {
    double v = r.rate;
    for (const StoichTerm& t : r.reactants) {
      v *= std::pow(x[t.species], t.count);
      if (law == RateLaw::kCombinatoric) v /= std::tgamma(t.count + 1);
    }
    for (int s = 0; s < crn.num_species(); ++s) d[s] += r.NetChange(s) * v;
  }
  return d;
}

// A network with catalysts (P, X), duplicated reactions, a quadrature (G), a species in no
// reaction (U), a no-op reaction and a repeated reactant.
Crn Mixed() {
  Crn crn;
  auto c = [&](std::initializer_list<std::pair<std::string_view, int>> t) {
    return MakeComplex(crn, t);
  };
  crn.AddSpecies("U", 0.7);
  crn.AddReaction(c({{"P", 1}, {"Z", 1}, {"X", 1}}), c({{"P", 1}, {"Z", 2}, {"X", 1}}), 1.0);
  crn.AddReaction(c({{"P", 1}, {"Z", 1}, {"X", 1}}), c({{"P", 1}, {"Z", 2}, {"X", 1}}), 0.5);
  crn.AddReaction(c({{"Q", 1}, {"Z", 1}}), c({{"Q", 1}, {"Z", 2}}), 2.0);  // merges after folding
  crn.AddReaction(c({{"Z", 2}}), c({{"Z", 1}}), 1.0);
  crn.AddReaction(c({{"Z", 1}, {"W", 1}}), {}, 3.0);
  crn.AddReaction(c({{"H", 1}}), c({{"H", 1}, {"W", 1}}), 0.4);
  crn.AddReaction(c({{"Z", 1}, {"W", 1}}), c({{"Z", 1}, {"W", 1}, {"G", 1}}), 1.0);
  crn.AddReaction(c({{"Z", 1}}), c({{"Z", 1}}), 5.0);  // no-op
  return crn;
}

std::vector<double> RandomState(int n, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.0, 2.0);
  std::vector<double> x(n);
  for (double& v : x) v = u(rng);
  return x;
}

// A never-reactant product of a reaction that also consumes integrated species (D in B + C -> D,
// E in D's chain) is integrated with them, not a quadrature, so b + d + e stays constant; one
// made catalytically (G) stays a quadrature.
TEST(MassActionSystem, ProductsCoupledToIntegratedSpeciesAreNotQuadratures) {
  Crn crn;
  auto c = [&](std::initializer_list<std::pair<std::string_view, int>> t) {
    return MakeComplex(crn, t);
  };
  crn.AddReaction(c({{"B", 1}, {"C", 1}}), c({{"D", 1}}), 1.0);
  crn.AddReaction(c({{"B", 1}}), c({{"B", 1}, {"G", 1}}), 1.0);
  MassActionSystem sys(crn);
  EXPECT_EQ(sys.structure().implicit, 3);    // B C D
  EXPECT_EQ(sys.structure().quadrature, 1);  // G
  EXPECT_EQ(sys.state_species().back(), crn.Id("G"));
}

TEST(MassActionSystem, StructureOfMixedNetwork) {
  Crn crn = Mixed();
  MassActionSystem sys(crn);
  const SystemStructure& s = sys.structure();
  EXPECT_EQ(s.species, 8);   // U P Z X Q W H G
  EXPECT_EQ(s.constant, 5);  // U P X Q H
  EXPECT_EQ(s.states, 3);    // Z W G
  EXPECT_EQ(s.implicit, 2);  // Z W
  EXPECT_EQ(s.quadrature, 1);
  // P Z X (x2) and Q Z merge into Z -> 2Z; 2Z -> Z; Z + W -> 0; 0 -> W; Z + W -> G (+Z+W).
  EXPECT_EQ(s.rate_terms, 5);
  EXPECT_EQ(sys.state_species().back(), crn.Id("G"));

  SystemOptions off;
  off.fold_constants = false;
  off.merge_identical = false;
  off.quadratures = false;
  MassActionSystem raw(crn, off);
  EXPECT_EQ(raw.structure().states, 8);
  EXPECT_EQ(raw.structure().rate_terms, 7);  // the no-op reaction is dropped
}

TEST(MassActionSystem, DerivativeMatchesNaiveRateLawForEveryVariant) {
  std::mt19937 rng(7);
  Crn crn = Mixed();
  for (RateLaw law : {RateLaw::kMassAction, RateLaw::kCombinatoric}) {
    for (int variant = 0; variant < 8; ++variant) {
      SystemOptions o;
      o.fold_constants = variant & 1;
      o.merge_identical = variant & 2;
      o.quadratures = variant & 4;
      MassActionSystem sys(crn, law, o);
      for (int trial = 0; trial < 20; ++trial) {
        auto x = RandomState(crn.num_species(), rng);
        auto want = NaiveDerivative(crn, law, x);
        auto got = sys.Derivative(x);
        for (int s = 0; s < crn.num_species(); ++s) {
          EXPECT_NEAR(got[s], want[s], 1e-12 * (1 + std::abs(want[s])))
              << crn.name(s) << " variant " << variant << " " << ToString(law);
        }
      }
    }
  }
}

TEST(MassActionSystem, JacobianMatchesCentralDifferencesDenseAndSparse) {
  // The solver's Jacobian covers the implicit block (ni x ni); FullJacobian covers every row.
  std::mt19937 rng(11);
  Crn crn = Mixed();
  crn.set_rate_law(RateLaw::kCombinatoric);
  for (bool fold : {true, false}) {
    SystemOptions o;
    o.fold_constants = fold;
    MassActionSystem sys(crn, o);
    const int n = sys.num_states(), ni = sys.num_implicit();
    auto x = RandomState(crn.num_species(), rng);
    std::vector<double> k(sys.num_rate_terms()), y(n), dense(ni * ni, 0.0);
    sys.FoldRates(x, k);
    sys.Gather(x, y);
    sys.AddJacobianDense(y.data(), k.data(), dense.data());
    std::vector<double> sparse(sys.jacobian_row_ind().size());
    sys.JacobianSparse(y.data(), k.data(), sparse.data());
    std::vector<double> from_sparse(ni * ni, 0.0);
    for (int c = 0; c < ni; ++c) {
      for (int p = sys.jacobian_col_ptr()[c]; p < sys.jacobian_col_ptr()[c + 1]; ++p) {
        from_sparse[sys.jacobian_row_ind()[p] + c * ni] = sparse[p];
      }
    }
    const auto full = sys.FullJacobian(x);
    const int ns = crn.num_species();
    const double h = 1e-6;
    std::vector<double> fp(n), fm(n), fip(ni), fim(ni);
    for (int c = 0; c < n; ++c) {
      auto yp = y, ym = y;
      yp[c] += h;
      ym[c] -= h;
      sys.Rhs(yp.data(), k.data(), fp.data());
      sys.Rhs(ym.data(), k.data(), fm.data());
      sys.ImplicitRhs(yp.data(), k.data(), fip.data());
      sys.ImplicitRhs(ym.data(), k.data(), fim.data());
      const int sc = sys.state_species()[c];
      for (int r = 0; r < n; ++r) {
        const double fd = (fp[r] - fm[r]) / (2 * h);
        const int sr = sys.state_species()[r];
        EXPECT_NEAR(full[sr * ns + sc], fd, 1e-6 * (1 + std::abs(fd))) << r << "," << c;
        if (r < ni) {
          EXPECT_EQ(fip[r], fp[r]);  // the implicit RHS is the full RHS's implicit part
          if (c < ni) {
            EXPECT_NEAR(dense[r + c * ni], fd, 1e-6 * (1 + std::abs(fd))) << r << "," << c;
            EXPECT_EQ(from_sparse[r + c * ni], dense[r + c * ni]) << r << "," << c;
          }
        }
        // Quadratures feed no rate: their columns are zero.
        if (c >= ni) {
          EXPECT_EQ(fd, 0.0) << r << "," << c;
        }
      }
    }
  }
}

TEST(MassActionSystem, QuadratureIntegralsReproduceTheQuadratureRhs) {
  // Over a constant implicit state y, q(T) - q(0) = T * dq/dt: AddQuadratureIntegrand with
  // weight T followed by AddQuadratures must equal T times the full RHS's quadrature rows.
  std::mt19937 rng(5);
  Crn crn = Mixed();
  MassActionSystem sys(crn);
  ASSERT_GT(sys.num_quadrature_monomials(), 0);
  const int n = sys.num_states(), ni = sys.num_implicit();
  auto x = RandomState(crn.num_species(), rng);
  std::vector<double> k(sys.num_rate_terms()), y(n), f(n),
      integrals(sys.num_quadrature_monomials());
  sys.FoldRates(x, k);
  sys.Gather(x, y);
  sys.Rhs(y.data(), k.data(), f.data());
  const double t = 0.7;
  sys.AddQuadratureIntegrand(y.data(), t, integrals.data());
  std::vector<double> q(n, 0.0);
  sys.AddQuadratures(k.data(), integrals.data(), q.data());
  for (int i = 0; i < n; ++i) {
    const double want = i < ni ? 0.0 : t * f[i];
    EXPECT_NEAR(q[i], want, 1e-14 * (1 + std::abs(want)))
        << sys.species_names()[sys.state_species()[i]];
  }
}

TEST(MassActionSystem, RefoldingFollowsNewCatalystValues) {
  Crn crn = Mixed();
  MassActionSystem sys(crn);
  std::mt19937 rng(3);
  for (int trial = 0; trial < 5; ++trial) {
    auto x = RandomState(crn.num_species(), rng);
    auto want = NaiveDerivative(crn, RateLaw::kMassAction, x);
    auto got = sys.Derivative(x);
    for (int s = 0; s < crn.num_species(); ++s) {
      EXPECT_NEAR(got[s], want[s], 1e-12 * (1 + std::abs(want[s])));
    }
  }
}

TEST(MassActionSystem, EmptyNetworkAndIsolatedSpecies) {
  Crn empty;
  MassActionSystem sys0(empty);
  EXPECT_EQ(sys0.num_states(), 0);
  EXPECT_TRUE(sys0.Derivative(std::vector<double>{}).empty());
  Crn lone;
  lone.AddSpecies("A", 1.0);
  MassActionSystem sys1(lone);
  EXPECT_EQ(sys1.num_states(), 0);
  EXPECT_EQ(sys1.Derivative(std::vector<double>{1.0}), std::vector<double>{0.0});
}

}  // namespace
}  // namespace ncrn
