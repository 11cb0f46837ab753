// The urna page's memory across power loss (issue #4): the carga file's text, the election public key and the
// urna's latest snapshot (src/urna/urna.ts), in one IndexedDB object store. Every call resolves only once its
// transaction has completed (IndexedDB's durability point), so a caller that waits for save() before showing FIM
// shows it only when the vote would survive a reload. What comes back is never trusted: the page opens the carga
// again (signature checked) and restoreUrna checks the snapshot against it.

const DB_NAME = 'urna';
const DB_VERSION = 1;
const STORE = 'memoria';

/** The store's keys: one record each. */
export type MemoryKey = 'carga' | 'electionKey' | 'snapshot' | 'mode';

/** The carga as it was opened: its file name and text, re-opened (and re-verified) on every restore. */
export interface StoredCarga {
  name: string;
  text: string;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

let opening: Promise<IDBDatabase> | undefined;

function db(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, DB_VERSION);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE);
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
    r.onblocked = () => reject(new Error('IndexedDB is blocked by another page of the urna'));
  });
  // A failed open may succeed later (e.g. after the other page closes): do not cache the failure.
  opening.catch(() => (opening = undefined));
  return opening;
}

/** The record under key, or undefined. */
export async function memoryGet<T>(key: MemoryKey): Promise<T | undefined> {
  const tx = (await db()).transaction(STORE, 'readonly');
  return (await request(tx.objectStore(STORE).get(key))) as T | undefined;
}

/** Writes several records in one transaction: all or none. Resolves when the transaction has committed. */
export async function memoryPut(records: Partial<Record<MemoryKey, unknown>>): Promise<void> {
  const tx = (await db()).transaction(STORE, 'readwrite', { durability: 'strict' });
  const store = tx.objectStore(STORE);
  for (const [key, value] of Object.entries(records)) store.put(value, key);
  await done(tx);
}

/** Forgets everything (the mesário discards the stored urna to load another carga). */
export async function memoryClear(): Promise<void> {
  const tx = (await db()).transaction(STORE, 'readwrite', { durability: 'strict' });
  tx.objectStore(STORE).clear();
  await done(tx);
}
