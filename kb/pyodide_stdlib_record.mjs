// The standard library the troubleshooter's engine needs under Pyodide, compiled (kb/pyodide_stdlib.py
// runs this at build time; never edit its output).
//
//   node kb/pyodide_stdlib_record.mjs RUNTIME_DIR WHEEL WORKER_JS CASES_JSON PARITY_PY OUT_ZIP
//
// Boots the runtime with its full standard library exactly as the page's worker does (the same
// INSTALL and GLUE code, read from worker.js, and a snapshot taken, as on a first visit), then
// runs every engine case of cases.json (parity.py: each public function, every error path).
// Writes OUT_ZIP: each file of the standard library's zip that was imported, compiled by this
// very runtime to bytecode (.pyc, unchecked hash-based: there is no source beside it to check),
// stored, in a fixed order and date. Compiling the sources at start-up was most of Pyodide's
// start-up time. Prints, as JSON, the source files it holds.

import fs from "node:fs";

const [runtime, wheel, workerJs, cases, parity, outZip] = process.argv.slice(2);
const worker = fs.readFileSync(workerJs, "utf8");
const block = (name) => {
  const found = worker.match(new RegExp("const " + name + " = `([^`]*)`"));
  if (!found) throw new Error(`${workerJs} has no ${name} block`);
  return found[1];
};

const { loadPyodide } = await import(runtime + "/pyodide.mjs");
const pyodide = await loadPyodide({ indexURL: runtime + "/", lockFileURL: runtime + "/pyodide-lock.json", _makeSnapshot: true });
pyodide.FS.writeFile("/tmp/engine.whl", fs.readFileSync(wheel));
pyodide.runPython(block("INSTALL"));
pyodide.runPython(block("GLUE"));
pyodide.makeMemorySnapshot();
pyodide.FS.mkdirTree("/tmp/parity");
pyodide.FS.writeFile("/tmp/parity/parity.py", fs.readFileSync(parity));
pyodide.FS.writeFile("/tmp/parity/cases.json", fs.readFileSync(cases));
const files = pyodide.runPython(`
import json, sys
sys.path.insert(0, "/tmp/parity")
import parity
parity.run_file("/tmp/parity/cases.json")
_zip = next(p for p in sys.path if p.endswith(".zip"))   # /lib/python3XY.zip
_files = sorted({m.__spec__.origin[len(_zip) + 1:] for m in list(sys.modules.values())
                 if getattr(m, "__spec__", None) and (m.__spec__.origin or "").startswith(_zip + "/")})

import importlib._bootstrap_external as _external, zipfile
with zipfile.ZipFile(_zip) as _src, zipfile.ZipFile("/tmp/stdlib.zip", "w", zipfile.ZIP_STORED) as _out:
    for _name in _files:
        _code = compile(_src.read(_name), f"{_zip}/{_name}", "exec", dont_inherit=True)
        _info = zipfile.ZipInfo(_name + "c", (1980, 1, 1, 0, 0, 0))
        _info.external_attr = 0o644 << 16
        _out.writestr(_info, bytes(_external._code_to_hash_pyc(_code, bytes(8), checked=False)))
json.dumps(_files)
`);
fs.writeFileSync(outZip, pyodide.FS.readFile("/tmp/stdlib.zip"));
process.stdout.write(files + "\n");
