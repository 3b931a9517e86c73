#include "bridge.h"

namespace pytti {

static thread_local std::string last_error;
std::atomic<int64_t> live_tensors{0};

void set_error(const std::string& message) { last_error = message; }

c10::Device make_device(int32_t type, int32_t index) {
  switch (type) {
    case 0: return c10::Device(c10::DeviceType::CPU);
    case 1: return c10::Device(c10::DeviceType::CUDA, static_cast<c10::DeviceIndex>(index));
    default: throw std::invalid_argument("unsupported device type " + std::to_string(type));
  }
}

}  // namespace pytti

extern "C" const char* pt_last_error(void) { return pytti::last_error.c_str(); }

// The C# side mirrors these layouts; a change here must change Native/PtValue.cs too.
static_assert(sizeof(pt_value) == 16, "pt_value must stay 16 bytes");
static_assert(sizeof(pt_tensor_meta) == 40, "pt_tensor_meta must stay 40 bytes");
