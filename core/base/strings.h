// Copyright 2026 The dedup Authors.
//
// Small string helpers over Abseil's. Debian's Abseil has its own
// absl::string_view type (not an alias of std::string_view), so calls into
// absl/strings go through ToAbsl / FromAbsl.
#ifndef DEDUP_CORE_BASE_STRINGS_H_
#define DEDUP_CORE_BASE_STRINGS_H_

#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"

namespace dedup::base {

inline absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view FromAbsl(absl::string_view s) { return std::string_view(s.data(), s.size()); }

// `s` without leading and trailing ASCII whitespace (space, \t, \r, \n, \v, \f).
inline std::string_view StripSpace(std::string_view s) { return FromAbsl(absl::StripAsciiWhitespace(ToAbsl(s))); }
// `s` without trailing ASCII whitespace.
inline std::string_view StripTrailingSpace(std::string_view s) {
  return FromAbsl(absl::StripTrailingAsciiWhitespace(ToAbsl(s)));
}

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_STRINGS_H_
