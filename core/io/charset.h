// Copyright 2026 The dedup Authors.
//
// Text that is not UTF-8. Chinese crawls hold many pages in GB2312/GBK/
// GB18030 or Big5; read as UTF-8 they would be garbage. ToUtf8 converts such
// text from its declared charset, else from the one ICU's detector names, and
// repairs UTF-8 that has only a few bad bytes with U+FFFD instead.
#ifndef DEDUP_CORE_IO_CHARSET_H_
#define DEDUP_CORE_IO_CHARSET_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace dedup::io {

struct Decoded {
  enum class Kind {
    kUtf8,       // already valid UTF-8, untouched
    kConverted,  // converted from `charset`
    kReplaced,   // UTF-8 with `replaced` invalid sequences replaced by U+FFFD
  };
  Kind kind = Kind::kUtf8;
  std::string charset;  // kConverted: ICU's name of the source charset ("GB18030", "Big5")
  size_t replaced = 0;  // U+FFFD written for bytes that could not be read
};

// Makes `*text` valid UTF-8. `declared` is the charset the input names (a
// WET record's Content-Type), or empty. In order:
//  1. valid UTF-8 stays as it is (a declared charset is not trusted over it);
//  2. a declared charset other than UTF-8 that ICU knows is converted from;
//  3. text that is mostly UTF-8 (at least 8 valid multi-byte characters per
//     invalid sequence), or has fewer than 8 invalid sequences, is repaired
//     with U+FFFD: a few stray bytes are no evidence of another charset;
//  4. else ICU's charset detector picks the charset, if its confidence is at
//     least 25 of 100 and it does not say UTF-8; else as 3.
// Thread-safe; does no I/O.
Decoded ToUtf8(std::string* text, std::string_view declared);

// Returns the charset parameter of a Content-Type value
// ("text/plain; charset=GBK" -> "GBK"), or "".
std::string_view CharsetParameter(std::string_view content_type);

}  // namespace dedup::io

#endif  // DEDUP_CORE_IO_CHARSET_H_
