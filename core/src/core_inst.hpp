// Explicit instantiation of the foundation templates for one scalar; each
// inst_core_<scalar>.cpp expands it once (ENGINEERING.md pitfall 9).
#pragma once
#include "critical_point_impl.hpp"
#include "instances_impl.hpp"
#include "sensing_impl.hpp"
#include "sod_ingredients_impl.hpp"

#define SODLIFT_INSTANTIATE_CORE(T)                                                          \
  namespace sodlift {                                                                        \
  template class SensingProblem<T>;                                                          \
  template IsometryBound<T> isometry_bound(const SensingProblem<T>&);                        \
  template Instance<T> make_instance<T>(const InstanceSpec&);                                \
  template nlohmann::json instance_to_json(const Instance<T>&);                              \
  template Instance<T> instance_from_json<T>(const nlohmann::json&, std::size_t);            \
  template nlohmann::json matrix_to_json(const Mat<T>&);                                     \
  template Mat<T> matrix_from_json<T>(const nlohmann::json&, const std::string&);            \
  template nlohmann::json vector_to_json(const Vec<T>&);                                     \
  template CriticalPoint<T> refine_critical_point(const SensingProblem<T>&, const Mat<T>&,   \
                                                  const RefineOptions&);                     \
  template CriticalPoint<T> certify_point(const SensingProblem<T>&, const Mat<T>&);          \
  template CriticalPoint<T> certify_point(const SensingProblem<T>&, const Mat<T>&,           \
                                          const CertifyOptions&);                            \
  template void require_spurious(const CriticalPoint<T>&, bool);                                   \
  template SodIngredients<T> sod_ingredients(const SensingProblem<T>&, const Mat<T>&, int); \
  }
