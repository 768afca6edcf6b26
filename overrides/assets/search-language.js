// Set-up of the theme's search, before Material's bundle reads its configuration.
//
// - The search stays in the reader's language. The site has one search index per language
//   (kb/search_index.py): English at search/, French at fr/search/. Material looks for the
//   index under the site's base URL, so on a French page the base points at fr/. Result
//   links, which are relative to that base, then resolve inside /fr/ too.
// - The search runs in our worker (javascripts/workers/help-centre-search.js), which loads
//   Material's own worker and shapes the queries it gets: stemmed words, and the results
//   that contain every word first. It sits next to Material's so both find the stemmers.
(function () {
  var lang = document.documentElement.lang || "en";
  var node = document.getElementById("__config");
  if (!node) return;
  var config = JSON.parse(node.textContent);
  if (lang !== "en") config.base = config.base.replace(/\/?$/, "/") + lang + "/";
  // Material's worker is named in the fragment: no request carries a query string.
  config.search = config.search.replace(/[^\/]+$/, function (name) {
    return "help-centre-search.js#" + encodeURIComponent(name);
  });
  node.textContent = JSON.stringify(config);
})();
