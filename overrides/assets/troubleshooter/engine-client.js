// The engine's client: troubleshooter.flow (real Python) under Pyodide in a module Web Worker
// (worker.js). It starts the worker, calls the engine's functions by name, and gives every call
// a time limit. A call that outlives its limit means the worker is busy in Python and cannot be
// interrupted: it is replaced by a fresh one, and the call ends as "slow".
//
// States, told to onState(state, {restarted}): "loading" → "ready" | "failed"; a start that
// takes longer than `slowAfter` ms becomes "slow" and keeps going (a slow network is not a
// broken browser): "slow" → "ready" | "failed". "unsupported": this browser cannot run it (no
// WebAssembly, no module workers); "failed": the runtime or the engine failed to load.

// The worker the page's head may have started already (overrides/troubleshooter.html), with
// what it said meanwhile; taken once, and only if it runs this very worker and runtime.
function adoptEarlyWorker(workerURL, indexURL) {
  const early = self.troubleshooterEarlyEngine;
  if (!early) return null;
  self.troubleshooterEarlyEngine = undefined;
  early.stop();
  if (early.workerURL === workerURL && early.indexURL === indexURL) return early;
  early.worker.terminate();
  return null;
}

export class EngineClient {
  constructor({ runtimeURL, lockURL, workerURL, slowAfter, callLimit, onState }) {
    this.runtimeURL = runtimeURL;
    this.lockURL = lockURL;
    this.workerURL = workerURL;
    this.slowAfter = slowAfter;
    this.callLimit = callLimit;
    this.onState = onState;
    this.state = "loading";
    this.worker = null;
    this.timer = null;
    this.seq = 0;
    this.calls = new Map();
    this.restarted = false;
  }

  setState(state) {
    this.state = state;
    const restarted = this.restarted;
    if (state !== "loading" && state !== "slow") this.restarted = false;
    this.onState(state, { restarted });
  }

  start() {
    this.setState("loading");
    const wasm = typeof WebAssembly === "object" && WebAssembly !== null
      && typeof WebAssembly.instantiate === "function";
    if (!wasm || typeof Worker !== "function") {
      this.fail("unsupported");
      return;
    }
    this.timer = setTimeout(() => { if (this.state === "loading") this.setState("slow"); }, this.slowAfter);
    const indexURL = new URL(".", this.runtimeURL).href;
    const early = adoptEarlyWorker(String(this.workerURL), indexURL);
    if (early) {
      this.worker = early.worker;
    } else {
      performance.mark("ts-engine-start");     // the worker is created: the page's share ends here
      try {
        this.worker = new Worker(this.workerURL, { type: "module" });
      } catch (error) {
        this.fail();
        return;
      }
    }
    this.worker.addEventListener("message", (event) => this.receive(event.data || {}));
    this.worker.addEventListener("error", () => this.fail());
    this.worker.addEventListener("messageerror", () => this.fail());
    if (early) {
      for (const event of early.events) {
        if (event.type === "message") this.receive(event.data || {});
        else this.fail();
      }
    } else {
      this.worker.postMessage({ type: "init", indexURL, lockFileURL: String(this.lockURL) });
    }
  }

  receive(message) {
    if (message.type === "ready" && (this.state === "loading" || this.state === "slow")) {
      clearTimeout(this.timer);
      // detail.boot: "snapshot" (restored from the one kept by an earlier visit) or "fresh".
      performance.mark("ts-engine-ready", { detail: { boot: message.boot } });
      this.setState("ready");
    } else if (message.type === "snapshot") {
      performance.mark(message.kept ? "ts-engine-snapshot-kept" : "ts-engine-snapshot-not-kept");
    } else if (message.type === "failed") {
      this.fail();
    } else if (message.type === "answer") {
      const pending = this.calls.get(message.id);
      if (!pending) return;
      this.calls.delete(message.id);
      if (message.error && message.error.code !== undefined && !("value" in message)) {
        pending.reject(Object.assign(new Error(message.error.code), { detail: message.error }));
      } else {
        pending.resolve(message.value);
      }
    }
  }

  fail(state = "failed") {
    if (this.state === "failed" || this.state === "unsupported" || this.state === "ready") return;
    clearTimeout(this.timer);
    if (this.worker) this.worker.terminate();
    this.worker = null;
    performance.mark("ts-engine-failed");
    this.endCalls("failed");
    this.setState(state);
  }

  endCalls(reason) {
    for (const { reject } of this.calls.values()) reject(new Error(reason));
    this.calls.clear();
  }

  call(fn, args) {
    return new Promise((resolve, reject) => {
      if (this.state !== "ready" || !this.worker) {
        reject(new Error("not-ready"));
        return;
      }
      const id = ++this.seq;
      const limit = setTimeout(() => this.stuck(id), this.callLimit);
      this.calls.set(id, {
        resolve: (value) => { clearTimeout(limit); resolve(value); },
        reject: (error) => { clearTimeout(limit); reject(error); },
      });
      this.worker.postMessage({ type: "call", id, fn, args });
    });
  }

  stuck(id) {
    if (!this.calls.has(id)) return;
    this.worker.terminate();
    this.worker = null;
    this.endCalls("slow");
    this.restarted = true;
    this.start();
  }
}
