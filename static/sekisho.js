// Small progressive enhancements; every page works without this file.
'use strict';
// The page's texts for this script, in the page's language: the layout puts the bundle's js.* entries on
// <body data-texts> as JSON (Views.scriptTexts). {0}, {1} are replaced by the arguments, as plain text.
var t = function (key) {
  var texts = t.cache;
  if (!texts) {
    try {
      texts = JSON.parse(document.body.getAttribute('data-texts') || '{}');
    } catch (x) {
      texts = {};
    }
    t.cache = texts;
  }
  var s = typeof texts[key] === 'string' ? texts[key] : key;
  var args = Array.prototype.slice.call(arguments, 1);
  return s.replace(/\{(\d)\}/g, function (m, i) { return i < args.length ? String(args[i]) : m; });
};
document.addEventListener('DOMContentLoaded', function () {
  // Ask before destructive POSTs (forms marked with data-confirm).
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.getAttribute('data-confirm'))) {
        e.preventDefault();
      }
    });
  });
  // Ports only mean something for tcp/udp: grey the field out for other protocols.
  document.querySelectorAll('select[data-ports-for]').forEach(function (select) {
    var ports = document.getElementById(select.getAttribute('data-ports-for'));
    if (!ports) {
      return;
    }
    var update = function () {
      var v = select.value;
      var usable = v === 'tcp' || v === 'udp' || v === 'tcp+udp';
      // readOnly rather than disabled: a disabled field is not submitted, which would hide a server-side error.
      ports.readOnly = !usable;
      if (!usable) {
        ports.placeholder = t('js.ports.not_used', v);
      } else {
        ports.placeholder = t('js.ports.placeholder');
      }
    };
    select.addEventListener('change', update);
    update();
  });
});

// Confirm-or-rollback: confirm the waiting apply through the new rules. The server only accepts a
// confirmation that arrives over a connection opened after the apply (older ones are let through by
// connection tracking whatever the rules say), and answers 409 to one that does not; it also closes every
// connection it answers on this page, so the next try opens a new one.
document.addEventListener('DOMContentLoaded', function () {
  var box = document.getElementById('confirm-box');
  if (!box || !box.dataset.token) {
    return;
  }
  var status = document.getElementById('confirm-status');
  var deadline = Number(box.dataset.deadline);
  var body = new URLSearchParams({ token: box.dataset.token, _csrf: box.dataset.csrf });
  var attempt = function () {
    var left = Math.round((deadline - Date.now()) / 1000);
    if (left <= 0) {
      status.textContent = t('js.confirm.late');
      setTimeout(function () { window.location.href = '/'; }, 3000);
      return;
    }
    status.textContent = t('js.confirm.trying', left);
    fetch('/apply/confirm', {
      method: 'POST', body: body, cache: 'no-store', credentials: 'same-origin',
      headers: { 'X-Requested-With': 'fetch' }
    }).then(function (r) {
      if (r.status === 200) {
        status.textContent = t('js.confirm.done');
        window.location.href = '/ruleset';
      } else if (r.status === 409) {
        setTimeout(attempt, 250);
      } else if (r.status === 410) {
        window.location.href = '/';
      } else {
        status.textContent = t('js.confirm.refused', r.status);
      }
    }).catch(function () {
      setTimeout(attempt, 2000);
    });
  };
  attempt();
});

