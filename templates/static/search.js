/* bantin search: runs from file:// (the index is a script, no fetch). Matching ignores case, tone
   marks and đ/d; results whose text matches the query exactly as typed (with its diacritics) rank first. */
(function () {
  "use strict";
  var index = window.BANTIN_SEARCH || { docs: [] };
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;
  var root = (document.querySelector('script[src$="search.js"]').getAttribute("src") || "").replace(/search\.js$/, "");
  var archive = /index\.html$/.test(location.pathname) && location.protocol === "file:";

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function exact(s) { return s.normalize("NFC").toLowerCase(); }
  var docs = index.docs.map(function (d) {
    return { d: d, ft: fold(d.t), fx: fold(d.x), et: exact(d.t), ex: exact(d.x) };
  });

  function search(q) {
    var fq = fold(q).trim(), eq = exact(q).trim();
    var terms = fq.split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    var found = [];
    docs.forEach(function (doc) {
      var all = doc.ft + " " + doc.fx;
      for (var i = 0; i < terms.length; i++) if (all.indexOf(terms[i]) < 0) return;
      var score = 0;
      if (doc.et.indexOf(eq) >= 0) score += 100;          // exact, diacritics as typed, in the title
      else if (doc.ex.indexOf(eq) >= 0) score += 60;      // exact in the text
      if (doc.ft.indexOf(fq) >= 0) score += 40;           // the whole query in the title
      terms.forEach(function (t) { if (doc.ft.indexOf(t) >= 0) score += 10; });
      score += 20 / Math.max(doc.ft.length, 20);          // shorter titles are closer matches
      found.push({ doc: doc, score: score });
    });
    found.sort(function (a, b) { return b.score - a.score || (a.doc.d.u < b.doc.d.u ? -1 : 1); });
    return found;
  }

  // Folding maps each NFC character to one character, so positions in the folded text are
  // positions in the text as written.
  function snippet(doc, terms) {
    var text = doc.d.x, ftext = doc.fx, at = -1, len = 0;
    for (var i = 0; i < terms.length && at < 0; i++) { at = ftext.indexOf(terms[i]); len = terms[i].length; }
    var frag = document.createDocumentFragment();
    if (at < 0) { frag.appendChild(document.createTextNode(text.slice(0, 160))); return frag; }
    var start = Math.max(0, at - 60), end = Math.min(text.length, at + len + 100);
    frag.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + len);
    frag.appendChild(mark);
    frag.appendChild(document.createTextNode(text.slice(at + len, end) + (end < text.length ? "…" : "")));
    return frag;
  }

  function show(q) {
    list.textContent = "";
    var results = search(q);
    var terms = fold(q).trim().split(/\s+/).filter(Boolean);
    status.textContent = terms.length ? results.length + " kết quả cho “" + q.trim() + "”" : "Gõ từ cần tìm; có dấu hay không dấu đều được.";
    results.slice(0, 50).forEach(function (r) {
      var li = document.createElement("li");
      li.className = "article-item";
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = root + r.doc.d.u + (archive ? "index.html" : "");
      a.textContent = r.doc.d.t;
      h.appendChild(a);
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = r.doc.d.k + (r.doc.d.d ? " · " + r.doc.d.d : "");
      var p = document.createElement("p");
      p.className = "summary";
      p.appendChild(snippet(r.doc, terms));
      li.appendChild(h); li.appendChild(meta); li.appendChild(p);
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(location.search);
  if (params.get("q")) { input.value = params.get("q"); show(input.value); }
  input.addEventListener("input", function () { show(input.value); });
})();
