/**
 * A quadtree (2-D) or octree (3-D) over the embedding, rebuilt every iteration, for Barnes–Hut
 * approximation of the repulsive forces (van der Maaten, "Accelerating t-SNE using tree-based
 * algorithms", JMLR 2014).
 *
 * Nodes live in flat typed arrays indexed by node number (no object per node): a node's 2^dims
 * children are allocated together, so `firstChild` is all the tree structure there is. After
 * insertion the non-empty nodes are copied, depth first, into one interleaved array that the force
 * loops scan front to back. All arrays are kept between builds and only grow, so steady-state
 * iterations allocate nothing.
 *
 * A leaf holds one distinct position with a multiplicity (exact duplicates share a leaf, which is
 * what lets the tree terminate on repeated points). Internal nodes hold their centre of mass.
 */
/** Record sizes in the flattened tree: centre of mass (dims), mass, opening threshold. */
const FLAT_STRIDE_2D = 4;
const FLAT_STRIDE_3D = 5;

export class SpacePartitionTree {
  readonly dims: number;
  private readonly childCount: number;
  private capacity = 0;
  private nodeCount = 0;
  /** Index of the first of a node's 2^dims children, or -1 for a leaf. */
  private firstChild = new Int32Array(0);
  /** Number of points under a node (a double so force loops multiply without conversion). */
  private mass = new Float64Array(0);
  /** For a leaf: its position; for an internal node: its points' centre of mass. */
  private massCenter = new Float64Array(0);
  private cellCenter = new Float64Array(0);
  private halfWidth = new Float64Array(0);
  /** Depth-first copy of the tree that the force loops scan; see {@link flatten}. */
  private flat = new Float64Array(0);
  /** Per flat record: the index of the record just past its subtree (an Int32Array so it indexes without conversion). */
  private skip = new Int32Array(0);
  private flatCount = 0;
  private subtreeSize = new Int32Array(0);
  private thetaSquared = 0;
  /** Stack for flattening: at most (2^dims - 1) pending siblings per level plus the root. */
  private readonly stack: Int32Array;

  /**
   * Cells stop splitting at this depth: points closer than 2^-MAX_DEPTH of the layout's width are
   * stored as duplicates of the first one there. This bounds the tree for nearly coincident points;
   * the error is a shift in position far below what the layout resolves.
   */
  static readonly MAX_DEPTH = 48;

  constructor(dims: 2 | 3, expectedPoints = 0) {
    this.dims = dims;
    this.childCount = 1 << dims;
    this.stack = new Int32Array((SpacePartitionTree.MAX_DEPTH + 1) * this.childCount + 1);
    this.grow(Math.max(64, 2 * expectedPoints));
  }

  /** Number of nodes in the current tree (for tests and diagnostics). */
  get size(): number {
    return this.nodeCount;
  }

