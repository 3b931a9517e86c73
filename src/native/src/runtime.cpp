// Seeds and generators, thread count, device queries, version.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/cuda.h>

#include "bridge.h"

using pytti::unwrap;
using pytti::wrap;

namespace {

at::Generator& gen(pt_generator g) {
  if (g == nullptr) throw std::invalid_argument("null generator handle");
  return *static_cast<at::Generator*>(g);
}

at::Generator default_generator(int32_t device_type, int32_t device_index) {
  if (device_type == 0) return at::detail::getDefaultCPUGenerator();
  if (device_type == 1) return at::detail::getCUDAHooks().getDefaultCUDAGenerator(static_cast<c10::DeviceIndex>(device_index));
  throw std::invalid_argument("unsupported device type " + std::to_string(device_type));
}

}  // namespace

extern "C" {

int pt_manual_seed(uint64_t seed) {
  PT_GUARD({ torch::manual_seed(seed); })
}

int pt_generator_new(int32_t device_type, int32_t device_index, uint64_t seed, pt_generator* out) {
  PT_GUARD({
    at::Generator g = device_type == 0 ? at::make_generator<at::CPUGeneratorImpl>(seed)
                                       : default_generator(device_type, device_index).clone();
    {
      std::lock_guard<std::mutex> lock(g.mutex());
      g.set_current_seed(seed);
    }
    *out = new at::Generator(std::move(g));
  })
}

int pt_generator_default(int32_t device_type, int32_t device_index, pt_generator* out) {
  PT_GUARD({ *out = new at::Generator(default_generator(device_type, device_index)); })
}

int pt_generator_get_state(pt_generator g, pt_tensor* out) {
  PT_GUARD({
    std::lock_guard<std::mutex> lock(gen(g).mutex());
    *out = wrap(gen(g).get_state());
  })
}

int pt_generator_set_state(pt_generator g, pt_tensor state) {
  PT_GUARD({
    std::lock_guard<std::mutex> lock(gen(g).mutex());
    gen(g).set_state(unwrap(state));
  })
}

int pt_generator_seed(pt_generator g, uint64_t* out) {
  PT_GUARD({ *out = gen(g).current_seed(); })
}

void pt_generator_free(pt_generator g) { delete static_cast<at::Generator*>(g); }

int pt_set_num_threads(int32_t n) {
  PT_GUARD({
    if (n < 1) throw std::invalid_argument("thread count must be at least 1");
    at::set_num_threads(n);
  })
}

int32_t pt_get_num_threads(void) { return at::get_num_threads(); }

int32_t pt_cuda_is_available(void) {
  try {
    return torch::cuda::is_available() ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

int32_t pt_cuda_device_count(void) {
  try {
    return static_cast<int32_t>(torch::cuda::device_count());
  } catch (...) {
    return 0;
  }
}

int pt_cuda_synchronize(int32_t device_index) {
  PT_GUARD({ torch::cuda::synchronize(device_index); })
}

const char* pt_version(void) { return TORCH_VERSION; }

const char* pt_build_config(void) {
  static const std::string config = at::show_config();
  return config.c_str();
}

}  // extern "C"

// ---- profiling (benchmarks): libtorch's legacy profiler, written as a Chrome trace when stopped
#include <torch/csrc/autograd/profiler_legacy.h>

namespace {
std::unique_ptr<torch::autograd::profiler::RecordProfile> active_profile;
}

extern "C" {

int pt_profile_start(const char* chrome_trace_path) {
  PT_GUARD({
    if (active_profile) throw std::runtime_error("a profile is already being recorded");
    active_profile = std::make_unique<torch::autograd::profiler::RecordProfile>(std::string(chrome_trace_path));
  })
}

int pt_profile_stop() {
  PT_GUARD({ active_profile.reset(); })
}

}  // extern "C"
