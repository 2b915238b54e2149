import { asObject } from "./values";

/**
 * ECS task definitions carry their containers as `containerDefinitions`, a JSON string (the AWS provider's
 * input type; `pulumi.jsonStringify` makes one). Read once here for the ECS policies: a string that is not
 * a JSON array of objects is reported as such, never thrown; an array (a program that bypassed the type)
 * is read the same way. Reading the property through the SDK's proxy while it is unknown during preview
 * throws the SDK's own error, which the server turns into an advisory note, as it should: nothing about
 * the containers can be said then.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definitions
 */

export const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

export interface Container {
  /** `containerDefinitions[0] ("web")`, for messages. */
  readonly label: string;
  readonly def: Record<string, any>;
}

export type ContainerDefinitions =
  | { readonly containers: readonly Container[]; readonly problem?: undefined }
  | { readonly containers?: undefined; readonly problem: string };

const MALFORMED =
  "containerDefinitions is not a JSON array of container definitions: set it to a JSON array (pulumi.jsonStringify([...])) so its containers can be checked.";

/** The containers of a task definition, or the problem that stops them from being read. */
export function containerDefinitions(props: Record<string, any>): ContainerDefinitions {
  if (!("containerDefinitions" in props)) return { containers: [] };
  let raw: unknown = props.containerDefinitions;
  if (raw === undefined || raw === null) return { containers: [] };
  if (typeof raw === "string") {
    if (raw.trim() === "") return { problem: MALFORMED };
    try {
      raw = JSON.parse(raw);
    } catch {
      return { problem: MALFORMED };
    }
  }
  if (!Array.isArray(raw)) return { problem: MALFORMED };
  const containers: Container[] = [];
  raw.forEach((entry, i) => {
    const def = asObject(entry);
    if (!def) return;
    const name = typeof def.name === "string" && def.name.trim() !== "" ? ` ("${def.name}")` : "";
    containers.push({ label: `containerDefinitions[${i}]${name}`, def });
  });
  return { containers };
}

/**
 * The messages of a per-container check: `finding` returns a message tail for a container that fails,
 * or undefined; a malformed `containerDefinitions` gives its one message.
 */
export function containerFindings(
  props: Record<string, any>,
  finding: (c: Container) => string | undefined,
): string[] {
  const read = containerDefinitions(props);
  if (read.problem !== undefined) return [read.problem];
  return read.containers.flatMap((c) => {
    const m = finding(c);
    return m === undefined ? [] : [m];
  });
}
