#include "neuralcrn/compile/compiler.h"

#include <cmath>
#include <filesystem>
#include <random>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/ode/ode_parser.h"

namespace ncrn {
namespace {

std::string Example(const std::string& name) {
  return std::string(NCRN_SOURCE_DIR) + "/examples/" + name;
}

std::vector<std::string> AllExamples() {
  std::vector<std::string> out;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(NCRN_SOURCE_DIR) + "/examples")) {
    if (e.path().extension() == ".ode") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Max over random CRN states of |P(rhs_crn(x)) - rhs_ode(P(x))| / (1 + |rhs_ode|), where P is
// the projection. With `loaded`, states are LoadState(y) (one rail zero); otherwise both rails
// of every dual-rail variable are random (the exact templates must hold there too).
double MaxInvariantError(const OdeSystem& ode, const CompileResult& r, bool loaded, int samples,
                         unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-2.0, 2.0), pos(0.0, 2.0);
  double worst = 0.0;
  for (int s = 0; s < samples; ++s) {
    std::vector<double> x;
    if (loaded) {
      std::vector<double> y(ode.size());
      for (VarId v = 0; v < ode.size(); ++v) y[v] = ode.var(v).nonnegative ? pos(rng) : u(rng);
      x = r.LoadState(y);
    } else {
      x.resize(r.crn.num_species());
      for (double& xi : x) xi = pos(rng);
    }
    const std::vector<double> y = r.Project(x);
    const std::vector<double> want = ode.EvaluateRhs(y);
    const std::vector<double> got = r.Project(MassActionRhs(r.crn, x));
    for (VarId v = 0; v < ode.size(); ++v) {
      worst = std::max(worst, std::fabs(got[v] - want[v]) / (1.0 + std::fabs(want[v])));
    }
  }
  return worst;
}

// The core invariant: for every shipped ODE and every option combination that must be exact,
// the projected mass-action RHS equals the ODE's RHS to round-off (relative 1e-12 plus absolute
// 1e-12 on the scale of the values, |x| <= 2, degree <= 3).
TEST(CompilerInvariantTest, EveryShippedExampleIsRealisedExactly) {
  const auto files = AllExamples();
  ASSERT_GE(files.size(), 8u);
  unsigned seed = 1;
  for (const std::string& f : files) {
    const OdeSystem ode = ReadOdeFile(f);
    for (bool merge : {true, false}) {
      for (RateLaw law : {RateLaw::kMassAction, RateLaw::kCombinatoric}) {
        for (double ann : {0.0, 7.5}) {
          CompileOptions o;
          o.merge_identical = merge;
          o.rate_law = law;
          o.annihilation_rate = ann;
          const CompileResult r = CompileOde(ode, o);
          EXPECT_TRUE(r.report.exact) << f;
          SCOPED_TRACE(fmt::format("{} merge={} law={} ann={}", f, merge, ToString(law), ann));
          EXPECT_LT(MaxInvariantError(ode, r, true, 200, seed++), 1e-12);
          EXPECT_LT(MaxInvariantError(ode, r, false, 200, seed++), 1e-12);
        }
      }
    }
  }
}

TEST(CompilerInvariantTest, PaperAndReferenceSquareFormsRealiseYAbsY) {
  // At one-rail-zero states the per-rail square forms realise c*y*|y| instead of c*y^2.
  for (const char* file : {"nonlinear_forward.ode", "nonlinear_backward.ode"}) {
    const OdeSystem ode = ReadOdeFile(Example(file));
    for (SquareForm form : {SquareForm::kPaper, SquareForm::kReference}) {
      for (RateLaw law : {RateLaw::kMassAction, RateLaw::kCombinatoric}) {
        CompileOptions o;
        o.square_form = form;
        o.rate_law = law;
        o.annihilation_rate = 100;
        const CompileResult r = CompileOde(ode, o);
        EXPECT_FALSE(r.report.exact);
        std::mt19937 rng(42);
        std::uniform_real_distribution<double> u(-2.0, 2.0);
        for (int s = 0; s < 100; ++s) {
          std::vector<double> y(ode.size());
          for (double& v : y) v = u(rng);
          const std::vector<double> got = r.Project(MassActionRhs(r.crn, r.LoadState(y)));
          std::vector<double> want = ode.EvaluateRhs(y);
          for (VarId v = 0; v < ode.size(); ++v) {
            for (const Monomial& m : ode.var(v).rhs.terms()) {
              if (m.powers.size() == 1 && m.powers[0] == std::make_pair(v, 2)) {
                want[v] += m.coeff * (y[v] * std::fabs(y[v]) - y[v] * y[v]);
              }
            }
            EXPECT_NEAR(got[v], want[v], 1e-12 * (1 + std::fabs(want[v])))
                << file << " " << ToString(form) << " " << ode.var(v).name;
          }
        }
      }
    }
  }
}

CompileOptions Reference(double annihilation) {
  CompileOptions o;
  o.square_form = SquareForm::kReference;
  o.annihilation_rate = annihilation;
  o.annihilation_scope = AnnihilationScope::kSquared;
  o.merge_identical = false;
  return o;
}

TEST(CompilerCountsTest, ReferenceNetworkSizes) {
  const CompileResult fwd =
      CompileOde(ReadOdeFile(Example("nonlinear_forward.ode")), Reference(100));
  EXPECT_EQ(fwd.report.species, 42);
  EXPECT_EQ(fwd.report.reactions, 99);
  EXPECT_EQ(fwd.report.per_template.at("type2"), 90);
  EXPECT_EQ(fwd.report.per_template.at("square"), 6);
  EXPECT_EQ(fwd.report.per_template.at("annihilation"), 3);
  EXPECT_EQ(fwd.report.molecularity[3], 72);
  const CompileResult bwd =
      CompileOde(ReadOdeFile(Example("nonlinear_backward.ode")), Reference(10));
  EXPECT_EQ(bwd.report.species, 68);
  EXPECT_EQ(bwd.report.reactions, 267);
  EXPECT_EQ(bwd.report.molecularity[3], 72 * 3);
  const CompileResult lin = CompileOde(ReadOdeFile(Example("linear_node.ode")), Reference(0));
  EXPECT_EQ(lin.report.species, 12);
  EXPECT_EQ(lin.report.reactions, 16);
  const CompileResult lin_b = CompileOde(ReadOdeFile(Example("linear_backward.ode")), Reference(0));
  EXPECT_EQ(lin_b.report.species, 24);
  EXPECT_EQ(lin_b.report.reactions, 48);
  EXPECT_EQ(lin_b.report.per_template.at("type3"), 16);
  const CompileResult minimal =
      CompileOde(ReadOdeFile(Example("minimal_linear.ode")), Reference(0));
  EXPECT_EQ(minimal.report.species, 16);
  EXPECT_EQ(minimal.report.reactions, 12);
  const CompileResult minimal_b =
      CompileOde(ReadOdeFile(Example("minimal_linear_backward.ode")), Reference(0));
  EXPECT_EQ(minimal_b.report.species, 24);
  EXPECT_EQ(minimal_b.report.reactions, 20);
  // The scalar form of eq. 16 compiles to the same network as the vector form.
  EXPECT_EQ(CompileOde(ReadOdeFile(Example("linear_node_scalar.ode"))).crn.reactions().size(),
            lin.crn.reactions().size());
}

TEST(CompilerCountsTest, ReferenceForwardMatchesTheAuthorsReactions) {
  // Spot-check reaction shapes against reference notes 1.3 (names: variable + p/m).
  const CompileResult r = CompileOde(ReadOdeFile(Example("nonlinear_forward.ode")), Reference(100));
  const Crn& c = r.crn;
  auto has = [&](Complex in, Complex out, double k) {
    for (const Reaction& x : c.reactions()) {
      if (x.reactants == Canonical(in) && x.products == Canonical(out) && x.rate == k) return true;
    }
    return false;
  };
  const SpeciesId z1p = c.Id("z1p"), z1m = c.Id("z1m"), p12m = c.Id("theta12m"), x2m = c.Id("x2m"),
                  h1p = c.Id("h1p");
  EXPECT_TRUE(has({{p12m, 1}, {z1p, 1}, {x2m, 1}}, {{p12m, 1}, {z1p, 2}, {x2m, 1}}, 1.0));
  EXPECT_TRUE(has({{z1p, 2}}, {{z1p, 1}}, 1.0));
  EXPECT_TRUE(has({{z1p, 1}, {z1m, 1}}, {}, 100.0));
  EXPECT_TRUE(has({{h1p, 1}}, {{h1p, 1}, {z1p, 1}}, 1.0));
  EXPECT_DOUBLE_EQ(c.initial(c.Id("z2m")), 0.25);
  EXPECT_DOUBLE_EQ(c.initial(c.Id("z2p")), 0.0);
}

OdeSystem Parse(const char* text) { return ParseOde(text, "t.ode"); }

TEST(CompilerTemplatesTest, TypeOneAndConsumptionForNonNegativeVariables) {
  const CompileResult r = CompileOde(Parse("nonneg x, y, z\ndz/dt = x*y"));
  ASSERT_EQ(r.report.reactions, 1);
  EXPECT_EQ(r.report.per_template.at("type1"), 1);
  EXPECT_EQ(r.report.species, 3);
  EXPECT_FALSE(r.rails[0].minus.has_value());
  const Reaction& x = r.crn.reactions()[0];
  EXPECT_EQ(x.NetChange(r.crn.Id("z")), 1);
  EXPECT_EQ(x.Order(), 2);

  const CompileResult lv = CompileOde(ReadOdeFile(Example("lotka_volterra.ode")));
  EXPECT_EQ(lv.report.species, 2);
  EXPECT_EQ(lv.report.reactions, 4);
  EXPECT_EQ(lv.report.per_template.at("type1"), 2);
  EXPECT_EQ(lv.report.per_template.at("consume"), 2);
  EXPECT_TRUE(lv.report.hungarian);
}

TEST(CompilerTemplatesTest, NonHungarianNegativeTermOnNonNegativeVariableIsRejected) {
  try {
    CompileOde(Parse("nonneg y\ndy/dt = 1 - x"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), testing::HasSubstr("dy/dt has the term '-x'"));
    EXPECT_THAT(e.what(), testing::HasSubstr("nonneg"));
  }
  // The same ODE without the declaration compiles dual-rail, and is reported non-Hungarian.
  const CompileResult r = CompileOde(Parse("dy/dt = 1 - x"));
  EXPECT_FALSE(r.report.hungarian);
  EXPECT_EQ(r.report.reactions, 3);  // 0 -> Y+, X+ -> X+ + Y-, X- -> X- + Y+
}

TEST(CompilerTemplatesTest, TemplateSizesAndMerging) {
  // 2-factor: 4 reactions; 3-factor: 8; self square: 4 unmerged, 3 merged.
  CompileOptions unmerged;
  unmerged.merge_identical = false;
  EXPECT_EQ(CompileOde(Parse("dz/dt = x*y"), unmerged).report.reactions, 4);
  EXPECT_EQ(CompileOde(Parse("dz/dt = -x*y*w"), unmerged).report.per_template.at("type3"), 8);
  EXPECT_EQ(CompileOde(Parse("dz/dt = -z^2"), unmerged).report.reactions, 4);
  const CompileResult merged = CompileOde(Parse("dz/dt = -z^2"));
  EXPECT_EQ(merged.report.reactions, 3);
  EXPECT_EQ(merged.report.merged, 1);
  // Paper square form: 2Z -> 0 at |c|/2 per rail.
  CompileOptions paper;
  paper.square_form = SquareForm::kPaper;
  const CompileResult p = CompileOde(Parse("dz/dt = -3*z^2"), paper);
  ASSERT_EQ(p.report.reactions, 2);
  EXPECT_TRUE(p.crn.reactions()[0].products.empty());
  EXPECT_DOUBLE_EQ(p.crn.reactions()[0].rate, 1.5);
}

TEST(CompilerTemplatesTest, CombinatoricCompensationMultipliesByNuFactorial) {
  CompileOptions o;
  o.rate_law = RateLaw::kCombinatoric;
  o.square_form = SquareForm::kReference;
  const CompileResult r = CompileOde(Parse("dz/dt = -z^2 + 0.5*z*w"), o);
  EXPECT_EQ(r.crn.rate_law(), RateLaw::kCombinatoric);
  for (const Reaction& x : r.crn.reactions()) {
    if (x.Order() == 2 && x.reactants.size() == 1) {
      EXPECT_DOUBLE_EQ(x.rate, 2.0);  // 2Z -> Z
    }
    if (x.reactants.size() == 2) {
      EXPECT_DOUBLE_EQ(x.rate, 0.5);  // Z + W
    }
  }
  o.compensate_rate_law = false;  // the authors' as-executed network: k = 1 under Catalyst
  const CompileResult raw = CompileOde(Parse("dz/dt = -z^2"), o);
  EXPECT_DOUBLE_EQ(raw.crn.reactions()[0].rate, 1.0);
  EXPECT_FALSE(raw.report.exact);
}

TEST(CompilerTemplatesTest, AnnihilationScopeAndExplicitList) {
  const OdeSystem ode = ReadOdeFile(Example("nonlinear_backward.ode"));
  CompileOptions o;
  o.annihilation_rate = 10;
  EXPECT_EQ(CompileOde(ode, o).report.per_template.at("annihilation"), 3 + 3 + 9 + 3);
  o.annihilation_scope = AnnihilationScope::kSquared;
  EXPECT_EQ(CompileOde(ode, o).report.per_template.at("annihilation"), 3);
  o.annihilate = {"a1", "g23"};
  EXPECT_EQ(CompileOde(ode, o).report.per_template.at("annihilation"), 2);
  o.annihilate = {"nope"};
  EXPECT_THROW(CompileOde(ode, o), InputError);
  o.annihilate.clear();
  o.annihilation_rate = -1;
  EXPECT_THROW(CompileOde(ode, o), InputError);
}

TEST(CompilerTemplatesTest, NameClashAndBadInitialValuesAreInputErrors) {
  try {
    CompileOde(Parse("nonneg zp\ndz/dt = zp"));
    ADD_FAILURE() << "no error for a rail name clash";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(),
                 "t.ode:2: species name clash: species 'zp' is needed by the single-rail variable "
                 "'zp' and by the dual-rail variable 'z'; rename one of the two variables");
  }
  EXPECT_THROW(CompileOde(Parse("nonneg y\ndy/dt = y\ninit y = -1")), InputError);
  EXPECT_THAT(SquareFormFromString("paper"), SquareForm::kPaper);
  EXPECT_THROW(SquareFormFromString("fast"), InputError);
}

TEST(CompilerTemplatesTest, HugeMonomialsAreRejected) {
  EXPECT_THROW(CompileOde(Parse("dz/dt = z^16 * w")), InputError);
  EXPECT_EQ(CompileOde(Parse("nonneg z, w\ndz/dt = z^16 * w")).report.reactions, 1);
}

TEST(CompilerTemplatesTest, ProjectInvertsLoadState) {
  const OdeSystem ode = ReadOdeFile(Example("nonlinear_backward.ode"));
  const CompileResult r = CompileOde(ode);
  std::vector<double> y(ode.size());
  for (VarId v = 0; v < ode.size(); ++v) y[v] = ode.var(v).initial;
  EXPECT_EQ(r.Project(r.LoadState(y)), y);
  EXPECT_EQ(r.LoadState(y), r.crn.initial_state());
}

}  // namespace
}  // namespace ncrn
