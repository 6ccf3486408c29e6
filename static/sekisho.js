// Small progressive enhancements; every page works without this file.
'use strict';
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
        ports.placeholder = 'not used with ' + v;
      } else {
        ports.placeholder = '443 or 8000-8080';
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
      status.textContent = 'Not confirmed in time: the previous ruleset is being restored.';
      setTimeout(function () { window.location.href = '/'; }, 3000);
      return;
    }
    status.textContent = 'Confirming… ' + left + ' seconds left.';
    fetch('/apply/confirm', {
      method: 'POST', body: body, cache: 'no-store', credentials: 'same-origin',
      headers: { 'X-Requested-With': 'fetch' }
    }).then(function (r) {
      if (r.status === 200) {
        status.textContent = 'Confirmed: the new ruleset stays.';
        window.location.href = '/ruleset';
      } else if (r.status === 409) {
        setTimeout(attempt, 250);
      } else if (r.status === 410) {
        window.location.href = '/';
      } else {
        status.textContent = 'The confirmation was refused (' + r.status + ').';
      }
    }).catch(function () {
      setTimeout(attempt, 2000);
    });
  };
  attempt();
});
