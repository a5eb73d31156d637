#include "neuralcrn/data/generators.h"

#include <cmath>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/data/random.h"

namespace ncrn {
namespace {

constexpr Generator kAll[] = {Generator::kLinear, Generator::kRings, Generator::kXor,
                              Generator::kAnd,    Generator::kOr,    Generator::kMinimalLinear};

// One draw from the generator's input distribution.
void Draw(Generator g, Rng& rng, double x[2]) {
  switch (g) {
    case Generator::kLinear:
      x[0] = rng.Normal();
      x[1] = rng.Normal();
      return;
    case Generator::kRings:
      x[0] = rng.Uniform(-1.0, 1.0);
      x[1] = rng.Uniform(-1.0, 1.0);
      return;
    case Generator::kXor:
    case Generator::kAnd:
    case Generator::kOr:
      x[0] = rng.Uniform01();
      x[1] = rng.Uniform01();
      return;
    case Generator::kMinimalLinear:
      x[0] = rng.Uniform(0.0, 2.0);
      x[1] = rng.Uniform(0.0, 2.0);
      return;
  }
}

// Class of a drawn point, or -1 when the generator rejects it (only rings rejects).
int DrawnLabel(Generator g, const double x[2], const GeneratorOptions& o) {
  if (g != Generator::kRings) return TrueLabel(g, std::span<const double>(x, 2), o);
  const double r = std::hypot(x[0], x[1]);
  if (r >= o.inner_min && r <= o.inner_max) return 0;
  if (r >= o.outer_min && r <= o.outer_max) return 1;
  return -1;
}

Dataset Empty(Generator g) {
  Dataset d;
  d.name = ToString(g);
  d.feature_names = {"x1", "x2"};
  d.class_names = {"0", "1"};
  return d;
}

}  // namespace

std::string ToString(Generator g) {
  switch (g) {
    case Generator::kLinear:
      return "linear";
    case Generator::kRings:
      return "rings";
    case Generator::kXor:
      return "xor";
    case Generator::kAnd:
      return "and";
    case Generator::kOr:
      return "or";
    case Generator::kMinimalLinear:
      return "minimal_linear";
  }
  return "?";
}

Generator GeneratorFromString(std::string_view s) {
  for (Generator g : kAll)
    if (ToString(g) == s) return g;
  throw InputError(fmt::format(
      "unknown dataset generator '{}'; accepted: linear, rings, xor, and, or, minimal_linear", s));
}

void GeneratorOptions::Validate() const {
  if (n < 1) throw InputError(fmt::format("generator size n = {} must be >= 1", n));
  if (!(0.0 <= inner_min && inner_min < inner_max && inner_max <= outer_min &&
        outer_min < outer_max && outer_max <= std::sqrt(2.0)))
    throw InputError(fmt::format(
        "rings radii {}, {}, {}, {} must satisfy 0 <= inner_min < inner_max <= outer_min < "
        "outer_max <= sqrt(2)",
        inner_min, inner_max, outer_min, outer_max));
  if (!(boolean_threshold > 0.0 && boolean_threshold < 1.0))
    throw InputError(fmt::format("boolean threshold {} must lie in (0, 1)", boolean_threshold));
}

int TrueLabel(Generator g, std::span<const double> x, const GeneratorOptions& o) {
  const double t = o.boolean_threshold;
  switch (g) {
    case Generator::kLinear:
      return x[0] + 2.0 * x[1] > 0.0 ? 1 : 0;
    case Generator::kRings:
      return std::hypot(x[0], x[1]) > 0.5 * (o.inner_max + o.outer_min) ? 1 : 0;
    case Generator::kXor:
      return (x[0] >= t) != (x[1] >= t) ? 1 : 0;
    case Generator::kAnd:
      return (x[0] >= t) && (x[1] >= t) ? 1 : 0;
    case Generator::kOr:
      return (x[0] >= t) || (x[1] >= t) ? 1 : 0;
    case Generator::kMinimalLinear:
      return x[0] + 2.0 * x[1] > 2.0 ? 1 : 0;
  }
  return 0;
}

Dataset Generate(Generator g, const GeneratorOptions& o) {
  o.Validate();
  Rng rng(o.seed);
  Dataset d = Empty(g);
  double x[2];
  if (!o.balanced) {
    while (d.size() < o.n) {
      Draw(g, rng, x);
      const int label = DrawnLabel(g, x, o);
      if (label >= 0) d.Add(x, label);
    }
  } else {
    // First class: floor(n/2)+1 samples; second class fills up to n+1.
    const int first = g == Generator::kMinimalLinear ? 1 : 0;
    const int first_count = o.n / 2 + 1;
    const int total = o.n + 1;
    for (int want : {first, 1 - first}) {
      const int target = want == first ? first_count : total;
      // Default options accept >= 1/4 of draws; extreme radii or thresholds could make the
      // acceptance region vanishingly small, so rejection sampling is capped.
      long long draws = 0;
      const long long max_draws = 100000LL * total;
      while (d.size() < target) {
        if (++draws > max_draws)
          throw InputError(fmt::format(
              "{}: class {} region too small: {} draws gave {} of {} samples; widen the radii "
              "or move the threshold",
              ToString(g), want, max_draws, d.size(), target));
        Draw(g, rng, x);
        if (DrawnLabel(g, x, o) == want) d.Add(x, want);
      }
    }
  }
  if (o.shuffle) {
    std::vector<int> order(d.size());
    std::iota(order.begin(), order.end(), 0);
    rng.Shuffle(std::span<int>(order));
    d = d.Subset(order);
  }
  return d;
}

void GridOptions::Validate() const {
  if (!(lo < hi) || !std::isfinite(lo) || !std::isfinite(hi))
    throw InputError(fmt::format("grid range [{}, {}] must be finite with lo < hi", lo, hi));
  if (points_per_axis < 2)
    throw InputError(fmt::format("grid points per axis {} must be >= 2", points_per_axis));
}

GridOptions DefaultGrid(Generator g) {
  switch (g) {
    case Generator::kLinear:
      return {-2.0, 2.0, 40};
    case Generator::kRings:
      return {-1.0, 1.0, 40};
    case Generator::kXor:
    case Generator::kAnd:
    case Generator::kOr:
      return {0.0, 1.0, 40};
    case Generator::kMinimalLinear:
      return {0.0, 2.0, 60};
  }
  return {};
}

Dataset MakeGrid(Generator g, const GridOptions& grid, const GeneratorOptions& o) {
  grid.Validate();
  o.Validate();
  Dataset d = Empty(g);
  d.name = ToString(g) + "_grid";
  const int m = grid.points_per_axis;
  const double step = (grid.hi - grid.lo) / (m - 1);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < m; ++j) {
      // Exact end points: lo + k*step can miss hi by an ulp.
      const double x[2] = {i == m - 1 ? grid.hi : grid.lo + i * step,
                           j == m - 1 ? grid.hi : grid.lo + j * step};
      d.Add(x, TrueLabel(g, x, o));
    }
  }
  return d;
}

}  // namespace ncrn
