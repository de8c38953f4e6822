import type { DeployDetails, DeployView } from "@skyport/domain";

export type DeployItem = DeployView;
export type DeployDetailsItem = DeployDetails;
