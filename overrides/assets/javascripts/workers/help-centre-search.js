// The help centre's search worker: Material's own search worker, loaded inside this one,
// with a step in front of its queries and one after its results (overrides/assets/search-language.js
// starts it in place of Material's).
//
// Why: Material adds a wildcard to every word typed, to search as you type, and Lunr skips
// the language's stemmer for a word with a wildcard. The index holds stems (the language's
// pipeline, kb/search_index.py), so "bloquée*" found nothing of "bloqué" or "bloquer". Here
// each word of a query goes through the index's own steps (trimmer, stop words, stemmer of
// lunr-languages) before Material adds its wildcard: "bloquée" → "bloqu*". And Material
// ranks a page whose title holds one of the words above a page holding all of them; here
// the results with more of the words come first, in Material's order otherwise.
"use strict";

var SETUP = 0, QUERY = 2;
var material = decodeURIComponent(self.location.hash.slice(1));   // set by overrides/assets/search-language.js
if (!/^search\.[0-9a-f]+\.min\.js$/.test(material))
  throw new Error("help-centre search: not a Material search worker: " + material);

// Load Material's worker, keeping for ourselves the message listener it registers and the
// answers it posts.
var nativeAddEventListener = self.addEventListener;
var nativePostMessage = self.postMessage.bind(self);
var materialListeners = [];
var awaiting = null;
self.addEventListener = function (type, listener) {
  if (type === "message") materialListeners.push(listener);
  else nativeAddEventListener.apply(self, arguments);
};
self.postMessage = function (message) {
  var resolve = awaiting;
  awaiting = null;
  if (resolve) resolve(message);
  else nativePostMessage(message);
};
importScripts(material);
self.addEventListener = nativeAddEventListener;

function ask(message) {       // Material's answer to one message
  return new Promise(function (resolve) {
    awaiting = resolve;
    materialListeners.forEach(function (listener) { listener({ data: message }); });
  });
}

// The index's own steps for the words of a query, once Material has loaded the language.
function shaper(config) {
  var lunr = self.lunr;
  // lunr's own steps are English's; lunr-languages adds each other language as lunr.<lang>.
  var space = (config.lang.length === 1 && lunr[config.lang[0]]) || lunr;
  var steps = ["trimmer", "stopWordFilter", "stemmer"].filter(function (name) {
    return config.pipeline.indexOf(name) >= 0 && space && typeof space[name] === "function";
  }).map(function (name) { return space[name]; });
  var separator = new RegExp(config.separator, "g");

  function reduce(word) {
    var token = new lunr.Token(word.toLowerCase(), {});
    for (var i = 0; i < steps.length && token; i++) token = steps[i](token, 0, [token]);
    return token ? token.toString() : "";
  }

  return function (text) {
    // Lunr's own syntax (+word, -word, field:, fuzzy~, boost^, "…", wildcard*) is left to Material.
    if (/(^|\s)[+-]|[:~^*"]/.test(text)) return null;
    var words = {};
    text.split(separator).forEach(function (word) {
      var stem = reduce(word);
      if (stem && !(stem in words)) words[stem] = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "") || word;
    });
    return Object.keys(words).length ? words : null;
  };
}

// Results holding more of the words first, and inside a page its sections holding more of
// them (Material shows a page's sections that score at least as well as its first one). A
// page lacks a word only if none of its sections has it; missing words are named as typed.
function rank(result, words) {
  if (!result || !result.data || !result.data.items) return result;
  function count(item) {
    return Object.keys(item.terms).filter(function (t) { return item.terms[t]; }).length;
  }
  var groups = result.data.items.map(function (group, index) {
    var page = {};
    group.forEach(function (item) {
      var terms = {};
      Object.keys(item.terms || {}).forEach(function (t) {
        terms[words[t] || t] = item.terms[t];
        page[words[t] || t] = page[words[t] || t] || item.terms[t];
      });
      item.terms = terms;
    });
    group.forEach(function (item) { if (item.location.indexOf("#") < 0) item.terms = page; });
    var sorted = group.map(function (item, i) { return { item: item, found: count(item), i: i }; })
      .sort(function (a, b) { return b.found - a.found || a.i - b.i; });
    return { group: sorted.map(function (s) { return s.item; }), index: index, found: sorted[0].found };
  });
  groups.sort(function (a, b) { return b.found - a.found || a.index - b.index; });
  result.data.items = groups.map(function (g) { return g.group; });
  return result;
}

var shape = null;
var queue = Promise.resolve();
nativeAddEventListener.call(self, "message", function (event) {
  var message = event.data;
  queue = queue.then(function () {
    if (message.type === SETUP)
      return ask(message).then(function (ready) {
        shape = shaper(message.data.config);
        nativePostMessage(ready);
      });
    var words = message.type === QUERY && shape ? shape(message.data) : null;
    if (!words) return ask(message).then(nativePostMessage);
    return ask({ type: QUERY, data: Object.keys(words).join(" ") }).then(function (result) {
      nativePostMessage(rank(result, words));
    });
  }).catch(function (error) { console.warn("help-centre search:", error); });
});
