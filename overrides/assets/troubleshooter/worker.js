// The troubleshooter's engine, in a module Web Worker so that the page never freezes.
//
// Pyodide is self-hosted (site/pyodide/<version>/, copied there by kb/site_glue.py from
// `kb pyodide-bundle`). pyodide-lock.json names the two files that are ours: the engine's
// wheel (packages.troubleshooter) and the standard library trimmed to what the engine imports
// (tool["help-centre"].stdlib); both names carry a content hash, so browsers keep them for good.
// Nothing is fetched from anywhere else, and nothing is ever sent: the worker only computes.
//
// First visit: Pyodide boots, the wheel is unpacked and the engine imported, then a memory
// snapshot of that interpreter is taken and, after "ready", kept in the origin private file
// system. Next visit: the interpreter is restored from the snapshot (no start-up, no import),
// if the snapshot was taken by this very runtime, wheel, standard library and script (its file
// name, snapshotName) and Pyodide accepts
// it (it checks its own build id); otherwise, or if anything about it fails, the snapshot is
// dropped and Pyodide boots as on a first visit. (_makeSnapshot/_loadSnapshot are underscore
// API of the pinned Pyodide version, hence the key and the fallback.)
//
// Messages (page -> worker):
//   {type: "init", indexURL, lockFileURL}
//   {type: "call", id, fn, args}       fn: one of _CALLS below; args: JSON-ready values
// Messages (worker -> page):
//   {type: "ready", boot} | {type: "failed", reason}   boot: "snapshot" | "fresh" | "fresh-after-snapshot"
//   {type: "snapshot", kept}           after a fresh boot: whether the snapshot was kept
//   {type: "answer", id, value}        value: what the Python function returned (plain data)
//   {type: "answer", id, error}        error: {code, message} – never a traceback

let python = null;

// Pyodide only logs a runtime that cannot load (a failed download, a binary that is not
// WebAssembly) and never settles loadPyodide(). So that the page can tell a failure from a
// slow network, the worker watches its own downloads and the final compilation, and says
// "failed" at once; a slow download is left to finish.
let starting = true;
function failed(reason) {
  if (!starting) return;
  starting = false;
  self.postMessage({ type: "failed", reason: String(reason).slice(0, 200) });
}
const plainFetch = self.fetch.bind(self);
self.fetch = async (...args) => {
  try {
    const response = await plainFetch(...args);
    if (!response.ok) failed(`${response.status} ${response.url}`);
    return response;
  } catch (error) {
    failed(error && error.message);
    throw error;
  }
};
// Pyodide 314 has no second way to compile its binary once these fail (checked by the
// end-to-end tests with an aborted and a mislabelled binary): their failure is final.
if (typeof WebAssembly === "object" && WebAssembly) {
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const plain = WebAssembly[name] && WebAssembly[name].bind(WebAssembly);
    if (!plain) continue;
    WebAssembly[name] = (...args) => plain(...args).catch((error) => {
      failed(error && error.message);
      throw error;
    });
  }
}

const SNAPSHOTS = "troubleshooter-engine-snapshots";   // a folder of the origin private file system

// Run once before the snapshot: everything the engine reads (flow, facts) is in memory after
// it, so a restored interpreter needs no file of the wheel.
const GLUE = `
import json as _json
from troubleshooter import access as _access, facts as _facts, flow as _flow, limits as _limits, username as _username
from troubleshooter.errors import InputError as _InputError

_CALLS = {
    "step": _flow.step,
}

def _troubleshooter_call(name, args_json):
    try:
        return _json.dumps({"value": _CALLS[name](*_json.loads(args_json))})
    except _InputError as error:
        return _json.dumps({"error": error.to_dict()})
    except Exception as error:  # a bug: reported as a code, never as a traceback
        return _json.dumps({"error": {"code": "internal", "message": type(error).__name__}})

_facts.load_facts()
_troubleshooter_call("step", "[[], null]")   # the first step, in the flow's first language
`;

// The wheel, written to the in-memory file system by JavaScript, unpacked by Python: no
// JavaScript object stays referenced from Python (a snapshot could not be taken otherwise,
// which rules out loadPackage).
const INSTALL = `
import importlib, site, zipfile
with zipfile.ZipFile("/tmp/engine.whl") as _zf:
    _zf.extractall(site.getsitepackages()[0])
importlib.invalidate_caches()
del _zf
`;

function hexToBase64(hex) {
  return btoa(String.fromCharCode(...hex.match(/../g).map((byte) => parseInt(byte, 16))));
}

// The snapshot's file name says what it depends on: the runtime (its folder, named by its
// version), the wheel and the standard library (the lock file's name, which carries the lock's
// content hash; the lock names both by theirs), and this script (its ?v=), whose Python (GLUE,
// INSTALL) is in the snapshot. Known before anything is fetched, so the snapshot is read
// while Pyodide's module and the lock load.
function snapshotName(lockFileURL) {
  const [runtime, lock] = new URL(lockFileURL).pathname.split("/").slice(-2);
  const script = new URLSearchParams(self.location.search).get("v") || "";
  return `${runtime}_${lock}_${script}.snapshot`.replace(/[^A-Za-z0-9._-]/g, "_");
}

