import type { components as Den } from "./schema/den";
import type { components as InkPass } from "./schema/inkpass";
import type { components as Tentacle } from "./schema/tentacle";

export type User = InkPass["schemas"]["User"];
export type TokenPairBody = InkPass["schemas"]["TokenPair"];
export type MfaRequired = InkPass["schemas"]["MfaRequired"];
export type LoginSession = InkPass["schemas"]["Session"];
export type ApiKey = InkPass["schemas"]["ApiKey"];
export type ApiKeyCreated = InkPass["schemas"]["ApiKeyCreated"];
export type TotpSetup = InkPass["schemas"]["TotpSetup"];
export type TwoFactorStatus = InkPass["schemas"]["TwoFactorStatus"];
export type MyOrganization = InkPass["schemas"]["MyOrganization"];

export type TaskSummary = Tentacle["schemas"]["TaskSummary"];
export type TaskView = Tentacle["schemas"]["TaskView"];
export type StepView = Tentacle["schemas"]["StepView"];
export type Checkpoint = Tentacle["schemas"]["CheckpointRead"];
export type Preference = Tentacle["schemas"]["PreferenceRead"];
export type BudgetLimit = Tentacle["schemas"]["BudgetLimitRead"];
export type BudgetUsage = Tentacle["schemas"]["BudgetUsage"];
export type WorkspaceObject = Tentacle["schemas"]["WorkspaceObjectRead"];

export type DenSchemas = Den["schemas"];

export type Conversation = Tentacle["schemas"]["ConversationRead"];
export type Message = Tentacle["schemas"]["MessageRead"];
export type InboxCounts = Tentacle["schemas"]["InboxCounts"];
export type Memory = Tentacle["schemas"]["MemoryRead"];
export type MemoryVersion = Tentacle["schemas"]["MemoryVersionRead"];
export type Trigger = Tentacle["schemas"]["TriggerRead"];
