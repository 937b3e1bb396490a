// Generated from the tentacle service's OpenAPI document; do not edit.
// Regenerate: uv run fluxos openapi --out web/openapi && (cd web && npm run generate:api)

export interface paths {
    "/api/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Tasks
         * @description Your tasks (an org owner or admin sees the organisation's), newest first.
         */
        get: operations["list_tasks_api_v1_tasks_get"];
        put?: never;
        /**
         * Create Task
         * @description Start a task from a goal; it is planned on a worker (poll it or follow its events).
         */
        post: operations["create_task_api_v1_tasks_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Task
         * @description The task with its current plan, each step's state and the progress.
         */
        get: operations["get_task_api_v1_tasks__task_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause Task
         * @description Pause: no new step starts; running steps finish and their results are kept.
         */
        post: operations["pause_task_api_v1_tasks__task_id__pause_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume Task
         * @description Resume a paused task where it stopped.
         */
        post: operations["resume_task_api_v1_tasks__task_id__resume_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel Task
         * @description Cancel the task and its unfinished steps.
         */
        post: operations["cancel_task_api_v1_tasks__task_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry Task
         * @description Retry a failed task: its failed steps run again, completed ones are kept.
         */
        post: operations["retry_task_api_v1_tasks__task_id__retry_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{task_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Task Events
         * @description Server-sent events of the task; resumes after ``Last-Event-ID`` (or ``?after=``).
         */
        get: operations["task_events_api_v1_tasks__task_id__events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Checkpoints
         * @description The caller's checkpoints waiting for a decision (or, with ``status``, decided ones).
         */
        get: operations["list_checkpoints_api_v1_checkpoints_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkpoints/{checkpoint_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Checkpoint
         * @description One checkpoint with its preview and, once decided, its resolution.
         */
        get: operations["get_checkpoint_api_v1_checkpoints__checkpoint_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkpoints/{checkpoint_id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve Checkpoint
         * @description Approve: the step runs as previewed (409 when already decided).
         */
        post: operations["approve_checkpoint_api_v1_checkpoints__checkpoint_id__approve_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkpoints/{checkpoint_id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject Checkpoint
         * @description Reject with a reason: the step fails with it (409 when already decided).
         */
        post: operations["reject_checkpoint_api_v1_checkpoints__checkpoint_id__reject_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/checkpoints/{checkpoint_id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resolve Checkpoint
         * @description Answer questions, edit the inputs or pick an alternative; the step then runs with them.
         */
        post: operations["resolve_checkpoint_api_v1_checkpoints__checkpoint_id__resolve_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Preferences
         * @description The caller's learned approval patterns, with their strength and whether they auto-approve.
         */
        get: operations["list_preferences_api_v1_preferences_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/preferences/{preference_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke Preference
         * @description Revoke a learned preference: its checkpoints ask again until approvals build up anew.
         */
        delete: operations["revoke_preference_api_v1_preferences__preference_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/budgets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Budget Limits
         * @description The organisation's budget limits.
         */
        get: operations["list_budget_limits_api_v1_budgets_get"];
        put?: never;
        /**
         * Create Budget Limit
         * @description Add a limit for a scope (organisation per day, per task, or per agent-type step).
         */
        post: operations["create_budget_limit_api_v1_budgets_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/budgets/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Budget Usage
         * @description Today's spending of the organisation (and of one task) against its limits.
         */
        get: operations["budget_usage_api_v1_budgets_usage_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/budgets/{limit_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Budget Limit
         * @description One budget limit.
         */
        get: operations["get_budget_limit_api_v1_budgets__limit_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Budget Limit
         * @description Remove a limit.
         */
        delete: operations["delete_budget_limit_api_v1_budgets__limit_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Budget Limit
         * @description Change a limit's amounts.
         */
        patch: operations["update_budget_limit_api_v1_budgets__limit_id__patch"];
        trace?: never;
    };
    "/api/v1/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Agents
         * @description Agents the organization can use: the system's and its own (its own win), by type.
         */
        get: operations["list_agents_api_v1_agents_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{agent_type}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Agent
         * @description The active version of one agent type, with its prompt and schemas.
         */
        get: operations["get_agent_api_v1_agents__agent_type__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/{agent_type}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Agent Versions
         * @description Every version of one agent type, the organization's first, newest first.
         */
        get: operations["list_agent_versions_api_v1_agents__agent_type__versions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/draft": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Draft Agent
         * @description Describe an agent in words: the model drafts its spec, which is validated and registered.
         */
        post: operations["draft_agent_api_v1_agents_draft_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspace/objects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create Object
         * @description Store an object of any type (checked against the type's schema when one is set).
         */
        post: operations["create_object_api_v1_workspace_objects_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspace/objects/{object_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Object
         * @description One object.
         */
        get: operations["get_object_api_v1_workspace_objects__object_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Object
         * @description Delete an object.
         */
        delete: operations["delete_object_api_v1_workspace_objects__object_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Object
         * @description Merge data into an object (or replace it) and/or set its tags.
         */
        patch: operations["update_object_api_v1_workspace_objects__object_id__patch"];
        trace?: never;
    };
    "/api/v1/workspace/query": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Query Objects
         * @description Objects matching a Mongo-style filter, ordered and paged by cursor.
         */
        post: operations["query_objects_api_v1_workspace_query_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspace/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search Objects
         * @description Full-text search over every data field (web-search syntax), best match first.
         */
        post: operations["search_objects_api_v1_workspace_search_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspace/schemas/{type_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Put Schema
         * @description Set the JSON Schema objects of a type follow (strict rejects, advisory warns).
         */
        put: operations["put_schema_api_v1_workspace_schemas__type_name__put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Agent */
        Agent: {
            /** Type */
            type: string;
            /** Version */
            version: number;
            /**
             * Scope
             * @enum {string}
             */
            scope: "system" | "organization";
            /** Source */
            source: string;
            /** Kind */
            kind: string;
            /** Description */
            description: string;
            /** Model Tier */
            model_tier: string;
            /** Risk Level */
            risk_level: string;
            /** Needs Approval */
            needs_approval: boolean;
            /** Tools */
            tools: string[];
            /** Timeout Seconds */
            timeout_seconds: number;
            /** Max Retries */
            max_retries: number;
            cost: components["schemas"]["CostHints"];
            /** Input Schema */
            input_schema: {
                [key: string]: unknown;
            };
            /** Output Schema */
            output_schema: {
                [key: string]: unknown;
            };
            /** Prompt */
            prompt: string | null;
            /** Active */
            active: boolean;
            /** Created By User Id */
            created_by_user_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** AgentDraftCreate */
        AgentDraftCreate: {
            /**
             * Description
             * @description What the new agent should do, in words.
             */
            description: string;
            /**
             * Type
             * @description Name it (a new version when the organization already has this type).
             */
            type?: string | null;
        };
        /** AgentPage */
        AgentPage: {
            /** Items */
            items: components["schemas"]["Agent"][];
        };
        /** BudgetLimitCreate */
        BudgetLimitCreate: {
            /**
             * Scope
             * @enum {string}
             */
            scope: "organization_day" | "task" | "agent_type";
            /** Agent Type */
            agent_type?: string | null;
            /** Max Cost Usd */
            max_cost_usd?: number | null;
            /** Max Tokens */
            max_tokens?: number | null;
        };
        /** BudgetLimitPage */
        BudgetLimitPage: {
            /** Items */
            items: components["schemas"]["BudgetLimitRead"][];
        };
        /** BudgetLimitRead */
        BudgetLimitRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Scope */
            scope: string;
            /** Agent Type */
            agent_type: string | null;
            /** Max Cost Usd */
            max_cost_usd: number | null;
            /** Max Tokens */
            max_tokens: number | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** BudgetLimitUpdate */
        BudgetLimitUpdate: {
            /** Max Cost Usd */
            max_cost_usd?: number | null;
            /** Max Tokens */
            max_tokens?: number | null;
        };
        /** BudgetUsage */
        BudgetUsage: {
            /**
             * Day
             * Format: date
             */
            day: string;
            organization_day: components["schemas"]["UsageAmount"];
            task?: components["schemas"]["UsageAmount"] | null;
        };
        /** CheckpointApprove */
        CheckpointApprove: {
            /**
             * Remember
             * @default true
             */
            remember: boolean;
        };
        /** CheckpointPage */
        CheckpointPage: {
            /** Items */
            items: components["schemas"]["CheckpointRead"][];
        };
        /** CheckpointRead */
        CheckpointRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Task Id
             * Format: uuid
             */
            task_id: string;
            /** Step Id */
            step_id: string | null;
            /** Kind */
            kind: string;
            /** Status */
            status: string;
            /** Risk Kind */
            risk_kind: string;
            /** Reason */
            reason: string;
            /** Explicit */
            explicit: boolean;
            /** Agent Type */
            agent_type: string | null;
            /** Preview */
            preview: {
                [key: string]: unknown;
            };
            /** Questions */
            questions: {
                [key: string]: unknown;
            }[];
            /** Alternatives */
            alternatives: {
                [key: string]: unknown;
            }[];
            /** Input Schema */
            input_schema: {
                [key: string]: unknown;
            } | null;
            /** Expires At */
            expires_at: string | null;
            /** Expiry Outcome */
            expiry_outcome: string;
            /** Resolution */
            resolution: {
                [key: string]: unknown;
            };
            /** Resolved At */
            resolved_at: string | null;
            /** Resolved By User Id */
            resolved_by_user_id: string | null;
            /** Resolved Via */
            resolved_via: string | null;
            /** Preference Id */
            preference_id: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** CheckpointReject */
        CheckpointReject: {
            /** Reason */
            reason: string;
            /**
             * Remember
             * @default true
             */
            remember: boolean;
        };
        /**
         * CheckpointResolve
         * @description Answers (input), edited inputs (modify) or a choice (select).
         */
        CheckpointResolve: {
            /** Answers */
            answers?: {
                [key: string]: unknown;
            } | null;
            /** Modified Inputs */
            modified_inputs?: {
                [key: string]: unknown;
            } | null;
            /** Choice */
            choice?: string | null;
            /**
             * Remember
             * @default true
             */
            remember: boolean;
        };
        /**
         * CostHints
         * @description What one run is expected to cost; the risk policy and budgets read it before running.
         */
        CostHints: {
            /**
             * Estimated Usd
             * @default 0
             */
            estimated_usd: number;
            /**
             * Max Output Tokens
             * @default 1024
             */
            max_output_tokens: number;
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** PlanVersionView */
        PlanVersionView: {
            /** Version */
            version: number;
            /** Status */
            status: string;
            /** Summary */
            summary: string;
            /** Diagnosis */
            diagnosis: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** PreferencePage */
        PreferencePage: {
            /** Items */
            items: components["schemas"]["PreferenceRead"][];
        };
        /** PreferenceRead */
        PreferenceRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Pattern */
            pattern: string;
            /** Agent Type */
            agent_type: string;
            /** Risk Kind */
            risk_kind: string;
            /** Features */
            features: {
                [key: string]: unknown;
            };
            /** Approvals */
            approvals: number;
            /** Rejections */
            rejections: number;
            /** Auto Approvals */
            auto_approvals: number;
            /** Strength */
            strength: number;
            /** Auto Approves */
            auto_approves: boolean;
            /** Last Decision At */
            last_decision_at: string | null;
            /** Revoked At */
            revoked_at: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** Progress */
        Progress: {
            /**
             * Total
             * @default 0
             */
            total: number;
            /**
             * Completed
             * @default 0
             */
            completed: number;
            /**
             * Running
             * @default 0
             */
            running: number;
            /**
             * Waiting
             * @default 0
             */
            waiting: number;
            /**
             * Failed
             * @default 0
             */
            failed: number;
            /**
             * Skipped
             * @default 0
             */
            skipped: number;
            /**
             * Cancelled
             * @default 0
             */
            cancelled: number;
            /**
             * Pending
             * @default 0
             */
            pending: number;
            /**
             * Percent
             * @default 0
             */
            percent: number;
        };
        /** SearchHit */
        SearchHit: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Type */
            type: string;
            /** Data */
            data: {
                [key: string]: unknown;
            };
            /** Tags */
            tags: string[];
            /** Created By Kind */
            created_by_kind: string;
            /** Created By Id */
            created_by_id: string | null;
            /** Created By Agent */
            created_by_agent: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Warnings */
            warnings?: string[];
            /** Rank */
            rank: number;
        };
        /** SearchPage */
        SearchPage: {
            /** Items */
            items: components["schemas"]["SearchHit"][];
        };
        /** StepView */
        StepView: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Key */
            key: string;
            /** Title */
            title: string;
            /** Agent Type */
            agent_type: string;
            /** Status */
            status: string;
            /** Inputs */
            inputs: {
                [key: string]: unknown;
            };
            /** Resolved Inputs */
            resolved_inputs: {
                [key: string]: unknown;
            } | null;
            /** Declared Outputs */
            declared_outputs: string[];
            /** Depends On */
            depends_on: string[];
            /** Parallel Group */
            parallel_group: string | null;
            /** Failure Policy */
            failure_policy: string;
            /** Checkpoint */
            checkpoint: {
                [key: string]: unknown;
            } | null;
            /** Critical */
            critical: boolean;
            /** Retry Count */
            retry_count: number;
            /** Max Retries */
            max_retries: number;
            /** Attempt */
            attempt: number;
            /** Output */
            output: {
                [key: string]: unknown;
            } | null;
            /** Error */
            error: string | null;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Cost Usd */
            cost_usd: number;
            /** Prompt Tokens */
            prompt_tokens: number;
            /** Completion Tokens */
            completion_tokens: number;
        };
        /** TaskBudget */
        TaskBudget: {
            /** Max Cost Usd */
            max_cost_usd?: number | null;
            /** Max Tokens */
            max_tokens?: number | null;
        };
        /** TaskCreate */
        TaskCreate: {
            /** Goal */
            goal: string;
            /** Constraints */
            constraints?: {
                [key: string]: unknown;
            };
            budget?: components["schemas"]["TaskBudget"] | null;
            /** Conversation Id */
            conversation_id?: string | null;
            /** Max Parallel */
            max_parallel?: number | null;
        };
        /** TaskList */
        TaskList: {
            /** Items */
            items: components["schemas"]["TaskSummary"][];
        };
        /** TaskSummary */
        TaskSummary: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Organization Id
             * Format: uuid
             */
            organization_id: string;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
            /** Conversation Id */
            conversation_id: string | null;
            /** Goal */
            goal: string;
            /** Status */
            status: string;
            /** Status Reason */
            status_reason: string | null;
            /** Fast Path */
            fast_path: boolean;
            /** Current Version */
            current_version: number;
            /** Cost Usd */
            cost_usd: number;
            /** Prompt Tokens */
            prompt_tokens: number;
            /** Completion Tokens */
            completion_tokens: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
        };
        /** TaskView */
        TaskView: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Organization Id
             * Format: uuid
             */
            organization_id: string;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
            /** Conversation Id */
            conversation_id: string | null;
            /** Goal */
            goal: string;
            /** Status */
            status: string;
            /** Status Reason */
            status_reason: string | null;
            /** Fast Path */
            fast_path: boolean;
            /** Current Version */
            current_version: number;
            /** Cost Usd */
            cost_usd: number;
            /** Prompt Tokens */
            prompt_tokens: number;
            /** Completion Tokens */
            completion_tokens: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Started At */
            started_at: string | null;
            /** Finished At */
            finished_at: string | null;
            /** Constraints */
            constraints: {
                [key: string]: unknown;
            };
            /** Budget */
            budget: {
                [key: string]: unknown;
            };
            /** Replan Count */
            replan_count: number;
            /** Result */
            result: {
                [key: string]: unknown;
            } | null;
            progress: components["schemas"]["Progress"];
            /** Steps */
            steps: components["schemas"]["StepView"][];
            /** Versions */
            versions: components["schemas"]["PlanVersionView"][];
        };
        /** UsageAmount */
        UsageAmount: {
            /** Cost Usd */
            cost_usd: number;
            /** Tokens */
            tokens: number;
            /** Max Cost Usd */
            max_cost_usd?: number | null;
            /** Max Tokens */
            max_tokens?: number | null;
        };
        /** ValidationError */
        ValidationError: {
            /** Location */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
            /** Input */
            input?: unknown;
            /** Context */
            ctx?: Record<string, never>;
        };
        /** WorkspaceObjectCreate */
        WorkspaceObjectCreate: {
            /** Type */
            type: string;
            /** Data */
            data?: {
                [key: string]: unknown;
            };
            /** Tags */
            tags?: string[];
        };
        /** WorkspaceObjectRead */
        WorkspaceObjectRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Type */
            type: string;
            /** Data */
            data: {
                [key: string]: unknown;
            };
            /** Tags */
            tags: string[];
            /** Created By Kind */
            created_by_kind: string;
            /** Created By Id */
            created_by_id: string | null;
            /** Created By Agent */
            created_by_agent: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Warnings */
            warnings?: string[];
        };
        /** WorkspaceObjectUpdate */
        WorkspaceObjectUpdate: {
            /** Data */
            data?: {
                [key: string]: unknown;
            } | null;
            /**
             * Replace
             * @default false
             */
            replace: boolean;
            /** Tags */
            tags?: string[] | null;
        };
        /** WorkspacePage */
        WorkspacePage: {
            /** Items */
            items: components["schemas"]["WorkspaceObjectRead"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** WorkspaceQuery */
        WorkspaceQuery: {
            /** Type */
            type?: string | null;
            /** Where */
            where?: {
                [key: string]: unknown;
            };
            /** Tags */
            tags?: string[];
            /**
             * Order By
             * @default -created_at
             */
            order_by: string;
            /**
             * Limit
             * @default 50
             */
            limit: number;
            /** Cursor */
            cursor?: string | null;
        };
        /** WorkspaceSchemaRead */
        WorkspaceSchemaRead: {
            /** Type */
            type: string;
            /** Json Schema */
            json_schema: {
                [key: string]: unknown;
            };
            /** Mode */
            mode: string;
        };
        /** WorkspaceSchemaWrite */
        WorkspaceSchemaWrite: {
            /** Json Schema */
            json_schema: {
                [key: string]: unknown;
            };
            /**
             * Mode
             * @default advisory
             * @enum {string}
             */
            mode: "strict" | "advisory";
        };
        /** WorkspaceSearch */
        WorkspaceSearch: {
            /** Q */
            q: string;
            /** Type */
            type?: string | null;
            /** Tags */
            tags?: string[];
            /**
             * Limit
             * @default 20
             */
            limit: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_tasks_api_v1_tasks_get: {
        parameters: {
            query?: {
                status?: string | null;
                conversation_id?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskList"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    create_task_api_v1_tasks_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_task_api_v1_tasks__task_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    pause_task_api_v1_tasks__task_id__pause_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    resume_task_api_v1_tasks__task_id__resume_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    cancel_task_api_v1_tasks__task_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    retry_task_api_v1_tasks__task_id__retry_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskView"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    task_events_api_v1_tasks__task_id__events_get: {
        parameters: {
            query?: {
                after?: number | null;
            };
            header?: {
                "Last-Event-ID"?: string | null;
            };
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_checkpoints_api_v1_checkpoints_get: {
        parameters: {
            query?: {
                task_id?: string | null;
                status?: "pending" | "approved" | "rejected" | "resolved" | "expired" | "cancelled" | "auto_approved" | "any";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckpointPage"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_checkpoint_api_v1_checkpoints__checkpoint_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checkpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckpointRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    approve_checkpoint_api_v1_checkpoints__checkpoint_id__approve_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checkpoint_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CheckpointApprove"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckpointRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    reject_checkpoint_api_v1_checkpoints__checkpoint_id__reject_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checkpoint_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckpointReject"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckpointRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    resolve_checkpoint_api_v1_checkpoints__checkpoint_id__resolve_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                checkpoint_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckpointResolve"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckpointRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_preferences_api_v1_preferences_get: {
        parameters: {
            query?: {
                include_revoked?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreferencePage"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    revoke_preference_api_v1_preferences__preference_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                preference_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_budget_limits_api_v1_budgets_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetLimitPage"];
                };
            };
        };
    };
    create_budget_limit_api_v1_budgets_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BudgetLimitCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetLimitRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    budget_usage_api_v1_budgets_usage_get: {
        parameters: {
            query?: {
                task_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetUsage"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_budget_limit_api_v1_budgets__limit_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                limit_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetLimitRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_budget_limit_api_v1_budgets__limit_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                limit_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_budget_limit_api_v1_budgets__limit_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                limit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BudgetLimitUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BudgetLimitRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_agents_api_v1_agents_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentPage"];
                };
            };
        };
    };
    get_agent_api_v1_agents__agent_type__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_type: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    list_agent_versions_api_v1_agents__agent_type__versions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_type: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentPage"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    draft_agent_api_v1_agents_draft_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentDraftCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    create_object_api_v1_workspace_objects_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceObjectCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceObjectRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_object_api_v1_workspace_objects__object_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                object_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceObjectRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_object_api_v1_workspace_objects__object_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                object_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_object_api_v1_workspace_objects__object_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                object_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceObjectUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceObjectRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    query_objects_api_v1_workspace_query_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceQuery"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspacePage"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    search_objects_api_v1_workspace_search_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceSearch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchPage"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    put_schema_api_v1_workspace_schemas__type_name__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                type_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceSchemaWrite"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceSchemaRead"];
                };
            };
            /** @description Validation Error */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
}
