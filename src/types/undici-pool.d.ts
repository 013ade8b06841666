// undici's Pool alone: the package's index also loads fetch, WebSocket, caches and the rest,
// some 10 MB of RSS a sender never uses.
declare module 'undici/lib/dispatcher/pool.js' {
  import type { Pool } from 'undici';
  const PoolClass: typeof Pool;
  export default PoolClass;
}

// Dispatcher.prototype.request, which undici's index mixes in: called with the pool as `this`.
declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';
  const request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
  export default request;
}
