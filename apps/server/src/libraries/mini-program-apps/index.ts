export type { MiniProgramAppRegistry, MiniProgramAppRegistryOptions } from './app-registry';
export { createMiniProgramAppRegistry } from './app-registry';
export type { AddMiniProgramAppInput, MiniProgramAppSummary } from './manage-apps';
export { addMiniProgramApp, listMiniProgramApps, removeMiniProgramApp } from './manage-apps';
export type { SeedReport } from './seed-apps';
export { seedMiniProgramApps } from './seed-apps';
export {
  APP_ID_RULE,
  STORED_APP_ID_PATTERN,
  STORED_APP_ID_RULE,
  WECHAT_APP_ID_PATTERN,
} from './app-rules';
