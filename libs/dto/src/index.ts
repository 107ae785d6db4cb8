/**
 * `@wechat-bind/dto`: request and response types for every wechat-bind endpoint, one module per
 * dialect, with a route map each. No Node-only imports: the mini-program imports this package.
 */
export * from './routes';
export * from './accounts';
export * from './my';
export * from './administrator';
export * from './account';
export * from './health';
