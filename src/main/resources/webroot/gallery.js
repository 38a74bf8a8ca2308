// The gallery: polls GET /models every 2 s and updates one card per model in place (so animated thumbnails keep
// playing), and, where the server speaks Modelibr's contract, GET /texture-sets, /environment-maps and /sounds for a
// card per texture set, environment map and sound (its waveform, duration and job status), uploads with POST /models
// (a model, or a model with its companion files), retries with the retry route of a contract the server speaks
// (GET /server-info: /api/thumbnail-jobs/{id}/retry or /thumbnail-jobs/{id}/retry). Each card names the worker that
// took the job and the contract it claimed it through. All text goes in through textContent; nothing from the server
// is parsed as HTML, and text from the server is shown through shown(), which makes bidirectional controls visible
// instead of letting them reorder it.
(() => {
  'use strict';
  const grid = document.getElementById('grid');
  const cards = new Map();
  let apiKey = localStorage.getItem('thumbnail-worker.apiKey') || '';
  let jobsBase = '/api/thumbnail-jobs';   // the spec's routes, unless the server speaks Modelibr's only
  let textureSets = false;                  // the server speaks Modelibr's contract: it keeps texture sets
  const setGrid = document.getElementById('texture-sets');
  const setCards = new Map();

  const withKey = (url) => apiKey ? url + (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(apiKey) : url;
  const headers = () => apiKey ? { 'X-Api-Key': apiKey } : {};

  async function api(url, options = {}) {
    const res = await fetch(url, { ...options, headers: { ...headers(), ...(options.headers || {}) } });
    if (res.status === 401) { document.getElementById('key').hidden = false; throw new Error('an API key is required'); }
    const body = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) throw new Error((body && body.message) || res.status + ' ' + res.statusText);
    return body;
  }

  // Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) reorder the text after them
  // (`invoice\u202Egpj.exe` reads as `invoiceexe.jpg`); the server refuses them in new names, and whatever still
  // carries one (a worker id, an error message, a name stored before) shows it as U+FFFD instead.
  const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
  const shown = (s) => s == null ? s : String(s).replace(BIDI, '\uFFFD');

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function bytes(n) {
    if (n == null) return '';
    const u = ['B', 'KB', 'MB', 'GB'];
    let i = 0;
    while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
    return (i ? n.toFixed(1) : n) + ' ' + u[i];
  }

  function card(m) {
    let c = cards.get(m.id);
    if (!c) {
      const root = el('article', 'card');
      const thumb = el('div', 'thumb', 'no thumbnail yet');
      const body = el('div', 'body');
      const name = el('div', 'name');
      const meta = el('div', 'meta');
      const status = el('span', 'status');
      const attempts = el('span');
      const size = el('span');
      const worker = el('span');
      meta.append(status, attempts, worker, size);
      const error = el('div', 'error');
      const links = el('div', 'links');
      body.append(name, meta, error, links);
      root.append(thumb, body);
      c = { root, thumb, name, status, attempts, worker, size, error, links, src: null, key: null };
      cards.set(m.id, c);
    }
    c.name.textContent = shown(m.name);
    c.name.title = shown(m.name) + ' · model ' + m.id + ' · sha256 ' + m.hash;
    c.status.textContent = m.jobStatus || 'no job';
    c.status.className = 'status ' + (m.jobStatus || '');
    c.attempts.textContent = m.attemptCount != null ? 'attempt ' + m.attemptCount + '/' + m.maxAttempts : '';
    const worker = shown(m.workerId || m.lastWorkerId);
    c.worker.textContent = worker ? (m.jobStatus === 'InProgress' ? 'on ' : 'by ') + worker + (m.contract ? ' · ' + m.contract : '') : '';
    c.worker.title = m.contract ? 'claimed through the ' + m.contract + ' contract' : '';
    c.size.textContent = bytes(m.sizeBytes);
    c.error.textContent = shown(m.errorMessage) || '';
    c.error.hidden = !m.errorMessage;
    const src = m.thumbnailPath || m.posterPath;
    if (src !== c.src) {
      c.src = src;
      c.thumb.textContent = '';
      if (src) {
        const img = el('img');
        img.alt = 'thumbnail of ' + shown(m.name);
        img.src = withKey(src);
        c.thumb.append(img);
      } else {
        c.thumb.textContent = m.jobStatus === 'Failed' ? 'rendering failed' : 'no thumbnail yet';
      }
    }
    const linkKey = [m.jobStatus, m.posterPath, m.thumbnailPath].join('|');
    if (linkKey !== c.key) {
      c.key = linkKey;
      c.links.textContent = '';
      const file = el('a', null, 'model file');
      file.href = withKey('/models/' + m.id + '/file');
      c.links.append(file);
      if (m.posterPath) { const p = el('a', null, 'poster'); p.href = withKey(m.posterPath); p.target = '_blank'; c.links.append(p); }
      if (m.jobId && (m.jobStatus === 'Failed' || m.jobStatus === 'Completed')) {
        const retry = el('button', 'link', m.jobStatus === 'Failed' ? 'retry' : 're-render');
        retry.addEventListener('click', () => api(jobsBase + '/' + m.jobId + '/retry', { method: 'POST' }).then(refresh, alert));
        c.links.append(retry);
      }
    }
    return c.root;
  }

  function summary(models) {
    const counts = {};
    for (const m of models) counts[m.jobStatus || 'none'] = (counts[m.jobStatus || 'none'] || 0) + 1;
    const s = document.getElementById('summary');
    s.textContent = '';
    s.append(el('span', 'pill', models.length + ' models'));
    for (const k of ['Pending', 'InProgress', 'Completed', 'Failed']) if (counts[k]) s.append(el('span', 'pill', counts[k] + ' ' + k));
  }

  async function refresh() {
    try {
      const models = await api('/models');
      summary(models);
      document.getElementById('empty').hidden = models.length > 0;
      const seen = new Set();
      models.forEach((m, i) => {
        seen.add(m.id);
        const node = card(m);
        if (grid.children[i] !== node) grid.insertBefore(node, grid.children[i] || null);
      });
      for (const [id, c] of cards) if (!seen.has(id)) { c.root.remove(); cards.delete(id); }
    } catch (e) {
      document.getElementById('summary').textContent = 'cannot load models: ' + shown(e.message);
    }
  }

  // A texture set's card: its animated preview (WebP), name, shape and job status.
  function setCard(t) {
    let c = setCards.get(t.id);
    if (!c) {
      const root = el('article', 'card');
      const thumb = el('div', 'thumb', 'no preview yet');
      const body = el('div', 'body');
      const name = el('div', 'name');
      const meta = el('div', 'meta');
      const status = el('span', 'status');
      const shape = el('span');
      meta.append(status, shape);
      const error = el('div', 'error');
      body.append(name, meta, error);
      root.append(thumb, body);
      c = { root, thumb, name, status, shape, error, src: null };
      setCards.set(t.id, c);
    }
    c.name.textContent = shown(t.name);
    c.name.title = shown(t.name) + ' · texture set ' + t.id;
    c.status.textContent = t.jobStatus || 'no job';
    c.status.className = 'status ' + (t.jobStatus || '');
    c.shape.textContent = shown(t.previewGeometryType);
    c.error.textContent = shown(t.errorMessage) || '';
    c.error.hidden = !t.errorMessage;
    if (t.thumbnailPath !== c.src) {
      c.src = t.thumbnailPath;
      c.thumb.textContent = '';
      if (c.src) {
        const img = el('img');
        img.alt = 'preview of texture set ' + shown(t.name);
        img.src = withKey(c.src);
        c.thumb.append(img);
      } else {
        c.thumb.textContent = t.jobStatus === 'Failed' ? 'rendering failed' : 'no preview yet';
      }
    }
    return c.root;
  }

  // Environment maps (Modelibr's contract): one card each from GET /environment-maps, its preview variant's thumbnail
  const maps = document.getElementById('maps');
  const mapCards = new Map();
  let speaksModelibr = false;

  function mapCard(m) {
    let c = mapCards.get(m.id);
    if (!c) {
      const root = el('article', 'card');
      const thumb = el('div', 'thumb', 'no thumbnail yet');
      const body = el('div', 'body');
      const name = el('div', 'name');
      const status = el('span', 'status');
      const meta = el('div', 'meta');
      const error = el('div', 'error');
      meta.append(status);
      body.append(name, meta, error);
      root.append(thumb, body);
      c = { root, thumb, name, status, error, src: null };
      mapCards.set(m.id, c);
    }
    c.name.textContent = shown(m.name);
    c.name.title = shown(m.name) + ' · environment map ' + m.id;
    c.status.textContent = m.jobStatus || 'no job';
    c.status.className = 'status ' + (m.jobStatus || '');
    c.error.textContent = shown(m.errorMessage) || '';
    c.error.hidden = !m.errorMessage;
    if (m.thumbnailPath !== c.src) {
      c.src = m.thumbnailPath;
      c.thumb.textContent = '';
      if (m.thumbnailPath) {
        const img = el('img');
        img.alt = 'thumbnail of environment map ' + shown(m.name);
        img.src = withKey(m.thumbnailPath);
        c.thumb.append(img);
      } else {
        c.thumb.textContent = m.jobStatus === 'Failed' ? 'rendering failed' : 'no thumbnail yet';
      }
    }
    return c.root;
  }

  // Sounds (Modelibr's contract): one card each from GET /sounds, its waveform PNG once the job is Done
  const sounds = document.getElementById('sounds');
  const soundCards = new Map();

  function seconds(d) {
    return d == null ? '' : d < 60 ? d.toFixed(1) + ' s' : Math.floor(d / 60) + ':' + String(Math.round(d % 60)).padStart(2, '0');
  }

  function soundCard(s) {
    let c = soundCards.get(s.id);
    if (!c) {
      const root = el('article', 'card');
      const thumb = el('div', 'thumb', 'no waveform yet');
      const body = el('div', 'body');
      const name = el('div', 'name');
      const meta = el('div', 'meta');
      const status = el('span', 'status');
      const duration = el('span', 'duration');
      const format = el('span');
      meta.append(status, duration, format);
      const error = el('div', 'error');
      body.append(name, meta, error);
      root.append(thumb, body);
      c = { root, thumb, name, status, duration, format, error, src: undefined };
      soundCards.set(s.id, c);
    }
    c.name.textContent = shown(s.name);
    c.name.title = shown(s.name) + ' · sound ' + s.id;
    c.status.textContent = s.jobStatus || 'no job';
    c.status.className = 'status ' + (s.jobStatus || '');
    c.duration.textContent = seconds(s.duration);
    c.format.textContent = [shown(s.format), s.sampleRate ? s.sampleRate + ' Hz' : '',
      s.channels ? s.channels + ' ch' : ''].filter(Boolean).join(' · ');
    c.error.textContent = shown(s.errorMessage) || '';
    c.error.hidden = !s.errorMessage;
    if (s.waveformUrl !== c.src) {
      c.src = s.waveformUrl;
      c.thumb.textContent = '';
      if (s.waveformUrl) {
        const img = el('img');
        img.alt = 'waveform of ' + shown(s.name);
        img.src = withKey(s.waveformUrl);
        c.thumb.append(img);
      } else {
        c.thumb.textContent = s.jobStatus === 'Failed' ? 'decoding failed' : 'no waveform yet';
      }
    }
    return c.root;
  }

  async function refreshSounds() {
    if (!speaksModelibr) return;
    try {
      const list = await api('/sounds');
      document.getElementById('sounds-title').hidden = list.length === 0;
      list.forEach((s, i) => {
        const node = soundCard(s);
        if (sounds.children[i] !== node) sounds.insertBefore(node, sounds.children[i] || null);
      });
    } catch (e) {
      // the model grid's summary already says when the server cannot be read
    }
  }

  async function refreshTextureSets() {
    if (!textureSets) return;
    try {
      const sets = await api('/texture-sets');
      document.getElementById('texture-sets-heading').hidden = sets.length === 0;
      sets.forEach((t, i) => {
        const node = setCard(t);
        if (setGrid.children[i] !== node) setGrid.insertBefore(node, setGrid.children[i] || null);
      });
    } catch (e) {
      // the model grid reports a server that cannot be reached
    }
  }

  async function refreshMaps() {
    if (!speaksModelibr) return;
    try {
      const list = await api('/environment-maps');
      document.getElementById('maps-title').hidden = list.length === 0;
      list.forEach((m, i) => {
        const node = mapCard(m);
        if (maps.children[i] !== node) maps.insertBefore(node, maps.children[i] || null);
      });
    } catch (e) {
      // the model grid's summary already says when the server cannot be read
    }
  }

  async function serverInfo() {
    try {
      const info = await (await fetch('/server-info')).json();
      if (!info.contracts.includes('spec')) jobsBase = '/thumbnail-jobs';
      textureSets = info.contracts.includes('modelibr');
      refreshTextureSets();
      speaksModelibr = info.contracts.includes('modelibr');
      refreshMaps();
      refreshSounds();
      const jobs = document.getElementById('jobs-link');
      jobs.href = jobsBase;
      document.getElementById('profile').textContent = info.contracts.join(' + ');
    } catch (e) {
      // an older server: the spec's routes
    }
  }

  function chosen(files) {
    if (!files.length) return 'Choose a model…';
    const first = shown(files[0].name);
    return files.length === 1 ? first : first + ' + ' + (files.length - 1) + ' more';
  }

  document.getElementById('file').addEventListener('change', (e) => {
    document.getElementById('file-label').textContent = chosen(e.target.files);
  });
  document.getElementById('upload').addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = document.getElementById('upload-status');
    const input = document.getElementById('file');
    if (!input.files[0]) return;
    const form = new FormData();
    for (const f of input.files) form.append('file', f);
    status.className = '';
    status.textContent = 'uploading…';
    try {
      const r = await api('/models', { method: 'POST', body: form });
      status.textContent = 'model ' + r.id + ' queued (job ' + r.jobId + ')';
      input.value = '';
      document.getElementById('file-label').textContent = 'Choose a model…';
      refresh();
    } catch (err) {
      status.className = 'error';
      status.textContent = shown(err.message);
    }
  });
  document.getElementById('key').addEventListener('submit', (e) => {
    e.preventDefault();
    apiKey = document.getElementById('api-key').value.trim();
    localStorage.setItem('thumbnail-worker.apiKey', apiKey);
    document.getElementById('key').hidden = true;
    for (const c of cards.values()) { c.src = null; c.key = null; }
    refresh();
  });

  serverInfo();
  refresh();
  setInterval(() => { refresh(); refreshTextureSets(); refreshMaps(); refreshSounds(); }, 2000);
})();
