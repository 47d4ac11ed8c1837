// The harness for one scalar: each inst_validate_<scalar>.cpp defines
// SODLIFT_SCALAR and includes this file once (ENGINEERING.md pitfall 9). The
// claim files under validate/claims/ come in through the header CMake
// generates from that folder, so a new claim file needs no edit here.
#pragma once

#ifndef SODLIFT_SCALAR
#error "define SODLIFT_SCALAR before including validate_inst.hpp"
#endif

#include "runner_impl.hpp"
#include "sodlift_all_claim_files.hpp"  // generated: every validate/claims/*.hpp

namespace sodlift::validate {
template struct Context<SODLIFT_SCALAR>;
template Context<SODLIFT_SCALAR> make_context<SODLIFT_SCALAR>(const InstanceSpec&,
                                                              const ValidateOptions&);
template const std::vector<ClaimEntry<SODLIFT_SCALAR>>& claim_table<SODLIFT_SCALAR>();
template std::vector<ClaimEntry<SODLIFT_SCALAR>>& claim_table_for_registration<SODLIFT_SCALAR>();
template ClaimResult run_claim<SODLIFT_SCALAR>(const std::string&, const Context<SODLIFT_SCALAR>&);
template std::vector<ClaimResult> run_claims<SODLIFT_SCALAR>(
    const std::vector<ClaimEntry<SODLIFT_SCALAR>>&, const std::vector<InstanceSpec>&,
    const ValidateOptions&, const std::vector<std::string>&,
    const std::function<void(const std::string&)>&);
template std::vector<ClaimResult> run_checks<SODLIFT_SCALAR>(
    const std::vector<InstanceSpec>&, const ValidateOptions&, const std::vector<std::string>&,
    const std::function<void(const std::string&)>&);
}  // namespace sodlift::validate
