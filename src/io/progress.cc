#include "neuralcrn/io/progress.h"

#include <cstdio>

#include <fmt/format.h>
#include <unistd.h>

namespace ncrn {

ProgressBar::ProgressBar(long total, bool enabled)
    : total_(total > 0 ? total : 1), enabled_(enabled) {
  start_ = last_draw_ = std::chrono::steady_clock::now();
}

ProgressBar::~ProgressBar() { Finish(); }

bool ProgressBar::StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

std::string FormatDuration(double seconds) {
  if (!(seconds >= 0)) return "?";
  const long s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

void ProgressBar::Update(long done, const std::string& status) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double frac = static_cast<double>(done) / static_cast<double>(total_);
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double left = frac > 0 ? elapsed * (1 - frac) / frac : -1;
  constexpr int kWidth = 24;
  const int filled = static_cast<int>(frac * kWidth);
  std::fprintf(stderr, "\r\033[K[%s%s] %3d%% %s | left %s", std::string(filled, '#').c_str(),
               std::string(kWidth - filled, ' ').c_str(), static_cast<int>(frac * 100),
               status.c_str(), FormatDuration(left).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (enabled_ && drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
  drawn_ = false;
}

}  // namespace ncrn
