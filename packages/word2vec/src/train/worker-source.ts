/**
 * The body of a Hogwild training worker, as plain JavaScript evaluated by `new Worker(source,
 * { eval: true })`. Keeping it a string (rather than a module file) makes it run the same from the
 * TypeScript sources under tsx/vitest and from the tsup bundle, with no file path to resolve; it is
 * tiny because the work happens in the WebAssembly kernel, which arrives compiled in workerData
 * together with the shared memory.
 *
 * Shared counters (BigInt64Array over a SharedArrayBuffer): [0] corpus words processed by all
 * threads, which sets the learning rate of the next chunk (as word2vec.c's word_count_actual does);
 * [1] words kept by subsampling; [2] non-zero asks every worker to stop. After each epoch a worker
 * posts its running loss, so the main thread can report each epoch's mean loss.
 *
 * The learning-rate line is plan.ts's learningRate(); keep the two equal (a test checks that the
 * one-thread run matches the TypeScript engine bit for bit).
 */
export const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { module, memory, config, scratch, plan, epochs, alpha, minAlpha, totalWork, counters } = workerData;
const shared = new BigInt64Array(counters);
try {
  const train = new WebAssembly.Instance(module, { env: { memory } }).exports.train;
  outer: for (let epoch = 0; epoch < epochs; epoch++) {
    for (let c = 0; c < plan.length; c += 3) {
      if (Atomics.load(shared, 2) !== 0n) break outer;
      const done = Number(Atomics.load(shared, 0));
      const rate = Math.max(minAlpha, alpha - ((alpha - minAlpha) * done) / totalWork);
      const kept = train(config, scratch, plan[c], plan[c + 1], rate);
      Atomics.add(shared, 1, BigInt(kept));
      Atomics.add(shared, 0, BigInt(plan[c + 2]));
    }
    const loss = new Float64Array(memory.buffer, scratch + 8, 2);
    parentPort.postMessage({ epoch, loss: loss[0], terms: loss[1] });
  }
  parentPort.postMessage({ ok: true });
} catch (error) {
  Atomics.store(shared, 2, 1n);
  parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
}
`;
