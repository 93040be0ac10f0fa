import { settingsHandlers } from './settings/handlers';
import { systemHandlers } from './system/handlers';

/**
 * Every handler of the core, by name. Each feature declares its own map beside its code;
 * this object's type is the contract that hosts and the renderer's client are typed by.
 */
export const handlers = {
  ...systemHandlers,
  ...settingsHandlers,
};
