#pragma once
// A one-line progress bar for long work on a terminal: fraction done, a status text and the
// estimated time left. Silent when stderr is not a terminal (logs and pipes stay clean).
#include <chrono>
#include <string>

namespace ncrn {

class ProgressBar {
 public:
  // enabled: draw at all (default: only if stderr is a terminal).
  explicit ProgressBar(long total, bool enabled = StderrIsTerminal());
  ~ProgressBar();
  // Redraws at most ~10 times a second.
  void Update(long done, const std::string& status);
  // Clears the line.
  void Finish();

  static bool StderrIsTerminal();

 private:
  long total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// "1:02:03" / "4:05" for a duration in seconds.
std::string FormatDuration(double seconds);

}  // namespace ncrn
