import { Registry, collectDefaultMetrics } from 'prom-client';

let processRegistry: Registry | undefined;

/**
 * Node's own figures (CPU, memory, event-loop lag, GC, handles) describe the process, not an app,
 * and their collectors (an event-loop monitor, a GC observer) are never released. So they are
 * collected once per process, in a registry of their own made on first use, and merged into each
 * app's scrape; apps keep their own registries for everything else.
 */
export function sharedProcessRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
