import type { MessagePortMain } from 'electron';
import type { CoreLink } from './core-protocol';

/**
 * Electron's MessagePortMain as a CoreLink (both ends: main and the core process): its
 * messages arrive wrapped in an event, and only once the port is started. A module of its
 * own so that main's bundle takes nothing of the core with it.
 */
export function electronLink(port: MessagePortMain): CoreLink {
  return {
    postMessage: (message) => port.postMessage(message),
    on(_event, listener) {
      port.on('message', (e) => listener(e.data));
      port.start();
      return this;
    },
  };
}
