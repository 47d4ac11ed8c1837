// Explicit instantiation of the harness templates for one scalar; each
// inst_validate_<scalar>.cpp expands it once (ENGINEERING.md pitfall 9).
#pragma once
#include "closed_form_checks_impl.hpp"
#include "foundation_checks_impl.hpp"
#include "lifted_checks_impl.hpp"

#define SODLIFT_INSTANTIATE_VALIDATE(T)                                                          \
  namespace sodlift::validate {                                                                  \
  template struct Context<T>;                                                                    \
  template Context<T> make_context<T>(const InstanceSpec&, const ValidateOptions&);              \
  template ClaimResult check_orth_un_vr(const Context<T>&);                                      \
  template ClaimResult check_orth_ab(const Context<T>&);                                         \
  template ClaimResult check_basis_independent(const Context<T>&);                               \
  template ClaimResult check_prop4_2(const Context<T>&);                                         \
  template ClaimResult check_table2_row(const Context<T>&, const std::string&);                  \
  template std::vector<RegisteredCheck<T>> foundation_checks<T>();                               \
  template std::vector<RegisteredCheck<T>> closed_form_checks<T>();                              \
  template ClaimResult check_H3_5_2(const Context<T>&, const LiftedCheckOptions&);               \
  template ClaimResult check_H2_5_2(const Context<T>&, const LiftedCheckOptions&);               \
  template ClaimResult check_H11_5_3(const Context<T>&, const LiftedCheckOptions&);              \
  template ClaimResult check_H21_5_3(const Context<T>&, const LiftedCheckOptions&);              \
  template ClaimResult check_prop5_1(const Context<T>&, const LiftedCheckOptions&);              \
  template ClaimResult check_prop5_2(const Context<T>&, const LiftedCheckOptions&);              \
  template ClaimResult check_first_order(const Context<T>&, const LiftedCheckOptions&);          \
  template ClaimResult check_prop5_3(const Context<T>&, const LiftedCheckOptions&);              \
  template ClaimResult check_fig4a(const Context<T>&, const LiftedCheckOptions&);                \
  template ClaimResult check_prop5_4(const Context<T>&, const LiftedCheckOptions&);              \
  template ClaimResult check_pgd_cross(const Context<T>&, const LiftedCheckOptions&);             \
  template std::vector<RegisteredCheck<T>> lifted_checks<T>();                                   \
  template std::vector<RegisteredCheck<T>> all_checks<T>();                                      \
  template std::vector<ClaimResult> run_checks<T>(const std::vector<InstanceSpec>&,              \
                                                  const ValidateOptions&,                        \
                                                  const std::vector<std::string>&,               \
                                                  const std::function<void(const std::string&)>&); \
  }
