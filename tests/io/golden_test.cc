// Writers without a reader are pinned by golden files (tests/io/golden/small.*, made from
// small.crn by scripts/regen-io-goldens.sh) compared token by token with numbers to 1e-12
// relative; plus checks of the properties each format must have.
#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "io_test_util.h"
#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/io/antimony.h"
#include "neuralcrn/io/bngl.h"
#include "neuralcrn/io/dot.h"
#include "neuralcrn/io/formats.h"
#include "neuralcrn/io/latex.h"
#include "neuralcrn/io/visual_crn.h"

namespace ncrn {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Same pairs as scripts/regen-io-goldens.sh.
struct Golden {
  const char* format;
  const char* file;
};
class GoldenTest : public ::testing::TestWithParam<Golden> {};

TEST_P(GoldenTest, MatchesGoldenFile) {
  ExportOptions options;
  options.model_name = "small";  // the CLI passes the input file's stem
  const std::string text =
      FindExportFormat(GetParam().format).format(testing::GoldenNetwork(), options);
  EXPECT_TRUE(testing::MatchesGolden(text, GetParam().file));
}

INSTANTIATE_TEST_SUITE_P(
    AllWriters, GoldenTest,
    ::testing::Values(Golden{"catalyst", "small.jl"}, Golden{"antimony", "small.ant"},
                      Golden{"bngl", "small.bngl"}, Golden{"nuskell", "small.nuskell"},
                      Golden{"visualcrn", "small.visualcrn.crn"}, Golden{"dot", "small.dot"},
                      Golden{"latex", "small.tex"}),
    [](const auto& info) { return std::string(info.param.format); });

TEST(AntimonyTest, KineticLawsFollowTheRateLaw) {
  const Crn ma = ParseCrn("2A + B -> C [k = 0.5]\n -> A [k = 2]\nA -> [k=3]");
  const std::string t = FormatAntimony(ma);
  EXPECT_TRUE(Has(t, "J1: 2 A + B -> C; k1*A^2*B;")) << t;
  EXPECT_TRUE(Has(t, "J2: -> A; k2;")) << t;
  EXPECT_TRUE(Has(t, "J3: A -> ; k3*A;")) << t;
  EXPECT_TRUE(Has(t, "k1 = 0.5;")) << t;
  const Crn comb = ParseCrn("ratelaw combinatoric\n3A + 2B -> C [k = 0.5]");
  EXPECT_TRUE(Has(FormatAntimony(comb), "J1: 3 A + 2 B -> C; k1*A^3*B^2/12;"))
      << FormatAntimony(comb);
  // Species named like generated ids or keywords are renamed, with the name kept.
  const Crn clash = ParseCrn("k1 + J1 -> time [k = 1]");
  const std::string c = FormatAntimony(clash);
  EXPECT_TRUE(Has(c, "J1: k1_2 + J1_2 -> time_2; k1*k1_2*J1_2;")) << c;
  EXPECT_TRUE(Has(c, "time_2 is \"time\";")) << c;
}

TEST(BnglTest, SymmetryFactorCompensation) {
  // Mass action 2A -> B at k: BioNetGen would use k/2 for A()+A(), so the file says 2k.
  const std::string t = FormatBngl(ParseCrn("3A -> B [k = 0.5]\nA + B -> 0 [k = 4]"));
  EXPECT_TRUE(Has(t, "  k1 3\n")) << t;  // 0.5 * 3!
  EXPECT_TRUE(Has(t, "  k2 4\n")) << t;
  EXPECT_TRUE(Has(t, "r1: A() + A() + A() -> B() k1")) << t;
  EXPECT_TRUE(Has(t, "r2: A() + B() -> 0 k2")) << t;
  // Already combinatoric: unchanged.
  EXPECT_TRUE(Has(FormatBngl(ParseCrn("ratelaw combinatoric\n3A -> B [k = 0.5]")), "  k1 0.5\n"));
}

TEST(VisualCrnTest, DualRailPlotsForEverySignedVariable) {
  const Crn crn = ParseCrn("species z1m q z1p z2p h\nz1p + z1m -> [k = 1]\nz2p -> h [k = 1]");
  const std::string t = FormatVisualCrn(crn);
  // z1 has both rails; z2p has no partner, so it is a plain species.
  EXPECT_TRUE(Has(t, "plots=[[z1p] - [z1m]; q; z2p; h]")) << t;
  VisualCrnWriteOptions o;
  o.dual_rail_plots = false;
  EXPECT_TRUE(Has(FormatVisualCrn(crn, o), "plots=[z1m; q; z1p; z2p; h]"));
  o.points = 0;
  EXPECT_THROW(FormatVisualCrn(crn, o), InputError);
  // Combinatoric rates become mass-action rates.
  EXPECT_TRUE(
      Has(FormatVisualCrn(ParseCrn("ratelaw combinatoric\n2A -> B [k = 3]")), "| 2 A ->{1.5} B"));
}

TEST(LatexTest, NumbersAndRails) {
  const std::string t = FormatLatexTable(ParseCrn("xp + x_m -> 0 [k = 2.5e-7]\nxm -> [k = 1e20]"));
  EXPECT_TRUE(Has(t, "$\\mathrm{x}^{+} + \\mathrm{x\\_m}$")) << t;
  EXPECT_TRUE(Has(t, "$2.5 \\times 10^{-7}$")) << t;
  EXPECT_TRUE(Has(t, "$10^{20}$")) << t;
  EXPECT_TRUE(Has(t, "\\begin{longtable}")) << t;
}

TEST(DotTest, RendersWithGraphviz) {
  if (!DotAvailable()) GTEST_SKIP() << "Graphviz dot not installed";
  const std::string dir = std::string(NCRN_BINARY_DIR) + "/dot_test";
  std::filesystem::create_directories(dir);
  const Crn crn = testing::GoldenNetwork();
  for (const char* ext : {"svg", "png"}) {
    const std::string path = dir + "/small." + ext;
    std::filesystem::remove(path);
    WriteExport(FindExportFormat("dot"), crn, {}, path);
    const std::string out = ReadFile(path);
    if (std::string(ext) == "svg") {
      EXPECT_TRUE(Has(out, "<svg")) << out.substr(0, 200);
      EXPECT_TRUE(Has(out, ">a.b<")) << "species label missing";
    } else {
      ASSERT_GT(out.size(), 8u);
      EXPECT_EQ(out.substr(1, 3), "PNG");
    }
  }
  // No temporary file is left beside the outputs.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 2);
  // A bad DOT text fails cleanly and leaves no target.
  EXPECT_THROW(RenderDot("digraph {", "svg", dir + "/bad.svg"), InputError);
  EXPECT_FALSE(std::filesystem::exists(dir + "/bad.svg"));
  EXPECT_THROW(RenderDot("digraph {}", "gif", dir + "/x.gif"), InputError);
}

TEST(FormatsTest, TableLookups) {
  for (const char* name :
       {"crn", "catalyst", "antimony", "bngl", "nuskell", "visualcrn", "dot", "latex"}) {
    EXPECT_EQ(FindExportFormat(name).name, name);
  }
  for (const char* name : {"crn", "catalyst", "nuskell"})
    EXPECT_EQ(FindImportFormat(name).name, name);
  EXPECT_EQ(GuessImportFormat("dir/model.JL").name, "catalyst");
  EXPECT_EQ(GuessImportFormat("x.crn").name, "crn");
  EXPECT_EQ(GuessImportFormat("x.nuskell").name, "nuskell");
  try {
    FindExportFormat("cobol");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_TRUE(Has(e.what(), "unknown export format 'cobol': expected one of crn, catalyst"));
  }
  EXPECT_THROW(GuessImportFormat("x.txt"), InputError);
  // Every exporter handles the empty network.
  for (const ExportFormat& f : ExportFormats()) EXPECT_NO_THROW(f.format(Crn{}, {})) << f.name;
}

}  // namespace
}  // namespace ncrn
