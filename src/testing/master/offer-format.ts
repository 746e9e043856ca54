/**
 * How an offer looks to a given framework (mesos-protocol.md 4.2, 7.4):
 * declaration-ordered fields, `allocation_info` only for MULTI_ROLE
 * frameworks, and the pre-refinement resource format (legacy `role`,
 * `reservation`) for frameworks without RESERVATION_REFINEMENT.
 */
import type { mesos } from "../../generated/mesos-1.11.0/index.js";
import { stripAllocationInfo, toPreRefinementFormat, type Resources } from "../resources/index.js";
import type { FrameworkRecord } from "./framework.js";

/** What goes into one offer. */
export interface OfferParts {
  readonly id: string;
  readonly framework: FrameworkRecord;
  readonly agent: mesos.AgentInfo;
  readonly role: string;
  /** Allocated to `role`, internal (post-refinement) format. */
  readonly resources: Resources;
  readonly executorIds: readonly mesos.ExecutorID[];
}

/** The Offer message for the framework's capabilities. */
export function renderOffer(parts: OfferParts): mesos.Offer {
  const { framework, agent } = parts;
  const multiRole = framework.has("MULTI_ROLE");
  const refinement = framework.has("RESERVATION_REFINEMENT");
  const resources: mesos.Resource[] = [];
  for (let resource of parts.resources.toArray()) {
    if (!refinement) {
      const legacy = toPreRefinementFormat(resource);
      if (!legacy) continue;
      resource = legacy;
    }
    resources.push(multiRole ? resource : stripAllocationInfo(resource));
  }
  const offer: mesos.Offer = {
    id: { value: parts.id },
    framework_id: { value: framework.id },
    agent_id: { value: agent.id!.value },
    hostname: agent.hostname,
    url: {
      scheme: "http",
      address: { hostname: agent.hostname, ip: "127.0.0.1", port: agent.port ?? 5051 },
      path: "/slave(1)",
    },
    resources,
  };
  if (agent.domain) offer.domain = agent.domain;
  if (agent.attributes && agent.attributes.length > 0) offer.attributes = agent.attributes;
  if (parts.executorIds.length > 0) offer.executor_ids = [...parts.executorIds];
  if (multiRole) offer.allocation_info = { role: parts.role };
  return offer;
}