  /**
   * Builds the tree over the first `count` points of a row-major (count × dims) array, for
   * repulsion queries with accuracy `theta`.
   */
  build(positions: Float64Array, count: number, theta: number): void {
    this.thetaSquared = theta * theta;
    const dims = this.dims;
    this.nodeCount = 0;
    const root = this.allocate(1);
    // A cube around the bounding box, padded so points on the upper boundary fall strictly inside.
    let halfWidth = 0;
    for (let d = 0; d < dims; d++) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < count; i++) {
        const value = positions[i * dims + d];
        if (value < lo) lo = value;
        if (value > hi) hi = value;
      }
      this.cellCenter[root * dims + d] = count > 0 ? (lo + hi) / 2 : 0;
      halfWidth = Math.max(halfWidth, (hi - lo) / 2);
    }
    this.halfWidth[root] = halfWidth > 0 ? halfWidth * (1 + 1e-9) : 1;
    for (let i = 0; i < count; i++) this.insert(positions, i * dims);
    // Internal nodes accumulated coordinate sums while inserting; turn them into means.
    const massCenter = this.massCenter;
    for (let node = 0; node < this.nodeCount; node++) {
      if (this.firstChild[node] < 0) continue;
      const inverse = 1 / this.mass[node];
      for (let d = 0; d < dims; d++) massCenter[node * dims + d] *= inverse;
    }
    this.flatten();
  }

  /**
   * Sums the Student-t repulsion on the point at `positions[offset..offset+dims)`: adds
   * Σ_j w_ij² (y_i - y_j) (unnormalised kernel w_ij = 1/(1+|y_i-y_j|²)) into `out[offset..]`, and
   * returns Σ_{j≠i} w_ij, this point's share of the normaliser Z. A cell is summarised by its centre
   * of mass when its width is below `theta` times its distance; theta = 0 visits every leaf (exact).
   * Call after {@link build} with the same `theta`.
   */
  repulsion(positions: Float64Array, offset: number, out: Float64Array): number {
    return this.dims === 2
      ? this.repulsion2d(positions, offset, out)
      : this.repulsion3d(positions, offset, out);
  }

  /*
   * The two traversals below are the hot loop of Barnes–Hut t-SNE. They walk the depth-first copy
   * of the tree front to back: an opened cell continues with the next record (its first child), a
   * summarised cell or leaf jumps to its `skip` (the record after its subtree). That is a forward
   * scan of one array with no stack, and coordinates stay in locals rather than scratch arrays.
   *
   * The point's own leaf is met at distance 0 and contributes mass·1 to Z where its duplicates
   * should count but itself should not, so 1 is taken back. (With theta above 1/√dims a cell
   * holding the point can be summarised instead; the point's own term then stays inside that
   * approximation, like every other approximation error.)
   */
  private repulsion2d(positions: Float64Array, offset: number, out: Float64Array): number {
    const flat = this.flat;
    const skip = this.skip;
    const end = this.flatCount;
    const thetaSquared = this.thetaSquared;
    const x = positions[offset];
    const y = positions[offset + 1];
    let forceX = 0;
    let forceY = 0;
    let sumQ = 0;
    let index = 0;
    while (index < end) {
      const record = index * FLAT_STRIDE_2D;
      const dx = x - flat[record];
      const dy = y - flat[record + 1];
      const distanceSquared = dx * dx + dy * dy;
      if (flat[record + 3] > thetaSquared * distanceSquared) {
        index++;
        continue;
      }
      const mass = flat[record + 2];
      const q = 1 / (1 + distanceSquared);
      const weight = mass * q * q;
      sumQ += mass * q;
      if (distanceSquared === 0) sumQ -= 1;
      forceX += weight * dx;
      forceY += weight * dy;
      index = skip[index];
    }
    out[offset] += forceX;
    out[offset + 1] += forceY;
    return sumQ;
  }

  private repulsion3d(positions: Float64Array, offset: number, out: Float64Array): number {
    const flat = this.flat;
    const skip = this.skip;
    const end = this.flatCount;
    const thetaSquared = this.thetaSquared;
    const x = positions[offset];
    const y = positions[offset + 1];
    const z = positions[offset + 2];
    let forceX = 0;
    let forceY = 0;
    let forceZ = 0;
    let sumQ = 0;
    let index = 0;
    while (index < end) {
      const record = index * FLAT_STRIDE_3D;
      const dx = x - flat[record];
      const dy = y - flat[record + 1];
      const dz = z - flat[record + 2];
      const distanceSquared = dx * dx + dy * dy + dz * dz;
      if (flat[record + 4] > thetaSquared * distanceSquared) {
        index++;
        continue;
      }
      const mass = flat[record + 3];
      const q = 1 / (1 + distanceSquared);
      const weight = mass * q * q;
      sumQ += mass * q;
      if (distanceSquared === 0) sumQ -= 1;
      forceX += weight * dx;
      forceY += weight * dy;
      forceZ += weight * dz;
      index = skip[index];
    }
    out[offset] += forceX;
    out[offset + 1] += forceY;
    out[offset + 2] += forceZ;
    return sumQ;
  }

  /**
   * Writes the non-empty nodes in depth-first pre-order into `flat`, one record per node:
   * [centre of mass (dims), mass, opening threshold], and into `skip` the index of the record just
   * past the node's subtree. The threshold is the squared cell width, opened when it exceeds
   * θ²·distance²; leaves get -1 so they are never opened.
   */
  private flatten(): void {
    const dims = this.dims;
    const stride = dims + 2;
    const nodeCount = this.nodeCount;
    const { firstChild, mass, massCenter, halfWidth } = this;
    if (this.subtreeSize.length < nodeCount) this.subtreeSize = new Int32Array(this.capacity);
    const subtreeSize = this.subtreeSize;
    // Children always have larger indices than their parent, so a reverse sweep sees them first.
    for (let node = nodeCount - 1; node >= 0; node--) {
      if (mass[node] === 0) {
        subtreeSize[node] = 0;
        continue;
      }
      let total = 1;
      const first = firstChild[node];
      if (first >= 0) for (let c = 0; c < this.childCount; c++) total += subtreeSize[first + c];
      subtreeSize[node] = total;
    }
    const records = subtreeSize[0];
    if (this.skip.length < records) {
      this.flat = new Float64Array(nodeCount * stride);
      this.skip = new Int32Array(nodeCount);
    }
    const flat = this.flat;
    const skip = this.skip;
    const stack = this.stack;
    let top = 0;
    let write = 0;
    if (records > 0) stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const base = write * stride;
      for (let d = 0; d < dims; d++) flat[base + d] = massCenter[node * dims + d];
      flat[base + dims] = mass[node];
      const first = firstChild[node];
      const width = 2 * halfWidth[node];
      flat[base + dims + 1] = first >= 0 ? width * width : -1;
      skip[write] = write + subtreeSize[node];
      write++;
      // Pushed last-to-first so the first child is popped, and written, next.
      if (first >= 0) {
        for (let c = this.childCount - 1; c >= 0; c--) if (mass[first + c] > 0) stack[top++] = first + c;
      }
    }
    this.flatCount = write;
  }

  /** Points under the node holding each position, summed over leaves (for tests: must equal count). */
  leafMassTotal(): number {
    let total = 0;
    for (let node = 0; node < this.nodeCount; node++) if (this.firstChild[node] < 0) total += this.mass[node];
    return total;
  }

  /** Mass and centre of mass of the root (for tests). */
  rootSummary(): { mass: number; center: Float64Array } {
    return { mass: this.mass[0], center: this.massCenter.slice(0, this.dims) };
  }

  private insert(positions: Float64Array, offset: number): void {
    const dims = this.dims;
    let node = 0;
    for (let depth = 0; ; depth++) {
      if (this.firstChild[node] < 0) {
        const nodeMass = this.mass[node];
        if (nodeMass === 0) {
          for (let d = 0; d < dims; d++) this.massCenter[node * dims + d] = positions[offset + d];
          this.mass[node] = 1;
          return;
        }
        if (depth >= SpacePartitionTree.MAX_DEPTH || this.samePosition(node, positions, offset)) {
          this.mass[node] = nodeMass + 1;
          return;
        }
        this.split(node);
      }
      // Internal node: accumulate the sum (normalised after the build) and descend.
      this.mass[node] += 1;
      for (let d = 0; d < dims; d++) this.massCenter[node * dims + d] += positions[offset + d];
      node = this.firstChild[node] + this.childSlot(node, positions, offset);
    }
  }

  /** Turns a leaf into an internal node, moving its points (one position, some multiplicity) down. */
  private split(node: number): void {
    const dims = this.dims;
    const first = this.allocate(this.childCount);
    // allocate() may have replaced the arrays; read them only after it.
    const cellCenter = this.cellCenter;
    const massCenter = this.massCenter;
    const quarter = this.halfWidth[node] / 2;
    for (let c = 0; c < this.childCount; c++) {
      const child = first + c;
      this.halfWidth[child] = quarter;
      for (let d = 0; d < dims; d++) {
        const upper = (c >> d) & 1;
        cellCenter[child * dims + d] = cellCenter[node * dims + d] + (upper ? quarter : -quarter);
      }
    }
    const nodeMass = this.mass[node];
    const target = first + this.childSlot(node, massCenter, node * dims);
    for (let d = 0; d < dims; d++) {
      const position = massCenter[node * dims + d];
      massCenter[target * dims + d] = position;
      // The node now keeps a coordinate sum, like every internal node during the build.
      massCenter[node * dims + d] = position * nodeMass;
    }
    this.mass[target] = nodeMass;
    this.firstChild[node] = first;
  }

  /** Which child cell of `node` holds the position: bit d set when coordinate d is on the upper side. */
  private childSlot(node: number, positions: Float64Array, offset: number): number {
    const dims = this.dims;
    let slot = 0;
    for (let d = 0; d < dims; d++) {
      if (positions[offset + d] >= this.cellCenter[node * dims + d]) slot |= 1 << d;
    }
    return slot;
  }

  private samePosition(node: number, positions: Float64Array, offset: number): boolean {
    const dims = this.dims;
    for (let d = 0; d < dims; d++) {
      if (this.massCenter[node * dims + d] !== positions[offset + d]) return false;
    }
    return true;
  }

  /** Reserves `count` consecutive fresh leaves and returns the first one's index. */
  private allocate(count: number): number {
    const first = this.nodeCount;
    if (first + count > this.capacity) this.grow(Math.max(2 * this.capacity, first + count));
    const dims = this.dims;
    this.firstChild.fill(-1, first, first + count);
    this.mass.fill(0, first, first + count);
    this.massCenter.fill(0, first * dims, (first + count) * dims);
    this.nodeCount = first + count;
    return first;
  }

  private grow(capacity: number): void {
    const dims = this.dims;
    const firstChild = new Int32Array(capacity);
    firstChild.set(this.firstChild);
    const mass = new Float64Array(capacity);
    mass.set(this.mass);
    const massCenter = new Float64Array(capacity * dims);
    massCenter.set(this.massCenter);
    const cellCenter = new Float64Array(capacity * dims);
    cellCenter.set(this.cellCenter);
    const halfWidth = new Float64Array(capacity);
    halfWidth.set(this.halfWidth);
    this.firstChild = firstChild;
    this.mass = mass;
    this.massCenter = massCenter;
    this.cellCenter = cellCenter;
    this.halfWidth = halfWidth;
    this.capacity = capacity;
  }
}
