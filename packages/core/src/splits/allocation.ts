import { InvalidArgumentError } from "../errors.js";

/**
 * total * fraction, with products that miss an integer only by floating-point error (0.29 * 100 =
 * 28.999999999999996) snapped to it, so they are not rounded down a whole unit.
 */
function quota(total: number, fraction: number): number {
  const exact = total * fraction;
  const nearest = Math.round(exact);
  return Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : exact;
}

/**
 * Splits `total` items into parts proportional to `fractions` (which sum to 1): every part gets the
 * integer part of its quota, and the units left over go to the largest fractional remainders, the
 * earlier part winning a tie. The sizes sum to `total` exactly.
 */
export function largestRemainderSizes(total: number, fractions: readonly number[]): number[] {
  const quotas = fractions.map((fraction) => quota(total, fraction));
  const sizes = quotas.map(Math.floor);
  let leftover = total - sizes.reduce((sum, size) => sum + size, 0);
  const byRemainder = quotas
    .map((value, part) => ({ part, remainder: value - sizes[part] }))
    .filter(({ part }) => fractions[part] > 0)
    .sort((a, b) => b.remainder - a.remainder || a.part - b.part);
  // Quotas sum to total within rounding, so the leftover is below the number of parts; the modulo is a guard.
  for (let rank = 0; leftover > 0; rank = (rank + 1) % byRemainder.length, leftover--) {
    sizes[byRemainder[rank].part]++;
  }
  return sizes;
}

/**
 * How many members of each class go to each part: a class × part matrix whose rows sum to the class
 * counts and whose columns sum to `partSizes`, each cell within one of count × fraction (largest
 * remainders first, across all classes) unless the minimum below forces otherwise. A class with at
 * least as many members as there
 * are parts of positive fraction gets at least one member in each of them; throws InvalidArgumentError
 * when a part is too small for that.
 */
export function stratifiedAllocation(
  classCounts: readonly number[],
  partSizes: readonly number[],
  fractions: readonly number[],
): number[][] {
  const partCount = partSizes.length;
  const activePartCount = fractions.filter((fraction) => fraction > 0).length;
  const quotas = classCounts.map((count) => fractions.map((fraction) => quota(count, fraction)));
  const minimums = classCounts.map((count): number => (count >= activePartCount ? 1 : 0));
  const lowerBound = (c: number, part: number) => (fractions[part] > 0 ? minimums[c] : 0);
  const allocation = quotas.map((row, c) =>
    row.map((value, part) => Math.max(lowerBound(c, part), Math.floor(value))),
  );

  // Raising small quotas to the minimum can give a class more members than it has: take the surplus back
  // from the cells furthest above their quota.
  allocation.forEach((row, c) => {
    let surplus = row.reduce((sum, cell) => sum + cell, 0) - classCounts[c];
    while (surplus > 0) {
      let best = -1;
      for (let part = 0; part < partCount; part++) {
        if (row[part] <= lowerBound(c, part)) continue;
        if (best < 0 || row[part] - quotas[c][part] > row[best] - quotas[c][best]) best = part;
      }
      row[best]--;
      surplus--;
    }
  });

  const partTotals = partSizes.map((_, part) => allocation.reduce((sum, row) => sum + row[part], 0));
  // The minimums can also overfill a small part: move members of one class to a part with room.
  for (let part = 0; part < partCount; part++) {
    while (partTotals[part] > partSizes[part]) {
      let bestClass = -1;
      let bestTarget = -1;
      let bestGain = Number.NEGATIVE_INFINITY;
      allocation.forEach((row, c) => {
        if (row[part] <= lowerBound(c, part)) return;
        for (let target = 0; target < partCount; target++) {
          if (partTotals[target] >= partSizes[target]) continue;
          const gain = row[part] - quotas[c][part] + quotas[c][target] - row[target];
          if (gain > bestGain) {
            bestGain = gain;
            bestClass = c;
            bestTarget = target;
          }
        }
      });
      if (bestClass < 0) {
        const required = minimums.reduce((sum, minimum) => sum + minimum, 0);
        throw new InvalidArgumentError(
          `stratified part ${part} gets ${partSizes[part]} samples, but ${required} classes have at least ` +
            `${activePartCount} members and must each appear in every part; enlarge the small parts or do not stratify`,
        );
      }
      allocation[bestClass][part]--;
      allocation[bestClass][bestTarget]++;
      partTotals[part]--;
      partTotals[bestTarget]++;
    }
  }

  const classShortfall = allocation.map(
    (row, c) => classCounts[c] - row.reduce((sum, cell) => sum + cell, 0),
  );
  const partRoom = partSizes.map((size, part) => size - partTotals[part]);
  distributeLeftovers(allocation, quotas, classShortfall, partRoom);
  return allocation;
}

