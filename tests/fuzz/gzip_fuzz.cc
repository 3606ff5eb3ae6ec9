// Copyright 2026 The dedup Authors.
//
// libFuzzer target for gzip input: the bytes are written to a .jsonl.gz file
// and read through the reader's gzip source (ISA-L for gzip, zlib for
// anything else) in steps of a size the input picks, and decoded again by
// zlib alone, member after member. The source must end (no hang), and what
// it gives must agree with zlib: the same bytes where both read the whole
// file, and where either stops at damage, one output a prefix of the other
// (both decode the same deflate data until it goes wrong).
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/io/byte_source.h"

namespace {

std::string TempPath() {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/dedup-fuzz-" + std::to_string(::getpid()) + ".jsonl.gz";
}

// zlib's decoding of gzip/zlib members one after another; false on damage.
bool ZlibMembers(const uint8_t* data, size_t size, std::string* out) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) std::abort();
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(size);
  char buf[4096];
  bool ok = true, in_member = false;
  while (z.avail_in > 0 || in_member) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof(buf);
    in_member = true;
    const int r = inflate(&z, Z_NO_FLUSH);
    out->append(buf, sizeof(buf) - z.avail_out);
    if (r == Z_STREAM_END) {
      in_member = false;
      inflateReset(&z);
    } else if (r != Z_OK || (z.avail_in == 0 && z.avail_out != 0)) {
      ok = false;  // damaged, or cut short
      break;
    }
  }
  inflateEnd(&z);
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = TempPath();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  dedup::io::InputFile file;
  file.path = file.display = path;
  file.compression = dedup::io::Compression::kGzip;
  auto src = dedup::io::OpenByteSource(file);
  if (!src.ok()) std::abort();
  const size_t step = size > 0 ? 1 + data[0] % 200 * 41 : 1;
  std::string ours, buf(step, '\0');
  for (size_t got; (got = (*src)->Read(buf.data(), step)) > 0;) {
    ours.append(buf.data(), got);
    if (ours.size() > (size_t{64} << 20)) return 0;  // a bomb: enough
  }
  const bool ours_ok = (*src)->status().ok();
  std::string theirs;
  const bool theirs_ok = ZlibMembers(data, size, &theirs);
  if (ours_ok && theirs_ok && ours != theirs) std::abort();
  const std::string& shorter = ours.size() < theirs.size() ? ours : theirs;
  const std::string& longer = ours.size() < theirs.size() ? theirs : ours;
  if (longer.compare(0, shorter.size(), shorter) != 0) std::abort();
  return 0;
}
