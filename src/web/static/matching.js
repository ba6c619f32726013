// The matching criteria page's live preview. Without this script the
// Preview button re-renders the page; with it, each change of a weight, a
// deal-breaker, the years ahead or the sample mentee asks the API for the
// sample mentee's top candidates under the unsaved settings and rewrites
// the preview region (aria-live="polite", so screen readers hear it).
(function () {
  'use strict';
  var form = document.getElementById('criteria-form');
  var region = document.getElementById('preview');
  if (!form || !region || !window.fetch) return;
  var url = form.getAttribute('data-preview');
  var total = document.getElementById('weight-total');
  var timer = null;
  var asked = 0;

  function el(name, text) {
    var e = document.createElement(name);
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function say(text) {
    region.replaceChildren(el('p', text));
  }

  function show(doc) {
    var list = doc.candidates || [];
    if (!list.length) {
      say('No mentor may be paired with this mentee under these criteria.');
      return;
    }
    var table = el('table');
    table.appendChild(el('caption', 'Top candidates under these criteria'));
    var head = el('thead');
    var tr = el('tr');
    ['Mentor', 'Course', 'Year', 'Places left', 'Score', 'Why'].forEach(function (h) {
      var th = el('th', h);
      th.setAttribute('scope', 'col');
      tr.appendChild(th);
    });
    head.appendChild(tr);
    table.appendChild(head);
    var body = el('tbody');
    list.forEach(function (c) {
      var row = el('tr');
      [c.mentor_name, c.course, c.year_of_study, c.places_left, c.score, c.explanation].forEach(function (v) {
        row.appendChild(el('td', v));
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    region.replaceChildren(table);
  }

  function sumWeights() {
    var sum = 0;
    form.querySelectorAll('input[data-weight]').forEach(function (i) {
      var v = parseInt(i.value, 10);
      if (!isNaN(v)) sum += v;
    });
    if (total) total.textContent = String(sum);
  }

  function refresh() {
    var data = new FormData(form);
    var q = new URLSearchParams();
    data.forEach(function (v, k) {
      if (k !== '_csrf' && k !== 'op') q.append(k, v);
    });
    if (!q.get('signup')) return;
    var mine = ++asked;
    fetch(url + '?' + q.toString(), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) {
        return res.json().then(function (doc) { return { ok: res.ok, doc: doc }; });
      })
      .then(function (r) {
        if (mine !== asked) return; // a later change has asked since
        if (r.ok) show(r.doc);
        else say(r.doc.detail || 'The preview could not be made.');
      })
      .catch(function () {
        if (mine === asked) say('The preview could not be made just now.');
      });
  }

  function changed() {
    sumWeights();
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
})();
