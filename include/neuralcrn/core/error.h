#pragma once
// The two kinds of reportable failure. Broken internal invariants use assert/abort instead.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ncrn {

// Bad user input, rejected at the boundary. The message names the file, line, column, token or
// value and says what would have been accepted.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A numerical outcome the caller must see (solver gave up, NaN, blow-up). The message names the
// system, the time reached and the reason.
class NumericalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "file:line:col: " prefix for InputError messages; empty parts are omitted.
std::string Where(const std::string& file, int line = 0, int column = 0);

// " (token 'x')" suffix naming the offending text. Control bytes and bytes that are not valid
// UTF-8 are shown as \xNN, so a binary file's message stays readable in a terminal.
std::string TokenSuffix(std::string_view token);

// "a, b, c" for messages that list what does exist; past `max` names, the first `max` and
// ", ... (N in all)".
constexpr std::size_t kMaxListedNames = 12;
std::string ListNames(std::vector<std::string> names, std::size_t max = kMaxListedNames);

}  // namespace ncrn
