// Running a study from code: the same runner as `sodlift study toy`, writing
// records.jsonl, spec.json and summary.{md,json} into the directory given as
// the first argument (docs/studies.md, docs/api.md "Running a study").
#include <iostream>

#include "sodlift/study/runner.hpp"
#include "sodlift/support/errors.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "run_study: need one argument, the output directory; e.g. run_study /tmp/toy\n";
    return 2;
  }
  sodlift::study::RunOptions o;
  o.study = "toy";  // the runner's self-test study; fig10, montecarlo-4.3 plug in the same way
  o.trials = 20;
  o.out = argv[1];
  o.quiet = true;
  try {
    const int status = sodlift::study::run_study(o);
    std::cout << "run_study: toy, 20 trials -> " << o.out << "/summary.md (status " << status << ")\n";
    return status;
  } catch (const sodlift::input_error& e) {
    std::cerr << "run_study: " << e.what() << "\n";
    return 2;
  }
}
