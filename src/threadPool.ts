/**
 * libuv's thread pool runs SQLite's queries, scrypt and file reads. Its default of 4 threads
 * would let two sign-ins and two slow queries stall every chat; it is sized before the first
 * use (this module is imported first), and an operator's own UV_THREADPOOL_SIZE wins.
 */
export const THREAD_POOL_SIZE = 8;
if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = String(THREAD_POOL_SIZE);
