export { type DbscanOptions, type DbscanResult, dbscan } from "./dbscan.js";
export { type DistinctRows, distinctRows } from "./distinct-rows.js";
export {
  type KMeansOptions,
  type KMeansResult,
  kmeans,
  kmeansPlusPlus,
  predict,
} from "./kmeans.js";
export { type CutTreeOptions, cutTree, type Linkage, linkageFromMerges, linkageMatrix } from "./linkage.js";
export { type RadiusMetric, RadiusNeighborIndex } from "./radius-neighbors.js";
export { type ClusterRows, clusterSizes } from "./rows.js";
export { type WardLinkage, type WardOptions, type WardPrecision, wardLinkage } from "./ward.js";
