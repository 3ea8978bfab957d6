// @lab/sentiment has no public API yet. This module deliberately exports
// nothing rather than placeholders that would pretend to work.
export {};
