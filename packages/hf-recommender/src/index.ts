// @lab/hf-recommender has no public API yet (it is built under issue #7). This module deliberately exports
// nothing rather than placeholders that would pretend to work.
export {};
