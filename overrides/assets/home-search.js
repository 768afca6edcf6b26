// The home page's search box (kb/templates/home.md.j2). Without this script it is a plain
// form that reloads the page with ?q=…, which the theme reads to open its search. With it,
// the first character typed, or the form sent, opens the theme's search dialog in place
// with the text so far, and the reader keeps typing there: one search, one result list.
(function () {
  var form = document.querySelector("form.kb-search");
  var box = form && form.querySelector("input[name=q]");
  var toggle = document.getElementById("__search");
  var input = document.querySelector("input.md-search__input");
  if (!box || !toggle || !input) return;

  function openSearch(text) {
    input.value = text;
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.focus();
    input.setSelectionRange(text.length, text.length);
    // The theme queries on key-up and on focus.
    input.dispatchEvent(new KeyboardEvent("keyup"));
    box.value = "";
  }

  box.addEventListener("input", function () { if (box.value) openSearch(box.value); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    openSearch(box.value);
  });
})();
