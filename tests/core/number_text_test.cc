#include "neuralcrn/core/number_text.h"

#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

std::string ErrorOf(const std::string& text) {
  try {
    ParseNonNegativeNumber(text, "--set A");
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for '" << text << "'";
  return "";
}

TEST(NumberTextTest, DecimalNumbersOnly) {
  EXPECT_EQ(ParseNumberText("2.5")->value, 2.5);
  EXPECT_EQ(ParseNumberText("-3e-4")->value, -3e-4);
  EXPECT_EQ(ParseNumberText("1e-310")->value, 1e-310);  // subnormal: kept
  EXPECT_FALSE(ParseNumberText("1e-310")->underflow);
  EXPECT_TRUE(ParseNumberText("1e-400")->underflow);
  EXPECT_TRUE(ParseNumberText("-1e999")->overflow);
  EXPECT_FALSE(ParseNumberText("0e-999")->underflow);  // zero in the text
  for (const char* bad : {"", " 1", "1 ", "0x10", "1,5", "+1", "1e", "e5", "--1"}) {
    EXPECT_FALSE(ParseNumberText(bad)) << "'" << bad << "'";
  }
}

TEST(NumberTextTest, NonNegativeValuesSayWhatIsWrong) {
  EXPECT_EQ(ParseNonNegativeNumber("+2", "x"), 2.0);
  EXPECT_EQ(ParseNonNegativeNumber("-0", "x"), 0.0);
  EXPECT_EQ(ParseNonNegativeNumber("4.9e-324", "x"), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(ErrorOf("0x10"), "--set A: '0x10' is not a number");
  EXPECT_EQ(ErrorOf("-1"), "--set A: '-1' is negative; it must be >= 0");
  EXPECT_EQ(ErrorOf("nan"), "--set A: 'nan' is NaN");
  EXPECT_EQ(ErrorOf("inf"), "--set A: 'inf' is infinite");
  EXPECT_EQ(ErrorOf("1e999"),
            "--set A: '1e999' overflows: it is larger than the largest double (about 1.8e308)");
  EXPECT_EQ(ErrorOf("1e-400"),
            "--set A: '1e-400' underflows: it is nonzero but smaller than the smallest positive "
            "double (about 4.9e-324), so it would silently become 0");
}

}  // namespace
}  // namespace ncrn
