// Boxed operator calls through the dispatcher, by schema name and overload.
#include <ATen/core/dispatch/Dispatcher.h>

#include <mutex>
#include <unordered_map>

#include "bridge.h"

using pytti::unwrap;
using pytti::wrap;

namespace {

struct OpEntry {
  c10::OperatorHandle handle;
  std::string schema_text;
};

std::mutex registry_mutex;
std::unordered_map<std::string, OpEntry*> registry;  // never freed: handles live for the process

thread_local std::vector<pt_value> pending;  // results that did not fit the caller's buffer

const c10::FunctionSchema& schema_of(const OpEntry& op) { return op.handle.schema(); }

bool is_optional_tensor_list(const c10::TypePtr& type) {
  auto list = type->castRaw<c10::ListType>();
  return list && list->getElementType()->kind() == c10::TypeKind::OptionalType;
}

c10::IValue tensor_list(const pt_value& a, const c10::TypePtr& type) {
  auto handles = static_cast<const pt_tensor*>(a.v.ptr);
  if (is_optional_tensor_list(type)) {
    c10::List<c10::optional<at::Tensor>> list;
    list.reserve(a.len);
    for (int32_t i = 0; i < a.len; ++i)
      list.push_back(handles[i] ? c10::optional<at::Tensor>(unwrap(handles[i])) : c10::nullopt);
    return c10::IValue(list);
  }
  std::vector<at::Tensor> list;
  list.reserve(a.len);
  for (int32_t i = 0; i < a.len; ++i) list.push_back(unwrap(handles[i]));
  return c10::IValue(list);
}

c10::IValue to_ivalue(const pt_value& a, const c10::Argument& arg, const OpEntry& op) {
  switch (a.tag) {
    case PT_DEFAULT:
      if (!arg.default_value())
        throw std::invalid_argument(op.schema_text + ": argument '" + arg.name() + "' is required");
      return *arg.default_value();
    case PT_NONE: return c10::IValue();
    case PT_TENSOR: return c10::IValue(unwrap(a.v.ptr));
    case PT_INT: return c10::IValue(a.v.i);
    case PT_DOUBLE: return c10::IValue(a.v.d);
    case PT_BOOL: return c10::IValue(a.v.i != 0);
    case PT_INT_LIST: {
      auto p = static_cast<const int64_t*>(a.v.ptr);
      return c10::IValue(std::vector<int64_t>(p, p + a.len));
    }
    case PT_DOUBLE_LIST: {
      auto p = static_cast<const double*>(a.v.ptr);
      return c10::IValue(std::vector<double>(p, p + a.len));
    }
    case PT_BOOL_LIST: {
      auto p = static_cast<const uint8_t*>(a.v.ptr);
      c10::List<bool> list;
      for (int32_t i = 0; i < a.len; ++i) list.push_back(p[i] != 0);
      return c10::IValue(list);
    }
    case PT_TENSOR_LIST: return tensor_list(a, arg.type());
    case PT_STRING: return c10::IValue(std::string(static_cast<const char*>(a.v.ptr), a.len));
    case PT_DEVICE: return c10::IValue(pytti::make_device(static_cast<int32_t>(a.v.i), a.len));
    case PT_GENERATOR: return c10::IValue(*static_cast<at::Generator*>(a.v.ptr));
    default: throw std::invalid_argument("unknown argument tag " + std::to_string(a.tag));
  }
}

pt_value scalar_value(int32_t tag, int64_t i) {
  pt_value v{};
  v.tag = tag;
  v.v.i = i;
  return v;
}

void flatten(const c10::IValue& value, std::vector<pt_value>& out) {
  pt_value v{};
  if (value.isTensor()) {
    const at::Tensor& t = value.toTensor();
    v.tag = t.defined() ? PT_TENSOR : PT_NONE;
    v.v.ptr = t.defined() ? wrap(t) : nullptr;
    out.push_back(v);
  } else if (value.isNone()) {
    v.tag = PT_NONE;
    out.push_back(v);
  } else if (value.isInt()) {
    out.push_back(scalar_value(PT_INT, value.toInt()));
  } else if (value.isBool()) {
    out.push_back(scalar_value(PT_BOOL, value.toBool() ? 1 : 0));
  } else if (value.isDouble()) {
    v.tag = PT_DOUBLE;
    v.v.d = value.toDouble();
    out.push_back(v);
  } else if (value.isTensorList()) {
    auto list = value.toTensorList();
    out.push_back(pt_value{PT_TENSOR_LIST, static_cast<int32_t>(list.size()), {nullptr}});
    for (const at::Tensor& t : list) flatten(c10::IValue(t), out);
  } else if (value.isIntList()) {
    auto list = value.toIntList();
    out.push_back(pt_value{PT_INT_LIST, static_cast<int32_t>(list.size()), {nullptr}});
    for (int64_t i : list) out.push_back(scalar_value(PT_INT, i));
  } else if (value.isTuple()) {
    for (const auto& element : value.toTupleRef().elements()) flatten(element, out);
  } else {
    throw std::invalid_argument(std::string("unsupported result type ") + value.tagKind());
  }
}

void release(std::vector<pt_value>& values) {
  for (auto& v : values)
    if (v.tag == PT_TENSOR && v.v.ptr) pt_tensor_free(v.v.ptr);
  values.clear();
}

}  // namespace

