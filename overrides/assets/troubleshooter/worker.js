// The troubleshooter's engine, in a module Web Worker so that the page never freezes.
//
// Pyodide is self-hosted (site/pyodide/, copied there by kb/mkdocs_hooks.py from
// `kb pyodide-bundle`); the engine is the "troubleshooter" wheel listed in pyodide-lock.json,
// loaded by name. Nothing is fetched from anywhere else, and nothing is ever sent: the
// worker only computes.
//
// Messages (page -> worker):
//   {type: "init", indexURL, lockFileURL}
//   {type: "call", id, fn, args}       fn: one of _CALLS below; args: JSON-ready values
// Messages (worker -> page):
//   {type: "ready"} | {type: "failed", reason}
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

const GLUE = `
import json as _json
from troubleshooter import flow as _flow
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
`;

async function init({ indexURL, lockFileURL }) {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL, lockFileURL });
  await pyodide.loadPackage("troubleshooter", { messageCallback: () => {}, errorCallback: () => {} });
  pyodide.runPython(GLUE);
  python = pyodide.globals.get("_troubleshooter_call");
  // A first call warms the engine up (imports, flow data) before the page says "ready".
  JSON.parse(python("step", JSON.stringify([[], "en"])));
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    try {
      await init(message);
      if (starting) self.postMessage({ type: "ready" });
      starting = false;
    } catch (error) {
      failed((error && error.message) || error);
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
