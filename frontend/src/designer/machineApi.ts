// The state machine API shapes the designer pages use (designer/serializers.py is authoritative).
import type { Diagnostic } from "../core/diagnostics";

export type Access = "VIEW" | "RUN" | "EDIT" | "OWNER";

export interface MachineSummary {
  id: string;
  name: string;
  arn: string;
  type: "STANDARD" | "EXPRESS";
  description: string;
  owner: string;
  access: Access | null;
  created_at: string;
  updated_at: string;
}

export interface Machine extends MachineSummary {
  definition: string;
  revision_id: string;
  definition_sha256: string;
  last_version_number: number;
  logging_level: string;
  include_execution_data: boolean;
  /** The input the start dialog offers (the examples have one), or null. */
  sample_input: unknown;
}

export interface SavedMachine extends Machine {
  diagnostics: Diagnostic[];
  version: { number: number } | null;
}

export interface Page<T> {
  next: string | null;
  previous: string | null;
  results: T[];
}

export const canEdit = (access: Access | null | undefined) => access === "EDIT" || access === "OWNER";
export const canRun = (access: Access | null | undefined) => access === "RUN" || canEdit(access);
