// The engine's tests under Pyodide in Node.js, offline, from the self-hosted bundle.
//
//   node tests/pyodide/run-engine-tests.mjs [pytest arguments…]      (from the repository root)
//
// Needs build/pyodide (`python -m kb pyodide-bundle --out build/pyodide`) and
// build/pyodide-test-wheels (`.venv/bin/python tests/pyodide/fetch_test_wheels.py`).
//
// 1. Loads Pyodide from build/pyodide, the files the site ships: its pyodide-lock.json, and
//    the standard library trimmed to what the engine imports (the lock's
//    tool["help-centre"].stdlib, kb/pyodide_stdlib.py) as stdLibURL; installs the wheel the
//    lock names and imports the engine with the page's own code (INSTALL and GLUE, read from
//    overrides/assets/troubleshooter/worker.js). The browser checks the lock's sha256 of the
//    wheel (fetch's `integrity`); this runner checks the wheel's and the zip's itself.
// 2. Parity, with that trimmed standard library alone: runs tests/pyodide/cases.json through
//    the engine's public functions here and under CPython (.venv/bin/python, importing the
//    same wheel) and fails on any difference.
// 3. Installs pytest, hypothesis and their dependencies by unzipping their wheels into
//    site-packages (the npm package ships no packages and nothing may come from a CDN), and
//    the rest of the standard library they need from node_modules/pyodide/python_stdlib.zip,
//    through tests/pyodide/stdlib_guard.py: a module taken from there on the engine's behalf
//    fails the run (the browser would not have it).
// 4. Mounts tests/engine (NODEFS) at /repo/tests/engine and runs pytest on it from /repo (in
//    memory), with no cache provider, no bytecode and Hypothesis' database in memory, so
//    nothing is written into the checkout (checked after: no __pycache__, .hypothesis, …).
//
// Exit status: pytest's when it fails, else 1 if parity, the standard-library guard or the
// checkout check fails, else 0; 2 when the set-up is missing (one line says what to run).

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUNDLE = path.join(ROOT, "build/pyodide");
const LOCK = path.join(BUNDLE, "pyodide-lock.json");
const WHEELS = path.join(ROOT, "build/pyodide-test-wheels");
const ENGINE_TESTS = path.join(ROOT, "tests/engine");
const CASES = path.join(ROOT, "tests/pyodide/cases.json");
const PARITY = path.join(ROOT, "tests/pyodide/parity.py");
const GUARD = path.join(ROOT, "tests/pyodide/stdlib_guard.py");
const WORKER_JS = path.join(ROOT, "overrides/assets/troubleshooter/worker.js");
const FULL_STDLIB = path.join(ROOT, "node_modules/pyodide/python_stdlib.zip");
const HOST_PYTHON = process.env.PYTHON || path.join(ROOT, ".venv/bin/python");
const MOUNT = "/repo/tests/engine"; // where tests/engine appears inside Pyodide
// Extra arguments go to pytest; paths under tests/engine are translated to the mount.
let PYTEST_ARGS = process.argv.slice(2).map((a) => a.replace(/^(\.\/)?tests\/engine(?=\/|$|::)/, MOUNT));
if (!PYTEST_ARGS.some((a) => a.startsWith(MOUNT))) PYTEST_ARGS = [...PYTEST_ARGS, MOUNT];

function setupMissing(message) {
  console.error(`run-engine-tests: ${message}`);
  process.exit(2);
}

function seconds(start) {
  return ((performance.now() - start) / 1000).toFixed(1);
}

