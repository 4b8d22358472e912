// gongshi search: finds items as one types, fetching only the index files a query needs.
// The page works without it (it links to the 个人办事/法人办事, topic and department pages).
//
// The same logic as src/render/search.rs: text is lower-cased, folded from Traditional to
// Simplified with window.gongshiFold (the table gongshi writes into search-fold.js from the
// one it folds the index with), and cut into runs of letters, digits or ideographs; a run's
// tokens are its bigrams (or its one character). Each token's postings live in shard
// hash(first character of the token) (FNV-1a over its first code point, masked to the shard
// count): one line "token TAB name-postings TAB body-postings" with numbers in a base-32
// variable length code. Hits are ranked: whole phrase in the name, then all tokens in the
// name, then all tokens anywhere, then at least half of them. Results show the window, the
// case type, the promised limit and the fee, read from the chunk files of the first results.
//
// Results come as one types: every keystroke searches the text typed so far and fetches the
// shard of its last character, which holds every bigram that character starts. So when the
// last character of a query is typed its postings are usually on the phone already, and the
// chunks of the first results of the text before it too.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  var more = document.getElementById("search-more");
  if (!form || !input || !list || !status || !window.fetch || !window.Map) return;
  var shards = parseInt(form.getAttribute("data-shards"), 10) || 1;
  var chunk = parseInt(form.getAttribute("data-chunk"), 10) || 8;
  var shardUrl = form.getAttribute("data-shard-url");
  var chunkUrl = form.getAttribute("data-chunk-url");
  var root = list.getAttribute("data-root") || "";
  var promisedWord = list.getAttribute("data-promised") || "";
  var initial = status.textContent;
  var fold = window.gongshiFold || {};
  var PAGE = 20;
  // Rows whose chunks are fetched at once; the rest of a page follows if the text stays.
  var EAGER = 5;
  var REST_AFTER = 1000;
  // First results of a text typed before whose chunks are fetched when its shards come late.
  var PREFETCH = 2;
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUE = {};
  for (var d = 0; d < DIGITS.length; d++) VALUE[DIGITS.charAt(d)] = d;
  var EMPTY = { name: new Map(), body: [] };
  var shardFiles = {};
  var shardLoaded = {};
  var chunkFiles = {};
  var seq = 0;
  var state = null;
  var composing = false;

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

  function runTokens(run) {
    var cs = Array.from(run);
    if (cs.length === 1) return [run];
    var out = [];
    for (var i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
    return out;
  }

  // The shard of a token: FNV-1a over its first code point (src/render/search.rs: shard_of).
  function shardOf(token) {
    var h = (0x811c9dc5 ^ token.codePointAt(0)) >>> 0;
    h = Math.imul(h, 0x01000193) >>> 0;
    return h & (shards - 1);
  }

  function numbers(text) {
    var out = [];
    var value = 0;
    var scale = 1;
    for (var i = 0; i < text.length; i++) {
      var d = VALUE[text.charAt(i)];
      value += (d & 31) * scale;
      if (d >= 32) scale *= 32;
      else { out.push(value); value = 0; scale = 1; }
    }
    return out;
  }

  // A document list: gaps shifted left by one, a set low bit marking a run (the count of
  // consecutive documents that follow comes next).
  function docList(n) {
    var out = [];
    var doc = 0;
    for (var i = 0; i < n.length; i++) {
      doc += n[i] >>> 1;
      out.push(doc);
      if (n[i] & 1) { for (var k = n[++i]; k > 0; k--) out.push(++doc); }
    }
    return out;
  }

  function decode(fields, token) {
    var n = numbers(fields[1] || "");
    var name = new Map();
    if (Array.from(token).length > 1) {
      // Per document: the gap shifted left by two; low bits 2: at the positions of the
      // previous document; 3: so are the next documents (their count follows); 1: more than
      // one position (their count follows); then the positions as gaps.
      var doc = 0;
      var i = 0;
      var pos = [];
      while (i < n.length) {
        var head = n[i++];
        doc += head >>> 2;
        if ((head & 3) === 3) {
          // This document and the next ones in a row, at the previous positions.
          for (var r = n[i++]; r > 0; r--) name.set(doc++, pos);
        } else if (!(head & 2)) {
          var count = head & 1 ? n[i++] : 1;
          var p = 0;
          pos = [];
          for (var k = 0; k < count; k++) { p += n[i++]; pos.push(p); }
        }
        name.set(doc, pos);
      }
    } else {
      docList(n).forEach(function (d) { name.set(d, []); });
    }
    return { name: name, body: docList(numbers(fields[2] || "")) };
  }

  function fetchText(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.text();
    });
  }

  function shard(n) {
    if (!shardFiles[n]) {
      shardFiles[n] = fetchText(shardUrl.replace("#", n)).then(function (text) {
        var lines = new Map();
        text.split("\n").forEach(function (line) {
          if (line) { var f = line.split("\t"); lines.set(f[0], f); }
        });
        shardLoaded[n] = lines;
        return lines;
      });
      shardFiles[n].catch(function () { delete shardFiles[n]; });
    }
    return shardFiles[n];
  }

  function docs(n) {
    if (!chunkFiles[n]) {
      chunkFiles[n] = fetchText(chunkUrl.replace("#", n)).then(function (text) {
        return text.split("\n").filter(Boolean).map(function (line) { return line.split("\t"); });
      });
      chunkFiles[n].catch(function () { delete chunkFiles[n]; });
    }
    return chunkFiles[n];
  }

  function phraseInName(tokens, doc, posts) {
    var first = posts.get(tokens[0]) || EMPTY;
    if (tokens.length === 1) return first.name.has(doc);
    var starts = first.name.get(doc) || [];
    return starts.some(function (s) {
      for (var i = 1; i < tokens.length; i++) {
        var ps = (posts.get(tokens[i]) || EMPTY).name.get(doc) || [];
        if (ps.indexOf(s + i) < 0) return false;
      }
      return true;
    });
  }

  function rank(qRuns, posts) {
    var total = 0;
    var found = new Map();
    qRuns.forEach(function (tokens) {
      tokens.forEach(function (t) {
        total++;
        var p = posts.get(t) || EMPTY;
        p.name.forEach(function (_, doc) {
          var e = found.get(doc) || [0, 0];
          e[0]++; e[1]++;
          found.set(doc, e);
        });
        p.body.forEach(function (doc) {
          var e = found.get(doc) || [0, 0];
          e[0]++;
          found.set(doc, e);
        });
      });
    });
    var needed = Math.ceil(total / 2);
    var hits = [];
    found.forEach(function (e, doc) {
      if (e[0] < needed) return;
      var tier = e[0] < total ? 3 : e[1] < total ? 2
        : qRuns.every(function (tokens) { return phraseInName(tokens, doc, posts); }) ? 0 : 1;
      hits.push([tier, -e[0], -e[1], doc]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]; });
    return hits;
  }

  function say(text) { status.textContent = text; }

  function row(f, partial) {
    // id, url, name, window, case type, promised limit, fee
    var li = document.createElement("li");
    li.setAttribute("data-id", f[0]);
    // Holds only some of the query's tokens (listed after the whole matches).
    if (partial) li.setAttribute("data-partial", "");
    var a = document.createElement("a");
    a.href = root + f[1];
    a.textContent = f[2];
    li.appendChild(a);
    var meta = [f[3], f[4], f[5] ? promisedWord + " " + f[5] : "", f[6]].filter(Boolean);
    var span = document.createElement("span");
    span.className = "meta";
    span.textContent = meta.join(" · ");
    li.appendChild(span);
    return li;
  }

  // Shows the next page of hits. Rows appear in rank order as their chunk files arrive, so
  // the first result shows as soon as its own chunk is in, not after the slowest one. The
  // chunks of the first rows are fetched at once, the others only if the text is still the
  // same a moment later (while typing, each keystroke shows the results of the text so far).
  function showMore(my) {
    var page = state.hits.slice(state.shown, state.shown + PAGE);
    var q = state.q;
    // The rows of the text before stay until the first rows of this one replace them.
    var fresh = state.shown === 0;
    state.shown += page.length;
    var need = [];
    var eager = 0;
    page.forEach(function (doc, i) {
      var c = Math.floor(doc / chunk);
      if (need.indexOf(c) < 0) need.push(c);
      if (i < EAGER) eager = need.length;
    });
    var loaded = {};
    var next = 0;
    function flush() {
      if (my !== seq) return;
      var frag = document.createDocumentFragment();
      while (next < page.length && loaded[Math.floor(page[next] / chunk)]) {
        var doc = page[next++];
        var f = loaded[Math.floor(doc / chunk)][doc % chunk];
        if (f) frag.appendChild(row(f, state.partial.has(doc)));
      }
      if (frag.firstChild) {
        if (fresh) { list.textContent = ""; fresh = false; }
        list.setAttribute("data-q", q);
        list.appendChild(frag);
        if (window.performance && performance.mark) performance.mark("gongshi-results");
      }
    }
    function load(cs) {
      return Promise.all(cs.map(function (c) {
        return docs(c).then(function (rows) { loaded[c] = rows; flush(); });
      }));
    }
    var rest = need.slice(eager);
    return load(need.slice(0, eager)).then(function () {
      if (!rest.length || my !== seq) return;
      return new Promise(function (done) { setTimeout(done, REST_AFTER); }).then(function () {
        if (my === seq) return load(rest);
      });
    }).then(function () {
      if (my === seq && more) more.hidden = state.shown >= state.hits.length;
    });
  }

  // Searches the text in the box. The shards its tokens need are fetched (the results show
  // at once when they are all here), and so is the shard of the last character of each run,
  // which holds the bigram the next keystroke makes.
  function search() {
    var my = ++seq;
    var text = input.value;
    var textRuns = runs(text);
    var qRuns = textRuns.map(runTokens);
    if (!qRuns.length) {
      state = null;
      list.textContent = "";
      list.removeAttribute("data-q");
      if (more) more.hidden = true;
      say(initial);
      return;
    }
    textRuns.forEach(function (r) { shard(shardOf(Array.from(r).pop())); });
    var tokens = [];
    qRuns.forEach(function (r) { r.forEach(function (t) { if (tokens.indexOf(t) < 0) tokens.push(t); }); });
    var numbersOf = tokens.map(shardOf);
    var wanted = numbersOf.filter(function (n, i) { return numbersOf.indexOf(n) === i; });
    var ready = wanted.every(function (n) { return shardLoaded[n]; });
    if (ready) show(my, text, qRuns, tokens, numbersOf);
    else {
      say(status.getAttribute("data-loading"));
      Promise.all(wanted.map(shard)).then(function () {
        if (my === seq) show(my, text, qRuns, tokens, numbersOf);
        else prefetch(qRuns, tokens, numbersOf);
      }).catch(function () {
        if (my === seq) say(status.getAttribute("data-failed"));
      });
    }
  }

  // The ranked hits of a text whose shards are all here.
  function hitsOf(qRuns, tokens, numbersOf) {
    var posts = new Map();
    tokens.forEach(function (t, i) {
      var fields = shardLoaded[numbersOf[i]].get(t);
      posts.set(t, fields ? decode(fields, t) : EMPTY);
    });
    return rank(qRuns, posts);
  }

  // The shards of a text typed before arrived after more was typed: its first results are
  // likely those of the text now, so their chunks are fetched while the rest of its shards come.
  function prefetch(qRuns, tokens, numbersOf) {
    hitsOf(qRuns, tokens, numbersOf).slice(0, PREFETCH).forEach(function (h) {
      docs(Math.floor(h[3] / chunk));
    });
  }

  // Ranks the hits of a text whose shards are all here and shows the first page.
  function show(my, text, qRuns, tokens, numbersOf) {
    var ranked = hitsOf(qRuns, tokens, numbersOf);
    state = {
      q: text,
      hits: ranked.map(function (h) { return h[3]; }),
      partial: new Set(ranked.filter(function (h) { return h[0] === 3; }).map(function (h) { return h[3]; })),
      shown: 0
    };
    if (!state.hits.length) {
      list.textContent = "";
      list.removeAttribute("data-q");
      if (more) more.hidden = true;
      say(status.getAttribute("data-empty"));
      return;
    }
    var partial = ranked.filter(function (h) { return h[0] === 3; }).length;
    var count = status.getAttribute("data-count").replace("{n}", String(ranked.length - partial));
    if (partial) count += status.getAttribute("data-partial").replace("{n}", String(partial));
    say(count);
    showMore(my).catch(function () {
      if (my === seq) say(status.getAttribute("data-failed"));
    });
  }

  function typed() {
    if (!composing) search();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (window.history && history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url);
    }
    search();
  });
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; typed(); });
  input.addEventListener("input", typed);
  if (more) more.addEventListener("click", function () { if (state) showMore(seq); });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { input.value = q; search(); }
})();
