// sodlift._sodlift: the compiled part of the `sodlift` Python package
// (python/sodlift/__init__.py is the documented front; docs/api.md "Python").
// Errors: every sodlift exception becomes a Python exception whose message is
// the line the `sodlift` program prints for it (exit status 2):
//   input_error          -> sodlift.InputError (also a ValueError)
//   precondition_error   -> sodlift.PreconditionError
//   memory_budget_error  -> sodlift.MemoryBudgetError (also a MemoryError)
//   interrupted_error    -> KeyboardInterrupt (Ctrl-C during a long call)
//   other std::exception -> sodlift.Error
#include <pybind11/pybind11.h>

#include <string>

#include "sodlift/support/errors.hpp"

namespace sodlift::python {

namespace py = pybind11;

void bind_double(py::module_& m);
void bind_bf50(py::module_& m);
void bind_bf100(py::module_& m);

namespace {

// The CLI's one_line (cli/common.cpp): newlines become spaces.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

PyObject* g_error = nullptr;
PyObject* g_input_error = nullptr;
PyObject* g_precondition_error = nullptr;
PyObject* g_memory_error = nullptr;

PyObject* new_exception(py::module_& m, const char* name, PyObject* bases, const char* doc) {
  const std::string full = std::string("sodlift.") + name;
  PyObject* e = PyErr_NewExceptionWithDoc(full.c_str(), doc, bases, nullptr);
  if (!e) throw py::error_already_set();
  m.add_object(name, py::reinterpret_borrow<py::object>(e));
  return e;
}

}  // namespace

}  // namespace sodlift::python

PYBIND11_MODULE(_sodlift, m) {
  namespace py = pybind11;
  using namespace sodlift::python;
  m.doc() = "Compiled part of the sodlift package; use `import sodlift` (help(sodlift)).";

  g_error = new_exception(m, "Error", PyExc_RuntimeError, "A sodlift error (the CLI's exit status 2).");
  py::tuple input_bases = py::make_tuple(py::handle(g_error), py::handle(PyExc_ValueError));
  g_input_error = new_exception(m, "InputError", input_bases.ptr(),
                                "Bad input: the message names the input, the problem and the fix.");
  g_precondition_error = new_exception(m, "PreconditionError", g_error,
                                       "A mathematical precondition does not hold (e.g. the point is not a "
                                       "certified spurious local minimum).");
  py::tuple mem_bases = py::make_tuple(py::handle(g_error), py::handle(PyExc_MemoryError));
  g_memory_error = new_exception(m, "MemoryBudgetError", mem_bases.ptr(),
                                 "The computation would exceed the memory budget (mem_budget=).");

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const sodlift::input_error& e) {
      PyErr_SetString(g_input_error, ("sodlift: invalid input: " + one_line(e.what())).c_str());
    } catch (const sodlift::precondition_error& e) {
      PyErr_SetString(g_precondition_error, ("sodlift: precondition not met: " + one_line(e.what())).c_str());
    } catch (const sodlift::memory_budget_error& e) {
      PyErr_SetString(g_memory_error, ("sodlift: memory budget: " + one_line(e.what())).c_str());
    } catch (const sodlift::interrupted_error& e) {
      PyErr_SetString(PyExc_KeyboardInterrupt, ("sodlift: " + one_line(e.what())).c_str());
    } catch (const py::builtin_exception&) {
      throw;  // pybind11's own (cast errors, ...): its translator
    } catch (const py::error_already_set&) {
      throw;
    } catch (const std::exception& e) {
      PyErr_SetString(g_error, ("sodlift: error: " + one_line(e.what())).c_str());
    }
  });

  bind_double(m);
  bind_bf50(m);
  bind_bf100(m);
}
