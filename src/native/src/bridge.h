// Internal helpers shared by the bridge's translation units.
#pragma once
#include <torch/torch.h>
#include <atomic>
#include <string>

#include "pytti_native.h"

namespace pytti {

void set_error(const std::string& message);

// Live at::Tensor handles, for leak tests.
extern std::atomic<int64_t> live_tensors;

inline pt_tensor wrap(at::Tensor t) {
  live_tensors.fetch_add(1, std::memory_order_relaxed);
  return new at::Tensor(std::move(t));
}

inline at::Tensor& unwrap(pt_tensor t) {
  if (t == nullptr) throw std::invalid_argument("null tensor handle");
  return *static_cast<at::Tensor*>(t);
}

c10::Device make_device(int32_t type, int32_t index);

// oneDNN paths (linear.cpp, eltwise.cpp) are on unless PYTTI_ONEDNN=0; read once per process.
bool onednn_enabled();

// A dense fp32 tensor in CPU memory: what the bridge's own kernels (oneDNN's, attention's) take.
inline bool is_cpu_f32(const at::Tensor& t) {
  return t.device().is_cpu() && t.scalar_type() == at::kFloat && t.layout() == at::kStrided;
}

}  // namespace pytti

// Runs body; turns every C++ exception into a thread-local error and a non-zero return.
#define PT_GUARD(body)                                                      \
  try {                                                                     \
    body;                                                                   \
    return 0;                                                               \
  } catch (const c10::Error& e) {                                           \
    pytti::set_error(e.what_without_backtrace());                           \
  } catch (const std::exception& e) {                                       \
    pytti::set_error(e.what());                                             \
  } catch (...) {                                                           \
    pytti::set_error("unknown C++ exception in libtorch bridge");           \
  }                                                                         \
  return 1;
