// The outbox: answers saved on this device until the server has acknowledged them.
// IndexedDB stores: outbox (waiting to be sent), review (refused by the server: « à vérifier »),
// meta (device token, device description, last successful sync).
const NAME = 'consult';
let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('outbox', { keyPath: 'client_uuid' });
        db.createObjectStore('review', { keyPath: 'client_uuid' });
        db.createObjectStore('meta');
      };
      request.onsuccess = () => {
        const db = request.result;
        // Browsers may close the connection (memory pressure, other tab upgrading): reopen next time.
        db.onclose = () => { opening = null; };
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      request.onerror = () => { opening = null; reject(request.error); };
    });
  }
  return opening;
}

const done = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

async function run(stores, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode, { durability: 'strict' });
    let result;
    Promise.resolve(work(tx)).then((value) => { result = value; }, (error) => { tx.abort(); reject(error); });
    tx.oncomplete = () => resolve(result);
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

export const addPending = (item) => run(['outbox'], 'readwrite', (tx) => done(tx.objectStore('outbox').put(item)));
export const pending = () => run(['outbox'], 'readonly', (tx) => done(tx.objectStore('outbox').getAll()));
export const countPending = () => run(['outbox'], 'readonly', (tx) => done(tx.objectStore('outbox').count()));
export const reviewItems = () => run(['review'], 'readonly', (tx) => done(tx.objectStore('review').getAll()));
export const countReview = () => run(['review'], 'readonly', (tx) => done(tx.objectStore('review').count()));

export function acknowledge(uuids) {
  return run(['outbox'], 'readwrite', (tx) => Promise.all(uuids.map((id) => done(tx.objectStore('outbox').delete(id)))));
}

// Move an item the server refused to the « à vérifier » list, in one transaction.
export function toReview(item, error) {
  return run(['outbox', 'review'], 'readwrite', (tx) => Promise.all([
    done(tx.objectStore('review').put({ client_uuid: item.client_uuid, item, error, at: new Date().toISOString() })),
    done(tx.objectStore('outbox').delete(item.client_uuid)),
  ]));
}

export function retry(uuid) {
  return run(['outbox', 'review'], 'readwrite', async (tx) => {
    const entry = await done(tx.objectStore('review').get(uuid));
    if (!entry) return;
    await done(tx.objectStore('outbox').put(entry.item));
    await done(tx.objectStore('review').delete(uuid));
  });
}

export const getMeta = (key) => run(['meta'], 'readonly', (tx) => done(tx.objectStore('meta').get(key)));
export const setMeta = (key, value) => run(['meta'], 'readwrite', (tx) => done(tx.objectStore('meta').put(value, key)));
export const deleteMeta = (key) => run(['meta'], 'readwrite', (tx) => done(tx.objectStore('meta').delete(key)));
