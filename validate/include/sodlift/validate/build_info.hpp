// The program's version and the git commit it was built from (the
// definitions are generated at build time by cmake/BuildInfo.cmake into the
// sodlift_validate library). Study specs record the version, so the fig10
// claim and `sodlift study fig10` derive the same seeds from it.
#pragma once

const char* sodlift_version();
const char* sodlift_git_commit();
