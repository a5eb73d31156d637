#include "neuralcrn/io/plot.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

TEST(PlotTest, WritesDataScriptAndRenders) {
  const auto dir = std::filesystem::path(NCRN_BINARY_DIR) / "plot_test";
  std::filesystem::create_directories(dir);
  PlotSpec spec{.title = "loss", .xlabel = "epoch", .ylabel = "MSE"};
  spec.series.push_back({.title = "train", .x = {1, 2, 3}, .y = {0.5, 0.25, 0.125}});
  spec.series.push_back({.title = "it's empty", .x = {}, .y = {}});
  const PlotFiles f = WritePlot(spec, (dir / "loss").string());
  const std::string data = ReadFile(f.data);
  EXPECT_NE(data.find("3 0.125"), std::string::npos);
  EXPECT_NE(ReadFile(f.script).find("index 1"), std::string::npos);
  if (f.warning.empty()) {
    EXPECT_GT(std::filesystem::file_size(f.png), 1000u);
    EXPECT_GT(std::filesystem::file_size(f.svg), 1000u);
  } else {
    GTEST_SKIP() << f.warning;
  }
}

TEST(PlotTest, RejectsRaggedSeries) {
  PlotSpec spec{.title = "bad"};
  spec.series.push_back({.title = "s", .x = {1, 2}, .y = {1}});
  const auto base = (std::filesystem::path(NCRN_BINARY_DIR) / "plot_test_bad").string();
  EXPECT_THROW(WritePlot(spec, base), InputError);
  EXPECT_FALSE(std::filesystem::exists(base + ".gp"));
}

}  // namespace
}  // namespace ncrn
