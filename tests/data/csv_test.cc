#include "neuralcrn/data/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

using testing::HasSubstr;

std::string ErrorOf(std::string_view text, const CsvOptions& o = {}) {
  try {
    ParseCsvDataset(text, "f.csv", o);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(CsvTest, HeaderAutoDetectedLabelLastColumn) {
  Dataset d = ParseCsvDataset("a,b,class\n1,2,x\n3,4e-1,y\n-5,+6,x\n7,8,y\n", "f.csv");
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(d.features, (std::vector<double>{1, 2, 3, 0.4, -5, 6, 7, 8}));
  EXPECT_EQ(d.labels, (std::vector<int>{0, 1, 0, 1}));
}

// The kAuto rule: only a non-numeric non-label field makes the first record a header.
TEST(CsvTest, TextLabelAloneDoesNotMakeAHeader) {
  EXPECT_FALSE(LooksLikeHeader({"0.1", "0.2", "setosa"}, 2));
  EXPECT_TRUE(LooksLikeHeader({"0.1", "0.2", "setosa"}, -1));
  EXPECT_TRUE(LooksLikeHeader({"x1", "0.2", "label"}, 2));
  EXPECT_FALSE(LooksLikeHeader({"setosa", "1e-3", "-4"}, 0));
  Dataset d = ParseCsvDataset(
      "0.1,0.2,setosa\n0.3,0.4,setosa\n0.5,0.6,virginica\n"
      "0.7,0.8,virginica\n",
      "f.csv");
  EXPECT_EQ(d.size(), 4);
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"setosa", "virginica"}));
}

TEST(CsvTest, LabelByNameOrIndexFeaturesSelectedNoHeader) {
  const char* text = "id,label,f1,f2\n1,b,0.5,1.5\n2,a,2.5,3.5\n3,b,4.5,5.5\n4,a,6,7\n";
  CsvOptions by_name{.label_column = "label", .feature_columns = {"f2", "f1"}};
  Dataset d = ParseCsvDataset(text, "f.csv", by_name);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"f2", "f1"}));
  EXPECT_EQ(d.features[0], 1.5);
  EXPECT_EQ(d.features[1], 0.5);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0, 1, 0}));

  CsvOptions by_index{.label_column = "1", .feature_columns = {"2", "3"}};
  Dataset e = ParseCsvDataset(text, "f.csv", by_index);  // header auto-detected
  const std::vector<double> want{0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6, 7};
  EXPECT_EQ(e.features, want);

  Dataset n = ParseCsvDataset("1,2,0\n3,4,10\n5,6,2\n7,8,10\n9,9,0\n1,1,2\n", "f.csv");
  EXPECT_EQ(n.feature_names, (std::vector<std::string>{"0", "1"}));
  // Numeric labels sort numerically (2 before 10), not as strings.
  EXPECT_EQ(n.class_names, (std::vector<std::string>{"0", "2", "10"}));
  EXPECT_EQ(n.labels, (std::vector<int>{0, 2, 1, 2, 0, 1}));
}

TEST(CsvTest, LabelSetFixesClassOrderBlankLinesAndCrlfAccepted) {
  CsvOptions o{.label_set = {"no", "yes"}};
  Dataset d =
      ParseCsvDataset("x,y\r\n\r\n1,yes\r\n2, no \r\n  \n3,\"yes\"\r\n4,no\r\n", "f.csv", o);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0, 1, 0}));
  EXPECT_EQ(d.features, (std::vector<double>{1, 2, 3, 4}));
}

TEST(CsvTest, WrongColumnCountNamesTheLine) {
  EXPECT_THAT(ErrorOf("a,b,c\n1,2,x\n\n3,4\n5,6,y\n"),
              HasSubstr("f.csv:4: expected 3 fields (as on line 1), found 2"));
}

TEST(CsvTest, NonNumericNaNAndInfNameTheLineAndColumn) {
  EXPECT_THAT(ErrorOf("a,b,c\n1,2,x\n3,abc,y\n"), HasSubstr("f.csv:3: column 'b': 'abc'"));
  EXPECT_THAT(ErrorOf("a,b,c\n1,2,x\n3,,y\n"), HasSubstr("f.csv:3: column 'b': '' is not"));
  EXPECT_THAT(ErrorOf("a,b,c\n1,2,x\n3,4,y\nnan,1,x\n"),
              HasSubstr("f.csv:4: column 'a': 'nan' is not finite"));
  EXPECT_THAT(ErrorOf("a,b,c\n1,2,x\n3,4,y\n1,-inf,x\n"),
              HasSubstr("f.csv:4: column 'b': '-inf' is not finite"));
  EXPECT_THAT(ErrorOf("1,2,x\n3,4,y\n1,1e999,x\n"), HasSubstr("f.csv:3: column '1'"));
}

TEST(CsvTest, UnknownLabelNamesTheLine) {
  CsvOptions o{.label_set = {"x", "y"}};
  EXPECT_THAT(ErrorOf("a,c\n1,x\n2,y\n3,x\n4,z\n5,y\n", o),
              HasSubstr("f.csv:5: label 'z' in column 'c' is not one of: x, y"));
}

TEST(CsvTest, TooFewSamplesPerClassNamesTheClassAndItsLine) {
  EXPECT_THAT(ErrorOf("a,c\n1,x\n2,y\n3,x\n4,z\n5,y\n"),
              HasSubstr("f.csv:5: class 'z' has 1 sample(s)"));
  CsvOptions o{.label_set = {"x", "y", "w"}};
  EXPECT_THAT(ErrorOf("a,c\n1,x\n2,y\n3,x\n4,y\n", o), HasSubstr("class 'w' of the label set"));
  CsvOptions three{.min_samples_per_class = 3};
  EXPECT_THAT(ErrorOf("a,c\n1,x\n2,y\n3,x\n4,y\n5,x\n", three),
              HasSubstr("f.csv:3: class 'y' has 2 sample(s)"));
}

TEST(CsvTest, StructuralErrors) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("no data records"));
  EXPECT_THAT(ErrorOf("a,b\n"), HasSubstr("no data records"));
  EXPECT_THAT(ErrorOf("1,2\n3,4\n", {.label_column = "7"}), HasSubstr("out of range"));
  EXPECT_THAT(ErrorOf("a,b\n1,2\n", {.label_column = "cls"}), HasSubstr("no label column 'cls'"));
  EXPECT_THAT(ErrorOf("1,2\n3,4\n", {.header = CsvHeader::kAbsent, .label_column = "cls"}),
              HasSubstr("header is declared absent"));
  EXPECT_THAT(ErrorOf("a,b,c\n1,2,x\n", {.label_column = "c", .feature_columns = {"c"}}),
              HasSubstr("both the label and a feature"));
  EXPECT_THAT(ErrorOf("x\n1\n"), HasSubstr("at least 2 columns"));
  EXPECT_THROW(LoadCsvDataset("/nonexistent/file.csv"), InputError);
}

}  // namespace
}  // namespace ncrn
