/** The pure resource model of mini-mesos: values, arithmetic, formats, validation, rendering and agent flags. */
export { formatByteCount, formatBytes } from "./bytes.js";
export { AgentFlagError, ResourcesError, type AgentFlagErrorCode, type ResourcesErrorCode } from "./errors.js";
export { parseAttributesFlag, parseResourcesFlag, type ParseResourcesOptions } from "./flags.js";
export { stripAllocationInfo, toEndpointFormat, toPostRefinementFormat, toPreRefinementFormat } from "./format.js";
export { identityKey, isAtomic } from "./identity.js";
export { offerOrder } from "./offer-order.js";
export {
  addRanges,
  coalesceRanges,
  formatRanges,
  rangesContain,
  rangesEqual,
  rangesOverlap,
  subtractRanges,
} from "./ranges.js";
export { renderDiskInfo, renderLabels, renderReservation, renderResource, renderResourceList } from "./render.js";
export { Resources, type ResourcesInput } from "./resources.js";
export { isAllocatableTo, isReserved, isStrictSubrole, reservationRole, validateRole } from "./roles.js";
export {
  addScalars,
  compareScalars,
  formatScalar,
  fromFixedPoint,
  isZeroScalar,
  subtractScalars,
  toFixedPoint,
} from "./scalar.js";
export { addSets, formatSet, hasDuplicateItems, setContains, subtractSets } from "./sets.js";
export { validateResource, validateResources } from "./validate.js";
