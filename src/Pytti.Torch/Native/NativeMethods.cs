using System.Runtime.InteropServices;

namespace Pytti.Torch.Native;

/// <summary>
/// Raw imports of the bridge's C ABI (layer 1 of 3). Never called outside <see cref="Checked"/>
/// and the handle types; every function returning int reports failure through
/// <see cref="pt_last_error"/>.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "pytti_native";

    static NativeMethods() => NativeLibraryResolver.Register();

    [LibraryImport(Library)] internal static partial IntPtr pt_last_error();

    [LibraryImport(Library)] internal static partial int pt_tensor_from_data(void* data, int dtype, long* shape, int ndim, int deviceType, int deviceIndex, out IntPtr tensor);
    [LibraryImport(Library)] internal static partial int pt_tensor_copy_to(IntPtr tensor, void* dst, long nbytes);
    [LibraryImport(Library)] internal static partial int pt_tensor_get_meta(IntPtr tensor, out PtTensorMeta meta, long* shape, long* strides, int cap);
    [LibraryImport(Library)] internal static partial int pt_tensor_item(IntPtr tensor, out double value);
    [LibraryImport(Library)] internal static partial int pt_tensor_share(IntPtr tensor, out IntPtr shared);
    [LibraryImport(Library)] internal static partial void pt_tensor_free(IntPtr tensor);
    [LibraryImport(Library)] internal static partial long pt_tensor_live_count();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial int pt_op_find(string name, string overload, out IntPtr op);
    [LibraryImport(Library)] internal static partial int pt_op_schema(IntPtr op, out IntPtr schema);
    [LibraryImport(Library)] internal static partial int pt_op_call(IntPtr op, PtValue* args, int nargs, PtValue* outs, int cap, out int nouts);
    [LibraryImport(Library)] internal static partial int pt_op_take_results(PtValue* outs, int count);

    [LibraryImport(Library)] internal static partial int pt_tensor_set_requires_grad(IntPtr tensor, int requiresGrad);
    [LibraryImport(Library)] internal static partial int pt_tensor_grad(IntPtr tensor, out IntPtr grad);
    [LibraryImport(Library)] internal static partial int pt_tensor_grad_fn_name(IntPtr tensor, byte* buffer, int capacity, out int length);
    [LibraryImport(Library)] internal static partial int pt_tensor_set_grad(IntPtr tensor, IntPtr grad);
    [LibraryImport(Library)] internal static partial int pt_tensor_retain_grad(IntPtr tensor);
    [LibraryImport(Library)] internal static partial int pt_backward(IntPtr* tensors, IntPtr* grads, int n, int retainGraph, int createGraph);
    [LibraryImport(Library)] internal static partial int pt_autograd_grad(IntPtr* outputs, IntPtr* gradOutputs, int nout, IntPtr* inputs, int nin, int retainGraph, int createGraph, int allowUnused, IntPtr* results);
    [LibraryImport(Library)] internal static partial int pt_grad_mode_set(int enabled);
    [LibraryImport(Library)] internal static partial int pt_grad_mode_get();
    [LibraryImport(Library)] internal static partial int pt_inference_mode_enter(out IntPtr guard);
    [LibraryImport(Library)] internal static partial void pt_inference_mode_exit(IntPtr guard);

    [LibraryImport(Library)] internal static partial int pt_manual_seed(ulong seed);
    [LibraryImport(Library)] internal static partial int pt_generator_new(int deviceType, int deviceIndex, ulong seed, out IntPtr generator);
    [LibraryImport(Library)] internal static partial int pt_generator_default(int deviceType, int deviceIndex, out IntPtr generator);
    [LibraryImport(Library)] internal static partial int pt_generator_get_state(IntPtr generator, out IntPtr state);
    [LibraryImport(Library)] internal static partial int pt_generator_set_state(IntPtr generator, IntPtr state);
    [LibraryImport(Library)] internal static partial int pt_generator_seed(IntPtr generator, out ulong seed);
    [LibraryImport(Library)] internal static partial void pt_generator_free(IntPtr generator);
    [LibraryImport(Library)] internal static partial int pt_set_num_threads(int n);
    [LibraryImport(Library)] internal static partial int pt_get_num_threads();
    [LibraryImport(Library)] internal static partial int pt_cuda_is_available();
    [LibraryImport(Library)] internal static partial int pt_cuda_device_count();
    [LibraryImport(Library)] internal static partial int pt_cuda_synchronize(int deviceIndex);
    [LibraryImport(Library)] internal static partial IntPtr pt_version();
    [LibraryImport(Library)] internal static partial IntPtr pt_build_config();

    [LibraryImport(Library)] internal static partial int pt_clamp_with_grad(IntPtr input, double min, double max, out IntPtr output);
    [LibraryImport(Library)] internal static partial int pt_linear(IntPtr input, IntPtr weight, IntPtr bias, out IntPtr output);
    [LibraryImport(Library)] internal static partial int pt_onednn_available(out int available);
    [LibraryImport(Library)] internal static partial int pt_bmm(IntPtr a, IntPtr b, out IntPtr output);
    [LibraryImport(Library)] internal static partial int pt_swish(IntPtr input, double alpha, out IntPtr output);
    [LibraryImport(Library)] internal static partial int pt_crop_pool(IntPtr source, long* boxes, int count, long outH, long outW, out IntPtr output);
    [LibraryImport(Library)] internal static partial int pt_self_attention(IntPtr qkv, long heads, IntPtr mask, out IntPtr output);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial int pt_profile_start(string chromeTracePath);
    [LibraryImport(Library)] internal static partial int pt_profile_stop();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial int pt_jit_load_named_tensors(string path, out IntPtr list);
    [LibraryImport(Library)] internal static partial int pt_named_count(IntPtr list);
    [LibraryImport(Library)] internal static partial IntPtr pt_named_name(IntPtr list, int i);
    [LibraryImport(Library)] internal static partial int pt_named_take(IntPtr list, int i, out IntPtr tensor);
    [LibraryImport(Library)] internal static partial void pt_named_free(IntPtr list);
}
