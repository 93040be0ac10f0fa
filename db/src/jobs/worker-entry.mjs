// The jobs' worker entry when the core runs from TypeScript source (tsx, vitest): on Node 20
// a worker does not inherit the parent's module hooks, so it registers tsx's itself.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
