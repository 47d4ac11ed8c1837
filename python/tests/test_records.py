# A study's records from Python: list of dicts and a pandas DataFrame, the
# same lines `sodlift study` wrote (reference: records.jsonl read directly).
import json
import os

import pytest

import sodlift
from conftest import cli_path


def test_records_list_and_dataframe(tmp_path):
    import subprocess
    out = tmp_path / "toy"
    subprocess.run([cli_path(), "study", "toy", "--trials", "6", "--out", str(out), "--quiet"], check=True)
    lines = [json.loads(l) for l in (out / "records.jsonl").read_text().splitlines() if l.strip()]
    recs = sodlift.load_records(str(out))
    assert recs == lines and len(recs) > 0
    pd = pytest.importorskip("pandas")
    df = sodlift.records_dataframe(str(out))
    assert len(df) == len(recs)
    assert "study" in df.columns and set(df["study"]) == {"toy"}
    assert any(c.startswith("result.") for c in df.columns)
    # A torn last line (killed mid-write) is skipped; a damaged middle line is an error.
    with open(out / "records.jsonl", "a") as f:
        f.write('{"study": "toy", "tri')
    assert len(sodlift.load_records(str(out))) == len(recs)
    with pytest.raises(sodlift.InputError):
        sodlift.load_records(str(tmp_path / "missing"))
