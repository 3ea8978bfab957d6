// @lab/server is not built yet. This module deliberately exports nothing rather than placeholders
// that would pretend to work.
export {};