// What a test run could leave in the checkout: bytecode, caches, Hypothesis' database.
const ARTIFACT = /(^|\/)(__pycache__|\.pytest_cache|\.hypothesis)(\/|$)|\.py[co]$/;
function artifacts(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (ARTIFACT.test(p)) found.push(path.relative(ROOT, p));
      else if (entry.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return found;
}

// --- set-up checks ---------------------------------------------------------------------------
for (const f of ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json"]) {
  if (!fs.existsSync(path.join(BUNDLE, f))) {
    setupMissing(`build/pyodide/${f} is missing: run \`.venv/bin/python -m kb pyodide-bundle --out build/pyodide\` (make wheel)`);
  }
}
const lock = JSON.parse(fs.readFileSync(LOCK, "utf8"));
const entry = lock.packages.troubleshooter;
if (!entry) setupMissing("build/pyodide/pyodide-lock.json has no troubleshooter package: re-run kb pyodide-bundle");
const wheelPath = path.join(BUNDLE, entry.file_name);
if (!fs.existsSync(wheelPath)) setupMissing(`${path.relative(ROOT, wheelPath)} (named by the lock file) is missing: re-run kb pyodide-bundle`);
const stdlib = lock.tool?.["help-centre"]?.stdlib;
if (!stdlib) setupMissing("build/pyodide/pyodide-lock.json names no trimmed standard library: re-run kb pyodide-bundle");
const stdlibPath = path.join(BUNDLE, stdlib.file_name);
if (!fs.existsSync(stdlibPath)) setupMissing(`${path.relative(ROOT, stdlibPath)} (named by the lock file) is missing: re-run kb pyodide-bundle`);
if (!fs.existsSync(FULL_STDLIB)) setupMissing("node_modules/pyodide/python_stdlib.zip is missing: run `npm ci`");
const current = spawnSync(HOST_PYTHON, ["-c", "import kb.pyodide_bundle as b; print(b.wheel_name())"],
  { encoding: "utf8", cwd: ROOT });
if (current.status === 0 && current.stdout.trim() !== entry.file_name) {
  setupMissing(`build/pyodide is stale (troubleshooter/ changed since it was built): re-run kb pyodide-bundle (make wheel)`);
}
const manifest = path.join(WHEELS, "wheels.txt");
if (!fs.existsSync(manifest)) {
  setupMissing("build/pyodide-test-wheels/wheels.txt is missing: run `.venv/bin/python tests/pyodide/fetch_test_wheels.py`");
}
const testWheels = fs.readFileSync(manifest, "utf8").split("\n").filter(Boolean);
for (const w of testWheels) {
  if (!fs.existsSync(path.join(WHEELS, w))) setupMissing(`build/pyodide-test-wheels/${w} is missing: re-run fetch_test_wheels.py`);
}
if (!fs.existsSync(ENGINE_TESTS)) setupMissing("tests/engine/ is missing");

// --- 1. Pyodide and the engine, as the page loads them --------------------------------------
for (const [file, expected] of [[wheelPath, entry.sha256], [stdlibPath, stdlib.sha256]]) {
  const sha256 = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  if (sha256 !== expected) {
    console.error(`run-engine-tests: ${path.basename(file)} has sha256 ${sha256}, the lock file says ${expected}: ` +
                  "re-run kb pyodide-bundle");
    process.exit(1);
  }
}
const worker = fs.readFileSync(WORKER_JS, "utf8");
const workerCode = (name) => worker.match(new RegExp("const " + name + " = `([^`]*)`"))?.[1]
  ?? setupMissing(`overrides/assets/troubleshooter/worker.js has no ${name} block`);
let t = performance.now();
const { loadPyodide } = await import(pathToFileURL(path.join(BUNDLE, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: BUNDLE + path.sep,
  lockFileURL: LOCK,
  stdLibURL: stdlibPath,
  packageBaseUrl: BUNDLE + path.sep, // also the fallback "CDN": nothing is ever fetched from the network
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
const raw = (stream) => ({ write: (buf) => { stream.write(buf); return buf.length; } });
pyodide.setStdout(raw(process.stdout)); // pytest's output byte for byte, partial lines included
pyodide.setStderr(raw(process.stderr));

pyodide.FS.writeFile("/tmp/engine.whl", fs.readFileSync(wheelPath));
pyodide.runPython(workerCode("INSTALL"));
pyodide.runPython(workerCode("GLUE"));
const origin = pyodide.runPython(`
import site, sys, troubleshooter
troubleshooter.__file__`);
const sitePackages = pyodide.runPython("site.getsitepackages()[0]");
const stdlibInUse = pyodide.runPython(`[p for p in sys.path if p.endswith(".zip")]`).toJs();
if (!origin.startsWith(sitePackages + "/troubleshooter/")) {
  console.error(`run-engine-tests: the engine was imported from ${origin}, not from the wheel`);
  process.exit(1);
}
console.log(`run-engine-tests: Pyodide ${pyodide.version} (Python ${pyodide.runPython("sys.version.split()[0]")}) ` +
            `installed ${entry.file_name} as the page does, with ${stdlib.file_name} (${stdlib.modules} files; ` +
            `sha256 of both match the lock) as its only standard library ${JSON.stringify(stdlibInUse)}, in ${seconds(t)} s`);

// --- 2. parity, on the trimmed standard library alone: the same cases, Pyodide and CPython --
t = performance.now();
pyodide.FS.mkdirTree("/tmp/parity");
pyodide.FS.writeFile("/tmp/parity/parity.py", fs.readFileSync(PARITY));
pyodide.FS.writeFile("/tmp/parity/cases.json", fs.readFileSync(CASES));
const inPyodide = pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp/parity")
import parity
_outcomes = parity.run_file("/tmp/parity/cases.json")
sys.path.remove("/tmp/parity")
_outcomes
`);
const host = spawnSync(HOST_PYTHON, [PARITY, "--wheel", wheelPath, CASES], { encoding: "utf8", cwd: ROOT });
let parityOk = false;
if (host.error || host.status !== 0) {
  console.error(`run-engine-tests: parity: ${HOST_PYTHON} failed: ${host.error?.message ?? host.stderr.trim().split("\n").at(-1)}`);
} else {
  console.log(`run-engine-tests: parity in ${host.stderr.trim().replace(/^parity: outcomes computed by /, "")}`);
  const a = JSON.parse(inPyodide), b = JSON.parse(host.stdout);
  const cases = JSON.parse(fs.readFileSync(CASES, "utf8"));
  const problems = [];
  if (inPyodide !== host.stdout) {
    const byId = new Map(b.map((o) => [o.id, o]));
    for (const o of a) {
      const other = byId.get(o.id);
      if (JSON.stringify(o) !== JSON.stringify(other)) {
        problems.push(`${o.id}: differs\n    Pyodide: ${JSON.stringify(o)}\n    CPython: ${JSON.stringify(other)}`);
      }
    }
    if (!problems.length) problems.push("the outcomes differ in order or length");
  }
  for (const [i, c] of cases.entries()) {
    if (a[i]?.outcome !== c.expect) problems.push(`${c.id}: expected ${c.expect}, Pyodide gave ${a[i]?.outcome}: ${JSON.stringify(a[i])}`);
  }
  if (problems.length) {
    console.error(`run-engine-tests: parity FAILED, ${problems.length} of ${cases.length} cases:`);
    for (const p of problems.slice(0, 20)) console.error(`  ${p}`);
  } else {
    parityOk = true;
    console.log(`run-engine-tests: parity: ${cases.length} cases give identical outcomes in Pyodide and CPython (${seconds(t)} s)`);
  }
}

// --- 3. pytest, hypothesis, their dependencies, and the rest of the standard library (guarded) --
t = performance.now();
pyodide.FS.mkdirTree("/tmp/test-wheels");
for (const w of testWheels) pyodide.FS.writeFile(`/tmp/test-wheels/${w}`, fs.readFileSync(path.join(WHEELS, w)));
pyodide.globals.set("test_wheels", pyodide.toPy(testWheels));
pyodide.runPython(`
import importlib, zipfile
for name in test_wheels:
    with zipfile.ZipFile("/tmp/test-wheels/" + name) as zf:
        zf.extractall(site.getsitepackages()[0])
importlib.invalidate_caches()
del test_wheels
`);
pyodide.FS.writeFile("/tmp/full-stdlib.zip", fs.readFileSync(FULL_STDLIB));
pyodide.FS.mkdirTree("/tmp/guard");
pyodide.FS.writeFile("/tmp/guard/stdlib_guard.py", fs.readFileSync(GUARD));
pyodide.runPython(`
sys.path.insert(0, "/tmp/guard")
import stdlib_guard
sys.path.remove("/tmp/guard")
stdlib_guard.install("/tmp/full-stdlib.zip")
_problem = stdlib_guard.self_check()
if _problem:
    raise SystemExit(f"run-engine-tests: the standard-library guard does not work: {_problem}")
print(f"run-engine-tests: parity ran in {parity.interpreter()}", flush=True)  # (platform: not in the trimmed zip)
`);
console.log(`run-engine-tests: installed ${testWheels.length} test wheels in ${seconds(t)} s`);

// --- 4. pytest on tests/engine ---------------------------------------------------------------
const before = new Set(artifacts(ENGINE_TESTS));
pyodide.FS.mkdirTree(MOUNT);
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: ENGINE_TESTS }, MOUNT);
const color = process.stdout.isTTY ? "yes" : "no";
const columns = process.stdout.columns || 100;
pyodide.globals.set("pytest_args", pyodide.toPy(["-p", "no:cacheprovider", `--color=${color}`,
  "--rootdir", "/repo", ...PYTEST_ARGS]));
t = performance.now();
const pytestCode = pyodide.runPython(`
import os, sys
sys.dont_write_bytecode = True           # no __pycache__ (assertion rewriting honours it)
os.environ["COLUMNS"] = "${columns}"
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = "/tmp/hypothesis"   # in memory, not the checkout
os.chdir("/repo")   # in memory (only /repo/tests/engine is mounted): paths print as on CPython
import pytest
int(pytest.main(list(pytest_args)))
`);
pyodide.FS.unmount(MOUNT);
const pytestSeconds = seconds(t);
const written = artifacts(ENGINE_TESTS).filter((p) => !before.has(p));

const needs = pyodide.runPython("stdlib_guard.engine_needs()").toJs();
if (needs.length) {
  console.error(`run-engine-tests: the engine imported ${needs.join(", ")}, which the site's trimmed standard library ` +
                `${stdlib.file_name} lacks: kb/pyodide_stdlib.py records what the engine imports (tests/pyodide/cases.json ` +
                "drives it); add a case that reaches that import");
}
if (written.length) {
  console.error(`run-engine-tests: the run wrote into the checkout: ${written.slice(0, 5).join(", ")}`);
}
console.log(`run-engine-tests: pytest exited ${pytestCode} after ${pytestSeconds} s`);
process.exit(pytestCode !== 0 ? pytestCode : (parityOk && !written.length && !needs.length ? 0 : 1));
