// The tablet page: enrol with a token, list the tablet's questionnaires (kept for offline use),
// the « à vérifier » list and the escape hatch (download every unsent answer as a file).
// Also watchIdle(), loaded by app.js on a questionnaire in kiosk mode: a half-filled form left
// without input is discarded (never sent, never put in the outbox) before the next person comes.
import * as store from './store.js';
import * as sync from './sync.js';
import { cacheForOffline } from './app.js';
import * as pin from './pin.js';

const $ = (id) => document.getElementById(id);
// An enrolled tablet with a PIN opens locked, unless the PIN was just given on the previous page.
let unlocked = false;

async function fetchDevice(token) {
  const response = await fetch('/api/v1/device', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  return { status: response.status, device: body.device, error: body.error };
}

async function showDevice() {
  const token = await store.getMeta('token');
  const hasPin = await pin.hasPin();
  const locked = Boolean(token) && hasPin && !unlocked;
  $('enrol-form').hidden = Boolean(token);
  $('unlock-form').hidden = !locked;
  $('pin-setup-form').hidden = !token || hasPin;
  $('device-enrolled').hidden = !token || locked;
  $('a-verifier').hidden = locked;
  $('secours').hidden = locked;
  if (!token || locked) return;
  let device = await store.getMeta('device');
  try {
    const answer = await fetchDevice(token);
    if (answer.status === 200) {
      device = answer.device;
      await store.setMeta('device', device);
      await store.setMeta('revoked', false);
    } else if (answer.status === 401) {
      await store.setMeta('revoked', true);
      showError("Cette tablette a été révoquée : elle ne peut plus envoyer. Les réponses en attente restent ici ; téléchargez-les ci-dessous.");
    }
  } catch {
    // Offline: show what we knew.
  }
  sync.changed();
  if (device) renderDevice(device);
}

function showError(text) {
  $('device-error').textContent = text;
  $('device-error').hidden = false;
}

async function renderDevice(device) {
  $('device-name').textContent = device.name;
  $('device-quartiers').textContent = device.quartiers.map((q) => q.name).join(', ');
  const list = $('device-pages');
  list.replaceChildren(...device.pages.map((page) => {
    const item = document.createElement('li');
    item.innerHTML = '<a class="card"><span class="card-title"></span><span class="card-meta"></span></a>';
    item.querySelector('a').href = page.path;
    item.querySelector('.card-title').textContent = `${page.quartier_name} – ${page.questionnaire}`;
    item.querySelector('.card-meta').dataset.path = page.path;
    return item;
  }));
  if (!('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.ready;
  const result = await cacheForOffline(registration.active, device.pages.map((page) => page.path));
  for (const meta of list.querySelectorAll('.card-meta')) {
    meta.textContent = result.cached.includes(meta.dataset.path) ? 'disponible hors connexion' : 'pas encore enregistré';
  }
  document.documentElement.dataset.pagesCached = String(result.cached.length);
}

// The new PIN typed twice in the fields `${id}` and `${id}-confirm`, or null after showing why not.
function newPin(id) {
  const input = $(id);
  const error = $(`${id}-error`);
  let problem = '';
  if (!pin.PIN_PATTERN.test(input.value)) problem = 'Le code doit compter de 4 à 8 chiffres.';
  else if (input.value !== $(`${id}-confirm`).value) problem = 'Les deux codes ne sont pas identiques.';
  error.textContent = problem;
  error.hidden = !problem;
  if (problem) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${id}-error ${id}-aide`);
    input.focus();
    return null;
  }
  input.removeAttribute('aria-invalid');
  input.setAttribute('aria-describedby', `${id}-aide`);
  return input.value;
}

function clearPinFields(id) {
  $(id).value = '';
  $(`${id}-confirm`).value = '';
}

async function enrol(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  const error = $('token-error');
  error.hidden = true;
  const chosen = newPin('pin');
  if (!chosen) return;
  let answer;
  try {
    answer = await fetchDevice(token);
  } catch {
    answer = { status: 0 };
  }
  if (answer.status !== 200) {
    error.textContent = answer.status === 0
      ? "Pas de connexion : connectez la tablette au réseau pour l'enrôler."
      : 'Jeton inconnu ou révoqué. Vérifiez-le auprès de l’administrateur.';
    error.hidden = false;
    return;
  }
  await pin.setPin(chosen);
  await store.setMeta('token', token);
  await store.setMeta('device', answer.device);
  await store.setMeta('revoked', false);
  $('token').value = '';
  clearPinFields('pin');
  unlocked = true;
  await showDevice();
  sync.syncNow(true);
}

async function unlock(event) {
  event.preventDefault();
  const input = $('unlock-pin');
  if (await pin.checkPin(input.value)) {
    unlocked = true;
    $('unlock-error').hidden = true;
    input.removeAttribute('aria-invalid');
    input.value = '';
    await showDevice();
    await showReview();
    return;
  }
  $('unlock-error').hidden = false;
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', 'unlock-error');
  input.value = '';
  input.focus();
}

async function setupPin(event) {
  event.preventDefault();
  const chosen = newPin('new-pin');
  if (!chosen) return;
  await pin.setPin(chosen);
  clearPinFields('new-pin');
  unlocked = true;
  await showDevice();
}

async function forget() {
  if (!unlocked && (await pin.hasPin())) return;  // the page is locked: nothing to do here
  if (!confirm('Retirer le jeton ? Les réponses en attente restent sur la tablette.')) return;
  await store.deleteMeta('token');
  await store.deleteMeta('device');
  await store.deleteMeta('revoked');
  await pin.forgetPin();
  sync.changed();
  await showDevice();
}

async function showReview() {
  const entries = await store.reviewItems();
  $('review-empty').hidden = entries.length > 0;
  $('review-list').replaceChildren(...entries.map((entry) => {
    const li = document.createElement('li');
    const error = entry.error || {};
    li.textContent = `${entry.item.questionnaire || ''} – ${entry.item.quartier_id}, enregistrée le ${new Date(entry.item.saved_at).toLocaleString('fr-FR')} : ${error.message || 'refusée'} `;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link-button';
    button.textContent = 'Renvoyer';
    button.addEventListener('click', async () => { await store.retry(entry.item.client_uuid); sync.changed(); sync.syncNow(true); });
    li.append(button);
    return li;
  }));
}

async function exportOutbox() {
  if (!unlocked && (await store.getMeta('token')) && (await pin.hasPin())) return;
  const [pending, review, device] = await Promise.all([store.pending(), store.reviewItems(), store.getMeta('device')]);
  const document_ = {
    format: 'consult-outbox',
    format_version: 1,
    exported_at: new Date().toISOString(),
    device: device ? { id: device.id, name: device.name } : null,
    items: [
      ...pending.map((item) => ({ state: 'pending', submission: item })),
      ...review.map((entry) => ({ state: 'review', error: entry.error, submission: entry.item })),
    ],
  };
  const blob = new Blob([JSON.stringify(document_, null, 1)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `consult-reponses-non-envoyees-${document_.exported_at.slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

async function start() {
  unlocked = pin.takeUnlock();
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('jeton')) {
    $('token').value = fragment.get('jeton');
    history.replaceState(null, '', location.pathname);  // the token must not stay in the history
  }
  $('enrol-form').addEventListener('submit', enrol);
  $('unlock-form').addEventListener('submit', unlock);
  $('pin-setup-form').addEventListener('submit', setupPin);
  $('forget-token').addEventListener('click', forget);
  $('export-outbox').addEventListener('click', exportOutbox);
  sync.onChange(() => showReview());
  await showDevice();
  await showReview();
  // A token from the link: the PIN is still to be chosen before enrolling.
  if ($('token').value && !(await store.getMeta('token'))) $('pin').focus();
  document.documentElement.dataset.kioskReady = '1';
}

if ($('enrol-form')) start();

const IDLE_SECONDS = 90;
const COUNTDOWN_SECONDS = 20;
const ACTIVITY = ['pointerdown', 'keydown', 'input', 'change', 'wheel', 'touchstart', 'scroll'];

// Seconds from data-idle-seconds / data-idle-countdown (form or <html>), else the tablet's
// meta setting (idleSeconds / idleCountdown), else the default.
async function setting(form, name, fallback) {
  const raw = form.dataset[name] || document.documentElement.dataset[name] || (await store.getMeta(name));
  const value = Number(raw);
  return value > 0 ? value : fallback;
}

// Something typed, ticked or chosen: hidden fields (client_uuid, csrf…) and buttons don't count.
function isFilled(form) {
  return [...form.elements].some((el) => {
    if (!el.name || ['hidden', 'submit', 'button'].includes(el.type)) return false;
    if (el.type === 'checkbox' || el.type === 'radio') return el.checked;
    return el.value.trim() !== '';
  });
}

// Wording in the page's language when the page provides it (consult/survey/messages.py).
const pageTexts = JSON.parse((document.getElementById('form-messages') || {}).textContent || '{}');
const IDLE_TEXTS = {
  idle_title: 'Vous êtes toujours là\u00a0?',
  idle_text: 'Sans réponse, les réponses en cours seront effacées dans %(time)s, pour que la personne suivante ne les voie pas.',
  idle_continue: 'Continuer',
  idle_reset: 'Effacer et recommencer',
  second_one: '%(count)s\u00a0seconde',
  second_many: '%(count)s\u00a0secondes',
};
const idleText = (name) => pageTexts[name] || IDLE_TEXTS[name];

function buildDialog() {
  const dialog = document.createElement('dialog');
  dialog.id = 'idle-dialog';
  dialog.className = 'idle-dialog';
  dialog.setAttribute('role', 'alertdialog');
  dialog.setAttribute('aria-labelledby', 'idle-title');
  dialog.setAttribute('aria-describedby', 'idle-text');
  dialog.innerHTML = `<h2 id="idle-title"></h2><p id="idle-text"></p>
    <p class="idle-actions"><button type="button" class="button button-primary" id="idle-continue"></button>
      <button type="button" class="button" id="idle-reset"></button></p>`;
  dialog.querySelector('#idle-title').textContent = idleText('idle_title');
  const [before, after] = idleText('idle_text').split('%(time)s');
  const countdown = document.createElement('strong');
  countdown.id = 'idle-countdown';
  dialog.querySelector('#idle-text').append(before, countdown, after || '');
  dialog.querySelector('#idle-continue').textContent = idleText('idle_continue');
  dialog.querySelector('#idle-reset').textContent = idleText('idle_reset');
  document.body.append(dialog);
  return dialog;
}

const seconds = (n) => idleText(n > 1 ? 'second_many' : 'second_one').replace('%(count)s', n);

// Watches a questionnaire in kiosk mode; discard() blanks it with a new client UUID (app.js clearForm).
export async function watchIdle(form, discard) {
  const idle = await setting(form, 'idleSeconds', IDLE_SECONDS);
  const countdown = await setting(form, 'idleCountdown', COUNTDOWN_SECONDS);
  const dialog = buildDialog();
  const counter = dialog.querySelector('#idle-countdown');
  let idleTimer = null;
  let tick = null;
  let left = 0;

  const arm = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(ask, idle * 1000);
  };
  function ask() {
    if (!isFilled(form)) return;  // a blank form has nothing to hide: wait for the next input
    left = countdown;
    counter.textContent = seconds(left);
    dialog.showModal();
    dialog.querySelector('#idle-continue').focus();
    tick = setInterval(() => {
      left -= 1;
      if (left <= 0) close(true);
      else counter.textContent = seconds(left);
    }, 1000);
  }
  function close(erase) {
    clearInterval(tick);
    if (dialog.open) dialog.close();
    if (erase) discard();
    form.dataset.idle = erase ? 'discarded' : 'continued';
    arm();
  }

  dialog.querySelector('#idle-continue').addEventListener('click', () => close(false));
  dialog.querySelector('#idle-reset').addEventListener('click', () => close(true));
  dialog.addEventListener('cancel', (event) => { event.preventDefault(); close(false); });  // Échap
  for (const type of ACTIVITY) {
    addEventListener(type, () => { if (!dialog.open) arm(); }, { capture: true, passive: true });
  }
  arm();
  form.dataset.idleWatch = '1';
}
