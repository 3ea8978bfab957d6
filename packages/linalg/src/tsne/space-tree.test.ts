import { Rng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { SpacePartitionTree } from "./space-tree.js";

/** Direct O(N) sums that the tree approximates: Σ_j w² (y_i - y_j) and Σ_{j≠i} w. */
function directRepulsion(positions: Float64Array, count: number, dims: number, i: number) {
  const force = new Float64Array(dims);
  let sumQ = 0;
  for (let j = 0; j < count; j++) {
    if (j === i) continue;
    let distanceSquared = 0;
    for (let d = 0; d < dims; d++)
      distanceSquared += (positions[i * dims + d]! - positions[j * dims + d]!) ** 2;
    const w = 1 / (1 + distanceSquared);
    sumQ += w;
    for (let d = 0; d < dims; d++) force[d] += w * w * (positions[i * dims + d]! - positions[j * dims + d]!);
  }
  return { force, sumQ };
}

function clusteredPositions(count: number, dims: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const positions = new Float64Array(count * dims);
  for (let i = 0; i < count; i++) {
    const center = (i % 5) * 10;
    for (let d = 0; d < dims; d++) positions[i * dims + d] = center + rng.normal();
  }
  return positions;
}

describe.each([2, 3] as const)("SpacePartitionTree in %i-D", (dims) => {
  it("holds every point once, with the mean as the root's centre of mass", () => {
    const count = 500;
    const positions = clusteredPositions(count, dims, 1);
    const tree = new SpacePartitionTree(dims, count);
    tree.build(positions, count, 0.5);
    expect(tree.leafMassTotal()).toBe(count);
    const root = tree.rootSummary();
    expect(root.mass).toBe(count);
    for (let d = 0; d < dims; d++) {
      let mean = 0;
      for (let i = 0; i < count; i++) mean += positions[i * dims + d]!;
      expect(root.center[d]).toBeCloseTo(mean / count, 10);
    }
  });

  it("with theta = 0 gives the exact repulsion and normaliser share", () => {
    const count = 300;
    const positions = clusteredPositions(count, dims, 2);
    const tree = new SpacePartitionTree(dims, count);
    tree.build(positions, count, 0);
    const out = new Float64Array(count * dims);
    for (let i = 0; i < count; i++) {
      const sumQ = tree.repulsion(positions, i * dims, out);
      const expected = directRepulsion(positions, count, dims, i);
      expect(sumQ).toBeCloseTo(expected.sumQ, 10);
      for (let d = 0; d < dims; d++) expect(out[i * dims + d]).toBeCloseTo(expected.force[d]!, 10);
    }
  });

  it("with theta = 0.5 stays within a few percent of the exact sums", () => {
    const count = 1000;
    const positions = clusteredPositions(count, dims, 3);
    const tree = new SpacePartitionTree(dims, count);
    tree.build(positions, count, 0.5);
    const out = new Float64Array(count * dims);
    let errorSquared = 0;
    let normSquared = 0;
    for (let i = 0; i < count; i++) {
      const sumQ = tree.repulsion(positions, i * dims, out);
      const expected = directRepulsion(positions, count, dims, i);
      expect(Math.abs(sumQ - expected.sumQ) / expected.sumQ).toBeLessThan(0.02);
      for (let d = 0; d < dims; d++) {
        errorSquared += (out[i * dims + d]! - expected.force[d]!) ** 2;
        normSquared += expected.force[d]! ** 2;
      }
    }
    expect(Math.sqrt(errorSquared / normSquared)).toBeLessThan(0.05);
  });

  it("terminates on coincident points, counting duplicates in the normaliser but not the point itself", () => {
    // Three copies of the origin and one point at distance 1 along the first axis.
    const positions = new Float64Array(4 * dims);
    positions[3 * dims] = 1;
    const tree = new SpacePartitionTree(dims, 4);
    tree.build(positions, 4, 0.5);
    expect(tree.leafMassTotal()).toBe(4);
    const out = new Float64Array(4 * dims);
    // From a copy of the origin: two duplicates with w = 1 and the far point with w = 1/2.
    expect(tree.repulsion(positions, 0, out)).toBeCloseTo(2.5, 12);
    expect(out[0]).toBeCloseTo(-0.25, 12);
    // From the far point: three points with w = 1/2, each pushing it by w² = 1/4 along +x.
    expect(tree.repulsion(positions, 3 * dims, out)).toBeCloseTo(1.5, 12);
    expect(out[3 * dims]).toBeCloseTo(0.75, 12);
  });

  it("rebuilds in place for moved points and larger counts", () => {
    const tree = new SpacePartitionTree(dims, 4);
    const small = clusteredPositions(10, dims, 4);
    tree.build(small, 10, 0.5);
    const large = clusteredPositions(2000, dims, 5);
    tree.build(large, 2000, 0);
    expect(tree.leafMassTotal()).toBe(2000);
    const out = new Float64Array(2000 * dims);
    const expected = directRepulsion(large, 2000, dims, 17);
    expect(tree.repulsion(large, 17 * dims, out)).toBeCloseTo(expected.sumQ, 9);
  });
});
