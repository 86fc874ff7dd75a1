// Sends the outbox: one tab at a time (Web Locks), exponential backoff. A tablet (with a
// token) sends batches of 100; a phone without a token sends one answer at a time (the server
// takes batches from tablets only, and rate-limits anonymous answers: a 429 waits Retry-After).
// An item leaves the outbox only after the server acknowledged it (created or duplicate);
// a refused one (409, 4xx) goes to « à vérifier » and is never retried blindly.
import * as store from './store.js';

const FIRST_DELAY = 1000;
const MAX_DELAY = 5 * 60 * 1000;
const BATCH_SIZE = 100;
const MAX_BYTES = 900 * 1024;  // the server takes 1 MB per request

let delay = FIRST_DELAY;
let retryAfter = 0;  // ms the server asked us to wait (429 Retry-After)
let timer = null;
let running = false;
export const state = { online: null, revoked: false };

const listeners = new Set();
const channel = 'BroadcastChannel' in self ? new BroadcastChannel('consult-outbox') : null;
if (channel) channel.onmessage = () => listeners.forEach((fn) => fn());
export const onChange = (fn) => listeners.add(fn);
export function changed() {
  listeners.forEach((fn) => fn());
  if (channel) channel.postMessage('changed');
}

async function headers() {
  const token = await store.getMeta('token');
  const result = { 'Content-Type': 'application/json' };
  if (token) result.Authorization = `Bearer ${token}`;
  return result;
}

// A real request, not navigator.onLine (which only knows about the network card).
export async function ping() {
  try {
    const response = await fetch('/api/v1/ping', { cache: 'no-store' });
    state.online = response.ok && (await response.json()).status === 'ok';
  } catch {
    state.online = false;
  }
  return state.online;
}

async function post(url, body, timeout) {
  const controller = new AbortController();
  const timeoutId = setTimeout(() => controller.abort(), timeout);
  try {
    return await fetch(url, {
      method: 'POST', headers: await headers(), body: JSON.stringify(body),
      cache: 'no-store', signal: controller.signal,
    });
  } finally {
    clearTimeout(timeoutId);
  }
}

// Sends one item. Returns {kind: 'ack' | 'retry' | 'revoked' | 'invalid' | 'refused', error}.
export async function postOne(item, timeout = 30000) {
  let response;
  try {
    response = await post('/api/v1/submissions', item, timeout);
  } catch {
    return { kind: 'retry' };
  }
  if (response.status === 429) retryAfter = 1000 * (Number(response.headers.get('Retry-After')) || 60);
  return classify(response.status, await response.json().catch(() => ({})));
}

function classify(status, body) {
  if (status === 200 || status === 201) return { kind: 'ack' };
  if (status === 401) return { kind: 'revoked', error: body.error };
  if (status === 422) return { kind: 'invalid', error: body.error };
  if (status === 408 || status === 429 || status >= 500 || !body.error) return { kind: 'retry' };
  return { kind: 'refused', error: body.error };
}

export function syncNow(manual = false) {
  if (navigator.locks) {
    return navigator.locks.request('consult-sync', { ifAvailable: true }, (lock) => (lock ? run(manual) : null));
  }
  return running ? null : run(manual);
}

async function run(manual) {
  running = true;
  clearTimeout(timer);
  try {
    const items = await store.pending();
    if (!items.length) { delay = FIRST_DELAY; return; }
    if (state.revoked && !manual) return;  // waits for a new token or a tap on the button
    if (!(await ping())) { schedule(); return; }
    const tablet = Boolean(await store.getMeta('token'));
    for (const chunk of tablet ? chunks(items) : [items]) {
      const outcome = tablet ? await sendBatch(chunk) : await sendOneByOne(chunk);
      if (outcome === 'retry') { schedule(); return; }
      if (outcome === 'revoked') return;
    }
    delay = FIRST_DELAY;
    await store.setMeta('lastSync', new Date().toISOString());
    if (await store.countPending()) timer = setTimeout(syncNow, 0);  // saved while we were sending
  } finally {
    running = false;
    changed();
  }
}

function schedule() {
  timer = setTimeout(syncNow, Math.max(delay, retryAfter));
  retryAfter = 0;
  delay = Math.min(delay * 2, MAX_DELAY);
}

function* chunks(items) {
  let chunk = [];
  let size = 0;
  for (const item of items) {
    const length = JSON.stringify(item).length * 2;  // UTF-8 of French text: 2 bytes is generous
    if (chunk.length && (chunk.length === BATCH_SIZE || size + length > MAX_BYTES)) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(item);
    size += length;
  }
  if (chunk.length) yield chunk;
}

async function sendBatch(chunk) {
  let response;
  try {
    response = await post('/api/v1/batches', { items: chunk }, 60000);
  } catch {
    state.online = false;
    return 'retry';
  }
  const body = await response.json().catch(() => null);
  const outcome = body ? classify(response.status, body) : { kind: 'retry' };
  if (response.status === 200 && body && body.results) return settle(chunk, body.results);
  if (outcome.kind === 'revoked') return revoked();
  if (outcome.kind === 'retry') return 'retry';
  return sendOneByOne(chunk);  // the batch itself was refused (too big...): try each item
}

async function revoked() {
  state.revoked = true;
  await store.setMeta('revoked', true);
  return 'revoked';
}

async function settle(chunk, results) {
  if (state.revoked) await store.setMeta('revoked', false);
  state.revoked = false;
  const acked = [];
  for (const [index, result] of results.entries()) {
    const item = chunk[index];
    if (result.status === 'created' || result.status === 'duplicate') acked.push(item.client_uuid);
    else if (result.http_status >= 400 && result.http_status < 500) await store.toReview(item, result.error);
  }
  await store.acknowledge(acked);
  return 'done';
}

async function sendOneByOne(chunk) {
  for (const item of chunk) {
    const result = await postOne(item);
    if (result.kind === 'ack') await store.acknowledge([item.client_uuid]);
    else if (result.kind === 'revoked') return revoked();
    else if (result.kind === 'retry') return 'retry';
    else await store.toReview(item, result.error);
  }
  return 'done';
}

export async function start() {
  state.revoked = Boolean(await store.getMeta('revoked'));
  addEventListener('online', () => syncNow());
  document.addEventListener('visibilitychange', () => { if (!document.hidden) syncNow(); });
  syncNow();
}
