// The C ABI of the PyttiPipeline libtorch bridge.
//
// Small on purpose: ATen operators are called boxed, by schema name, through the dispatcher
// (pt_op_find / pt_op_call). Everything else here is what the dispatcher does not cover:
// tensor lifetime, data in and out, autograd, grad/inference modes, seeds and generators,
// threads, devices and TorchScript archives.
//
// Every function returns 0 on success and non-zero on failure; the message of the failure is
// then available from pt_last_error() on the same thread. No C++ exception leaves this library.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PT_API __attribute__((visibility("default")))

typedef void* pt_tensor;     // owns one at::Tensor reference
typedef void* pt_op;         // a cached operator handle; lives as long as the process
typedef void* pt_generator;  // owns one at::Generator reference
typedef void* pt_guard;      // an RAII guard kept on the heap (inference mode)
typedef void* pt_named;      // a list of (name, tensor) pairs (TorchScript state)

// Argument and result tags of the boxed calling convention.
enum pt_tag {
  PT_DEFAULT = 0,       // use the schema's default value
  PT_NONE = 1,          // an explicit None for an optional argument
  PT_TENSOR = 2,        // v.ptr: pt_tensor
  PT_INT = 3,           // v.i
  PT_DOUBLE = 4,        // v.d
  PT_BOOL = 5,          // v.i != 0
  PT_INT_LIST = 6,      // v.ptr: const int64_t[len]
  PT_DOUBLE_LIST = 7,   // v.ptr: const double[len]
  PT_TENSOR_LIST = 8,   // v.ptr: const pt_tensor[len]; a NULL entry is None for Tensor?[]
  PT_STRING = 9,        // v.ptr: const char[len] (UTF-8, not necessarily terminated)
  PT_DEVICE = 10,       // v.i: device type (0 cpu, 1 cuda), len: device index (-1 = current)
  PT_GENERATOR = 11,    // v.ptr: pt_generator
  PT_BOOL_LIST = 12,    // v.ptr: const uint8_t[len]
};

typedef struct pt_value {
  int32_t tag;
  int32_t len;
  union {
    void* ptr;
    int64_t i;
    double d;
  } v;
} pt_value;

typedef struct pt_tensor_meta {
  int32_t dtype;         // c10::ScalarType
  int32_t ndim;
  int32_t device_type;   // 0 cpu, 1 cuda
  int32_t device_index;
  int32_t requires_grad;
  int32_t is_leaf;
  int32_t is_contiguous;
  int32_t reserved;
  int64_t numel;
} pt_tensor_meta;

// ---- errors
PT_API const char* pt_last_error(void);

// ---- tensors
PT_API int pt_tensor_from_data(const void* data, int32_t dtype, const int64_t* shape, int32_t ndim,
                               int32_t device_type, int32_t device_index, pt_tensor* out);
PT_API int pt_tensor_copy_to(pt_tensor t, void* dst, int64_t nbytes);
PT_API int pt_tensor_get_meta(pt_tensor t, pt_tensor_meta* meta, int64_t* shape, int64_t* strides, int32_t cap);
PT_API int pt_tensor_item(pt_tensor t, double* out);
PT_API int pt_tensor_share(pt_tensor t, pt_tensor* out);   // a second handle to the same tensor
PT_API void pt_tensor_free(pt_tensor t);
PT_API int64_t pt_tensor_live_count(void);

// ---- operators
PT_API int pt_op_find(const char* name, const char* overload, pt_op* out);
PT_API int pt_op_schema(pt_op op, const char** schema);
// Calls op with nargs arguments. Results are flattened into outs: a tensor or scalar is one entry;
// a list is one header entry (tag of the list, len = n) followed by its n entries. *nouts receives
// the total count; when it exceeds cap, only the first cap entries are written and the rest are
// kept for pt_op_take_results on the same thread.
PT_API int pt_op_call(pt_op op, const pt_value* args, int32_t nargs, pt_value* outs, int32_t cap, int32_t* nouts);
PT_API int pt_op_take_results(pt_value* outs, int32_t count);

// ---- autograd
PT_API int pt_tensor_set_requires_grad(pt_tensor t, int32_t requires_grad);
PT_API int pt_tensor_grad(pt_tensor t, pt_tensor* out);       // *out = NULL when no gradient
PT_API int pt_tensor_set_grad(pt_tensor t, pt_tensor grad);    // grad NULL clears it
PT_API int pt_tensor_retain_grad(pt_tensor t);
// The name of the autograd node that made t (PyTorch's grad_fn), written NUL-terminated into buffer (truncated to
// capacity); *length = the full name's byte count, 0 for a leaf or a tensor outside autograd.
PT_API int pt_tensor_grad_fn_name(pt_tensor t, char* buffer, int32_t capacity, int32_t* length);
PT_API int pt_backward(const pt_tensor* tensors, const pt_tensor* grads, int32_t n, int32_t retain_graph, int32_t create_graph);
PT_API int pt_autograd_grad(const pt_tensor* outputs, const pt_tensor* grad_outputs, int32_t nout,
                            const pt_tensor* inputs, int32_t nin, int32_t retain_graph, int32_t create_graph,
                            int32_t allow_unused, pt_tensor* results);
