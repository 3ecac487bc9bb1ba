'use strict';
// The advisor console. Every text that comes from a newcomer or the catalogue is set with
// textContent, never as HTML. The bearer token lives in sessionStorage: closing the tab signs out.
(function () {
  const LANG_NAMES = { de: 'Deutsch', en: 'Englisch', uk: 'Ukrainisch', ru: 'Russisch', ar: 'Arabisch', fa: 'Farsi/Dari' };
  const RTL = ['ar', 'fa'];
  /** Outcomes as words, the same the admin page's report uses (public/staff/words.js). */
  const OUTCOME_WORDS = window.STAFF_WORDS.outcomes;
  const FEEDBACK_WORDS = { helpful: 'hilfreich', 'not-helpful': 'nicht hilfreich' };

  const STATUS_TITLES = { waiting: 'Wartend', active: 'Aktiv', callback: 'Rückrufe', closed: 'Abgeschlossen' };
  const $ = (id) => document.getElementById(id);
  const state = { token: sessionStorage.getItem('bl-token'), me: JSON.parse(sessionStorage.getItem('bl-me') || 'null'), status: 'waiting', open: null, known: new Set(), stream: null };
  const baseTitle = document.title;

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) node.append(child);
    return node;
  }

  async function api(method, url, body) {
    const res = await fetch(url, {
      method,
      headers: Object.assign({ authorization: 'Bearer ' + state.token }, body ? { 'content-type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status === 401) {
      signOut();
      throw new Error('Bitte neu anmelden.');
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) throw new Error((data && data.error && data.error.message) || 'Fehler ' + res.status);
    return data;
  }

  function minutes(seconds) {
    if (seconds < 60) return 'seit < 1 Min.';
    if (seconds < 3600) return 'seit ' + Math.floor(seconds / 60) + ' Min.';
    return 'seit ' + Math.floor(seconds / 3600) + ' Std.';
  }

  function langLabel(lang) {
    return (LANG_NAMES[lang] || lang) + ' (' + lang + ')';
  }

  function showLogin() {
    $('login-view').hidden = false;
    $('console-view').hidden = true;
    $('me').hidden = true;
  }

  function signOut() {
    if (state.token) fetch('/api/auth/logout', { method: 'POST', headers: { authorization: 'Bearer ' + state.token } }).catch(() => {});
    sessionStorage.removeItem('bl-token');
    sessionStorage.removeItem('bl-me');
    state.token = null;
    if (state.stream) state.stream.abort();
    showLogin();
  }

  async function start() {
    $('login-view').hidden = true;
    $('console-view').hidden = false;
    $('me').hidden = false;
    $('me-name').textContent = state.me.displayName + ' · ' + state.me.languages.map(langLabel).join(', ');
    await refresh();
    listen();
  }

  async function refresh() {
    const counts = {};
    for (const status of ['waiting', 'active', 'callback']) {
      const data = await api('GET', '/api/handoffs?status=' + status);
      counts[status] = data.total;
      if (status === 'waiting') data.items.forEach((h) => state.known.add(h.id));
      if (status === state.status) renderList(data.items);
    }
    if (state.status === 'closed') renderList((await api('GET', '/api/handoffs?status=closed')).items);
    for (const status of Object.keys(counts)) document.querySelector('[data-count="' + status + '"]').textContent = counts[status] ? String(counts[status]) : '';
    document.title = counts.waiting ? '(' + counts.waiting + ') ' + baseTitle : baseTitle;
  }

  function renderList(items) {
    $('list-title').textContent = STATUS_TITLES[state.status];
    const list = $('queue');
    list.replaceChildren();
    $('queue-empty').hidden = items.length > 0;
    $('queue-empty').textContent = state.status === 'waiting' ? 'Niemand wartet.' : 'Keine Einträge.';
    for (const h of items) {
      const meta = [langLabel(h.language), h.topicLabel || 'Thema offen', h.townName || 'Ort offen', minutes(h.waitingSeconds)];
      const li = el('li', { className: h.speaksLanguage ? 'mine' : '' }, [
        el('strong', { textContent: (h.speaksLanguage ? '★ ' : '') + langLabel(h.language) }),
        el('span', { className: 'meta', textContent: meta.slice(1).join(' · ') }),
      ]);
      li.dataset.id = h.id;
      if (h.contact) {
        const href = (h.contact.kind === 'email' ? 'mailto:' : 'tel:') + h.contact.value;
        li.append(el('a', { href, textContent: h.contact.value }));
      }
      if (h.status === 'closed') li.append(el('span', { className: 'meta', textContent: 'Ergebnis: ' + (OUTCOME_WORDS[h.outcome] || h.outcome || '–') + (h.feedback ? ' · Rückmeldung: ' + (FEEDBACK_WORDS[h.feedback] || h.feedback) : '') }));
      if (h.status === 'waiting') li.append(el('button', { type: 'button', textContent: 'Annehmen', onclick: () => accept(h.id) }));
      else li.append(el('button', { type: 'button', textContent: 'Öffnen', onclick: () => openChat(h.id) }));
      list.append(li);
    }
  }

  async function accept(id) {
    try {
      await api('POST', '/api/handoffs/' + id + '/accept');
      setStatus('active');
      await openChat(id);
    } catch (err) {
      alert(err.message);
      refresh();
    }
  }

  function line(m) {
    const who = { user: 'Person', advisor: 'Beratung', bot: 'Bot' }[m.from] || m.from;
    const li = el('li', { className: m.from }, [el('span', { className: 'who', textContent: who + ' · ' + new Date(m.at).toLocaleTimeString('de-DE') + (m.delivered === false ? ' · nicht zugestellt' : '') })]);
    // Each message in its own direction: Arabic and Farsi right to left, German left to right. On
    // the text itself, not the line, whose German label would otherwise decide it.
    const text = el('span', { className: 'text', textContent: m.text });
    text.dir = 'auto';
    li.append(text);
    if (m.original) li.append(el('span', { className: 'original', textContent: 'Deutsch: ' + m.original }));
    return li;
  }

  async function openChat(id) {
    const h = await api('GET', '/api/handoffs/' + id);
    state.open = h;
    $('chat').hidden = false;
    $('chat-error').textContent = '';
    const rows = [
      ['Sprache', langLabel(h.language)],
      ['Thema', h.topicLabel || 'offen'],
      ['Ort', h.townName || 'offen'],
      ['Status', STATUS_TITLES[h.status]],
      ['Seit', new Date(h.createdAt).toLocaleString('de-DE')],
    ];
    if (h.contact) rows.push(['Kontakt', h.contact.value]);
    $('chat-meta').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { textContent: k }), el('dd', { textContent: v })]));
    $('transcript').replaceChildren(...(h.consent ? h.transcript.map((t) => line({ from: t.from, text: t.text, at: t.at })) : [el('li', { textContent: 'Die Person hat der Weitergabe des bisherigen Chats nicht zugestimmt.' })]));
    $('messages').replaceChildren(...h.messages.map(line));
    $('messages').scrollTop = 1e9;
    const mine = h.status === 'active' && state.me && h.acceptedBy === state.me.id;
    $('send-form').hidden = !mine;
    $('phrases').hidden = !mine;
    // A chat the newcomer ended still wants its outcome from the advisor who had it.
    const leftByNewcomer = h.status === 'closed' && h.outcome === 'ended-by-newcomer' && state.me && h.acceptedBy === state.me.id;
    $('close-form').hidden = h.status === 'closed' && !leftByNewcomer;
    $('close-form').querySelector('button').textContent = leftByNewcomer ? 'Ergebnis speichern' : 'Gespräch beenden';
    if (leftByNewcomer) $('messages').append(el('li', { className: 'system', textContent: 'Die Person hat das Gespräch beendet. Bitte halten Sie das Ergebnis fest.' }));
    if (mine) await loadPhrases(h.language);
  }

  async function loadPhrases(lang) {
    const data = await api('GET', '/api/handoffs/phrases?lang=' + encodeURIComponent(lang));
    $('mt-note').textContent = data.machineTranslation
      ? 'Freitext wird maschinell übersetzt; das Original wird mitgeschickt.'
      : 'Keine maschinelle Übersetzung eingerichtet: schreiben Sie in einer Sprache, die die Person versteht, oder nutzen Sie die Textbausteine.';
    $('phrase-list').replaceChildren(
      ...data.items.map((p) => {
        const target = el('span', { className: 'target', textContent: p.text, lang, dir: RTL.includes(lang) ? 'rtl' : 'ltr' });
        return el('li', {}, [el('button', { type: 'button', onclick: () => send({ phrase: p.id }) }, [p.de, target])]);
      }),
    );
  }

  async function send(body) {
    if (!state.open) return;
    try {
      await api('POST', '/api/handoffs/' + state.open.id + '/messages', body);
      if (body.text) $('send-text').value = '';
    } catch (err) {
      $('chat-error').textContent = err.message;
    }
  }

  function setStatus(status) {
    state.status = status;
    document.querySelectorAll('nav button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.status === status)));
    refresh();
  }

  function beep() {
    try {
      const ctx = new AudioContext();
      const osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.2);
    } catch (_) {
      // No audio (muted tab, no user gesture yet): the title badge still shows it.
    }
  }

  // EventSource cannot send an Authorization header, so the stream is read with fetch.
  async function listen() {
    const controller = new AbortController();
    state.stream = controller;
    $('live').textContent = '● verbunden';
    try {
      const res = await fetch('/api/handoffs/events', { headers: { authorization: 'Bearer ' + state.token }, signal: controller.signal });
      if (res.status === 401) return signOut();
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(chunk);
          const data = /^data: (.*)$/m.exec(chunk);
          if (event && data) onEvent(event[1], JSON.parse(data[1]));
        }
      }
    } catch (err) {
      if (controller.signal.aborted) return;
    }
    // The server restarted or the network dropped: try again shortly, the state is in the database.
    $('live').textContent = '○ getrennt – verbinde neu …';
    if (state.token) setTimeout(() => listen().then(refresh), 2000);
  }

  function onEvent(type, data) {
    if (type === 'signedOut') {
      // The session ended (signed out elsewhere, expired, account changed): sign in again.
      signOut();
    } else if (type === 'handoff') {
      if (data.status === 'waiting' && !state.known.has(data.id)) {
        state.known.add(data.id);
        beep();
      }
      if (state.open && state.open.id === data.id) openChat(data.id);
      refresh();
    } else if (type === 'message' && state.open && state.open.id === data.handoffId) {
      $('messages').append(line(data.message));
      $('messages').scrollTop = 1e9;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const form = new FormData(e.target);
      $('login-error').textContent = '';
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
      });
      const data = await res.json().catch(() => null);
      if (!res.ok) {
        $('login-error').textContent = (data && data.error && data.error.message) || 'Anmeldung fehlgeschlagen.';
        return;
      }
      if (data.role !== 'advisor') {
        $('login-error').textContent = 'Dieses Konto ist kein Beratungskonto.';
        return;
      }
      state.token = data.token;
      state.me = data.user;
      sessionStorage.setItem('bl-token', data.token);
      sessionStorage.setItem('bl-me', JSON.stringify(data.user));
      start();
    });
    $('logout').addEventListener('click', signOut);
    document.querySelectorAll('nav button').forEach((b) => b.addEventListener('click', () => setStatus(b.dataset.status)));
    $('send-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const text = $('send-text').value.trim();
      if (text) send({ text });
    });
    $('send-text').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        $('send-form').requestSubmit();
      }
    });
    $('close-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!state.open) return;
      try {
        await api('POST', '/api/handoffs/' + state.open.id + '/close', { outcome: new FormData(e.target).get('outcome') });
        await openChat(state.open.id);
        refresh();
      } catch (err) {
        $('chat-error').textContent = err.message;
      }
    });
    $('erase').addEventListener('click', async () => {
      if (!state.open || !confirm('Alles löschen, was über diese Person gespeichert ist (Chat, Einstellungen, Beratungsgespräche, Rückrufkontakt)?')) return;
      try {
        const data = await api('POST', '/api/handoffs/' + state.open.id + '/erase');
        const e = data.erased;
        $('chat-error').textContent = 'Gelöscht: ' + e.conversations + ' Chats (' + e.messages + ' Nachrichten), ' + e.handoffs + ' Beratungsgespräche (' + e.handoffMessages + ' Nachrichten), ' + e.contacts + ' Rückrufkontakte.';
        state.open = null;
        $('send-form').hidden = true;
        refresh();
      } catch (err) {
        $('chat-error').textContent = err.message;
      }
    });
    if (state.token && state.me) start().catch(showLogin);
    else showLogin();
  });
})();
