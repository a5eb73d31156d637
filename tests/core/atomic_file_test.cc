#include "neuralcrn/core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test (CTest runs the tests of this file in parallel).
fs::path Dir(const std::string& name) {
  const fs::path d = fs::path(NCRN_BINARY_DIR) / ("atomic_file_test_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(AtomicFileTest, ReplacesAFileAndLeavesNoTemporary) {
  const fs::path d = Dir("replace");
  const std::string f = (d / "out.txt").string();
  WriteFileAtomic(f, "first");
  WriteFileAtomic(f, "second");
  EXPECT_EQ(ReadFile(f), "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 1);
}

// The link stays a link; the file it points to gets the new contents.
TEST(AtomicFileTest, SymlinkToAFileIsKept) {
  const fs::path d = Dir("symlink");
  WriteFileAtomic((d / "real.txt").string(), "old");
  fs::create_symlink("real.txt", d / "link.txt");
  WriteFileAtomic((d / "link.txt").string(), "new");
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(d / "link.txt")));
  EXPECT_EQ(ReadFile((d / "real.txt").string()), "new");
}

// A FIFO (like /dev/null or /dev/stdout, a non-regular file) is written through, not replaced:
// the reader opened before the write receives the contents.
TEST(AtomicFileTest, FifoIsWrittenThroughNotReplaced) {
  const fs::path d = Dir("fifo");
  const std::string fifo = (d / "pipe").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  WriteFileAtomic(fifo, "through the pipe");
  char buf[64] = {};
  const ssize_t n = ::read(reader, buf, sizeof buf);
  ::close(reader);
  EXPECT_EQ(std::string(buf, n > 0 ? n : 0), "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fs::status(fifo)));
}

TEST(AtomicFileTest, DirectoryAndMissingParentAreInputErrors) {
  const fs::path d = Dir("errors");
  try {
    WriteFileAtomic(d.string(), "x");
    ADD_FAILURE() << "no error for a directory";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write '" + d.string() + "': it is a directory");
  }
  EXPECT_THROW(WriteFileAtomic((d / "no" / "such.txt").string(), "x"), InputError);
  EXPECT_TRUE(fs::is_directory(d));
}

}  // namespace
}  // namespace ncrn
