// Search stays in the reader's language. The site has one search index per language
// (split at build time by kb/mkdocs_hooks.py): English at search/, French at fr/search/.
// Material looks for the index under the site's base URL, so on a French page we point the
// base at fr/ before Material's bundle reads its configuration. Result links, which are
// relative to that base, then resolve inside /fr/ too.
(function () {
  var lang = document.documentElement.lang || "en";
  var node = document.getElementById("__config");
  if (!node || lang === "en") return;
  var config = JSON.parse(node.textContent);
  config.base = config.base.replace(/\/?$/, "/") + lang + "/";
  node.textContent = JSON.stringify(config);
})();
