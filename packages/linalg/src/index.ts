// @lab/linalg has no public API yet (it is built under issue #3). This module deliberately exports
// nothing rather than placeholders that would pretend to work.
export {};
