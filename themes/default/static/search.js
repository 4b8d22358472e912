// gongshi search: filters the list of every item as one types. The page works without it.
// Tokens are single characters and adjacent pairs of each run of letters, digits or
// ideographs (the same as src/render/search.rs); hits are confirmed by substring. Text is
// lower-cased and folded from Traditional to Simplified with window.gongshiFold, the table
// gongshi writes into search-fold.js from the one it folds the index with.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  if (!form || !input || !list || !status) return;
  var rows = Array.prototype.slice.call(list.querySelectorAll("li[data-id]"));
  var initial = status.textContent;
  var index = null;
  var fold = window.gongshiFold || {};

  function runs(text) {
    var out = [];
    var cur = "";
    var chars = Array.from(text.toLowerCase());
    for (var i = 0; i < chars.length; i++) {
      var c = fold[chars[i]] || chars[i];
      if (/[\p{L}\p{N}]/u.test(c)) cur += c;
      else if (cur) { out.push(cur); cur = ""; }
    }
    if (cur) out.push(cur);
    return out;
  }

  function query(q) {
    var qr = runs(q);
    if (!qr.length) return null;
    var hits = new Set();
    if (!index) {
      // Index not loaded (yet): plain substring search over the rows.
      rows.forEach(function (li) {
        var text = runs(li.textContent).join(" ");
        if (qr.every(function (r) { return text.indexOf(r) >= 0; })) hits.add(li.getAttribute("data-id"));
      });
      return hits;
    }
    var cand = null;
    qr.forEach(function (r) {
      var cs = Array.from(r);
      var keys = cs.length === 1 ? [r] : cs.slice(1).map(function (c, i) { return cs[i] + c; });
      keys.forEach(function (k) {
        var posting = new Set(index.tokens[k] || []);
        cand = cand === null ? posting : new Set(Array.from(cand).filter(function (n) { return posting.has(n); }));
      });
    });
    (cand || new Set()).forEach(function (n) {
      var doc = index.docs[n];
      if (doc && qr.every(function (r) { return doc.text.indexOf(r) >= 0; })) hits.add(doc.id);
    });
    return hits;
  }

  function update() {
    var hits = query(input.value);
    var shown = 0;
    rows.forEach(function (li) {
      var show = hits === null || hits.has(li.getAttribute("data-id"));
      li.hidden = !show;
      if (show) shown++;
    });
    if (hits === null) status.textContent = initial;
    else if (shown === 0) status.textContent = status.getAttribute("data-empty");
    else status.textContent = status.getAttribute("data-count").replace("{n}", String(shown));
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  input.addEventListener("input", update);
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) input.value = params.get("q");
  if (window.fetch) {
    fetch(form.getAttribute("data-index"))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { index = data; update(); } })
      .catch(function () {});
  }
  update();
})();
