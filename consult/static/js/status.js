// The status line: « N réponses en attente d'envoi », last successful sync, « Synchroniser maintenant ».
import * as store from './store.js';
import * as sync from './sync.js';

const TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });

export function pendingText(count) {
  if (!count) return "Aucune réponse en attente d'envoi";
  return count === 1 ? "1 réponse en attente d'envoi" : `${count} réponses en attente d'envoi`;
}

function build() {
  const bar = document.createElement('section');
  bar.id = 'sync-status';
  bar.className = 'sync-status';
  bar.setAttribute('aria-label', 'Envoi des réponses');
  bar.hidden = true;
  bar.innerHTML = `<p role="status" aria-live="polite"><strong id="pending-count"></strong>
    <span id="last-sync"></span> <span id="connection-state"></span></p>
    <p id="revoked-state" class="notice notice-error" hidden>Cette tablette n'est plus autorisée à envoyer
    des réponses. Elles restent gardées sur la tablette : téléchargez-les depuis la page
    <a href="/tablette">Tablette</a> et remettez le fichier à un administrateur.</p>
    <p><button type="button" class="button" id="sync-now">Synchroniser maintenant</button>
    <a href="/tablette#a-verifier" id="review-link" hidden></a>
    <span id="persist-state"></span></p>`;
  document.getElementById('contenu').prepend(bar);
  bar.querySelector('#sync-now').addEventListener('click', () => sync.syncNow(true));
  return bar;
}

export async function render(bar) {
  const [count, review, lastSync, token, persisted, revoked] = await Promise.all([
    store.countPending(), store.countReview(), store.getMeta('lastSync'),
    store.getMeta('token'), store.getMeta('persisted'), store.getMeta('revoked'),
  ]);
  bar.hidden = !(count || review || token || location.pathname === '/tablette');
  bar.querySelector('#pending-count').textContent = pendingText(count);
  bar.querySelector('#last-sync').textContent = ` · Dernier envoi réussi : ${lastSync ? TIME.format(new Date(lastSync)) : 'jamais'}`;
  bar.querySelector('#connection-state').textContent = sync.state.online === false ? ' · Hors connexion' : '';
  bar.querySelector('#revoked-state').hidden = !revoked;
  const link = bar.querySelector('#review-link');
  link.hidden = !review;
  link.textContent = `À vérifier : ${review}`;
  bar.querySelector('#persist-state').textContent = persisted === true
    ? 'Stockage persistant : accordé'
    : "Stockage persistant : non accordé (le navigateur pourrait effacer les réponses en attente s'il manque de place)";
  bar.dataset.pending = String(count);
}

export function showStatus() {
  const bar = build();
  const update = () => render(bar).catch(() => {});
  sync.onChange(update);
  update();
}
