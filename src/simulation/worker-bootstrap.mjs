// Worker threads start without the TypeScript loader the main thread runs under: register tsx, then load the
// worker's real entry (a .ts file) named in workerData.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
