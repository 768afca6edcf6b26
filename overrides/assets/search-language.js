// Set-up of the theme's search, before Material's bundle reads its configuration.
//
// - The search stays in the reader's language. The site has one search index per language
//   (kb/search_index.py): the default language's at search/, each other's at <code>/search/.
//   Material looks for the index under the site's base URL, so on a page of another language
//   the base points at <code>/ (the script's data-language-prefix, overrides/main.html).
//   Result links, which are relative to that base, then resolve inside /<code>/ too.
// - The search runs in our worker (javascripts/workers/help-centre-search.js), which loads
//   Material's own worker and shapes the queries it gets: stemmed words, and the results
//   that contain every word first. It sits next to Material's so both find the stemmers.
(function () {
  var script = document.currentScript;
  var prefix = (script && script.getAttribute("data-language-prefix")) || "";
  var node = document.getElementById("__config");
  if (!node) return;
  var config = JSON.parse(node.textContent);
  if (prefix) config.base = config.base.replace(/\/?$/, "/") + prefix;
  // Material's worker is named in the fragment: no request carries a query string.
  config.search = config.search.replace(/[^\/]+$/, function (name) {
    return "help-centre-search.js#" + encodeURIComponent(name);
  });
  node.textContent = JSON.stringify(config);
})();
