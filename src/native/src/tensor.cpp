// Tensor lifetime, metadata and data in/out.
#include <cstring>

#include "bridge.h"

using pytti::unwrap;
using pytti::wrap;

extern "C" {

int pt_tensor_from_data(const void* data, int32_t dtype, const int64_t* shape, int32_t ndim,
                        int32_t device_type, int32_t device_index, pt_tensor* out) {
  PT_GUARD({
    auto options = at::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype));
    at::Tensor t = at::empty(c10::IntArrayRef(shape, ndim), options);
    if (t.numel() > 0) {
      if (data == nullptr) throw std::invalid_argument("null data pointer");
      std::memcpy(t.data_ptr(), data, t.nbytes());
    }
    auto device = pytti::make_device(device_type, device_index);
    if (!device.is_cpu()) t = t.to(device);
    *out = wrap(std::move(t));
  })
}

int pt_tensor_copy_to(pt_tensor handle, void* dst, int64_t nbytes) {
  PT_GUARD({
    at::Tensor t = unwrap(handle).detach();
    if (!t.device().is_cpu()) t = t.to(at::kCPU);
    t = t.contiguous();
    if (static_cast<int64_t>(t.nbytes()) != nbytes)
      throw std::invalid_argument("copy_to: destination holds " + std::to_string(nbytes) +
                                  " bytes, tensor has " + std::to_string(t.nbytes()));
    if (nbytes > 0) std::memcpy(dst, t.data_ptr(), nbytes);
  })
}

int pt_tensor_get_meta(pt_tensor handle, pt_tensor_meta* meta, int64_t* shape, int64_t* strides, int32_t cap) {
  PT_GUARD({
    const at::Tensor& t = unwrap(handle);
    if (!t.defined()) throw std::invalid_argument("undefined tensor");
    meta->dtype = static_cast<int32_t>(t.scalar_type());
    meta->ndim = static_cast<int32_t>(t.dim());
    meta->device_type = t.device().is_cuda() ? 1 : 0;
    meta->device_index = t.device().has_index() ? t.device().index() : -1;
    meta->requires_grad = t.requires_grad() ? 1 : 0;
    meta->is_leaf = t.is_leaf() ? 1 : 0;
    meta->is_contiguous = t.is_contiguous() ? 1 : 0;
    meta->reserved = 0;
    meta->numel = t.numel();
    const int32_t n = std::min<int32_t>(cap, meta->ndim);
    for (int32_t i = 0; i < n; ++i) {
      if (shape) shape[i] = t.size(i);
      if (strides) strides[i] = t.stride(i);
    }
  })
}

int pt_tensor_item(pt_tensor handle, double* out) {
  PT_GUARD({ *out = unwrap(handle).item<double>(); })
}

int pt_tensor_share(pt_tensor handle, pt_tensor* out) {
  PT_GUARD({ *out = wrap(unwrap(handle)); })
}

void pt_tensor_free(pt_tensor handle) {
  if (handle == nullptr) return;
  delete static_cast<at::Tensor*>(handle);
  pytti::live_tensors.fetch_sub(1, std::memory_order_relaxed);
}

int64_t pt_tensor_live_count(void) { return pytti::live_tensors.load(std::memory_order_relaxed); }

}  // extern "C"
