// The desktop's core process stood in for by a worker thread (no Electron here): tsx's
// hooks first (on Node 20 a worker does not inherit them), then the real serving code.
import { register } from 'tsx/esm/api';

register();
await import('./core-worker.ts');
