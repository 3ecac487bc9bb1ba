'use strict';
// The catalogue admin: coordinators edit the catalogue and review the providers' proposals;
// provider accounts get a reduced page for their own offers and entry, whose changes are
// proposals. Every text that comes from the server (titles, names, questions, error messages)
// is set with textContent, never as HTML. The bearer token lives in sessionStorage: closing the
// tab signs out.
(function () {
  const LANGS = ['de', 'en', 'uk', 'ru', 'ar', 'fa'];
  const LANG_NAMES = { de: 'Deutsch', en: 'Englisch', uk: 'Ukrainisch', ru: 'Russisch', ar: 'Arabisch', fa: 'Farsi/Dari' };
  const RTL = ['ar', 'fa'];
  const CATEGORIES = [
    ['integration-course', 'Integrationskurs'],
    ['job-language-course', 'Berufssprachkurs'],
    ['german-course', 'Deutschkurs'],
    ['language-meetup', 'Sprachtreff'],
    ['literacy', 'Alphabetisierung'],
    ['school', 'Schule'],
    ['vocational-training', 'Ausbildung'],
    ['university', 'Hochschule'],
    ['recognition', 'Anerkennung'],
    ['counselling', 'Beratung'],
    ['childcare', 'Kinderbetreuung'],
    ['work', 'Arbeit'],
    ['adult-education', 'Erwachsenenbildung'],
  ];
  const CATEGORY_NAMES = Object.fromEntries(CATEGORIES);
  const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'].map((l) => [l, l]);
  // The audiences of src/catalogue/types.ts with their German labels (data/locales/de.json).
  const AUDIENCES = [
    ['young-children', 'Kinder bis 6 Jahre'],
    ['primary-pupils', 'Grundschulkinder (6–10 Jahre)'],
    ['pupils', 'Schulkinder (6–18 Jahre)'],
    ['youth', 'junge Menschen (12–26 Jahre)'],
    ['adults', 'Erwachsene ab 27'],
    ['parents', 'Eltern'],
    ['women', 'Frauen'],
    ['asylum-seekers', 'Asylsuchende'],
    ['refugees', 'anerkannte Geflüchtete'],
    ['ukrainians', 'Menschen aus der Ukraine'],
    ['eu-citizens', 'EU-Bürgerinnen und -Bürger'],
    ['non-literate', 'Menschen, die lesen und schreiben lernen'],
    ['jobseekers', 'Arbeitsuchende'],
    ['employed', 'Berufstätige'],
    ['academics', 'Akademikerinnen und Akademiker'],
  ];
  const KIND_NAMES = { offers: 'Angebote', providers: 'Anbieter', answers: 'Antworten' };
  const ONE = { offers: 'Angebot', providers: 'Anbieter', answers: 'Antwort' };
  const PAGE = 50;
  const SAVED = 'Gespeichert. Der Bot verwendet die Änderung sofort.';
  const PROPOSED = 'Vorschlag gespeichert. Er wird sichtbar, sobald die Koordination ihn freigibt.';
  const STATUS_NAMES = { pending: 'offen', approved: 'freigegeben', rejected: 'abgelehnt', superseded: 'ersetzt' };
  /** The tabs of each role; the first is where the page opens. */
  const ROLE_VIEWS = {
    coordinator: ['offers', 'providers', 'answers', 'proposals', 'review', 'import', 'unanswered', 'report'],
    provider: ['mine', 'entry', 'myproposals'],
  };
  const TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', json: 'application/json' };
  const TOKEN_KEY = 'bl-admin-token';
  const ME_KEY = 'bl-admin-me';

  const $ = (id) => document.getElementById(id);
  const state = {
    token: sessionStorage.getItem(TOKEN_KEY),
    me: JSON.parse(sessionStorage.getItem(ME_KEY) || 'null'),
    view: 'offers',
    lists: {
      offers: { offset: 0, filters: {}, seq: 0 },
      providers: { offset: 0, filters: {}, seq: 0 },
      answers: { offset: 0, filters: {}, seq: 0 },
    },
    providerNames: new Map(),
    importPlan: null,
    pendingUnanswered: null,
    report: { seq: 0, query: '' },
    proposals: { seq: 0 },
    provider: { id: null, name: '', offers: [], proposals: [], seq: 0 },
  };
  const roleOf = () => (state.me && state.me.role) || 'coordinator';
  let uid = 0;
  const nextId = (prefix) => prefix + '-' + ++uid;

  /** Creates an element; keys with a dash (aria-*, data-*) and `for`/`list`/`role` become attributes. */
  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key.includes('-') || key === 'list' || key === 'role') node.setAttribute(key, String(value));
      else node[key] = value;
    }
    for (const child of children || []) if (child !== null && child !== undefined && child !== false) node.append(child);
    return node;
  }

  function langAttrs(lang) {
    return RTL.includes(lang) ? { lang, dir: 'rtl' } : { lang, dir: 'ltr' };
  }

  /** Rows for a textarea: enough for its text, between 2 and 10. */
  const rowsFor = (text) => Math.max(2, Math.min(10, String(text || '').split('\n').reduce((n, line) => n + 1 + Math.floor(line.length / 90), 0) + 1));
  const langLabel = (lang) => (LANG_NAMES[lang] || lang) + ' (' + lang + ')';
  const categoryLabel = (id) => CATEGORY_NAMES[id] || id;
  const date = (iso) => (iso ? new Date(iso).toLocaleString('de-DE', { dateStyle: 'medium', timeStyle: 'short' }) : 'nie');

  // ---------------------------------------------------------------- API

  const GERMAN = {
    invalidJson: 'Die Anfrage war kein gültiges JSON.',
    badRequest: 'Die Anfrage konnte nicht verarbeitet werden.',
    methodNotAllowed: 'Diese Aktion ist hier nicht erlaubt.',
    tooManyRequests: 'Zu viele Anfragen. Bitte kurz warten.',
    internal: 'Auf dem Server ist ein Fehler aufgetreten.',
    forbidden: 'Dieses Konto darf den Katalog nicht bearbeiten.',
    unsupportedMediaType: 'Dieses Format nimmt der Server nicht an.',
  };

  function apiError(status, data) {
    const e = (data && data.error) || {};
    let message = e.message;
    if (GERMAN[e.code] || !message) message = GERMAN[e.code] || 'Fehler ' + status + '.';
    if (status === 404 && e.message === 'No such route.') message = 'Diese Funktion gibt es auf dem Server noch nicht.';
    const err = new Error(message);
    err.status = status;
    err.code = e.code;
    err.rows = Array.isArray(e.rows) ? e.rows : null;
    return err;
  }

  /** JSON in, JSON out; `raw` sends bytes with their own content type (imports). */
  async function api(method, url, body, raw) {
    const headers = { authorization: 'Bearer ' + state.token };
    let payload;
    if (raw) {
      headers['content-type'] = raw.type;
      payload = raw.body;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(url, { method, headers, body: payload });
    if (res.status === 401) {
      signOut('Die Sitzung ist abgelaufen. Bitte neu anmelden.');
      throw apiError(401, { error: { message: 'Bitte neu anmelden.' } });
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) throw apiError(res.status, data);
    return data;
  }

  /** Downloads need the bearer header, so they are fetched and handed to the browser as a Blob. */
  async function download(url, status, fallbackName) {
    status.textContent = 'Wird heruntergeladen …';
    try {
      const res = await fetch(url, { headers: { authorization: 'Bearer ' + state.token } });
      if (res.status === 401) return signOut('Die Sitzung ist abgelaufen. Bitte neu anmelden.');
      if (!res.ok) throw apiError(res.status, await res.json().catch(() => null));
      const blob = await res.blob();
      const match = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '');
      const name = match ? match[1] : fallbackName || 'katalog';
      const href = URL.createObjectURL(blob);
      const a = el('a', { href, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 30000);
      status.textContent = 'Heruntergeladen: ' + name;
    } catch (err) {
      status.textContent = err.message;
    }
  }

  // ---------------------------------------------------------------- sign-in

  function showLogin(message) {
    $('login-view').hidden = false;
    $('admin-view').hidden = true;
    $('me').hidden = true;
    $('login-error').textContent = message || '';
  }

  function signOut(message) {
    if (state.token) fetch('/api/auth/logout', { method: 'POST', headers: { authorization: 'Bearer ' + state.token } }).catch(() => {});
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(ME_KEY);
    state.token = null;
    state.me = null;
    showLogin(typeof message === 'string' ? message : '');
  }

  async function login(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    $('login-error').textContent = '';
    let res;
    try {
      res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
      });
    } catch (_) {
      $('login-error').textContent = 'Der Server ist nicht erreichbar.';
      return;
    }
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      $('login-error').textContent =
        res.status === 401 ? 'Benutzername oder Passwort ist falsch.' : res.status === 429 ? 'Zu viele Fehlversuche. Bitte warten Sie einige Minuten.' : 'Anmeldung fehlgeschlagen.';
      return;
    }
    if (data.role !== 'coordinator' && data.role !== 'provider') {
      fetch('/api/auth/logout', { method: 'POST', headers: { authorization: 'Bearer ' + data.token } }).catch(() => {});
      $('login-error').textContent = 'Dieses Konto ist kein Koordinationskonto.';
      return;
    }
    state.token = data.token;
    state.me = Object.assign({}, data.user, { role: data.role });
    sessionStorage.setItem(TOKEN_KEY, data.token);
    sessionStorage.setItem(ME_KEY, JSON.stringify(state.me));
    e.target.reset();
    start();
  }

  /** Shows only the tabs of the signed-in role and forgets what another account left on the page. */
  function applyRole(role) {
    const views = ROLE_VIEWS[role];
    document.querySelectorAll('nav button').forEach((b) => (b.hidden = !views.includes(b.dataset.view)));
    for (const kind of Object.keys(state.lists)) closeEditor(kind);
    closeMineEditor();
    $('entry-editor').replaceChildren();
    $('mine-rows').replaceChildren();
    $('proposals-list').replaceChildren();
    $('myproposals-list').replaceChildren();
    if (!views.includes(state.view)) state.view = views[0];
  }

  async function start() {
    const role = roleOf();
    $('login-view').hidden = true;
    $('admin-view').hidden = false;
    $('me').hidden = false;
    $('me-name').textContent = state.me.displayName || state.me.username;
    applyRole(role);
    try {
      if (role === 'provider') await loadProviderLookups();
      else await loadLookups();
    } catch (err) {
      if (err.status === 403) signOut(role === 'provider' ? 'Dieses Konto ist kein Anbieterkonto.' : 'Dieses Konto ist kein Koordinationskonto.');
      else if (err.status !== 401) flash(err.message);
      return;
    }
    if (role === 'coordinator') refreshProposalCount();
    setView(state.view);
  }

  function flash(text) {
    $('flash').textContent = text;
  }

  // ---------------------------------------------------------------- lookups (datalists)

  /** Towns, providers and answer ids for the datalists; towns come from the data itself. */
  async function loadLookups() {
    const [offers, providers, answers] = await Promise.all([
      api('GET', '/api/catalogue/offers?limit=500'),
      api('GET', '/api/catalogue/providers?limit=500'),
      api('GET', '/api/catalogue/answers?limit=500'),
    ]);
    const towns = new Set();
    for (const o of offers.items) towns.add(o.town);
    for (const p of providers.items) towns.add(p.town);
    $('dl-towns').replaceChildren(...[...towns].sort().map((t) => el('option', { value: t })));
    state.providerNames = new Map(providers.items.map((p) => [p.id, p.name]));
    $('dl-providers').replaceChildren(...providers.items.map((p) => el('option', { value: p.id, label: p.name })));
    $('dl-answers').replaceChildren(...answers.items.map((a) => el('option', { value: a.id, label: ((a.questions && a.questions.de) || [])[0] || '' })));
  }

  // ---------------------------------------------------------------- views

  function setView(view) {
    state.view = view;
    document.querySelectorAll('nav button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.view === view)));
    document.querySelectorAll('.view').forEach((s) => (s.hidden = s.id !== 'view-' + view));
    flash('');
    if (roleOf() === 'coordinator' && view !== 'proposals') refreshProposalCount();
    if (view in state.lists) {
      if ($(view + '-editor').hidden) loadList(view);
    } else if (view === 'review') loadReview();
    else if (view === 'unanswered') loadUnanswered();
    else if (view === 'report') loadReport();
    else if (view === 'proposals') loadProposals();
    else if (view === 'mine') {
      if ($('mine-editor').hidden) loadMine();
    } else if (view === 'entry') loadEntry();
    else if (view === 'myproposals') loadMyProposals();
  }

  // ---------------------------------------------------------------- lists

  function badge(text, kind) {
    return el('span', { className: 'badge ' + (kind || ''), textContent: text });
  }

  function offerBadges(o) {
    const out = [];
    const r = o.review || {};
    if (r.expired) out.push(badge('abgelaufen', 'warn'));
    if (r.unconfirmed) out.push(badge('nicht bestätigt', 'warn'));
    const t = Object.values(r.translations || {});
    const missing = t.filter((s) => s === 'missing').length;
    const outdated = t.filter((s) => s === 'outdated').length;
    if (missing) out.push(badge('Übersetzung fehlt: ' + missing));
    if (outdated) out.push(badge('veraltet: ' + outdated));
    if (o.sample) out.push(badge('Beispieldaten'));
    return out;
  }

  const COLUMNS = {
    offers: (o) => [
      openButton('offers', o.id, (o.title && o.title.de) || o.id),
      el('span', { className: 'id', textContent: o.id }),
      o.town,
      state.providerNames.get(o.providerId) || o.providerId,
      o.status === 'inactive' ? 'inaktiv' : 'aktiv',
      el('span', { className: 'badges' }, offerBadges(o)),
    ],
    providers: (p) => [openButton('providers', p.id, p.name || p.id), el('span', { className: 'id', textContent: p.id }), p.town, p.type || '', p.counselling ? 'ja' : 'nein'],
    answers: (a) => [
      openButton('answers', a.id, a.id),
      categoryLabel(a.category),
      ((a.questions && a.questions.de) || [])[0] || '',
      LANGS.filter((l) => a.answer && a.answer[l]).join(', '),
    ],
  };

  function openButton(kind, id, text) {
    return el('button', { type: 'button', className: 'link', textContent: text, onclick: () => openEditor(kind, id) });
  }

  function readFilters(kind) {
    const filters = {};
    for (const [key, value] of new FormData($(kind + '-filters')).entries()) {
      let v = String(value).trim();
      if (key === 'town' || key === 'provider') v = v.toLowerCase();
      if (v) filters[key] = v;
    }
    return filters;
  }

  async function loadList(kind) {
    const s = state.lists[kind];
    const params = new URLSearchParams(s.filters);
    params.set('offset', String(s.offset));
    params.set('limit', String(PAGE));
    const seq = ++s.seq;
    $(kind + '-total').textContent = 'Wird geladen …';
    let data;
    try {
      data = await api('GET', '/api/catalogue/' + kind + '?' + params);
    } catch (err) {
      if (seq === s.seq) $(kind + '-total').textContent = err.message;
      return;
    }
    if (seq !== s.seq) return;
    const rows = data.items.map((item) => el('tr', {}, COLUMNS[kind](item).map((cell, i) => el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, [cell]))));
    $(kind + '-rows').replaceChildren(...rows);
    $(kind + '-total').textContent = data.total
      ? KIND_NAMES[kind] + ' ' + (s.offset + 1) + '–' + Math.min(s.offset + PAGE, data.total) + ' von ' + data.total
      : 'Keine Einträge gefunden.';
    $(kind + '-prev').disabled = s.offset === 0;
    $(kind + '-next').disabled = s.offset + PAGE >= data.total;
  }

  function showOfferList(filters) {
    const form = $('offers-filters');
    form.reset();
    for (const [key, value] of Object.entries(filters)) form.elements[key].value = value;
    state.lists.offers.filters = readFilters('offers');
    state.lists.offers.offset = 0;
    closeEditor('offers');
    setView('offers');
  }

  // ---------------------------------------------------------------- forms

  const OFFER_FIELDS = [
    { name: 'id', label: 'ID', type: 'id' },
    { name: 'status', label: 'Status', type: 'select', options: [['active', 'aktiv (für Neuzugewanderte sichtbar)'], ['inactive', 'inaktiv (ausgeblendet)']] },
    { name: 'categories', label: 'Themen', type: 'checks', options: CATEGORIES },
    { name: 'town', label: 'Ort (ID)', type: 'text', list: 'dl-towns', hint: 'Orts-ID, z. B. freiberg, doebeln, mittweida' },
    { name: 'providerId', label: 'Anbieter (ID)', type: 'text', list: 'dl-providers', hint: 'Anbieter-ID, z. B. p-vhs-dl' },
    { name: 'title', label: 'Titel', type: 'loc' },
    { name: 'summary', label: 'Beschreibung', type: 'loctext' },
    { name: 'address', label: 'Adresse', type: 'text' },
    { name: 'schedule', label: 'Termine und Zeiten', type: 'text', hint: 'So schreiben, wie es der Bot in jede Sprache übersetzen kann: z. B. „Beispiel: Start 19.04.2027, Mo–Fr 09:00–12:15, 400 UE“, „Di+Do 18:00–19:30, 12 Termine“, „1. Dienstag im Monat 09:00–12:00“, „nach Vereinbarung“. Was er nicht lesen kann, wird zum deutschen Hinweis.' },
    { name: 'scheduleNote', label: 'Hinweis zu den Zeiten', type: 'loc' },
    { name: 'cost', label: 'Kosten', type: 'text', hint: 'z. B. „kostenlos“, „60 €“, „2.900 € pro Semester“, „2,29 €/UE bzw. kostenfrei mit Kostenbefreiung“; Anmerkungen in Klammern und längere Regeln werden zum Hinweis.' },
    { name: 'costNote', label: 'Hinweis zu den Kosten', type: 'loc' },
    { name: 'free', label: 'kostenlos', type: 'bool' },
    { name: 'levels', label: 'Sprachniveaus', type: 'checks', options: LEVELS },
    { name: 'childcare', label: 'mit Kinderbetreuung', type: 'bool' },
    { name: 'womenOnly', label: 'nur für Frauen', type: 'bool' },
    { name: 'evening', label: 'abends', type: 'bool' },
    { name: 'mode', label: 'Form', type: 'select', options: [['onsite', 'vor Ort'], ['online', 'online'], ['phone', 'telefonisch']] },
    { name: 'instructionLanguages', label: 'Unterrichtssprachen', type: 'list', hint: 'Kürzel mit Komma getrennt, z. B. de, en, uk' },
    { name: 'audiences', label: 'Für wen (Zielgruppen)', type: 'checks', options: AUDIENCES },
    { name: 'targetGroup', label: 'Zielgruppe (weitere Angaben)', type: 'loctext' },
    { name: 'contact', label: 'Kontakt', type: 'loctext' },
    { name: 'url', label: 'Internetadresse', type: 'nullable', hint: 'mit http:// oder https://' },
    { name: 'validUntil', label: 'Gültig bis', type: 'nullable', input: 'date', hint: 'leer = unbegrenzt; danach blendet der Bot das Angebot aus' },
    { name: 'sample', label: 'Beispieldaten (nicht geprüft)', type: 'bool' },
    { name: 'source', label: 'Quelle und Notizen', type: 'textarea' },
  ];
  const PROVIDER_FIELDS = [
    { name: 'id', label: 'ID', type: 'id' },
    { name: 'name', label: 'Name', type: 'text' },
    { name: 'type', label: 'Art', type: 'text', hint: 'z. B. Volkshochschule, Verein, Behörde' },
    { name: 'town', label: 'Ort (ID)', type: 'text', list: 'dl-towns', hint: 'Orts-ID, z. B. freiberg, doebeln, mittweida' },
    { name: 'address', label: 'Adresse', type: 'text' },
    { name: 'phone', label: 'Telefon', type: 'nullable' },
    { name: 'email', label: 'E-Mail', type: 'nullable' },
    { name: 'website', label: 'Internetadresse', type: 'nullable', hint: 'mit http:// oder https://' },
    { name: 'description', label: 'Beschreibung', type: 'loctext' },
    { name: 'counselling', label: 'bietet Beratung an', type: 'bool' },
    { name: 'source', label: 'Quelle und Notizen', type: 'textarea' },
  ];
  const ANSWER_FIELDS = [
    { name: 'id', label: 'ID', type: 'id' },
    { name: 'category', label: 'Thema', type: 'select', options: CATEGORIES },
    { name: 'questions', label: 'Fragen (eine Formulierung pro Zeile)', short: 'Fragen', type: 'loclines' },
    { name: 'answer', label: 'Antwort', type: 'loctext' },
    { name: 'followUps', label: 'Folgefragen (Antwort-IDs)', type: 'list', list: 'dl-answers', hint: 'IDs mit Komma getrennt, z. B. a-ik-what, a-ik-cost' },
    { name: 'source', label: 'Quelle und Notizen', type: 'textarea' },
  ];
  const FIELDS = { offers: OFFER_FIELDS, providers: PROVIDER_FIELDS, answers: ANSWER_FIELDS };
  const DEFAULTS = {
    offers: () => ({ status: 'active', categories: [], title: {}, summary: {}, scheduleNote: {}, costNote: {}, targetGroup: {}, contact: {}, mode: 'onsite', instructionLanguages: ['de'], levels: [], audiences: [] }),
    providers: () => ({ description: {} }),
    answers: () => ({ category: 'integration-course', questions: {}, answer: {}, followUps: [] }),
  };

  /**
   * Builds the fields of one record. Returns the controls keyed by the API's field path
   * ("title.de", "validUntil"), so the server's messages land next to the right input.
   */
  function buildFields(fields, record, isNew, lock) {
    const nodes = [];
    const targets = new Map();
    const readers = [];

    function describe(input, hint, err) {
      input.setAttribute('aria-describedby', [hint && hint.id, err.id].filter(Boolean).join(' '));
    }
    function errorNode() {
      return el('p', { className: 'field-error', id: nextId('err') });
    }
    function hintNode(text) {
      return text ? el('p', { className: 'hint', id: nextId('hint'), textContent: text }) : null;
    }
    function simple(f, input, label) {
      const hint = hintNode(f.hint);
      const err = errorNode();
      input.id = nextId('f');
      describe(input, hint, err);
      targets.set(f.name, { input, err, label: label || f.label });
      return el('div', { className: 'field' }, [el('label', { htmlFor: input.id, textContent: f.label }), hint, input, err]);
    }

    for (const f of fields) {
      const value = record[f.name];
      if (f.type === 'id') {
        const input = el('input', { name: 'id', value: value || '', maxLength: 64, autocomplete: 'off', readOnly: !isNew, spellcheck: false });
        nodes.push(simple({ ...f, hint: isNew ? 'Kleinbuchstaben, Ziffern und Bindestriche, z. B. vhs-deutsch-a1' : 'Die ID kann nicht geändert werden.' }, input));
        readers.push((out) => (out.id = input.value.trim()));
      } else if (f.type === 'text' || f.type === 'nullable' || f.type === 'list') {
        const shown = f.type === 'list' ? (value || []).join(', ') : value || '';
        const locked = lock && f.name in lock;
        const input = el('input', {
          name: f.name,
          value: shown,
          type: f.input || 'text',
          autocomplete: 'off',
          list: f.list && f.type !== 'list' && !locked ? f.list : undefined,
          readOnly: locked,
        });
        nodes.push(simple(locked ? { ...f, hint: lock[f.name] } : f, input));
        if (f.type === 'text') readers.push((out) => (out[f.name] = input.value));
        if (f.type === 'nullable') readers.push((out) => (out[f.name] = input.value.trim() || null));
        if (f.type === 'list') readers.push((out) => (out[f.name] = input.value.split(/[,;\s]+/).filter(Boolean)));
      } else if (f.type === 'textarea') {
        const input = el('textarea', { name: f.name, value: value || '', rows: rowsFor(value) });
        nodes.push(simple(f, input));
        readers.push((out) => (out[f.name] = input.value));
      } else if (f.type === 'select') {
        const input = el('select', { name: f.name }, f.options.map(([v, text]) => el('option', { value: v, textContent: text })));
        if (value) input.value = value;
        nodes.push(simple(f, input));
        readers.push((out) => (out[f.name] = input.value));
      } else if (f.type === 'bool') {
        const input = el('input', { type: 'checkbox', name: f.name, checked: Boolean(value), id: nextId('f') });
        const err = errorNode();
        describe(input, null, err);
        targets.set(f.name, { input, err, label: f.label });
        nodes.push(el('div', { className: 'field check' }, [el('label', {}, [input, ' ' + f.label]), err]));
        readers.push((out) => (out[f.name] = input.checked));
      } else if (f.type === 'checks') {
        const err = errorNode();
        const boxes = f.options.map(([v, text]) => {
          const input = el('input', { type: 'checkbox', name: f.name, value: v, checked: (value || []).includes(v) });
          return { input, label: el('label', {}, [input, ' ' + text]) };
        });
        const set = el('fieldset', { className: 'field checks', 'aria-describedby': err.id }, [el('legend', { textContent: f.label }), el('div', { className: 'options' }, boxes.map((b) => b.label)), err]);
        targets.set(f.name, { input: boxes[0].input, err, label: f.label, group: set });
        nodes.push(set);
        readers.push((out) => (out[f.name] = boxes.filter((b) => b.input.checked).map((b) => b.input.value)));
      } else if (f.type === 'loc' || f.type === 'loctext' || f.type === 'loclines') {
        const err = errorNode();
        const inputs = {};
        const rows = LANGS.map((lang) => {
          const current = value && value[lang];
          const shown = f.type === 'loclines' ? (current || []).join('\n') : current || '';
          const input =
            f.type === 'loc'
              ? el('input', { name: f.name + '.' + lang, value: shown, id: nextId('f'), ...langAttrs(lang) })
              : el('textarea', { name: f.name + '.' + lang, value: shown, rows: rowsFor(shown), id: nextId('f'), ...langAttrs(lang) });
          const langErr = errorNode();
          describe(input, null, langErr);
          inputs[lang] = input;
          const short = f.short || f.label;
          targets.set(f.name + '.' + lang, { input, err: langErr, label: short + ' – ' + LANG_NAMES[lang] });
          // The visible label names the language; the hidden part tells screen readers which field.
          return el('div', { className: 'field lang-field' }, [
            el('label', { htmlFor: input.id }, [el('span', { className: 'sr-only', textContent: short + ' – ' }), langLabel(lang)]),
            input,
            langErr,
          ]);
        });
        const set = el('fieldset', { className: 'field langs' }, [el('legend', { textContent: f.label }), ...rows, err]);
        targets.set(f.name, { input: inputs.de, err, label: f.short || f.label });
        nodes.push(set);
        readers.push((out) => {
          const result = {};
          for (const lang of LANGS) {
            if (f.type === 'loclines') {
              const lines = inputs[lang].value.split('\n').map((l) => l.trim()).filter(Boolean);
              if (lines.length) result[lang] = lines;
            } else if (inputs[lang].value.trim()) result[lang] = inputs[lang].value;
          }
          out[f.name] = result;
        });
      }
    }
    return {
      nodes,
      targets,
      read() {
        const out = {};
        for (const r of readers) r(out);
        return out;
      },
    };
  }

  /** The control for a field path: "title.de" → title.de; "categories.0" → categories. */
  function findTarget(targets, path) {
    const parts = String(path || '').split('.');
    while (parts.length) {
      const hit = targets.get(parts.join('.'));
      if (hit) return hit;
      parts.pop();
    }
    return null;
  }

  function clearErrors(editor) {
    editor.summary.replaceChildren();
    editor.summary.hidden = true;
    for (const t of editor.fields.targets.values()) {
      t.err.textContent = '';
      t.input.removeAttribute('aria-invalid');
    }
  }

  function showErrors(editor, message, rows, prefix) {
    const items = [];
    for (const row of rows || []) {
      const target = findTarget(editor.fields.targets, row.field);
      if (target) {
        target.err.textContent = (target.err.textContent ? target.err.textContent + ' ' : '') + row.message;
        target.input.setAttribute('aria-invalid', 'true');
      }
      const link = el('a', {
        href: '#' + (target ? target.input.id : ''),
        textContent: (target ? target.label : row.field) + ': ' + row.message,
        onclick: (e) => {
          e.preventDefault();
          if (target) target.input.focus();
        },
      });
      items.push(el('li', {}, [link]));
    }
    editor.summary.replaceChildren(el('p', { className: 'error', textContent: (prefix || 'Nicht gespeichert: ') + message }));
    if (items.length) editor.summary.append(el('ul', {}, items));
    editor.summary.hidden = false;
  }

  function closeEditor(kind) {
    if (kind === 'answers') state.pendingUnanswered = null;
    $(kind + '-editor').hidden = true;
    $(kind + '-editor').replaceChildren();
    $(kind + '-list').hidden = false;
  }

  async function openEditor(kind, id, preset) {
    if (state.view !== kind) {
      state.view = kind;
      document.querySelectorAll('nav button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.view === kind)));
      document.querySelectorAll('.view').forEach((s) => (s.hidden = s.id !== 'view-' + kind));
    }
    flash('');
    let record;
    if (id) {
      try {
        record = await api('GET', '/api/catalogue/' + kind + '/' + encodeURIComponent(id));
      } catch (err) {
        flash(err.message);
        return null;
      }
    } else {
      record = Object.assign(DEFAULTS[kind](), preset || {});
    }
    return renderEditor(kind, record, !id);
  }

  function renderEditor(kind, record, isNew) {
    const container = $(kind + '-editor');
    const base = Object.assign({}, record);
    delete base.review;
    const fields = buildFields(FIELDS[kind], record, isNew);
    const heading = el('h2', { tabIndex: -1, textContent: isNew ? 'Neu: ' + ONE[kind] : ONE[kind] + ' bearbeiten' });
    const name = kind === 'offers' ? (record.title && record.title.de) || '' : kind === 'providers' ? record.name || '' : record.id || '';
    const status = el('p', { className: 'saved', role: 'status', 'aria-live': 'polite' });
    const summary = el('div', { className: 'summary', role: 'alert', hidden: true });
    const save = el('button', { type: 'submit', textContent: 'Speichern' });
    const actions = el('div', { className: 'actions' }, [save]);
    const form = el('form', { className: 'record', noValidate: true, 'aria-label': ONE[kind] + ' bearbeiten' }, [...fields.nodes, actions]);
    const editor = { kind, form, fields, summary, status, base, isNew, id: record.id };

    if (!isNew) {
      actions.append(el('button', { type: 'button', className: 'danger', textContent: 'Löschen', onclick: () => remove(editor) }));
      if (kind === 'offers') {
        actions.append(
          el('button', {
            type: 'button',
            textContent: 'Als neues Angebot kopieren',
            onclick: () => {
              const copy = Object.assign({}, base, fields.read(), { id: base.id + '-kopie' });
              renderEditor('offers', copy, true);
            },
          }),
        );
      }
    }
    actions.append(el('button', { type: 'button', textContent: 'Abbrechen', onclick: () => backToList(kind) }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      saveRecord(editor);
    });

    const side = kind === 'offers' && !isNew ? offerSide(editor, record) : null;
    container.replaceChildren(
      ...[
        el('div', { className: 'editor-head' }, [heading, el('button', { type: 'button', textContent: 'Zurück zur Liste', onclick: () => backToList(kind) })]),
        name ? el('p', { className: 'record-name', textContent: name, dir: 'auto' }) : null,
        status,
        summary,
        el('div', { className: side ? 'editor-grid' : '' }, [form, side]),
      ].filter(Boolean),
    );
    $(kind + '-list').hidden = true;
    container.hidden = false;
    heading.focus();
    return editor;
  }

  function backToList(kind) {
    closeEditor(kind);
    loadList(kind);
  }

  async function saveRecord(editor) {
    clearErrors(editor);
    editor.status.textContent = 'Wird gespeichert …';
    const body = Object.assign({}, editor.base, editor.fields.read());
    const kind = editor.kind;
    try {
      const saved = editor.isNew
        ? await api('POST', '/api/catalogue/' + kind, body)
        : await api('PUT', '/api/catalogue/' + kind + '/' + encodeURIComponent(editor.id), body);
      const pending = editor.isNew && kind === 'answers' ? state.pendingUnanswered : null;
      state.pendingUnanswered = null;
      const next = await openEditor(kind, saved.id);
      let message = SAVED;
      if (pending) {
        try {
          await api('POST', '/api/catalogue/unanswered/dismiss', { ids: pending });
          message += ' Die Fragen wurden aus der Liste „Unbeantwortet“ entfernt.';
        } catch (_) {
          // The answer is saved; the questions simply stay in the list.
        }
      }
      if (next) next.status.textContent = message;
      loadLookups().catch(() => {});
    } catch (err) {
      editor.status.textContent = '';
      showErrors(editor, err.message, err.rows);
      editor.summary.scrollIntoView({ block: 'nearest' });
    }
  }

  async function remove(editor) {
    if (!window.confirm(ONE[editor.kind] + ' „' + editor.id + '“ wirklich löschen?')) return;
    clearErrors(editor);
    try {
      await api('DELETE', '/api/catalogue/' + editor.kind + '/' + encodeURIComponent(editor.id));
      closeEditor(editor.kind);
      await loadList(editor.kind);
      flash(ONE[editor.kind] + ' „' + editor.id + '“ gelöscht. Der Bot verwendet die Änderung sofort.');
      loadLookups().catch(() => {});
    } catch (err) {
      showErrors(editor, err.message, err.rows, 'Nicht gelöscht: ');
    }
  }

  // ---------------------------------------------------------------- offer review + preview

  function reviewList(review) {
    const r = review || { translations: {} };
    const state_ = r.expired ? 'abgelaufen – für Neuzugewanderte ausgeblendet' : r.unconfirmed ? 'seit über 6 Monaten nicht bestätigt' : 'in Ordnung';
    const words = { missing: 'fehlt', outdated: 'veraltet', ok: 'ok' };
    const rows = [
      ['Prüfstand', state_],
      ['Zuletzt bestätigt', date(r.reviewedAt)],
      ['Zuletzt geändert', date(r.updatedAt)],
      ...Object.entries(r.translations || {}).map(([lang, s]) => ['Übersetzung ' + langLabel(lang), words[s] || s]),
    ];
    return el('dl', { className: 'review' }, rows.flatMap(([k, v]) => [el('dt', { textContent: k }), el('dd', { textContent: v })]));
  }

  function offerSide(editor, record) {
    const reviewBox = el('div', {}, [reviewList(record.review)]);
    const confirmStatus = el('p', { className: 'saved', role: 'status', 'aria-live': 'polite' });
    const confirmButton = el('button', {
      type: 'button',
      textContent: 'Als aktuell bestätigen',
      onclick: async () => {
        confirmStatus.textContent = '';
        try {
          const review = await api('POST', '/api/catalogue/offers/' + encodeURIComponent(record.id) + '/confirm');
          reviewBox.replaceChildren(reviewList(review));
          confirmStatus.textContent = 'Als aktuell bestätigt.';
        } catch (err) {
          confirmStatus.textContent = err.message;
        }
      },
    });
    const langSelect = el('select', { id: nextId('f') }, LANGS.map((l) => el('option', { value: l, textContent: langLabel(l) })));
    const card = el('div', { className: 'card-box', 'aria-live': 'polite' });
    const loadPreview = async () => {
      const lang = langSelect.value;
      try {
        const data = await api('GET', '/api/catalogue/offers/' + encodeURIComponent(record.id) + '/preview?lang=' + lang);
        card.replaceChildren(renderCard(data.card || {}, data.lang || lang));
      } catch (err) {
        card.replaceChildren(el('p', { className: 'error', textContent: err.message }));
      }
    };
    langSelect.addEventListener('change', loadPreview);
    loadPreview();
    return el('aside', { className: 'side', 'aria-label': 'Prüfung und Vorschau' }, [
      el('section', { className: 'panel' }, [el('h3', { textContent: 'Prüfung' }), reviewBox, confirmButton, confirmStatus]),
      el('section', { className: 'panel' }, [
        el('h3', { textContent: 'So zeigt der Bot das Angebot' }),
        el('label', { htmlFor: langSelect.id, textContent: 'Sprache der Vorschau' }),
        langSelect,
        card,
        el('p', { className: 'hint', textContent: 'Die Vorschau zeigt den gespeicherten Stand.' }),
      ]),
    ]);
  }

  /** A Bot Framework hero card as plain HTML; links only for http(s) addresses. */
  function renderCard(card, lang) {
    const box = el('article', { className: 'card', ...langAttrs(lang) });
    box.append(el('h4', { className: 'card-title', textContent: card.title || '' }));
    if (card.subtitle) box.append(el('p', { className: 'card-subtitle', textContent: card.subtitle }));
    for (const para of String(card.text || '').split(/\n\n+/)) if (para.trim()) box.append(el('p', { className: 'card-text', textContent: para }));
    const buttons = (card.buttons || []).map((b) =>
      typeof b.value === 'string' && /^https?:\/\//i.test(b.value)
        ? el('a', { className: 'card-button', href: b.value, target: '_blank', rel: 'noopener noreferrer', textContent: b.title || b.value })
        : el('span', { className: 'card-button', textContent: b.title || '' }),
    );
    if (buttons.length) box.append(el('div', { className: 'card-buttons' }, buttons));
    return box;
  }

  // ---------------------------------------------------------------- review view

  async function loadReview() {
    $('review-summary').textContent = 'Wird geladen …';
    let data;
    try {
      data = await api('GET', '/api/catalogue/review');
    } catch (err) {
      $('review-summary').textContent = err.message;
      return;
    }
    $('review-summary').textContent = data.offers + ' Angebote im Katalog.';
    const idList = (ids) =>
      ids.length
        ? el('details', {}, [
            el('summary', { textContent: 'IDs anzeigen (' + ids.length + ')' }),
            el('ul', { className: 'id-list' }, ids.map((id) => el('li', {}, [openButton('offers', id, id)]))),
          ])
        : null;
    const block = (title, text, ids, flag) =>
      el('section', { className: 'panel' }, [
        el('h3', { textContent: title }),
        el('p', {}, [el('strong', { textContent: String(ids.length) }), ' ' + text]),
        ids.length ? el('button', { type: 'button', textContent: 'In der Angebotsliste zeigen', onclick: () => showOfferList({ flag }) }) : null,
        idList(ids),
      ]);
    const words = { missing: 'fehlt', outdated: 'veraltet' };
    const flagOf = { missing: 'untranslated', outdated: 'outdated' };
    const countCell = (ids, which) =>
      el('td', {}, [ids.length ? el('button', { type: 'button', className: 'link', textContent: String(ids.length), 'aria-label': ids.length + ' Angebote: Übersetzung ' + words[which], onclick: () => showOfferList({ flag: flagOf[which] }) }) : '0']);
    const langs = Object.keys(data.translations || {}).sort((a, b) => LANGS.indexOf(a) - LANGS.indexOf(b));
    const table = el('table', { className: 'list' }, [
      el('caption', { textContent: 'Übersetzungen je Sprache' }),
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col', textContent: 'Sprache' }), el('th', { scope: 'col', textContent: 'fehlt' }), el('th', { scope: 'col', textContent: 'veraltet (Deutsch geändert)' })])]),
      el('tbody', {}, langs.map((lang) => {
        const t = data.translations[lang];
        return el('tr', {}, [el('th', { scope: 'row', textContent: langLabel(lang) }), countCell(t.missing || [], 'missing'), countCell(t.outdated || [], 'outdated')]);
      })),
    ]);
    $('review-body').replaceChildren(
      block('Abgelaufen', 'Angebote sind abgelaufen und werden Neuzugewanderten nicht mehr gezeigt.', data.expired || [], 'expired'),
      block('Nicht bestätigt', 'Angebote wurden seit über 6 Monaten nicht als aktuell bestätigt.', data.unconfirmed || [], 'unconfirmed'),
      el('section', { className: 'panel' }, [
        el('h3', { textContent: 'Übersetzungen' }),
        table,
        el('p', { className: 'hint', textContent: 'Die Liste zeigt alle Angebote, denen in mindestens einer Sprache eine Übersetzung fehlt bzw. veraltet ist.' }),
      ]),
    );
  }

  // ---------------------------------------------------------------- proposals (shared)

  /** A field path for people: "title.de" → "Titel – Deutsch". */
  function fieldLabel(kind, path) {
    const [name, sub] = String(path || '').split('.');
    const f = (FIELDS[kind] || []).find((x) => x.name === name);
    const label = f ? f.short || f.label : name;
    return sub ? label + ' – ' + (LANG_NAMES[sub] || sub) : label;
  }

  /** A record as flat text: nested objects by dotted path (title.de), lists joined with ", ". */
  function flatten(value, prefix, out) {
    if (Array.isArray(value)) out[prefix] = value.map((v) => (v && typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (!(prefix === '' && k === 'review')) flatten(v, prefix ? prefix + '.' + k : k, out);
    } else if (typeof value === 'boolean') out[prefix] = value ? 'ja' : 'nein';
    else out[prefix] = value === null || value === undefined ? '' : String(value);
    return out;
  }

  /** The fields whose value differs between what newcomers see now and the proposal, in form order. */
  function changes(p) {
    const before = p.current ? flatten(p.current, '', {}) : {};
    const after = flatten(p.proposed || {}, '', {});
    const empty = (v) => v === '' || v === 'nein';
    const fields = FIELDS[p.kind] || [];
    const order = (key) => {
      const [name, sub] = key.split('.');
      const i = fields.findIndex((f) => f.name === name);
      return (i < 0 ? 999 : i) * 100 + (sub ? LANGS.indexOf(sub) + 1 || 99 : 0);
    };
    return [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((key) => {
        const a = key in before ? before[key] : '';
        const b = key in after ? after[key] : '';
        if (!p.current) return b !== '';
        if (a === b) return false;
        // A field the proposal leaves out keeps its default: no change worth showing.
        return !((!(key in before) || !(key in after)) && empty(a) && empty(b));
      })
      .sort((a, b) => order(a) - order(b))
      .map((key) => ({ field: key, before: key in before ? before[key] : '', after: key in after ? after[key] : '' }));
  }

  function changesTable(p) {
    if (p.status === 'approved') return el('p', { className: 'hint', textContent: 'Freigegeben – die Änderung ist veröffentlicht.' });
    if (p.status === 'superseded') return el('p', { className: 'hint', textContent: 'Durch einen neueren Vorschlag ersetzt.' });
    const rows = changes(p);
    if (!rows.length) return el('p', { className: 'hint', textContent: 'Keine Unterschiede zum veröffentlichten Stand.' });
    const isNew = !p.current;
    const value = (text, cls) => (text === '' ? el('span', { className: 'hint', textContent: '(leer)' }) : el('span', { className: 'value ' + cls, textContent: text, dir: 'auto' }));
    return el('table', { className: 'list changes' }, [
      el('caption', { textContent: isNew ? 'Angaben (neu)' : 'Geänderte Felder' }),
      el('thead', {}, [el('tr', {}, ['Feld', 'Bisher', 'Vorgeschlagen'].map((h) => el('th', { scope: 'col', textContent: h })))]),
      el('tbody', {}, rows.map((r) =>
        el('tr', { 'data-field': r.field }, [
          el('th', { scope: 'row' }, [fieldLabel(p.kind, r.field), ' ', el('span', { className: 'path', textContent: r.field })]),
          el('td', { className: 'old' }, [isNew ? badge('neu') : value(r.before, 'before')]),
          el('td', { className: 'new' }, [value(r.after, 'after')]),
        ]),
      )),
    ]);
  }

  function proposalName(p) {
    const r = p.proposed || {};
    return (p.kind === 'offers' ? r.title && r.title.de : r.name) || p.entityId;
  }

  /** One proposal: who, what, when, its state and the changed fields; coordinators decide on open ones. */
  function proposalItem(p, reviewer) {
    const headingId = nextId('h');
    const facts = [
      ['Art', ONE[p.kind] || p.kind],
      ['ID', p.entityId],
      ['Anbieter', p.providerId],
      ['Vorgeschlagen von', p.proposedBy],
      ['Eingereicht', date(p.createdAt)],
      ['Status', STATUS_NAMES[p.status] || p.status],
      p.decidedAt ? ['Entschieden', date(p.decidedAt)] : null,
      p.reason ? [reviewer ? 'Begründung' : 'Begründung der Koordination', p.reason] : null,
    ].filter(Boolean);
    const statusKind = { pending: 'warn', rejected: 'bad', approved: 'ok' }[p.status] || '';
    return el('article', { className: 'panel proposal', 'aria-labelledby': headingId, 'data-proposal': p.id, 'data-entity': p.entityId, 'data-status': p.status }, [
      el('h3', { id: headingId }, [ONE[p.kind] + ': ', el('span', { textContent: proposalName(p), dir: 'auto' })]),
      el('div', { className: 'badges' }, [badge(STATUS_NAMES[p.status] || p.status, statusKind), p.current ? null : badge('neu')]),
      el('dl', { className: 'review' }, facts.flatMap(([k, v]) => [el('dt', { textContent: k }), el('dd', { textContent: String(v || ''), dir: 'auto' })])),
      changesTable(p),
      reviewer && p.status === 'pending' ? decisionForm(p) : null,
    ]);
  }

  // ---------------------------------------------------------------- proposals: the coordinators' review queue

  function decisionForm(p) {
    const message = el('div', { className: 'decision-message', role: 'alert' });
    const hint = el('p', { className: 'hint', id: nextId('hint'), textContent: 'Pflicht beim Ablehnen (mindestens 3 Zeichen); der Anbieter sieht den Grund.' });
    const reason = el('textarea', { id: nextId('f'), name: 'reason', rows: 2, maxLength: 1000, 'aria-describedby': hint.id });
    const what = ONE[p.kind] + ' „' + proposalName(p) + '“';
    const approve = el('button', { type: 'button', textContent: 'Freigeben' });
    const reject = el('button', { type: 'submit', className: 'danger', textContent: 'Ablehnen' });
    const decide = async (action, body, done) => {
      message.replaceChildren();
      approve.disabled = reject.disabled = true;
      try {
        await api('POST', '/api/catalogue/proposals/' + encodeURIComponent(p.id) + '/' + action, body);
      } catch (err) {
        approve.disabled = reject.disabled = false;
        message.append(el('p', { className: 'error', textContent: (action === 'approve' ? 'Nicht freigegeben: ' : 'Nicht abgelehnt: ') + err.message }));
        if (err.rows && err.rows.length) {
          message.append(el('ul', { className: 'error' }, err.rows.map((r) => el('li', { textContent: fieldLabel(p.kind, r.field) + ' (' + r.field + '): ' + r.message }))));
        }
        if (err.status === 409) {
          approve.disabled = reject.disabled = true;
          refreshProposalCount();
        }
        return;
      }
      await loadProposals();
      flash(done);
    };
    approve.addEventListener('click', () => decide('approve', undefined, 'Freigegeben: ' + what + '. Der Bot verwendet die Änderung sofort.'));
    const form = el('form', { className: 'decide', noValidate: true }, [
      el('div', { className: 'field' }, [el('label', { htmlFor: reason.id, textContent: 'Grund für die Ablehnung' }), hint, reason]),
      el('div', { className: 'actions' }, [approve, reject]),
      message,
    ]);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = reason.value.trim();
      if (text.length < 3) {
        reason.setAttribute('aria-invalid', 'true');
        message.replaceChildren(el('p', { className: 'error', textContent: 'Bitte einen Grund für die Ablehnung angeben (mindestens 3 Zeichen).' }));
        reason.focus();
        return;
      }
      reason.removeAttribute('aria-invalid');
      decide('reject', { reason: text }, 'Abgelehnt: ' + what + '. Der Anbieter sieht den Grund.');
    });
    return form;
  }

  async function loadProposals() {
    const s = state.proposals;
    const seq = ++s.seq;
    const status = $('proposals-filters').elements.status.value || 'pending';
    $('proposals-summary').textContent = 'Wird geladen …';
    let data;
    try {
      data = await api('GET', '/api/catalogue/proposals?status=' + encodeURIComponent(status));
    } catch (err) {
      if (seq === s.seq) {
        $('proposals-summary').textContent = err.message;
        $('proposals-list').replaceChildren();
      }
      return;
    }
    if (seq !== s.seq) return;
    const items = data.items || [];
    $('proposals-summary').textContent = items.length
      ? (items.length === 1 ? '1 Vorschlag' : items.length + ' Vorschläge') + ' mit Status „' + STATUS_NAMES[status] + '“.'
      : status === 'pending'
        ? 'Zurzeit keine offenen Vorschläge.'
        : 'Keine Vorschläge mit Status „' + STATUS_NAMES[status] + '“.';
    $('proposals-list').replaceChildren(...items.map((p) => proposalItem(p, true)));
    if (status === 'pending') setProposalCount(items.length);
    else refreshProposalCount();
  }

  function setProposalCount(n) {
    const badgeNode = $('proposals-count');
    badgeNode.replaceChildren(String(n), el('span', { className: 'sr-only', textContent: ' offen' }));
    badgeNode.hidden = !n;
  }

  async function refreshProposalCount() {
    if (roleOf() !== 'coordinator') return;
    try {
      const data = await api('GET', '/api/catalogue/proposals?status=pending');
      setProposalCount((data.items || []).length);
    } catch (_) {
      // The badge is a convenience; the tab shows the error.
    }
  }

  // ---------------------------------------------------------------- provider accounts: own offers, own entry, own proposals

  /** The provider's own id and name, and the towns of its offers for the datalist. */
  async function loadProviderLookups() {
    const [offers, entry] = await Promise.all([
      api('GET', '/api/provider/offers'),
      api('GET', '/api/provider/entry').catch((err) => {
        if (err.status === 404) return null;
        throw err;
      }),
    ]);
    const pv = state.provider;
    pv.offers = offers.items || [];
    pv.id = entry ? entry.id : (pv.offers[0] && pv.offers[0].providerId) || null;
    pv.name = (entry && entry.name) || '';
    const towns = new Set(pv.offers.map((o) => o.town));
    if (entry && entry.town) towns.add(entry.town);
    $('dl-towns').replaceChildren(...[...towns].filter(Boolean).sort().map((t) => el('option', { value: t })));
    $('dl-providers').replaceChildren();
    $('dl-answers').replaceChildren();
    $('me-name').textContent = (state.me.displayName || state.me.username) + (pv.name ? ' · ' + pv.name : '');
  }

  const pendingFor = (kind, id) => state.provider.proposals.find((p) => p.kind === kind && p.entityId === id && p.status === 'pending') || null;

  async function loadMine() {
    const pv = state.provider;
    const seq = ++pv.seq;
    $('mine-total').textContent = 'Wird geladen …';
    let offers, proposals;
    try {
      [offers, proposals] = await Promise.all([api('GET', '/api/provider/offers'), api('GET', '/api/provider/proposals')]);
    } catch (err) {
      if (seq === pv.seq) $('mine-total').textContent = err.message;
      return;
    }
    if (seq !== pv.seq) return;
    pv.offers = offers.items || [];
    pv.proposals = proposals.items || [];
    renderMine();
  }

  /** The own offers (searched in the browser) and new offers that wait for approval. */
  function renderMine() {
    const pv = state.provider;
    const q = String(new FormData($('mine-filters')).get('q') || '').trim().toLowerCase();
    const known = new Set(pv.offers.map((o) => o.id));
    const waiting = pv.proposals
      .filter((p) => p.kind === 'offers' && p.status === 'pending' && !known.has(p.entityId))
      .map((p) => ({ record: Object.assign({}, p.proposed, { id: p.entityId }), proposal: p, isNew: true }));
    const rows = [...pv.offers.map((o) => ({ record: o, proposal: pendingFor('offers', o.id), isNew: false })), ...waiting].filter(
      ({ record: o }) => !q || (o.id + ' ' + Object.values(o.title || {}).join(' ')).toLowerCase().includes(q),
    );
    $('mine-rows').replaceChildren(
      ...rows.map(({ record: o, proposal, isNew }) =>
        el('tr', { 'data-id': o.id }, [
          el('th', { scope: 'row' }, [el('button', { type: 'button', className: 'link', textContent: (o.title && o.title.de) || o.id, dir: 'auto', onclick: () => openMine(o.id, isNew) })]),
          el('td', {}, [el('span', { className: 'id', textContent: o.id })]),
          el('td', { textContent: o.town || '' }),
          el('td', { className: 'provider', textContent: o.providerId || pv.id || '' }),
          el('td', { textContent: isNew ? 'neu, noch nicht veröffentlicht' : o.status === 'inactive' ? 'inaktiv' : 'aktiv' }),
          el('td', {}, [el('span', { className: 'badges' }, [proposal ? badge('Vorschlag offen', 'warn') : null, o.sample ? badge('Beispieldaten') : null])]),
        ]),
      ),
    );
    const open = rows.filter((r) => r.proposal).length;
    $('mine-total').textContent = rows.length
      ? (rows.length === 1 ? '1 Angebot' : rows.length + ' Angebote') + (open ? ', ' + open + ' mit offenem Vorschlag' : '')
      : q
        ? 'Keine Angebote gefunden.'
        : 'Noch keine Angebote.';
  }

  /** Opens an own offer; a pending proposal for it is shown instead of the published state. */
  async function openMine(id, isNew) {
    flash('');
    let record;
    try {
      state.provider.proposals = (await api('GET', '/api/provider/proposals')).items || [];
      const pending = pendingFor('offers', id);
      if (isNew) {
        if (!pending) {
          flash('Dieser Vorschlag ist nicht mehr offen.');
          loadMine();
          return null;
        }
        record = Object.assign({}, pending.proposed, { id });
      } else {
        record = await api('GET', '/api/provider/offers/' + encodeURIComponent(id));
        if (pending) record = Object.assign({}, record, pending.proposed, { id });
      }
      return renderProviderEditor('mine', record, isNew, pending);
    } catch (err) {
      flash(err.message);
      return null;
    }
  }

  function closeMineEditor() {
    $('mine-editor').hidden = true;
    $('mine-editor').replaceChildren();
    $('mine-list').hidden = false;
  }

  function backToMine() {
    closeMineEditor();
    loadMine();
  }

  async function loadEntry() {
    $('entry-status').textContent = 'Wird geladen …';
    let entry, proposals;
    try {
      [entry, proposals] = await Promise.all([api('GET', '/api/provider/entry'), api('GET', '/api/provider/proposals')]);
    } catch (err) {
      $('entry-status').textContent = err.status === 404 ? 'Für dieses Konto gibt es noch keinen Anbieter-Eintrag. Bitte wenden Sie sich an die Koordination.' : err.message;
      $('entry-editor').replaceChildren();
      return;
    }
    if (state.view !== 'entry') return;
    $('entry-status').textContent = '';
    state.provider.proposals = proposals.items || [];
    const pending = pendingFor('providers', entry.id);
    renderProviderEditor('entry', pending ? Object.assign({}, entry, pending.proposed, { id: entry.id }) : entry, false, pending);
  }

  /**
   * The offer or provider form of the coordinators, but saving makes a proposal: the provider id
   * is fixed, nothing can be deleted, and the change is public only after approval.
   */
  function renderProviderEditor(place, record, isNew, pending) {
    const kind = place === 'entry' ? 'providers' : 'offers';
    const container = $(place + '-editor');
    const pv = state.provider;
    const base = Object.assign({}, record);
    delete base.review;
    if (kind === 'offers' && pv.id) base.providerId = pv.id;
    const lock = kind === 'offers' ? { providerId: 'Ihr Anbieter – kann nicht geändert werden.' } : null;
    const fields = buildFields(FIELDS[kind], base, isNew, lock);
    const title = kind === 'providers' ? 'Mein Eintrag' : isNew ? 'Neues Angebot vorschlagen' : 'Angebot bearbeiten';
    const heading = el('h2', { tabIndex: -1, textContent: title });
    const name = kind === 'offers' ? (record.title && record.title.de) || '' : record.name || '';
    const note = el('p', { className: 'hint pending-note' });
    const status = el('p', { className: 'saved', role: 'status', 'aria-live': 'polite' });
    const summary = el('div', { className: 'summary', role: 'alert', hidden: true });
    const actions = el('div', { className: 'actions' }, [el('button', { type: 'submit', textContent: 'Vorschlag speichern' })]);
    const form = el('form', { className: 'record', noValidate: true, 'aria-label': title }, [...fields.nodes, actions]);
    const editor = {
      kind,
      place,
      form,
      fields,
      summary,
      status,
      base,
      isNew,
      id: record.id,
      showPending(p) {
        note.textContent = p
          ? 'Vorschlag offen seit ' + date(p.createdAt) + ': das Formular zeigt ihn. Erneutes Speichern ersetzt ihn.'
          : 'Änderungen werden als Vorschlag gespeichert und sind erst nach der Freigabe durch die Koordination sichtbar.';
      },
    };
    editor.showPending(pending);
    if (kind === 'offers') {
      if (!isNew) {
        actions.append(
          el('button', {
            type: 'button',
            textContent: 'Als neues Angebot kopieren',
            onclick: () => renderProviderEditor('mine', Object.assign({}, base, fields.read(), { id: base.id + '-kopie' }), true, null),
          }),
        );
      }
      actions.append(el('button', { type: 'button', textContent: 'Abbrechen', onclick: backToMine }));
    }
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      saveProposal(editor);
    });
    container.replaceChildren(
      ...[
        el('div', { className: 'editor-head' }, [heading, kind === 'offers' ? el('button', { type: 'button', textContent: 'Zurück zur Liste', onclick: backToMine }) : null]),
        name ? el('p', { className: 'record-name', textContent: name, dir: 'auto' }) : null,
        note,
        status,
        summary,
        form,
      ].filter(Boolean),
    );
    if (place === 'mine') $('mine-list').hidden = true;
    container.hidden = false;
    heading.focus();
    return editor;
  }

  async function saveProposal(editor) {
    clearErrors(editor);
    editor.status.textContent = 'Wird gespeichert …';
    const body = Object.assign({}, editor.base, editor.fields.read());
    if (editor.kind === 'offers' && state.provider.id) body.providerId = state.provider.id;
    try {
      const proposal =
        editor.kind === 'providers'
          ? await api('PUT', '/api/provider/entry', body)
          : editor.isNew
            ? await api('POST', '/api/provider/offers', body)
            : await api('PUT', '/api/provider/offers/' + encodeURIComponent(editor.id), body);
      if (editor.isNew) {
        // Saving again replaces this proposal, so the id stays as proposed.
        editor.id = body.id;
        const idField = editor.fields.targets.get('id');
        if (idField) idField.input.readOnly = true;
      }
      editor.showPending(proposal);
      editor.status.textContent = PROPOSED;
    } catch (err) {
      editor.status.textContent = '';
      showErrors(editor, err.message, err.rows);
      editor.summary.scrollIntoView({ block: 'nearest' });
    }
  }

  async function loadMyProposals() {
    $('myproposals-summary').textContent = 'Wird geladen …';
    let data;
    try {
      data = await api('GET', '/api/provider/proposals');
    } catch (err) {
      $('myproposals-summary').textContent = err.message;
      $('myproposals-list').replaceChildren();
      return;
    }
    const items = data.items || [];
    state.provider.proposals = items;
    const open = items.filter((p) => p.status === 'pending').length;
    $('myproposals-summary').textContent = items.length
      ? (items.length === 1 ? '1 Vorschlag' : items.length + ' Vorschläge') + ', davon ' + open + ' offen.'
      : 'Sie haben noch keine Änderungen vorgeschlagen.';
    $('myproposals-list').replaceChildren(...items.map((p) => proposalItem(p, false)));
  }

  // ---------------------------------------------------------------- import / export

  function resetImport() {
    state.importPlan = null;
    $('import-run').hidden = true;
    $('import-result').replaceChildren();
    $('import-progress').textContent = '';
  }

  function importSettings() {
    const file = $('import-file').files[0];
    if (!file) throw new Error('Bitte eine Datei wählen.');
    const ext = ((/\.([a-z0-9]+)$/i.exec(file.name) || [])[1] || '').toLowerCase();
    if (!TYPES[ext]) throw new Error('Bitte eine .csv-, .xlsx- oder .json-Datei wählen.');
    return { file, format: ext, kind: $('import-kind').value, mode: $('import-mode').value };
  }

  function showFormat() {
    const file = $('import-file').files[0];
    const ext = file ? ((/\.([a-z0-9]+)$/i.exec(file.name) || [])[1] || '').toLowerCase() : '';
    $('import-format').textContent = !file
      ? 'Das Format wird an der Dateiendung erkannt.'
      : TYPES[ext]
        ? 'Erkanntes Format: ' + ext.toUpperCase()
        : 'Unbekanntes Format: bitte eine .csv-, .xlsx- oder .json-Datei wählen.';
  }

  function problemTable(rows) {
    return el('table', { className: 'list problems' }, [
      el('caption', { textContent: 'Probleme in der Datei' }),
      el('thead', {}, [el('tr', {}, ['Bereich', 'Zeile', 'Spalte', 'Problem'].map((h) => el('th', { scope: 'col', textContent: h })))]),
      el('tbody', {}, rows.map((r) =>
        el('tr', {}, [
          el('td', { textContent: KIND_NAMES[r.kind] || r.kind || '' }),
          el('td', { textContent: r.row ? String(r.row) : '–' }),
          el('td', { textContent: r.field || '' }),
          el('td', { textContent: r.message || '', dir: 'auto' }),
        ]),
      )),
    ]);
  }

  function diffView(result) {
    const kinds = ['offers', 'providers', 'answers'].filter((k) => {
      const d = result[k];
      return d && d.added.length + d.changed.length + d.removed.length + d.unchanged > 0;
    });
    const changes = kinds.reduce((n, k) => n + result[k].added.length + result[k].changed.length + result[k].removed.length, 0);
    const table = el('table', { className: 'list diff' }, [
      el('caption', { textContent: result.dryRun ? 'Prüfergebnis – noch wurde nichts geändert' : 'Importiert' }),
      el('thead', {}, [el('tr', {}, ['Bereich', 'Neu', 'Geändert', 'Entfernt', 'Unverändert'].map((h) => el('th', { scope: 'col', textContent: h })))]),
      el('tbody', {}, kinds.map((k) => {
        const d = result[k];
        return el('tr', { 'data-kind': k }, [
          el('th', { scope: 'row', textContent: KIND_NAMES[k] }),
          el('td', { 'data-col': 'added', textContent: String(d.added.length) }),
          el('td', { 'data-col': 'changed', textContent: String(d.changed.length) }),
          el('td', { 'data-col': 'removed', className: d.removed.length ? 'warn' : '', textContent: String(d.removed.length) }),
          el('td', { 'data-col': 'unchanged', textContent: String(d.unchanged) }),
        ]);
      })),
    ]);
    const details = [];
    for (const k of kinds) {
      for (const [key, title] of [['added', 'neu'], ['changed', 'geändert'], ['removed', 'entfernt']]) {
        const ids = result[k][key];
        if (ids.length) {
          details.push(el('details', {}, [el('summary', { textContent: KIND_NAMES[k] + ' ' + title + ' (' + ids.length + ')' }), el('p', { className: 'ids', textContent: ids.join(', ') })]));
        }
      }
    }
    const warnings = result.warnings && result.warnings.length
      ? el('div', { className: 'warnings' }, [el('h3', { textContent: 'Hinweise' }), el('ul', {}, result.warnings.map((w) => el('li', { textContent: w })))])
      : null;
    return { node: el('div', {}, [table, ...details, warnings, changes ? null : el('p', { textContent: 'Die Datei enthält keine Änderungen.' })]), changes };
  }

  async function runImport(dryRun) {
    let plan;
    try {
      plan = dryRun ? importSettings() : state.importPlan;
    } catch (err) {
      resetImport();
      $('import-progress').textContent = err.message;
      return;
    }
    if (!plan) return;
    if (!dryRun && plan.removed && !window.confirm(plan.removed + ' Einträge werden gelöscht. Fortfahren?')) return;
    const buttons = [$('import-check'), $('import-run')];
    buttons.forEach((b) => (b.disabled = true));
    $('import-result').replaceChildren();
    $('import-result').setAttribute('aria-busy', 'true');
    $('import-progress').textContent = dryRun ? 'Wird geprüft …' : 'Wird importiert …';
    try {
      if (dryRun) plan.bytes = await plan.file.arrayBuffer();
      const params = new URLSearchParams({ format: plan.format, mode: plan.mode, dryRun: String(dryRun) });
      if (plan.format !== 'xlsx') params.set('kind', plan.kind);
      const result = await api('POST', '/api/catalogue/import?' + params, undefined, { type: TYPES[plan.format], body: plan.bytes });
      const view = diffView(result);
      $('import-result').replaceChildren(view.node);
      if (dryRun) {
        plan.removed = ['offers', 'providers', 'answers'].reduce((n, k) => n + ((result[k] && result[k].removed.length) || 0), 0);
        state.importPlan = view.changes ? plan : null;
        $('import-run').hidden = !view.changes;
        $('import-progress').textContent = view.changes ? 'Geprüft. Mit „Importieren“ übernehmen.' : 'Geprüft. Nichts zu importieren.';
      } else {
        state.importPlan = null;
        $('import-run').hidden = true;
        $('import-progress').textContent = 'Importiert. Der Bot verwendet die Änderungen sofort.';
        loadLookups().catch(() => {});
      }
    } catch (err) {
      state.importPlan = null;
      $('import-run').hidden = true;
      $('import-progress').textContent = 'Nicht übernommen: ' + err.message;
      if (err.rows && err.rows.length) $('import-result').replaceChildren(problemTable(err.rows));
    } finally {
      buttons.forEach((b) => (b.disabled = false));
      $('import-result').removeAttribute('aria-busy');
    }
  }

  // ---------------------------------------------------------------- unanswered questions

  function hourLabel(hour) {
    const d = new Date(String(hour) + ':00:00Z');
    return Number.isNaN(d.getTime()) ? String(hour || '') : d.toLocaleString('de-DE', { dateStyle: 'medium', timeStyle: 'short' });
  }

  async function loadUnanswered() {
    $('unanswered-summary').textContent = 'Wird geladen …';
    $('unanswered-groups').replaceChildren();
    let data;
    try {
      data = await api('GET', '/api/catalogue/unanswered');
    } catch (err) {
      $('unanswered-summary').textContent = err.status === 404 ? 'Noch keine Daten.' : err.message;
      return;
    }
    const groups = data.groups || [];
    const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many);
    $('unanswered-summary').textContent = groups.length
      ? plural(data.total, 'Frage', 'Fragen') + ' in ' + plural(groups.length, 'Gruppe', 'Gruppen') + '.'
      : 'Zurzeit keine unbeantworteten Fragen.';
    $('unanswered-groups').replaceChildren(...groups.map(groupItem));
  }

  /** Why the group is here: nothing found, or an answer the newcomer said did not help. */
  function missLine(g) {
    const reasons = g.reasons || {};
    const parts = [];
    if (reasons.nothing) parts.push(reasons.nothing + '× nichts gefunden');
    if (reasons.notHelpful) {
      const given = (g.givenAnswers || []).length ? ' (gegebene Antwort: ' + g.givenAnswers.join(', ') + ')' : '';
      parts.push(reasons.notHelpful + '× „hat nicht geholfen“' + given);
    }
    return el('p', { className: 'meta miss', textContent: parts.join(' · ') });
  }

  function groupItem(g) {
    const message = el('p', { className: 'error', role: 'alert' });
    const selectId = nextId('f');
    const inputId = nextId('f');
    const select = el('select', { id: selectId }, [
      el('option', { value: '', textContent: (g.suggestions || []).length ? '– Vorschlag wählen –' : '– keine Vorschläge –' }),
      ...(g.suggestions || []).map((s) => el('option', { value: s.answerId, textContent: s.answerId + ': ' + s.question })),
    ]);
    const other = el('input', { id: inputId, list: 'dl-answers', autocomplete: 'off', maxLength: 64, spellcheck: false });
    const ids = g.ids || [];
    const act = async (fn, done) => {
      message.textContent = '';
      try {
        await fn();
      } catch (err) {
        message.textContent = err.message;
        return;
      }
      await loadUnanswered();
      flash(done);
    };
    const assign = el('button', {
      type: 'submit',
      textContent: 'Als Frage zur Antwort hinzufügen',
    });
    const form = el('form', { className: 'assign' }, [
      el('div', { className: 'field' }, [el('label', { htmlFor: selectId, textContent: 'Vorgeschlagene Antwort' }), select]),
      el('div', { className: 'field' }, [el('label', { htmlFor: inputId, textContent: 'oder Antwort-ID' }), other]),
      el('div', { className: 'actions' }, [
        assign,
        el('button', { type: 'button', textContent: 'Verwerfen', onclick: () => act(() => api('POST', '/api/catalogue/unanswered/dismiss', { ids }), 'Verworfen.') }),
        el('button', {
          type: 'button',
          textContent: 'Neue Antwort anlegen',
          onclick: () => {
            state.pendingUnanswered = ids;
            openEditor('answers', null, { questions: { [g.lang || 'de']: g.texts || [] } });
          },
        }),
      ]),
    ]);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const answerId = other.value.trim() || select.value;
      if (!answerId) {
        message.textContent = 'Bitte eine Antwort wählen oder eine Antwort-ID eingeben.';
        return;
      }
      act(() => api('POST', '/api/catalogue/unanswered/assign', { ids, answerId }), 'Zur Antwort „' + answerId + '“ hinzugefügt. Der Bot erkennt die Frage sofort.');
    });
    return el('li', { className: 'panel group' }, [
      el('p', { className: 'meta', textContent: langLabel(g.lang) + ' · ' + g.count + '× gefragt · zuletzt ' + hourLabel(g.lastHour) }),
      missLine(g),
      el('ul', { className: 'texts' }, (g.texts || []).map((t) => el('li', { textContent: t, ...langAttrs(g.lang) }))),
      form,
      message,
    ]);
  }

  // ---------------------------------------------------------------- demand report

  /** Outcomes as words, the same the advisor console uses (public/staff/words.js). */
  const OUTCOME_NAMES = window.STAFF_WORDS.outcomes;
  const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

  /** A count from the report: null is a suppressed cell (fewer than k events). */
  const count = (n) => (n === null ? '<5' : typeof n === 'number' ? n.toLocaleString('de-DE') : '–');
  const monthLabel = (m) => {
    if (!MONTH.test(String(m || ''))) return String(m || '');
    const [y, mm] = m.split('-').map(Number);
    return new Date(y, mm - 1, 1).toLocaleString('de-DE', { month: 'long', year: 'numeric' });
  };
  const minutes = (n) => (typeof n === 'number' ? n.toLocaleString('de-DE', { maximumFractionDigits: 1 }) + ' Min.' : '–');

  /** Reads and checks the period; throws a German message for a wrong one. */
  function reportPeriod() {
    const from = $('report-from').value.trim();
    const to = $('report-to').value.trim();
    for (const [value, label] of [[from, 'Von'], [to, 'Bis']]) {
      if (value && !MONTH.test(value)) throw new Error('„' + label + '“ bitte als Monat angeben (JJJJ-MM).');
    }
    if (from && to && from > to) throw new Error('„Von“ liegt nach „Bis“.');
    const params = new URLSearchParams();
    if (from) params.set('from', from);
    if (to) params.set('to', to);
    return params;
  }

  async function loadReport() {
    let params;
    try {
      params = reportPeriod();
    } catch (err) {
      $('report-summary').textContent = err.message;
      return;
    }
    const r = state.report;
    const seq = ++r.seq;
    $('report-summary').textContent = 'Wird geladen …';
    $('report-body').setAttribute('aria-busy', 'true');
    let data;
    try {
      data = await api('GET', '/api/reports/demand' + (params.toString() ? '?' + params : ''));
    } catch (err) {
      if (seq === r.seq) {
        $('report-summary').textContent = err.message;
        $('report-body').replaceChildren();
        $('report-body').removeAttribute('aria-busy');
      }
      return;
    }
    if (seq !== r.seq) return;
    r.query = params.toString();
    $('report-body').removeAttribute('aria-busy');
    const p = data.period || {};
    const period = p.from ? (p.from === p.to ? monthLabel(p.from) : monthLabel(p.from) + ' bis ' + monthLabel(p.to || p.from)) : null;
    const empty = !(data.totals && data.totals.events) && !(data.demand || []).length;
    $('report-summary').textContent = empty
      ? (period ? 'Zeitraum: ' + period + ' · ' : '') + 'Für diesen Zeitraum gibt es noch keine Daten.'
      : 'Zeitraum: ' + (period || 'gesamt') + ' · erstellt ' + date(data.generatedAt) + (data.suppressedCells ? ' · ' + data.suppressedCells + ' Felder unterdrückt' : '');
    $('report-body').replaceChildren(...reportSections(data));
  }

  /** A table with a caption, column headers and rows; the first cell of a row is its header. */
  function reportTable(caption, headers, rows, empty) {
    if (!rows.length) {
      return el('section', { className: 'panel report-part' }, [el('h3', { textContent: caption }), el('p', { className: 'hint', textContent: empty || 'Noch keine Daten.' })]);
    }
    const table = el('table', { className: 'list report' }, [
      el('caption', { textContent: caption }),
      el('thead', {}, [el('tr', {}, headers.map((h) => el('th', { scope: 'col', textContent: h.label || h, className: h.num ? 'num' : '' })))]),
      el('tbody', {}, rows.map((cells) =>
        el('tr', {}, cells.map((cell, i) => {
          const props = i === 0 ? { scope: 'row' } : {};
          if (headers[i] && headers[i].num) props.className = 'num';
          return el(i === 0 ? 'th' : 'td', props, [cell && cell.nodeType ? cell : String(cell)]);
        })),
      )),
    ]);
    return el('section', { className: 'panel report-part' }, [table]);
  }

  /** A count with a bar; the bar's width is set through the CSSOM, which this CSP allows. */
  function barCell(n, max) {
    const bar = el('span', { className: 'bar' });
    bar.style.width = typeof n === 'number' && max > 0 ? Math.max(1, Math.round((n / max) * 100)) + '%' : '0';
    return el('span', { className: 'bar-cell' }, [el('span', { className: 'value', textContent: count(n) }), el('span', { className: 'bar-track', 'aria-hidden': 'true' }, [bar])]);
  }

  function kpi(value, label, note) {
    return el('div', { className: 'kpi' }, [el('strong', { textContent: value }), el('span', { textContent: label }), note ? el('span', { className: 'hint', textContent: note }) : null]);
  }

  function reportSections(data) {
    const totals = data.totals || {};
    const h = data.handoffs || {};
    const num = (label) => ({ label, num: true });

    const figures = el('div', { className: 'kpis', role: 'group', 'aria-label': 'Kennzahlen' }, [
      kpi(count(totals.questions), 'Anfragen'),
      kpi(count(totals.unanswered), 'ohne Ergebnis'),
      kpi(count(h.requested), 'Übergaben an die Beratung'),
      kpi(minutes(h.medianWaitMinutes), 'Wartezeit bis zur Annahme (Median)', h.medianWaitMinutes === null ? 'zu wenige angenommene Übergaben' : null),
    ]);

    const categories = (data.byCategory || []).filter((c) => c.count !== 0);
    const maxCategory = Math.max(0, ...categories.map((c) => c.count || 0));
    const byCategory = reportTable(
      'Nach Thema',
      ['Thema', 'Anfragen'],
      categories.map((c) => [c.name || categoryLabel(c.category), barCell(c.count, maxCategory)]),
    );

    const languages = data.totals && data.totals.byLanguage ? data.totals.byLanguage : {};
    const langKeys = Object.keys(languages).sort((a, b) => (LANGS.indexOf(a) + 1 || 99) - (LANGS.indexOf(b) + 1 || 99));
    const byLanguage = reportTable('Nach Sprache', ['Sprache', num('Anfragen')], langKeys.map((l) => [langLabel(l), count(languages[l])]));

    const towns = (data.byTown || []).filter((t) => t.count !== 0).slice(0, 15);
    const byTown = reportTable('Nach Ort', ['Ort', num('Anfragen')], towns.map((t) => [t.name || t.town, count(t.count)]), 'Noch keine Anfragen mit Ort.');

    const gaps = (data.supplyGap || []).filter((g) => g.demand !== null).slice(0, 25);
    const gap = (n) => (typeof n === 'number' ? n.toLocaleString('de-DE', { maximumFractionDigits: 1 }) : '–');
    const supplyGap = reportTable(
      'Versorgungslücken',
      ['Ort', 'Thema', num('Nachfrage'), num('Angebote ≤ 15 km'), num('Lücke')],
      gaps.map((g) => [g.townName || g.town, g.categoryName || categoryLabel(g.category), count(g.demand), count(g.offersNearby), gap(g.gap)]),
      'Keine Lücken mit mindestens 5 Anfragen.',
    );
    supplyGap.append(el('p', { className: 'hint', textContent: 'Nachfrage je Ort und Thema gegenüber den aktiven Angeboten im Umkreis von 15 km (Online-Angebote zählen überall). Lücke = Nachfrage ÷ (Angebote + 1); die größten zuerst.' }));

    const unanswered = reportTable(
      'Häufige Fragen ohne Antwort',
      ['Frage', 'Sprache', num('Anzahl')],
      (data.unanswered || []).map((u) => [el('span', { textContent: u.text || '–', ...langAttrs(u.lang) }), langLabel(u.lang), count(u.count)]),
      'Keine Frage wurde mindestens 5-mal ohne Antwort gestellt.',
    );

    const fb = h.feedback || {};
    const counselling = el('section', { className: 'panel report-part' }, [
      el('h3', { textContent: 'Beratung' }),
      el('dl', { className: 'review' }, [
        el('dt', { textContent: 'angefragt' }), el('dd', { textContent: count(h.requested) }),
        el('dt', { textContent: 'angenommen' }), el('dd', { textContent: count(h.accepted) }),
        el('dt', { textContent: 'Rückrufwünsche' }), el('dd', { textContent: count(h.callbacks) }),
        el('dt', { textContent: 'Wartezeit bis zur Annahme (Median)' }), el('dd', { textContent: minutes(h.medianWaitMinutes) }),
        el('dt', { textContent: 'Rückmeldung „hilfreich“' }), el('dd', { textContent: count(fb.helpful) }),
        el('dt', { textContent: 'Rückmeldung „nicht hilfreich“' }), el('dd', { textContent: count(fb.notHelpful) }),
      ]),
      (h.outcomes || []).length
        ? el('table', { className: 'list report' }, [
            el('caption', { textContent: 'Ergebnisse der Beratungsgespräche' }),
            el('thead', {}, [el('tr', {}, [el('th', { scope: 'col', textContent: 'Ergebnis' }), el('th', { scope: 'col', className: 'num', textContent: 'Anzahl' })])]),
            el('tbody', {}, h.outcomes.map((o) => el('tr', {}, [el('th', { scope: 'row', textContent: OUTCOME_NAMES[o.outcome] || o.outcome }), el('td', { className: 'num', textContent: count(o.count) })]))),
          ])
        : el('p', { className: 'hint', textContent: 'Noch keine abgeschlossenen Beratungsgespräche.' }),
    ]);

    return [
      figures,
      el('div', { className: 'report-grid' }, [byCategory, byLanguage, byTown]),
      supplyGap,
      unanswered,
      counselling,
    ];
  }

  function downloadReport(kind) {
    const params = new URLSearchParams(state.report.query);
    if (kind === 'html') params.set('format', 'html');
    else {
      params.set('format', 'csv');
      params.set('table', kind);
    }
    const stamp = new Date().toISOString().slice(0, 10);
    download('/api/reports/demand?' + params, $('report-download-status'), kind === 'html' ? 'nachfragebericht-' + stamp + '.html' : 'nachfrage-' + kind + '-' + stamp + '.csv');
  }

  // ---------------------------------------------------------------- wiring

  document.addEventListener('DOMContentLoaded', () => {
    for (const select of document.querySelectorAll('[data-categories]')) {
      select.append(...CATEGORIES.map(([id, name]) => el('option', { value: id, textContent: name })));
    }
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', () => signOut());
    document.querySelectorAll('nav button').forEach((b) =>
      b.addEventListener('click', () => {
        if (b.dataset.view in state.lists) closeEditor(b.dataset.view);
        if (b.dataset.view === 'mine') closeMineEditor();
        setView(b.dataset.view);
      }),
    );
    for (const kind of Object.keys(state.lists)) {
      const form = $(kind + '-filters');
      const s = state.lists[kind];
      const apply = () => {
        s.filters = readFilters(kind);
        s.offset = 0;
        loadList(kind);
      };
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        apply();
      });
      form.querySelectorAll('select').forEach((sel) => sel.addEventListener('change', apply));
      form.querySelector('[data-reset]').addEventListener('click', () => {
        form.reset();
        apply();
      });
      $(kind + '-prev').addEventListener('click', () => {
        s.offset = Math.max(0, s.offset - PAGE);
        loadList(kind);
      });
      $(kind + '-next').addEventListener('click', () => {
        s.offset += PAGE;
        loadList(kind);
      });
      $(kind + '-new').addEventListener('click', () => {
        state.pendingUnanswered = null;
        openEditor(kind, null);
      });
    }
    $('import-form').addEventListener('submit', (e) => {
      e.preventDefault();
      runImport(true);
    });
    $('import-run').addEventListener('click', () => runImport(false));
    $('import-file').addEventListener('change', () => {
      resetImport();
      showFormat();
    });
    $('import-kind').addEventListener('change', resetImport);
    $('import-mode').addEventListener('change', resetImport);
    for (const [formId, path] of [['export-form', '/api/catalogue/export'], ['template-form', '/api/catalogue/template']]) {
      $(formId).addEventListener('submit', (e) => {
        e.preventDefault();
        const params = new URLSearchParams(new FormData(e.target));
        download(path + '?' + params, $('download-status'));
      });
    }
    $('report-filters').addEventListener('submit', (e) => {
      e.preventDefault();
      loadReport();
    });
    $('report-filters').querySelector('[data-reset]').addEventListener('click', () => {
      $('report-filters').reset();
      loadReport();
    });
    $('proposals-filters').addEventListener('submit', (e) => {
      e.preventDefault();
      loadProposals();
    });
    $('proposals-filters').elements.status.addEventListener('change', loadProposals);
    $('mine-filters').addEventListener('submit', (e) => {
      e.preventDefault();
      renderMine();
    });
    $('mine-filters').querySelector('[data-reset]').addEventListener('click', () => {
      $('mine-filters').reset();
      renderMine();
    });
    $('mine-new').addEventListener('click', () => renderProviderEditor('mine', DEFAULTS.offers(), true));
    document.querySelectorAll('[data-report-download]').forEach((b) => b.addEventListener('click', () => downloadReport(b.dataset.reportDownload)));
    if (state.token && state.me) start().catch(() => showLogin());
    else showLogin();
  });
})();