// Live flows: follow the page's event stream and redraw its tables from the JSON updates. Every value is set
// with textContent (never parsed as HTML), and links only take the relative URLs the server built.
document.addEventListener('DOMContentLoaded', function () {
  var live = document.getElementById('live');
  if (!live || !live.dataset.stream || !window.EventSource) {
    return;
  }
  var mode = document.getElementById('live-mode');
  var el = function (tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    if (cls) {
      e.className = cls;
    }
    return e;
  };
  var td = function (text, cls) { return el('td', text, cls); };
  var codeTd = function (text) {
    var c = el('td');
    c.appendChild(el('code', text));
    return c;
  };
  var link = function (href, text, cls) {
    // Same-origin paths only: a value that is not one is dropped, whatever it is.
    if (typeof href !== 'string' || href.charAt(0) !== '/' || href.charAt(1) === '/' || href.charAt(1) === '\\') {
      return null;
    }
    var a = el('a', text, 'btn btn-small ' + cls);
    a.setAttribute('href', href);
    return a;
  };
  var actions = function (links) {
    var c = el('td', null, 'col-actions');
    links.forEach(function (a) {
      if (a) {
        c.appendChild(a);
        c.appendChild(document.createTextNode(' '));
      }
    });
    return c;
  };
  var muted = function (text, known) { return td(text, known ? '' : 'muted'); };
  // A table is redrawn only when its rows changed, and not while the pointer is over it (a row replaced
  // between press and release would swallow the click); a deferred update is drawn when the pointer leaves.
  var drawn = {};
  var deferred = {};
  var hovered = {};
  var fill = function (id, rows, columns, empty, row) {
    var body = document.getElementById(id);
    if (!body) {
      return;
    }
    var key = JSON.stringify(rows || []);
    if (drawn[id] === key) {
      delete deferred[id];
      return;
    }
    if (hovered[id]) {
      deferred[id] = function () { fill(id, rows, columns, empty, row); };
      return;
    }
    drawn[id] = key;
    delete deferred[id];
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    (rows || []).forEach(function (r) {
      var tr = el('tr');
      row(r).forEach(function (cell) { tr.appendChild(cell); });
      body.appendChild(tr);
    });
    if (!rows || rows.length === 0) {
      var tr = el('tr', null, 'empty-row');
      var cell = td(empty, 'empty');
      cell.colSpan = columns;
      tr.appendChild(cell);
      body.appendChild(tr);
    }
  };
  var counters = function (id, list) {
    var ul = document.getElementById(id);
    if (!ul) {
      return;
    }
    while (ul.firstChild) {
      ul.removeChild(ul.firstChild);
    }
    (list || []).forEach(function (c) {
      var li = el('li', null, c.warn ? 'warn' : '');
      li.setAttribute('data-key', String(c.key));
      li.appendChild(el('strong', c.value));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(el('span', c.label));
      ul.appendChild(li);
    });
  };
  var state = function (id, s) {
    var p = document.getElementById(id);
    if (p && s) {
      p.className = 'notice notice-' + (/^(ok|warn|error)$/.test(s.kind) ? s.kind : 'warn');
      p.textContent = s.text;
    }
  };
  var render = function (v) {
    state('capture-state', v.capture);
    state('blocked-state', v.blockedLog);
    document.getElementById('taken-at').textContent = v.takenAt || t('js.live.nothing_yet');
    counters('flow-counters', v.counters);
    counters('blocked-counters', v.blockedCounters);
    fill('flow-rows', v.flows, 11, t('js.live.no_flows'), function (f) {
      var host = muted(f.host, f.known);
      host.appendChild(document.createTextNode(' '));
      host.appendChild(el('code', f.mac, 'mac'));
      var lan = codeTd(f.lan);
      if (f.forwardedVia) {
        lan.appendChild(document.createTextNode(' '));
        lan.appendChild(el('small', f.forwardedVia, 'muted forwarded-via'));
      }
      var remote = codeTd(f.remote);
      if (f.learnedFrom) {
        remote.appendChild(document.createTextNode(' '));
        remote.appendChild(el('small', f.learnedFrom, 'muted learned-from'));
      }
      return [host, lan, remote, td(f.protocol), td(f.state),
        td(f.packetsOut + ' / ' + f.packetsIn, 'num'), td(f.bytesOut + ' / ' + f.bytesIn, 'num'),
        td(f.bytes, 'num'), td(f.rate, 'num'), td(f.lastSeen),
        actions([link(f.allowHref, t('js.live.allow_this'), 'allow-this'),
          link(f.blockHref, t('js.live.block_this'), 'block-this'),
          link(f.explainHref, t('js.live.why'), 'explain-this')])];
    });
    fill('blocked-rows', v.blocked, 8, t('js.live.nothing_blocked'), function (b) {
      return [td(b.time), td(b.blockedBy),
        muted(b.host, b.known), codeTd(b.source), codeTd(b.destination), td(b.port), td(b.protocol),
        actions([link(b.allowHref, t('js.live.allow_this'), 'allow-this'),
          link(b.explainHref, t('js.live.why'), 'explain-this')])];
    });
    fill('talker-rows', v.talkers, 6, t('js.live.no_traffic'), function (r) {
      return [muted(r.host, r.known), codeTd(r.address), codeTd(r.mac), td(r.bytesOut + ' / ' + r.bytesIn, 'num'),
        td(r.bytes, 'num'), td(r.flows, 'num')];
    });
    fill('unknown-rows', v.unknown, 5, t('js.live.none'), function (u) {
      return [codeTd(u.mac), codeTd(u.address), td(u.bytes, 'num'), td(u.lastSeen),
        actions([link(u.addHref, t('js.live.add_host'), 'add-host')])];
    });
    document.getElementById('unknown-total').textContent = '(' + v.unknownTotal + ')';
  };
  ['flow-rows', 'blocked-rows', 'talker-rows', 'unknown-rows'].forEach(function (id) {
    var table = document.getElementById(id) && document.getElementById(id).closest('table');
    if (!table) {
      return;
    }
    table.addEventListener('mouseenter', function () { hovered[id] = true; });
    table.addEventListener('mouseleave', function () {
      hovered[id] = false;
      if (deferred[id]) {
        deferred[id]();
      }
    });
  });
  var source = new EventSource(live.dataset.stream);
  mode.textContent = t('js.live.connecting');
  // The stream sends the whole view first, then only what changed ('flows-delta'): changed fields whole, and
  // changed flow rows by index ('flowRows'). A reconnect starts again with a whole view.
  var current = null;
  source.addEventListener('flows', function (e) {
    var v;
    try {
      v = JSON.parse(e.data);
    } catch (x) {
      mode.textContent = t('js.live.unreadable');
      return;
    }
    current = v;
    render(v);
    mode.textContent = t('js.live.live');
  });
  source.addEventListener('flows-delta', function (e) {
    var d;
    try {
      d = JSON.parse(e.data);
    } catch (x) {
      mode.textContent = t('js.live.unreadable');
      return;
    }
    if (!current) {
      return;
    }
    Object.keys(d).forEach(function (k) {
      if (k === 'flowRows') {
        Object.keys(d.flowRows).forEach(function (i) {
          current.flows[Number(i)] = d.flowRows[i];
        });
      } else {
        current[k] = d[k];
      }
    });
    render(current);
    mode.textContent = t('js.live.live');
  });
  source.addEventListener('error', function () {
    // A closed stream is not retried by the browser (e.g. the session ended): say so rather than go stale.
    mode.textContent = source.readyState === EventSource.CLOSED
      ? t('js.live.stopped')
      : t('js.live.reconnecting');
  });
});

