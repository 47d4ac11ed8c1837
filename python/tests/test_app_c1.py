# The paper's App. C.1 case (PMC n = 3, eps = 0.3, l = 11, rho = 0.3,
# eta = 0.01, t = 59000) end to end through python/examples/app_c1.py,
# checked against the program's own output (`sodlift closed-form`,
# `simulate`, `escape` --json, bf50): every number equal to all digits.
# The paper's statements about this case (§6.1, Fig. 8) are checked too:
# the c-term of (5.8) dominates at t = 59000, h^l(w(t)) < h^l(w~), and GD
# from the escape point reaches the ground truth.
import json
import os
import subprocess
import sys

from conftest import cli_json, mpf50

HERE = os.path.dirname(os.path.abspath(__file__))
FLAGS = ["--instance", "pmc", "--n", "3", "--eps", "0.3", "--l", "11", "--rho", "0.3", "--eta", "0.01"]


def test_app_c1_script_matches_cli():
    script = os.path.join(HERE, "..", "examples", "app_c1.py")
    out = subprocess.run([sys.executable, script], check=True, capture_output=True, text=True, timeout=600)
    py = json.loads(out.stdout)
    cf = cli_json("closed-form", *FLAGS, "--t", "59000")
    sim = cli_json("simulate", *FLAGS, "--t", "59000", "--record-every", "59000")
    esc = cli_json("escape", *FLAGS, "--t", "59000")

    assert py["instance"] == cf["instance"] == "pmc(3,0.3)"
    assert py["kind"] == "spurious_local_min"
    for i in range(3):
        assert mpf50(py["Xhat"][i]) == mpf50(sim["Xhat"][i][0])
        assert mpf50(py["gamma_point"][i]) == mpf50(cf["gamma"]["point"][i][0])
        assert mpf50(py["escape_point"][i]) == mpf50(esc["escape_point"][i][0])
    for key in ["delta", "efs", "beta_t", "gamma_t"]:
        assert mpf50(py[key]) == mpf50(cf[key]), key
    assert mpf50(py["gamma_h"]) == mpf50(cf["gamma"]["h"])
    assert py["dominant"] == cf["dominant"]
    rec = sim["runs"][0]["records"][-1]
    assert py["sim_t"] == rec["t"] == 59000
    assert mpf50(py["sim_h_lifted"]) == mpf50(rec["h_lifted"])
    assert mpf50(py["sim_h_lifted_at_a"]) == mpf50(rec["h_lifted_at_a"])
    assert py["sim_dropped"] == sim["runs"][0]["dropped"]
    assert py["escape_type"] == esc["type"]
    assert mpf50(py["h_escape"]) == mpf50(esc["h_escape"])
    assert py["gd_end"] == esc["gd_end"]

    # The paper's statements about this case (§6.1 on Fig. 8(d), (e)).
    assert py["dominant"] == "c"
    assert mpf50(py["sim_h_lifted"]) < mpf50(py["sim_h_lifted_at_a"])
    assert py["gd_end"] == "ground_truth"
