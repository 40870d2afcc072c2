// A native stand-in for Emscripten's <emscripten/val.h>, just enough for
// bindings/bnlab_wasm.cpp to compile natively so that a fuzz target can call
// its converters (fuzz_wasm_sets.cpp). Nothing here reaches JavaScript: values
// are dropped. Extend it when the bindings start using more of Embind.
#pragma once
#include <cstddef>

namespace emscripten {

template <class T>
struct memory_view {
  size_t size;
  const T* data;
};

template <class T>
memory_view<T> typed_memory_view(size_t size, const T* data) {
  return {size, data};
}

class val {
 public:
  val() = default;
  template <class T>
  explicit val(T&&) {}
  static val array() { return val(); }
  static val object() { return val(); }
  static val null() { return val(); }
  static val undefined() { return val(); }
  template <class R = val, class... Args>
  R call(const char*, Args&&...) const {
    return R();
  }
  template <class K, class V>
  void set(K&&, V&&) {}
  template <class T>
  T as() const {
    return T();
  }
};

}  // namespace emscripten
