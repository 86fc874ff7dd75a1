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
  clearErrors();
  form.dispatchEvent(new Event('change'));
  freshIdentity(form);
}

// Wording in the page's language, rendered by the server (consult/survey/messages.py).
const messagesNode = document.getElementById('form-messages');
const texts = messagesNode ? JSON.parse(messagesNode.textContent) : {};
const numberFormat = new Intl.NumberFormat(document.documentElement.lang || 'fr');
function say(name, values = {}) {
  return (texts[name] || name).replace(/%\((\w+)\)s/g, (_, key) => numberFormat.format(values[key]));
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

// Characters as the server counts them: code points (an emoji is one), ends trimmed.
const characters = (text) => [...text.trim()].length;

// Long texts: a counter under the field, and a polite warning when the end is near or past.
function watchLength(counter) {
  const input = document.getElementById(counter.id.replace(/-compteur$/, ''));
  const warning = document.getElementById(counter.id.replace(/-compteur$/, '-alerte'));
  if (!input || !warning) return;
  const limit = Number(counter.dataset.limit);
  const describedBy = new Set((input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
  describedBy.add(counter.id).add(warning.id);
  input.setAttribute('aria-describedby', [...describedBy].join(' '));
  let state = '';
  const update = () => {
    const left = limit - characters(input.value);
    counter.textContent = left >= 0 ? say('remaining', { count: left }) : say('too_long', { length: limit - left, limit });
    counter.classList.toggle('char-count-over', left < 0);
    // Announced only when crossing a threshold, not at every key.
    const next = left < 0 ? 'over' : left <= Math.max(20, limit / 10) ? 'near' : '';
    if (next !== state) {
      state = next;
      warning.textContent = next ? say(next, { count: left, limit }) : '';
    }
  };
  input.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
}

function fieldBlock(key) {
  const input = form.querySelector(`[name="${CSS.escape(key)}"], [name^="${CSS.escape(key)}-"]`);
  return input && input.closest('.field');
}

function clearErrors() {
  document.querySelectorAll('#erreurs, .field-error, #form-message').forEach((node) => node.remove());
  form.querySelectorAll('.has-error').forEach((node) => node.classList.remove('has-error'));
  form.querySelectorAll('[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
}

// Each error next to its field (as the server renders it), and a summary at the top, focused.
function showErrors(fieldsInError) {
  clearErrors();
  const summary = document.createElement('div');
  summary.className = 'error-summary';
  summary.id = 'erreurs';
  summary.tabIndex = -1;
  summary.setAttribute('role', 'alert');
  const heading = document.createElement('h2');
  heading.textContent = say(fieldsInError.length === 1 ? 'summary_one' : 'summary_many', { count: fieldsInError.length });
  const list = document.createElement('ul');
  summary.append(heading, list);
  for (const [field, french] of fieldsInError) {
    const text = (texts.known && texts.known[french]) || french;
    const key = field.replace(/^answers\.?/, '');
    const block = key && fieldBlock(key);
    const link = document.createElement('a');
    link.textContent = text;
    link.href = '#questionnaire-form';
    if (block) {
      const input = block.querySelector('input, textarea, select');
      const label = block.querySelector('legend, label');
      link.textContent = `${label ? label.textContent.trim() : key} : ${text}`;
      link.href = `#${input.id}`;
      placeError(block, input, key, text);
    }
    const item = document.createElement('li');
    item.append(link);
    list.append(item);
  }
  document.querySelector('.languages, .info-notice, #questionnaire-form').before(summary);
  summary.focus();
}

function placeError(block, input, key, text) {
  block.classList.add('has-error');
  const error = document.createElement('p');
  error.className = 'field-error';
  error.id = `${key}-erreur`;
  const prefix = document.createElement('span');
  prefix.className = 'visually-hidden';
  prefix.textContent = `${say('error_prefix')} `;
  error.append(prefix, text);
  const hint = block.querySelector(':scope > .hint');
  (hint || block.querySelector('legend, label')).after(error);
  for (const el of block.querySelectorAll('input, textarea, select')) {
    el.setAttribute('aria-invalid', 'true');
    const ids = new Set((el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
    el.setAttribute('aria-describedby', [...ids.add(error.id)].join(' '));
  }
}

// What the answer rules would refuse, found before anything is kept on the device.
function localErrors(answers) {
  const found = [];
  for (const counter of form.querySelectorAll('.char-count[data-limit]')) {
    const key = counter.id.replace(/-compteur$/, '');
    const input = document.getElementById(key);
    const length = input && !input.disabled ? characters(input.value) : 0;
    if (length > Number(counter.dataset.limit)) found.push([key, say('too_long', { length, limit: Number(counter.dataset.limit) })]);
  }
  for (const block of form.querySelectorAll('.question[data-required]:not([hidden])')) {
    const key = block.dataset.key;
    if (!(key in answers) && !found.some(([name]) => name === key)) found.push([key, say('required')]);
  }
  if (!found.length && !Object.keys(answers).length) found.push(['answers', say('nothing')]);
  return found;
}

// Language buttons, with JavaScript: the page in the other language (from the network or, on
// a tablet without network, from the offline cache) gets what was typed through this tab's
// sessionStorage, which forgets it at once. Without JavaScript the server does it (a POST).
const CARRY = 'consult-carry';

async function switchLanguage(code) {
  const url = `${location.pathname}?lang=${encodeURIComponent(code)}`;
  const online = await fetch(url, { method: 'HEAD', cache: 'no-store' }).then((r) => r.ok, () => false);
  if (!online && !(await caches.match(location.origin + url))) {
    message(say('language_offline'), 'error');
    return;
  }
  const values = fields(form).map((el) => [el.name, el.value, ['radio', 'checkbox'].includes(el.type) ? el.checked : null]);
  sessionStorage.setItem(CARRY, JSON.stringify({ path: location.pathname, values }));
  location.assign(url);
}

function restoreCarried() {
  const saved = JSON.parse(sessionStorage.getItem(CARRY) || 'null');
  sessionStorage.removeItem(CARRY);
  if (!saved || saved.path !== location.pathname) return;
  for (const [name, value, checked] of saved.values) {
    for (const el of fields(form).filter((node) => node.name === name)) {
      if (checked === null) el.value = value;
      else if (el.value === value) el.checked = checked;
    }
  }
  form.dispatchEvent(new Event('change'));
  form.querySelectorAll('input, textarea').forEach((el) => el.dispatchEvent(new Event('input')));
}

async function onSubmit(event) {
  event.preventDefault();
  if (event.submitter && event.submitter.name === 'switch_lang') {
    await switchLanguage(event.submitter.value);
    return;
  }
  // The previous person's « Merci » must not stand for this submission's result.
  const previous = document.getElementById('form-message');
  if (previous) previous.remove();
  const button = form.querySelector('[type=submit]:not([name])');
  button.disabled = true;
  try {
    await submitForm();
  } finally {
    button.disabled = false;
  }
}

async function submitForm() {
  const answers = collect(form);
  const problems = localErrors(answers);
  if (problems.length) {
    showErrors(problems);
    return;
  }
  clearErrors();
  const now = new Date().toISOString();
  const item = {
    client_uuid: form.elements.client_uuid.value,
    version_id: Number(form.dataset.versionId),
    quartier_id: form.dataset.quartier,
    consultation: form.dataset.consultation,
    questionnaire: form.dataset.questionnaire,
    answers,
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
    const error = result.error || {};
    showErrors(Object.entries(error.fields || { answers: error.message || '' }));
    return;
  }
  if (result.kind === 'ack') {
    await store.acknowledge([item.client_uuid]);
    await store.setMeta('lastSync', new Date().toISOString());
    // On one's own phone, one's own thanks page; a shared tablet gets ready for the next person.
    if (form.dataset.kiosk !== '1') {
      location.assign(texts.thanks_url);
      return;
    }
  } else if (result.kind === 'refused') await store.toReview(item, result.error);
  clearForm(form);
  scrollTo(0, 0);
  message(say(result.kind === 'ack' ? 'thanks_kiosk' : 'thanks_offline'), 'success');
  sync.syncNow();
}

async function enhanceForm() {
  const kiosk = Boolean(await store.getMeta('token'));
  form.dataset.kiosk = kiosk ? '1' : '0';
  // The page may come from the offline cache: its UUID would be shared; make a new one.
  freshIdentity(form);
  form.setAttribute('autocomplete', 'off');
  form.addEventListener('submit', onSubmit);
  restoreCarried();
  addEventListener('pageshow', (event) => { if (event.persisted) clearForm(form); });
  // Kiosk mode: a half-filled form left idle is discarded for the next person (kiosk.js).
  if (kiosk) import('./kiosk.js').then((m) => m.watchIdle(form, () => { clearForm(form); scrollTo(0, 0); })).catch(() => {});
  // Kiosk mode: leaving the questionnaires takes the tablet's PIN (pin.js).
  if (kiosk) import('./pin.js').then((m) => m.guardExits()).catch(() => {});
  form.dataset.enhanced = '1';
}

if (form) form.querySelectorAll('.char-count[data-limit]').forEach(watchLength);
if (window.isSecureContext && 'indexedDB' in window) {
  if (form) enhanceForm();
  showStatus();
  sync.start();
  askPersistence();
  registerWorker().catch(() => {});
}
