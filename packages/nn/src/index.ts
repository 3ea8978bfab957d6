// @lab/nn has no public API yet (it is built under issue #4). This module deliberately exports
// nothing rather than placeholders that would pretend to work.
export {};