// Decisions inbox: the pending decisions pushed by /decisions/stream, drawn with DOM calls and textContent only
// (the values come from packets); each row's answer buttons are cloned from the page's <template>, which holds
// the session's CSRF token.
document.addEventListener('DOMContentLoaded', function () {
  var inbox = document.getElementById('inbox');
  if (!inbox || !inbox.dataset.stream || !window.EventSource) {
    return;
  }
  var mode = document.getElementById('inbox-mode');
  var actions = document.getElementById('inbox-actions');
  var unknownActions = document.getElementById('inbox-unknown-actions');
  var drawn = '';
  var cell = function (text, code) {
    var td = document.createElement('td');
    if (code) {
      var c = document.createElement('code');
      c.textContent = text;
      td.appendChild(c);
    } else {
      td.textContent = text;
    }
    return td;
  };
  var render = function (v) {
    document.getElementById('inbox-count').textContent = String(v.pending);
    document.getElementById('inbox-dropped').textContent = String(v.dropped);
    var badge = document.getElementById('nav-decisions-count');
    if (badge) {
      badge.textContent = String(v.pending);
    }
    var key = JSON.stringify(v.rows || []);
    if (key === drawn) {
      return;
    }
    drawn = key;
    var body = document.getElementById('inbox-rows');
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    (v.rows || []).forEach(function (r) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-id', String(r.id));
      tr.appendChild(cell(r.unknown ? t('js.decisions.unknown_device', r.mac === '' ? '?' : r.mac, r.destination)
        : r.host));
      tr.appendChild(cell(r.unknown ? '\u2014' : r.destination, true));
      tr.appendChild(cell(r.domain === '' ? '\u2014' : r.domain));
      tr.appendChild(cell(r.protocol));
      tr.appendChild(cell(String(r.port)));
      tr.appendChild(cell(r.firstSeen));
      tr.appendChild(cell(r.lastSeen));
      tr.appendChild(cell(String(r.hits)));
      var td = document.createElement('td');
      td.className = 'col-actions';
      var forms = (r.unknown ? unknownActions : actions).content.cloneNode(true);
      forms.querySelectorAll('form').forEach(function (f) {
        f.setAttribute('action', '/decisions/' + encodeURIComponent(String(r.id)) + '/' + f.dataset.choice);
      });
      forms.querySelectorAll('a[data-add-host]').forEach(function (a) {
        a.setAttribute('href', '/hosts/new?mac=' + encodeURIComponent(r.mac) + '&ip='
          + encodeURIComponent(r.destination) + '&name=' + encodeURIComponent('device-' + r.id));
      });
      td.appendChild(forms);
      tr.appendChild(td);
      body.appendChild(tr);
    });
    if (!v.rows || v.rows.length === 0) {
      var tr = document.createElement('tr');
      tr.className = 'empty-row';
      var c = cell(t('js.decisions.none'));
      c.className = 'empty';
      c.colSpan = 9;
      tr.appendChild(c);
      body.appendChild(tr);
    }
  };
  var source = new EventSource(inbox.dataset.stream);
  mode.textContent = t('js.live.connecting');
  source.addEventListener('decisions', function (e) {
    var v;
    try {
      v = JSON.parse(e.data);
    } catch (x) {
      mode.textContent = t('js.live.unreadable');
      return;
    }
    render(v);
    mode.textContent = t('js.live.live');
  });
  source.addEventListener('error', function () {
    mode.textContent = source.readyState === EventSource.CLOSED ? t('js.live.stopped') : t('js.live.reconnecting');
  });
});
