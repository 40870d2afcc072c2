// Drives a BN Lab iframe with its messages (protocol 1, docs/EMBEDDING.md):
// send(method, args) posts a command with a fresh id to the frame, at BN
// Lab's origin only, and resolves with the reply; events (ready, status,
// resize) are logged and the frame follows the height the widget asks for.
(function () {
  var frame = document.getElementById('bnlab');
  var src = frame.getAttribute('data-src');
  // Keys in this page's own hash are added to the widget's (a playground).
  var extra = window.location.hash.replace(/^#/, '');
  frame.src = src + (extra ? '&' + extra : '');
  var BNLAB_ORIGIN = new URL(src).origin;

  var log = document.getElementById('log');
  var nextId = 1;
  var waiting = {};
  var host = { events: [], replies: [], origin: BNLAB_ORIGIN };
  window.bnlabHost = host;

  function write(text) {
    log.textContent += text + '\n';
    log.scrollTop = log.scrollHeight;
  }

  host.send = function (method, args) {
    var id = 'c' + nextId++;
    frame.contentWindow.postMessage({ bnlab: 1, type: 'command', id: id, method: method, args: args || [] }, BNLAB_ORIGIN);
    write('→ ' + method + ' ' + JSON.stringify(args || []));
    return new Promise(function (resolve) { waiting[id] = resolve; });
  };

  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== BNLAB_ORIGIN) return;
    var m = event.data;
    if (!m || m.bnlab !== 1) return;
    if (m.type === 'reply') {
      host.replies.push(m);
      write('← ' + (m.ok ? 'ok' : 'error: ' + m.error));
      if (waiting[m.id]) { waiting[m.id](m); delete waiting[m.id]; }
      return;
    }
    host.events.push(m);
    if (m.type === 'resize') frame.height = String(Math.ceil(m.height));
    if (m.type === 'ready') write('ready: ' + m.preset);
    if (m.type === 'status' && m.reason !== 'progress') write('status (' + m.reason + '): step ' + m.status.step);
  });

  var buttons = document.querySelectorAll('button[data-method]');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', function (event) {
      var b = event.currentTarget;
      host.send(b.getAttribute('data-method'), JSON.parse(b.getAttribute('data-args') || '[]'));
    });
  }
  document.getElementById('preset').addEventListener('change', function (event) {
    host.send('openPreset', [event.currentTarget.value]);
  });
  document.getElementById('set-rate').addEventListener('click', function () {
    host.send('set', [{ 'train.learning_rate': Number(document.getElementById('learning-rate').value) }]);
  });
})();
