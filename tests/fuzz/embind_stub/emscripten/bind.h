// A native stand-in for Emscripten's <emscripten/bind.h> (see val.h beside
// it): registrations compile and do nothing, so bindings/bnlab_wasm.cpp's own
// functions can be called from a native fuzz target.
#pragma once
#include "emscripten/val.h"

namespace emscripten {

template <class T>
struct allow_raw_pointers {};

template <class T, class... Bases>
class class_ {
 public:
  explicit class_(const char*) {}
  template <class... Args, class... Policies>
  const class_& constructor(Policies...) const {
    return *this;
  }
  template <class F, class... Policies>
  const class_& function(const char*, F, Policies...) const {
    return *this;
  }
  template <class F, class... Policies>
  const class_& class_function(const char*, F, Policies...) const {
    return *this;
  }
  template <class G, class S = int>
  const class_& property(const char*, G, S = S()) const {
    return *this;
  }
};

template <class T>
class value_object {
 public:
  explicit value_object(const char*) {}
  template <class F>
  value_object& field(const char*, F) {
    return *this;
  }
};

template <class F, class... Policies>
void function(const char*, F, Policies...) {}

template <class T>
void register_vector(const char*) {}

}  // namespace emscripten

// Registrations become an unused function: never run natively.
#define EMSCRIPTEN_BINDINGS(name) [[maybe_unused]] static void embind_stub_##name()
