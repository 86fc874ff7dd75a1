// Offline app entry point, loaded by every page: service worker, storage persistence,
// sync status line, and the questionnaire form saved to the outbox before it is sent.
import * as store from './store.js';
import * as sync from './sync.js';
import { showStatus } from './status.js';

const form = document.getElementById('questionnaire-form');
const PAGE = /^\/($|tablette$|merci$|c\/)/;

async function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (worker && PAGE.test(location.pathname)) {
    await cacheForOffline(worker, [location.pathname + location.search]);
    document.documentElement.dataset.offlineReady = '1';
  }
}

// Ask the worker to keep pages for offline use; resolves when they are in its cache.
export function cacheForOffline(worker, urls) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage({ type: 'cache', urls }, [channel.port2]);
  });
}

async function askPersistence() {
  let granted = null;
  if (navigator.storage && navigator.storage.persist) {
    granted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
  }
  await store.setMeta('persisted', granted);
  sync.changed();
}

function fields(form) {
  return [...form.elements].filter((el) => el.name && !el.disabled && el.type !== 'submit'
    && !['csrf_token', 'client_uuid', 'opened_at', 'lang'].includes(el.name));
}

// The answers by question key, in the shape the API takes (see /api/v1/openapi.json).
function collect(form) {
  const answers = {};
  for (const el of fields(form)) {
    if (el.type === 'checkbox') {
      answers[el.name] = answers[el.name] || [];
      if (el.checked) answers[el.name].push(el.value);
    } else if (el.type === 'radio') {
      if (el.checked) answers[el.name] = el.value;
    } else if (el.tagName === 'SELECT' && el.closest('.ranking')) {
      if (!el.value) continue;
      const cut = el.name.lastIndexOf('-');
      const key = el.name.slice(0, cut);
      answers[key] = answers[key] || {};
      answers[key][el.name.slice(cut + 1)] = Number(el.value);
    } else if (el.value.trim()) {
      answers[el.name] = el.value;
    }
  }
  for (const [key, value] of Object.entries(answers)) {
    if (Array.isArray(value) && !value.length) delete answers[key];
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      answers[key] = Object.keys(value).sort((a, b) => value[a] - value[b]);
    }
  }
  return answers;
}

function freshIdentity(form) {
  form.elements.client_uuid.value = crypto.randomUUID();
  form.elements.opened_at.value = new Date().toISOString();
}

// Blank every field, defaults included, so neither reset() nor history brings answers back.
function clearForm(form) {
  for (const el of form.elements) {
    if (['hidden', 'submit', 'button'].includes(el.type)) continue;
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = el.defaultChecked = false;
    else if (el.tagName === 'SELECT') for (const option of el.options) option.selected = option.defaultSelected = false;
    else el.value = el.defaultValue = '';
  }
  document.querySelectorAll('.error-summary, .field-error').forEach((node) => node.remove());
  form.querySelectorAll('.has-error').forEach((node) => node.classList.remove('has-error'));
  form.querySelectorAll('[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
  form.dispatchEvent(new Event('change'));
  freshIdentity(form);
}

function message(text, kind) {
  let box = document.getElementById('form-message');
  if (!box) {
    box = document.createElement('div');
    box.id = 'form-message';
    box.tabIndex = -1;
    form.before(box);
  }
  box.className = `notice notice-${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.textContent = text;
  box.focus();
  return box;
}

function showErrors(error) {
  const fieldsInError = Object.entries((error && error.fields) || {});
  const lines = fieldsInError.map(([field, text]) => {
    const key = field.replace(/^answers\./, '');
    const input = form.querySelector(`[name="${CSS.escape(key)}"]`);
    const label = input && input.closest('.field') && input.closest('.field').querySelector('legend, label');
    return `${label ? label.textContent.trim() : key} : ${text}`;
  });
  message(`À corriger avant l'envoi — ${lines.join(' ; ') || (error && error.message) || ''}`, 'error');
}

async function onSubmit(event) {
  event.preventDefault();
  // The previous person's « Merci » must not stand for this submission's result.
  const previous = document.getElementById('form-message');
  if (previous) previous.remove();
  const button = form.querySelector('[type=submit]');
  button.disabled = true;
  try {
    await submitForm();
  } finally {
    button.disabled = false;
  }
}

async function submitForm() {
  const now = new Date().toISOString();
  const item = {
    client_uuid: form.elements.client_uuid.value,
    version_id: Number(form.dataset.versionId),
    quartier_id: form.dataset.quartier,
    consultation: form.dataset.consultation,
    questionnaire: form.dataset.questionnaire,
    answers: collect(form),
    language: (form.elements.lang && form.elements.lang.value) || 'fr',
    started_at: form.elements.opened_at.value || null,
    submitted_at: now,
    saved_at: now,
  };
  await store.addPending(item);  // saved on the device first, whatever happens next
  sync.changed();
  const result = await sync.postOne(item, 5000);
  if (result.kind === 'invalid') {
    // The respondent is still here: take it back and let them correct it.
    await store.acknowledge([item.client_uuid]);
    sync.changed();
    showErrors(result.error);
    return;
  }
  if (result.kind === 'ack') {
    await store.acknowledge([item.client_uuid]);
    await store.setMeta('lastSync', new Date().toISOString());
  } else if (result.kind === 'refused') await store.toReview(item, result.error);
  clearForm(form);
  scrollTo(0, 0);
  message(result.kind === 'ack'
    ? 'Merci ! Vos réponses sont bien enregistrées. Le questionnaire est prêt pour la personne suivante.'
    : 'Merci ! Vos réponses sont gardées sur cet appareil et seront envoyées dès que la connexion revient.', 'success');
  sync.syncNow();
}

async function enhanceForm() {
  const kiosk = Boolean(await store.getMeta('token'));
  form.dataset.kiosk = kiosk ? '1' : '0';
  // The page may come from the offline cache: its UUID would be shared; make a new one.
  freshIdentity(form);
  form.setAttribute('autocomplete', 'off');
  form.addEventListener('submit', onSubmit);
  addEventListener('pageshow', (event) => { if (event.persisted) clearForm(form); });
  // Kiosk mode: a half-filled form left idle is discarded for the next person (kiosk.js).
  if (kiosk) import('./kiosk.js').then((m) => m.watchIdle(form, () => { clearForm(form); scrollTo(0, 0); })).catch(() => {});
  // Kiosk mode: leaving the questionnaires takes the tablet's PIN (pin.js).
  if (kiosk) import('./pin.js').then((m) => m.guardExits()).catch(() => {});
  form.dataset.enhanced = '1';
}

if (window.isSecureContext && 'indexedDB' in window) {
  if (form) enhanceForm();
  showStatus();
  sync.start();
  askPersistence();
  registerWorker().catch(() => {});
}
