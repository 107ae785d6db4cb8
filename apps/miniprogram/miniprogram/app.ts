import type { AppOption } from './app-option';

App<AppOption>({
  globalData: {},
});
