"""kb/pyodide_stdlib.py: the standard library the site ships. The recording itself runs Pyodide in
Node.js (the build, and tests/pyodide/run-engine-tests.mjs proves the result); here, without
Node.js: what the zip must hold, its name, and when it is rebuilt."""

import io
import zipfile

import pytest

from kb import pyodide_stdlib


def zip_of(names):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in names:
            zf.writestr(name, b"bytecode")
    return out.getvalue()


def test_the_zip_must_hold_exactly_the_recorded_modules_as_bytecode():
    pyodide_stdlib._check(zip_of(["json/__init__.pyc", "re/__init__.pyc"]), ["json/__init__.py", "re/__init__.py"])
    for wrong in (["json/__init__.pyc"], ["json/__init__.py", "re/__init__.pyc"],
                  ["json/__init__.pyc", "re/__init__.pyc", "extra.pyc"]):
        with pytest.raises(pyodide_stdlib.StdlibError):
            pyodide_stdlib._check(zip_of(wrong), ["json/__init__.py", "re/__init__.py"])


def test_the_name_carries_the_bytes_hash():
    a, b = zip_of(["a.pyc"]), zip_of(["b.pyc"])
    assert pyodide_stdlib.file_name(a) != pyodide_stdlib.file_name(b)
    assert pyodide_stdlib.file_name(a) == pyodide_stdlib.file_name(zip_of(["a.pyc"]))
    assert pyodide_stdlib.file_name(a).startswith("python_stdlib-") and pyodide_stdlib.file_name(a).endswith(".zip")


def fake_runtime(tmp_path):
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    (runtime / "python_stdlib.zip").write_bytes(b"full")
    (runtime / "pyodide.asm.wasm").write_bytes(b"wasm")
    wheel = tmp_path / "engine.whl"
    wheel.write_bytes(b"wheel")
    return runtime, wheel


def test_an_unchanged_input_reuses_the_zip_and_a_changed_one_records_again(tmp_path, monkeypatch):
    runtime, wheel = fake_runtime(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    recorded = []

    def record(runtime_, wheel_, out_zip):
        recorded.append(wheel_.read_bytes())
        out_zip.write_bytes(zip_of(["json/__init__.pyc"]))
        return ["json/__init__.py"]

    monkeypatch.setattr(pyodide_stdlib, "record", record)
    entry, changed = pyodide_stdlib.build(runtime, wheel, out)
    assert changed and (out / entry["file_name"]).is_file() and entry["modules"] == 1
    assert pyodide_stdlib.build(runtime, wheel, out, entry) == (entry, False)
    assert len(recorded) == 1
    wheel.write_bytes(b"another engine")
    (out / "python_stdlib.zip").write_bytes(b"an older bundle's full copy")
    again, changed = pyodide_stdlib.build(runtime, wheel, out, entry)
    assert changed and again["inputs"] != entry["inputs"] and len(recorded) == 2
    assert sorted(p.name for p in out.iterdir()) == [again["file_name"]]      # nothing stale left
