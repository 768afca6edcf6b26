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

const GLUE = `
import json as _json
from troubleshooter import flow as _flow
from troubleshooter.errors import InputError as _InputError

_CALLS = {
    "step": _flow.step,
    "path_to": _flow.path_to,
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
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "failed", reason: String((error && error.message) || error).slice(0, 200) });
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
