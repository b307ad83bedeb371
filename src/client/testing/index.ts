// Test doubles for code built on the client: an in-memory API behind the Transport and a fake clock.
export { FakeApi } from './fake-api.js';
export { FakeClock, settle } from './fake-clock.js';
export { AsyncQueue } from './async-queue.js';
