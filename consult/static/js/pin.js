// The tablet's PIN, chosen at enrolment. It guards what a respondent must not do on a shared
// tablet: leave the questionnaires (kiosk mode), remove the token, download the unsent answers.
// The tablet works offline, so the PIN is checked on the device: only a PBKDF2-SHA-256 hash
// (WebCrypto, random salt) is kept in IndexedDB, never the PIN itself. It keeps passers-by out;
// it is no protection against someone who can open the browser's developer tools.
import * as store from './store.js';

const ITERATIONS = 150000;
const UNLOCK_KEY = 'consult-unlocked-until';
const UNLOCK_MS = 2 * 60 * 1000;  // an unlock carries over to the next page for two minutes
export const PIN_PATTERN = /^\d{4,8}$/;

const bytesToBase64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const base64ToBytes = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(pin, salt, iterations) {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return bytesToBase64(bits);
}

export async function setPin(pin) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(pin, salt, ITERATIONS);
  await store.setMeta('pin', { algorithm: 'PBKDF2-SHA-256', iterations: ITERATIONS, salt: bytesToBase64(salt), hash });
}

export async function hasPin() {
  return Boolean(await store.getMeta('pin'));
}

export async function checkPin(pin) {
  const record = await store.getMeta('pin');
  if (!record) return true;
  if (!PIN_PATTERN.test(pin || '')) return false;
  return (await derive(pin, base64ToBytes(record.salt), record.iterations)) === record.hash;
}

export const forgetPin = () => store.deleteMeta('pin');

// The PIN given to leave for `path` also opens that page (/tablette) if it is opened at once.
export function unlockForNextPage(path) {
  sessionStorage.setItem(UNLOCK_KEY, JSON.stringify({ path, until: Date.now() + UNLOCK_MS }));
}

// True once: an unlock made on the previous page for this very page is spent here.
export function takeUnlock() {
  let unlock = {};
  try {
    unlock = JSON.parse(sessionStorage.getItem(UNLOCK_KEY)) || {};
  } catch {
    // Unreadable: stays locked.
  }
  sessionStorage.removeItem(UNLOCK_KEY);
  return unlock.path === location.pathname && unlock.until > Date.now();
}

function buildDialog() {
  const dialog = document.createElement('dialog');
  dialog.id = 'pin-dialog';
  dialog.className = 'idle-dialog';
  dialog.setAttribute('aria-labelledby', 'pin-dialog-title');
  dialog.innerHTML = `<form method="dialog" novalidate>
    <h2 id="pin-dialog-title">Code de la tablette</h2>
    <p id="pin-dialog-reason"></p>
    <div class="field">
      <label for="pin-dialog-input">Code (4 à 8 chiffres)</label>
      <p class="field-error" id="pin-dialog-error" role="alert" hidden>Code incorrect.</p>
      <input type="password" id="pin-dialog-input" inputmode="numeric" autocomplete="off" maxlength="8">
    </div>
    <p class="idle-actions"><button type="submit" class="button button-primary" value="ok">Valider</button>
      <button type="button" class="button" id="pin-dialog-cancel">Annuler</button></p>
  </form>`;
  document.body.append(dialog);
  return dialog;
}

// Asks for the PIN in a modal dialog; resolves true when it is right, false when cancelled.
export function askPin(reason) {
  const dialog = document.getElementById('pin-dialog') || buildDialog();
  const input = dialog.querySelector('#pin-dialog-input');
  const error = dialog.querySelector('#pin-dialog-error');
  dialog.querySelector('#pin-dialog-reason').textContent = reason;
  input.value = '';
  error.hidden = true;
  input.removeAttribute('aria-invalid');
  return new Promise((resolve) => {
    const form = dialog.querySelector('form');
    const finish = (value) => {
      form.onsubmit = null;
      dialog.querySelector('#pin-dialog-cancel').onclick = null;
      dialog.oncancel = null;
      if (dialog.open) dialog.close();
      resolve(value);
    };
    form.onsubmit = async (event) => {
      event.preventDefault();
      if (await checkPin(input.value)) finish(true);
      else {
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', 'pin-dialog-error');
        input.value = '';
        input.focus();
      }
    };
    dialog.querySelector('#pin-dialog-cancel').onclick = () => finish(false);
    dialog.oncancel = (event) => { event.preventDefault(); finish(false); };
    dialog.showModal();
    input.focus();
  });
}

// Kiosk mode: a link that leaves the questionnaires (/c/…) asks for the PIN first.
export function guardExits() {
  document.addEventListener('click', async (event) => {
    const link = event.target.closest && event.target.closest('a[href]');
    if (!link || event.defaultPrevented) return;
    const target = new URL(link.href, location.href);
    if (target.origin === location.origin && target.pathname.startsWith('/c/')) return;
    event.preventDefault();
    if (!(await hasPin())) { location.href = target.href; return; }
    if (await askPin('Pour quitter le questionnaire, entrez le code de la tablette.')) {
      unlockForNextPage(target.pathname);
      location.href = target.href;
    }
  });
  window.consultExitsGuarded = true;
}
