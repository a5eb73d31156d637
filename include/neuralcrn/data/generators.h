#pragma once
// The paper's synthetic datasets, drawn from explicit seeds (see random.h for the exact
// distributions), and uniform test grids labelled by the true rule.
//
// Definitions (paper section 5; reference-notes section 3.1). Labels are class indices:
// 0 = negative, 1 = positive.
//   linear          x ~ N(0,1)^2, positive iff x1 + 2 x2 > 0
//   rings           x ~ U(-1,1)^2, negative iff inner_min <= |x| <= inner_max (0, 0.4),
//                   positive iff outer_min <= |x| <= outer_max (0.6, 1.0); other draws rejected
//   xor, and, or    x ~ U(0,1)^2, b_i = [x_i >= threshold] (threshold 0.5), label = F(b1, b2)
//   minimal_linear  x ~ U(0,2)^2, positive iff x1 + 2 x2 > 2 (the reference used target 4 for
//                   positives and 0 for negatives; that scaling belongs to the training layer)
//
// Class balance (reference-notes 3.1): with `balanced`, rejection-sample floor(n/2)+1 negatives,
// then positives until the total is n+1, then shuffle; n = 100 gives 101 samples (51/50).
// minimal_linear fills positives first, as the reference did. Without `balanced`, n i.i.d. draws
// (the reference's Linear set was drawn this way; the paper calls it "equally distributed").
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "neuralcrn/data/dataset.h"

namespace ncrn {

enum class Generator { kLinear, kRings, kXor, kAnd, kOr, kMinimalLinear };

std::string ToString(Generator g);
// Accepts "linear", "rings", "xor", "and", "or", "minimal_linear"; throws InputError otherwise.
Generator GeneratorFromString(std::string_view s);

struct GeneratorOptions {
  // Requested size. Balanced sets hold n+1 samples (reference convention). Default 100.
  int n = 100;
  // Seed of the mt19937_64 stream. Default 42 (the reference's main-branch seed; the stream
  // itself differs from Julia's, so the points differ: equivalence is statistical).
  std::uint64_t seed = 42;
  // Class-balanced construction described above. Default true (paper: "equally distributed").
  bool balanced = true;
  // Shuffle after construction (balanced sets are otherwise sorted by class). Default true.
  bool shuffle = true;
  // Rings radii: the paper's r1 = inner_max, r2 = outer_min, r3 = outer_max.
  double inner_min = 0.0, inner_max = 0.4, outer_min = 0.6, outer_max = 1.0;
  // Boolean threshold on each coordinate. Default 0.5.
  double boolean_threshold = 0.5;
  // Throws InputError on n < 1, radii not 0 <= inner_min < inner_max <= outer_min < outer_max
  // <= sqrt(2), or a threshold outside (0, 1).
  void Validate() const;
};

Dataset Generate(Generator g, const GeneratorOptions& options = {});

// The rule that defines each generator, for labelling grids. For rings, points between the
// rings (inner_max < |x| < outer_min) and outside (|x| > outer_max) have no defined class; they
// are labelled by the midpoint of the gap: positive iff |x| > (inner_max + outer_min) / 2.
int TrueLabel(Generator g, std::span<const double> x, const GeneratorOptions& options = {});

// A uniform grid of points_per_axis^2 points on [lo, hi]^2 (both ends included, spacing
// (hi - lo) / (points_per_axis - 1)), x1 varying slowest. Paper grids: 40 points on [-2, 2]
// (linear), 40 on [0, 1] (boolean), 60 on [0, 2] (minimal linear).
struct GridOptions {
  double lo = -2.0;
  double hi = 2.0;
  int points_per_axis = 40;
  void Validate() const;  // throws InputError unless lo < hi and points_per_axis >= 2
};

// The grid labelled by TrueLabel(g, ...); the grid conventional for each generator is
// DefaultGrid(g).
Dataset MakeGrid(Generator g, const GridOptions& grid, const GeneratorOptions& options = {});
GridOptions DefaultGrid(Generator g);

}  // namespace ncrn