extern "C" {

int pt_op_find(const char* name, const char* overload, pt_op* out) {
  PT_GUARD({
    std::string key = std::string(name) + "." + overload;
    std::lock_guard<std::mutex> lock(registry_mutex);
    auto it = registry.find(key);
    if (it == registry.end()) {
      auto handle = c10::Dispatcher::singleton().findSchema({name, overload});
      if (!handle) throw std::invalid_argument("no operator " + key + " in this libtorch");
      std::ostringstream text;
      text << handle->schema();
      it = registry.emplace(key, new OpEntry{*handle, text.str()}).first;
    }
    *out = it->second;
  })
}

int pt_op_schema(pt_op op, const char** schema) {
  PT_GUARD({ *schema = static_cast<OpEntry*>(op)->schema_text.c_str(); })
}

int pt_op_call(pt_op op_handle, const pt_value* args, int32_t nargs, pt_value* outs, int32_t cap, int32_t* nouts) {
  std::vector<pt_value> results;
  try {
    release(pending);
    const OpEntry& op = *static_cast<OpEntry*>(op_handle);
    const auto& arguments = schema_of(op).arguments();
    if (nargs > static_cast<int32_t>(arguments.size()))
      throw std::invalid_argument(op.schema_text + ": " + std::to_string(nargs) + " arguments given, at most " +
                                  std::to_string(arguments.size()) + " accepted");
    torch::jit::Stack stack;
    stack.reserve(arguments.size());
    const pt_value fill{PT_DEFAULT, 0, {nullptr}};
    for (size_t i = 0; i < arguments.size(); ++i)
      stack.push_back(to_ivalue(static_cast<int32_t>(i) < nargs ? args[i] : fill, arguments[i], op));
    op.handle.callBoxed(&stack);
    for (const auto& value : stack) flatten(value, results);
    *nouts = static_cast<int32_t>(results.size());
    const size_t n = std::min<size_t>(cap, results.size());
    std::copy(results.begin(), results.begin() + n, outs);
    pending.assign(results.begin() + n, results.end());
    return 0;
  } catch (const c10::Error& e) {
    pytti::set_error(e.what_without_backtrace());
  } catch (const std::exception& e) {
    pytti::set_error(e.what());
  } catch (...) {
    pytti::set_error("unknown C++ exception in libtorch bridge");
  }
  release(results);
  return 1;
}

int pt_op_take_results(pt_value* outs, int32_t count) {
  PT_GUARD({
    if (count != static_cast<int32_t>(pending.size()))
      throw std::invalid_argument("pt_op_take_results: " + std::to_string(pending.size()) + " pending, " +
                                  std::to_string(count) + " asked");
    std::copy(pending.begin(), pending.end(), outs);
    pending.clear();
  })
}

}  // extern "C"