PT_API int32_t pt_grad_mode_set(int32_t enabled);  // returns the previous mode
PT_API int32_t pt_grad_mode_get(void);
PT_API int pt_inference_mode_enter(pt_guard* out);
PT_API void pt_inference_mode_exit(pt_guard guard);

// ---- runtime: seeds, generators, threads, devices
PT_API int pt_manual_seed(uint64_t seed);
PT_API int pt_generator_new(int32_t device_type, int32_t device_index, uint64_t seed, pt_generator* out);
PT_API int pt_generator_default(int32_t device_type, int32_t device_index, pt_generator* out);
PT_API int pt_generator_get_state(pt_generator g, pt_tensor* out);
PT_API int pt_generator_set_state(pt_generator g, pt_tensor state);
PT_API int pt_generator_seed(pt_generator g, uint64_t* out);
PT_API void pt_generator_free(pt_generator g);
PT_API int pt_set_num_threads(int32_t n);
PT_API int32_t pt_get_num_threads(void);
PT_API int32_t pt_cuda_is_available(void);
PT_API int32_t pt_cuda_device_count(void);
PT_API int pt_cuda_synchronize(int32_t device_index);
PT_API const char* pt_version(void);
PT_API const char* pt_build_config(void);

// ---- custom autograd functions
// Clamps to [min, max]; the gradient is blocked only where the value is out of range and a descent
// step would push it further out.
PT_API int pt_clamp_with_grad(pt_tensor input, double min, double max, pt_tensor* out);

// ---- linear layers
// input·weightᵀ + bias (bias may be null). Frozen fp32 CPU weights go through oneDNN's matmul (forward and
// the input gradient) when the bridge was built with it and PYTTI_ONEDNN is not 0; everything else is at::linear.
PT_API int pt_linear(pt_tensor input, pt_tensor weight, pt_tensor bias, pt_tensor* out);
// Batched a [b,m,k] × b [b,k,n] (autograd to both). fp32 CPU operands with positive strides go through oneDNN's
// matmul (transposed views without copies) when pt_linear would use it; everything else is at::bmm.
PT_API int pt_bmm(pt_tensor a, pt_tensor b, pt_tensor* out);
// x·σ(alpha·x) (CLIP's QuickGELU: alpha 1.702), one pass each way through oneDNN for fp32 CPU tensors when
// pt_linear would use oneDNN; otherwise ATen's silu(alpha·x)/alpha.
PT_API int pt_swish(pt_tensor input, double alpha, pt_tensor* out);
// Cutouts: count boxes (y0, x0, h, w; boxes holds 4·count int64) cropped from source [N, C, H, W] and each
// adaptive-average-pooled to [out_h, out_w], concatenated: [count·N, C, out_h, out_w], with autograd to source.
// A contiguous fp32/fp64 CPU source with N = 1 (and an output larger than 1×1) takes one native operator with
// adaptive_avg_pool2d's forward bits and a single-image backward; anything else is ATen's slice, pool and cat.
// Fails on an empty box list or a box that is empty or not inside the image.
PT_API int pt_crop_pool(pt_tensor source, const int64_t* boxes, int32_t count, int64_t out_h, int64_t out_w, pt_tensor* out);
// Self-attention's core over the packed in-projection qkv [L, N, 3E] (q, k, v side by side, as one linear layer makes
// them) with `heads` heads: softmax(q·kᵀ/√d + mask)·v, heads merged, [L, N, E] before the output projection; mask is
// null or an additive float [L, L]. One autograd function whose backward gives qkv's gradient [L, N, 3E] directly.
// fp32 CPU tensors take a fused kernel; for anything else *out is NULL and the caller computes it (shapes are still
// checked first).
PT_API int pt_self_attention(pt_tensor qkv, int64_t heads, pt_tensor mask, pt_tensor* out);
// Records every ATen operator (CPU time, shapes) until pt_profile_stop, which writes a Chrome trace (benchmarks).
PT_API int pt_profile_start(const char* chrome_trace_path);
PT_API int pt_profile_stop(void);
// 1 when pt_linear may use oneDNN (built with it, not disabled by PYTTI_ONEDNN=0), else 0.
PT_API int pt_onednn_available(int32_t* out);

// ---- TorchScript archives
PT_API int pt_jit_load_named_tensors(const char* path, pt_named* out);
PT_API int32_t pt_named_count(pt_named list);
PT_API const char* pt_named_name(pt_named list, int32_t i);
PT_API int pt_named_take(pt_named list, int32_t i, pt_tensor* out);
PT_API void pt_named_free(pt_named list);

#ifdef __cplusplus
}
#endif
