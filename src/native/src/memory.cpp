// glibc malloc tuning for tensor workloads, applied when the bridge loads.
//
// A step allocates and frees the same large activations (tens of MB) over and over. With glibc's defaults
// those come from fresh mmaps, or from heap tops trimmed back to the kernel on free, so every step pays for
// page faults and the kernel zeroing the pages again (~15% of a CLIP step on the benchmark machine). Serving
// blocks up to 32 MiB from the heap and keeping freed heap memory for reuse removes that; the process keeps
// its peak footprint, which a render reaches in its first step anyway (memory stays flat: build/bench.sh
// --long-run). A user's own MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_, or PYTTI_MALLOC_TUNING=0, wins.
#include <malloc.h>

#include <cstdlib>
#include <string>

namespace {

bool user_said(const char* name) { return std::getenv(name) != nullptr; }

struct MallocTuning {
  MallocTuning() {
    const char* off = std::getenv("PYTTI_MALLOC_TUNING");
    if (off != nullptr && std::string(off) == "0") return;
#ifdef __GLIBC__
    if (!user_said("MALLOC_MMAP_THRESHOLD_")) mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);   // glibc's maximum
    if (!user_said("MALLOC_TRIM_THRESHOLD_")) mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);  // return only > 1 GiB of free top
#endif
  }
};

const MallocTuning tuning;

}  // namespace