/**
 * Gives each class its missing members (`classShortfall`) in parts with room (`partRoom`, same total),
 * raising cells at most one above their floor where possible, so every cell stays within one of its
 * quota. This is a bipartite b-matching: a greedy pass by largest remainder places most units, and
 * augmenting paths (class A takes a place in part j from class B, which moves to another part, and so
 * on until a part with room) place the rest, as a plain greedy can paint itself into a corner.
 */
function distributeLeftovers(
  allocation: number[][],
  quotas: readonly (readonly number[])[],
  classShortfall: number[],
  partRoom: number[],
): void {
  const classCount = allocation.length;
  const partCount = partRoom.length;
  const remainder = (c: number, part: number) => quotas[c][part] - allocation[c][part];
  // raised[c * partCount + part] = 1 when the cell got a unit here; fixed before any is given.
  const raised = new Uint8Array(classCount * partCount);
  let unassigned = classShortfall.reduce((sum, shortfall) => sum + shortfall, 0);
  const place = (c: number, part: number) => {
    raised[c * partCount + part] = 1;
    classShortfall[c]--;
    partRoom[part]--;
    unassigned--;
  };

  const cells: { c: number; part: number; value: number }[] = [];
  for (let c = 0; c < classCount; c++) {
    if (classShortfall[c] === 0) continue;
    for (let part = 0; part < partCount; part++) {
      if (remainder(c, part) > 0) cells.push({ c, part, value: remainder(c, part) });
    }
  }
  cells.sort((a, b) => b.value - a.value || a.c - b.c || a.part - b.part);
  for (const { c, part } of cells) {
    if (classShortfall[c] > 0 && partRoom[part] > 0) place(c, part);
  }

  // Augmenting paths first through cells below their quota only, then through any unraised cell.
  const previousClass = new Int32Array(partCount);
  const previousPart = new Int32Array(classCount);
  const augment = (start: number, allowWholeQuotas: boolean): boolean => {
    const classSeen = new Uint8Array(classCount);
    const partSeen = new Uint8Array(partCount);
    const queue = [start];
    classSeen[start] = 1;
    for (let head = 0; head < queue.length; head++) {
      const c = queue[head];
      for (let part = 0; part < partCount; part++) {
        if (partSeen[part] || raised[c * partCount + part]) continue;
        if (!allowWholeQuotas && remainder(c, part) <= 0) continue;
        partSeen[part] = 1;
        previousClass[part] = c;
        if (partRoom[part] > 0) {
          // Walk back: each class on the path takes its new cell and gives up the one it held.
          let current = part;
          for (;;) {
            const holder = previousClass[current];
            raised[holder * partCount + current] = 1;
            if (holder === start) break;
            current = previousPart[holder];
            raised[holder * partCount + current] = 0;
          }
          classShortfall[start]--;
          partRoom[part]--;
          unassigned--;
          return true;
        }
        for (let other = 0; other < classCount; other++) {
          if (classSeen[other] || !raised[other * partCount + part]) continue;
          classSeen[other] = 1;
          previousPart[other] = part;
          queue.push(other);
        }
      }
    }
    return false;
  };
  for (const allowWholeQuotas of [false, true]) {
    let progress = true;
    while (unassigned > 0 && progress) {
      progress = false;
      for (let c = 0; c < classCount; c++) {
        if (classShortfall[c] > 0 && augment(c, allowWholeQuotas)) progress = true;
      }
    }
  }
  for (let c = 0; c < classCount; c++) {
    for (let part = 0; part < partCount; part++) allocation[c][part] += raised[c * partCount + part];
  }
  // Left only when every unraised cell of a short class sits in a full part: stack a second unit.
  // Some part has room while a class is short (the totals agree), so this always finishes.
  for (let c = 0; c < classCount && unassigned > 0; c++) {
    for (let part = 0; part < partCount && classShortfall[c] > 0; part++) {
      const units = Math.min(classShortfall[c], partRoom[part]);
      allocation[c][part] += units;
      classShortfall[c] -= units;
      partRoom[part] -= units;
      unassigned -= units;
    }
  }
}