// Snapshots live in the origin private file system, read and written through a synchronous
// access handle (a worker's): the 31 MB come back in tens of milliseconds, where Cache
// Storage took about 400 ms of a warm start. Without it (an older browser, a context that is
// not secure), every visit boots afresh.
async function snapshotFolder(create) {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(SNAPSHOTS, { create });
}

// The kept snapshot's bytes, or null.
async function cachedSnapshot(name) {
  let access = null;
  try {
    const file = await (await snapshotFolder(false)).getFileHandle(name);
    access = await file.createSyncAccessHandle();
    const bytes = new Uint8Array(access.getSize());
    return access.read(bytes, { at: 0 }) === bytes.length && bytes.length > 0 ? { bytes } : null;
  } catch (error) {
    return null;                       // none kept, or no file system here, or another tab reads it
  } finally {
    if (access) access.close();
  }
}

// Written under a temporary name and then renamed, so that a visit that ends mid-write (the
// reader leaves) never leaves half a snapshot under the real name; older snapshots go.
async function keepSnapshot(name, bytes) {
  let access = null;
  try {
    const folder = await snapshotFolder(true);
    for await (const old of folder.keys()) await folder.removeEntry(old);
    const file = await folder.getFileHandle(`${name}.part`, { create: true });
    access = await file.createSyncAccessHandle();
    access.truncate(0);
    if (access.write(bytes, { at: 0 }) !== bytes.length) throw new Error("short write");
    access.flush();
    access.close();
    access = null;
    await file.move(name);
    return true;
  } catch (error) {
    return false;                      // full, or unavailable: the next visit boots afresh
  } finally {
    if (access) access.close();
  }
}

async function dropSnapshots() {
  try {
    await (await navigator.storage.getDirectory()).removeEntry(SNAPSHOTS, { recursive: true });
  } catch (error) { /* nothing kept */ }
}

async function init({ indexURL, lockFileURL }) {
  // Pyodide's Emscripten module (1.2 MB of JavaScript) is most of a warm start after the
  // snapshot: its import starts first, so that it compiles while the snapshot is read;
  // loadPyodide imports the same address later and gets this module (the pinned version's
  // address; another one would only cost a second import).
  import(indexURL + "pyodide.asm.mjs").catch(() => {});   // a failure is loadPyodide's to report
  const name = snapshotName(lockFileURL);
  const snapshotPromise = cachedSnapshot(name);
  const lockPromise = fetch(lockFileURL).then((response) => {
    if (!response.ok) throw new Error(`${lockFileURL}: ${response.status}`);
    return response.json();
  });
  const [{ loadPyodide }, lock] = await Promise.all([import(indexURL + "pyodide.mjs"), lockPromise]);
  const wheel = lock.packages.troubleshooter;
  const options = { indexURL, lockFileContents: lock, stdLibURL: indexURL + lock.tool["help-centre"].stdlib.file_name };

  const snapshot = await snapshotPromise;
  if (snapshot) {
    try {
      const pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot.bytes });
      python = pyodide.globals.get("_troubleshooter_call");
      if (!("value" in JSON.parse(python("step", JSON.stringify([[], null]))))) throw new Error("restored engine");
      return { boot: "snapshot" };
    } catch (error) {
      python = null;
      await dropSnapshots();             // another runtime's, or damaged: boot as on a first visit
    }
  }

  const wheelBytes = fetch(indexURL + wheel.file_name, { integrity: `sha256-${hexToBase64(wheel.sha256)}` })
    .then((response) => {
      if (!response.ok) throw new Error(`${wheel.file_name}: ${response.status}`);
      return response.arrayBuffer();
    });
  wheelBytes.catch(() => {});          // (awaited below, after Pyodide has loaded)
  const pyodide = await loadPyodide({ ...options, _makeSnapshot: true });
  pyodide.FS.writeFile("/tmp/engine.whl", new Uint8Array(await wheelBytes));
  pyodide.runPython(INSTALL);
  pyodide.runPython(GLUE);
  let made = null;
  try {
    made = pyodide.makeMemorySnapshot();
  } catch (error) { /* the engine still runs; only the next visit is not faster */ }
  python = pyodide.globals.get("_troubleshooter_call");
  return { boot: snapshot ? "fresh-after-snapshot" : "fresh", keep: made && (() => keepSnapshot(name, made)) };
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    let started;
    try {
      started = await init(message);
    } catch (error) {
      failed((error && error.message) || error);
      return;
    }
    if (!starting) return;               // a failure was said already
    starting = false;
    self.postMessage({ type: "ready", boot: started.boot });
    if (started.boot !== "snapshot") {
      self.postMessage({ type: "snapshot", kept: started.keep ? await started.keep() : false });
    }
    return;
  }
  if (message.type === "call") {
    if (!python) {
      self.postMessage({ type: "answer", id: message.id, error: { code: "not-ready" } });
      return;
    }
    try {
      const out = JSON.parse(python(message.fn, JSON.stringify(message.args || [])));
      self.postMessage({ type: "answer", id: message.id, ...out });
    } catch (error) {
      self.postMessage({ type: "answer", id: message.id, error: { code: "internal" } });
    }
  }
});
