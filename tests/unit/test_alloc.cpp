// A training step allocates no heap memory once warmed up: every heap
// allocation in this test binary is counted.
//
// How it is counted depends on the build. Under AddressSanitizer its allocator
// calls a hook for every allocation (malloc and every form of operator new), so
// nothing is replaced and ASan keeps checking new/delete pairs. Elsewhere the
// whole set of replaceable operator new/delete forms is replaced, consistently
// on malloc/free: replacing only some forms would free memory from the others
// (nothrow, array, aligned) with the wrong function.
#include <catch2/catch.hpp>
#include <atomic>
#include <cstdlib>
#include <new>

#include "bnlab/experiment.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define BNLAB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BNLAB_ASAN 1
#endif
#endif

namespace {
std::atomic<long> g_allocations{0};
}

#ifdef BNLAB_ASAN
#include <sanitizer/allocator_interface.h>

namespace {
void count_malloc(const volatile void*, size_t) { ++g_allocations; }
void ignore_free(const volatile void*) {}
// Installed before main, so every test in the binary is counted.
const int g_hooks_installed = __sanitizer_install_malloc_and_free_hooks(count_malloc, ignore_free);
}  // namespace

#else

namespace {
void* counted_alloc(std::size_t n, std::size_t align) {
  ++g_allocations;
  if (n == 0) n = 1;
  if (align <= alignof(std::max_align_t)) return std::malloc(n);
  // aligned_alloc needs a size that is a multiple of the alignment.
  return std::aligned_alloc(align, (n + align - 1) / align * align);
}
void* or_throw(void* p) {
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(std::size_t n) { return or_throw(counted_alloc(n, 0)); }
void* operator new[](std::size_t n) { return or_throw(counted_alloc(n, 0)); }
void* operator new(std::size_t n, std::align_val_t a) { return or_throw(counted_alloc(n, std::size_t(a))); }
void* operator new[](std::size_t n, std::align_val_t a) { return or_throw(counted_alloc(n, std::size_t(a))); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_alloc(n, 0); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted_alloc(n, 0); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return counted_alloc(n, std::size_t(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return counted_alloc(n, std::size_t(a));
}

void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

#endif

using namespace bnlab;

// Keeps the compiler from eliding an allocation it can see is unused.
template <class T>
T* escape(T* p) {
  asm volatile("" : : "g"(p) : "memory");
  return p;
}

TEST_CASE("the allocation counter sees every form of new", "[alloc]") {
  struct alignas(64) Wide {
    char bytes[64];
  };
  auto counted = [](auto&& allocate_and_free) {
    const long before = g_allocations.load();
    allocate_and_free();
    return g_allocations.load() - before;
  };
  CHECK(counted([] { delete escape(new int(1)); }) == 1);
  CHECK(counted([] { delete[] escape(new int[4]); }) == 1);
  CHECK(counted([] { delete escape(new (std::nothrow) int(1)); }) == 1);
  CHECK(counted([] { delete[] escape(new (std::nothrow) int[4]); }) == 1);
  CHECK(counted([] { delete escape(new Wide()); }) == 1);
  CHECK(counted([] { delete[] escape(new Wide[2]); }) == 1);
#ifdef BNLAB_ASAN
  CHECK(g_hooks_installed != 0);
  CHECK(counted([] { std::free(escape(std::malloc(8))); }) == 1);
#endif
}

TEST_CASE("training steps allocate nothing once warmed up", "[alloc]") {
  const bool bn = GENERATE(false, true);
  const OptimizerKind opt = GENERATE(OptimizerKind::sgd, OptimizerKind::adam);
  const double dropout = GENERATE(0.0, 0.3);
  Config c;
  c.data.name = DatasetKind::blobs;  // softmax path too
  c.data.points = 500;
  RunConfig r;
  r.name = "run";
  r.model.batchnorm = bn;
  r.model.dropout = dropout;
  r.train.optimizer = opt;
  r.train.learning_rate = 0.01;
  c.runs = {r};
  auto e = Experiment::create(c);
  REQUIRE(e.ok());
  e.value->step(20);  // warm up, past an epoch boundary
  e.value->report(0);
  e.value->step(1);
  const long before = g_allocations.load();
  e.value->step(200);
  const long after = g_allocations.load();
  CHECK(after - before == 0);
  // The counter works: a report does allocate.
  e.value->report(0);
  CHECK(g_allocations.load() > after);
}

// ---- bn knobs: a bias before BN, the notes' formulas, affine off.
TEST_CASE("training steps with the bn knobs allocate nothing once warmed up", "[alloc][knobs]") {
  const int knob = GENERATE(0, 1, 2);
  Config c;
  c.data.name = DatasetKind::blobs;
  c.data.points = 500;
  RunConfig r;
  r.name = "run";
  r.model.batchnorm = true;
  r.model.bn_bias = knob == 0;
  r.model.bn_formula = knob == 1 ? BnFormula::notes : BnFormula::standard;
  r.model.bn_affine = knob != 2;
  r.train.learning_rate = 0.01;
  c.runs = {r};
  auto e = Experiment::create(c);
  REQUIRE(e.ok());
  e.value->step(20);
  e.value->report(0);
  e.value->step(1);
  const long before = g_allocations.load();
  e.value->step(200);
  CHECK(g_allocations.load() - before == 0);
  CHECK_FALSE(e.value->report(0).diverged);
}
