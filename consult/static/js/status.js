// The sync status. On /tablette, the full box for the adult in charge: « N réponses en attente
// d'envoi », last successful sync, « Synchroniser maintenant », storage persistence, revocation.
// Everywhere else (a kiosk questionnaire, a phone with answers waiting), one discreet line at the
// bottom of the page: the person answering must not meet a staff panel first.
import * as store from './store.js';
import * as sync from './sync.js';

const TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
const FULL = location.pathname === '/tablette';

export function pendingText(count) {
  if (!count) return "Aucune réponse en attente d'envoi";
  return count === 1 ? "1 réponse en attente d'envoi" : `${count} réponses en attente d'envoi`;
}

function buildFull() {
  const bar = document.createElement('section');
  bar.className = 'sync-status';
  bar.setAttribute('aria-label', 'Envoi des réponses');
  bar.innerHTML = `<p role="status" aria-live="polite"><strong id="pending-count"></strong>
    <span id="last-sync"></span> <span id="connection-state"></span></p>
    <p id="revoked-state" class="notice notice-error" hidden>Cette tablette n'est plus autorisée à envoyer
    des réponses. Elles restent gardées sur la tablette : téléchargez-les ci-dessous
    et remettez le fichier à un administrateur.</p>
    <p><button type="button" class="button" id="sync-now">Synchroniser maintenant</button>
    <a href="/tablette#a-verifier" id="review-link" hidden></a>
    <span id="persist-state"></span></p>`;
  document.getElementById('contenu').prepend(bar);
  bar.querySelector('#sync-now').addEventListener('click', () => sync.syncNow(true));
  return bar;
}

function buildLine() {
  const line = document.createElement('p');
  line.className = 'sync-line';
  line.setAttribute('role', 'status');
  line.innerHTML = `<span id="pending-count"></span><span id="last-sync"></span><span id="connection-state"></span>
    <span id="revoked-state" hidden> · envoi bloqué (voir la page Tablette)</span>
    <a href="/tablette#a-verifier" id="review-link" hidden></a>`;
  const footer = document.querySelector('.site-footer');
  if (footer) footer.prepend(line);
  else document.getElementById('contenu').append(line);
  return line;
}

function build() {
  const bar = FULL ? buildFull() : buildLine();
  bar.id = 'sync-status';
  bar.hidden = true;
  return bar;
}

export async function render(bar) {
  const [count, review, lastSync, token, persisted, revoked] = await Promise.all([
    store.countPending(), store.countReview(), store.getMeta('lastSync'),
    store.getMeta('token'), store.getMeta('persisted'), store.getMeta('revoked'),
  ]);
  bar.hidden = !(FULL || count || review || token || revoked);
  bar.querySelector('#pending-count').textContent = pendingText(count);
  const last = lastSync ? TIME.format(new Date(lastSync)) : 'jamais';
  bar.querySelector('#last-sync').textContent = FULL ? ` · Dernier envoi réussi : ${last}` : '';
  bar.querySelector('#connection-state').textContent = sync.state.online === false ? ' · Hors connexion' : '';
  bar.querySelector('#revoked-state').hidden = !revoked;
  const link = bar.querySelector('#review-link');
  link.hidden = !review;
  link.textContent = `À vérifier : ${review}`;
  const persist = bar.querySelector('#persist-state');
  if (persist) {
    persist.textContent = persisted === true
      ? 'Stockage persistant : accordé'
      : "Stockage persistant : non accordé (le navigateur pourrait effacer les réponses en attente s'il manque de place)";
  }
  bar.dataset.pending = String(count);
}

export function showStatus() {
  const bar = build();
  const update = () => render(bar).catch(() => {});
  sync.onChange(update);
  update();
}
