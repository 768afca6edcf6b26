// The troubleshooter's engine, in a module Web Worker so that the page never freezes.
//
// Pyodide is self-hosted (site/pyodide/<version>/, copied there by kb/site_glue.py from
// `kb pyodide-bundle`). pyodide-lock.json names the two files that are ours: the engine's
// wheel (packages.troubleshooter) and the standard library trimmed to what the engine imports
// (tool["help-centre"].stdlib); both names carry a content hash, so browsers keep them for good.
// Nothing is fetched from anywhere else, and nothing is ever sent: the worker only computes.
//
// First visit: Pyodide boots, the wheel is unpacked and the engine imported, then a memory
// snapshot of that interpreter is taken and, after "ready", kept in Cache Storage. Next visit:
// the interpreter is restored from the snapshot (no start-up, no import), if the snapshot was
// taken by this very runtime, wheel and standard library (the cache key: the lock file's
// address, which names the runtime's version and carries the lock's content hash, and the
// lock names the wheel and the standard library by theirs) and Pyodide accepts
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

const SNAPSHOTS = "troubleshooter-engine-snapshots";

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

// What the snapshot depends on: the runtime, the wheel and the standard library, all named by
// the lock file's address; and this script (its ?v=), whose Python (GLUE, INSTALL) is in the
// snapshot. Known before anything is fetched, so the snapshot is read from Cache Storage while
// Pyodide's module and the lock load.
function snapshotKey(lockFileURL, indexURL) {
  const lock = encodeURIComponent(new URL(lockFileURL).pathname);
  const script = encodeURIComponent(new URLSearchParams(self.location.search).get("v") || "");
  return new URL(`engine-snapshot?lock=${lock}&worker=${script}`, indexURL).href;
}

// The kept snapshot's bytes, as a promise (read while Pyodide loads), or null.
async function cachedSnapshot(key) {
  try {
    const cache = await caches.open(SNAPSHOTS);
    const hit = await cache.match(key);
    return hit ? { bytes: hit.arrayBuffer() } : null;
  } catch (error) {
    return null;                       // no Cache Storage (e.g. not a secure context)
  }
}

async function keepSnapshot(key, bytes) {
  try {
    const cache = await caches.open(SNAPSHOTS);
    for (const old of await cache.keys()) await cache.delete(old);
    await cache.put(key, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
    return true;
  } catch (error) {
    return false;                      // full, or unavailable: the next visit boots afresh
  }
}

async function dropSnapshots() {
  try {
    await caches.delete(SNAPSHOTS);
  } catch (error) { /* nothing kept */ }
}

async function init({ indexURL, lockFileURL }) {
  const key = snapshotKey(lockFileURL, indexURL);
  const snapshotPromise = cachedSnapshot(key);
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
  return { boot: snapshot ? "fresh-after-snapshot" : "fresh", keep: made && (() => keepSnapshot(key, made)) };
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
