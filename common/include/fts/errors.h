// fts errors: exception types and the documented exit codes shared by both programs.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <stdexcept>
#include <string>

namespace fts {

// Exit codes, like ripgrep's.
//   indexer:  0 every input indexed, 1 finished but some inputs rejected, 2 fatal error
//   searcher: 0 at least one hit,    1 no hits,                           2 error
inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;
inline constexpr int kExitNoHits = 1;
inline constexpr int kExitError = 2;

// A mistake in how the program was called (bad option value, missing database...). The message is
// shown as is, on one line.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A problem with one input (file or record). The run reports it and goes on.
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace fts
