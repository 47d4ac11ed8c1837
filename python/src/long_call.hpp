// Long computations from Python: the GIL is released, and SIGINT (Ctrl-C)
// on the main thread requests a cooperative stop (support/interrupt.hpp:
// the GD, Newton, exact-PGD-in-S and lifted loops poll it), which surfaces
// as KeyboardInterrupt. Python's own SIGINT handler is restored afterwards.
#pragma once

#include <pybind11/pybind11.h>
#include <signal.h>

#include <utility>

#include "sodlift/support/interrupt.hpp"

namespace sodlift::python {

extern "C" inline void sodlift_python_on_sigint(int) { request_interrupt(); }

inline bool on_main_thread() {
  namespace py = pybind11;
  py::module_ threading = py::module_::import("threading");
  return threading.attr("current_thread")().is(threading.attr("main_thread")());
}

template <class F>
auto long_call(F&& f) -> decltype(f()) {
  namespace py = pybind11;
  struct Handler {
    bool installed = false;
    struct sigaction old {};
    ~Handler() {
      if (installed) sigaction(SIGINT, &old, nullptr);
    }
  } handler;
  clear_interrupt();
  if (on_main_thread()) {
    struct sigaction ours {};
    ours.sa_handler = sodlift_python_on_sigint;
    sigemptyset(&ours.sa_mask);
    handler.installed = sigaction(SIGINT, &ours, &handler.old) == 0;
  }
  py::gil_scoped_release release;  // destroyed (GIL back) before the handler is restored
  return std::forward<F>(f)();
}

}  // namespace sodlift::python
