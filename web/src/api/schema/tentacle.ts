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
    "/api/v1/memories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Memories
         * @description Memories you can see, newest change first; with ``q``, ranked by hybrid search.
         */
        get: operations["list_memories_api_v1_memories_get"];
        put?: never;
        /**
         * Create Memory
         * @description Remember something under a key (409 when the key exists, unless ``upsert``).
         */
        post: operations["create_memory_api_v1_memories_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/memories/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search Memories
         * @description Memories ranked by exact key, full text and meaning together, with the matching signals.
         */
        post: operations["search_memories_api_v1_memories_search_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/memories/{memory_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Memory
         * @description One memory.
         */
        get: operations["get_memory_api_v1_memories__memory_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Memory
         * @description Delete a memory and its versions (the author, owners and admins).
         */
        delete: operations["delete_memory_api_v1_memories__memory_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Memory
         * @description Change a memory; the change becomes a new version (the author, owners and admins).
         */
        patch: operations["update_memory_api_v1_memories__memory_id__patch"];
        trace?: never;
    };
    "/api/v1/memories/{memory_id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Versions
         * @description Every version of a memory, the current one first.
         */
        get: operations["list_versions_api_v1_memories__memory_id__versions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/triggers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Triggers
         * @description Your triggers (an org owner or admin sees the organisation's), newest first.
         */
        get: operations["list_triggers_api_v1_triggers_get"];
        put?: never;
        /**
         * Create Trigger
         * @description Create a trigger: events matching its source, pattern and filter start a task.
         */
        post: operations["create_trigger_api_v1_triggers_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/triggers/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive Event
         * @description Take an event in (Mimic relays verified webhooks here): 202, or 200 for a replay.
         */
        post: operations["receive_event_api_v1_triggers_events_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/triggers/{trigger_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Trigger
         * @description One trigger with how often it fired.
         */
        get: operations["get_trigger_api_v1_triggers__trigger_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Trigger
         * @description Delete a trigger and its history (the tasks it started remain).
         */
        delete: operations["delete_trigger_api_v1_triggers__trigger_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Trigger
         * @description Change a trigger (validated like a new one).
         */
        patch: operations["update_trigger_api_v1_triggers__trigger_id__patch"];
        trace?: never;
    };
    "/api/v1/triggers/{trigger_id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enable Trigger
         * @description Enable: matching events start tasks again.
         */
        post: operations["enable_trigger_api_v1_triggers__trigger_id__enable_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/triggers/{trigger_id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable Trigger
         * @description Disable: events are no longer matched against it.
         */
        post: operations["disable_trigger_api_v1_triggers__trigger_id__disable_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/triggers/{trigger_id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Trigger History
         * @description Events received (matched or not, and why), tasks started, outcomes, answers sent.
         */
        get: operations["trigger_history_api_v1_triggers__trigger_id__history_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Automations
         * @description Your automations (an org owner or admin sees the organisation's) with their next run.
         */
        get: operations["list_automations_api_v1_automations_get"];
        put?: never;
        /**
         * Create Automation
         * @description Schedule a goal: a cron expression in a time zone, or once at ``run_at``.
         */
        post: operations["create_automation_api_v1_automations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automations/{automation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Automation
         * @description One automation with its next run.
         */
        get: operations["get_automation_api_v1_automations__automation_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Automation
         * @description Delete the automation and its run history (tasks it started remain).
         */
        delete: operations["delete_automation_api_v1_automations__automation_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Automation
         * @description Change the schedule, goal or plan (the next run is computed again).
         */
        patch: operations["update_automation_api_v1_automations__automation_id__patch"];
        trace?: never;
    };
    "/api/v1/automations/{automation_id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause Automation
         * @description Pause: nothing runs until it is resumed (missed ticks are not made up).
         */
        post: operations["pause_automation_api_v1_automations__automation_id__pause_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automations/{automation_id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume Automation
         * @description Resume a paused automation from now.
         */
        post: operations["resume_automation_api_v1_automations__automation_id__resume_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automations/{automation_id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run Automation Now
         * @description Run now (the schedule is unchanged).
         */
        post: operations["run_automation_now_api_v1_automations__automation_id__run_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automations/{automation_id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Automation Runs
         * @description Its runs, newest first: when each was due, the task it started.
         */
        get: operations["automation_runs_api_v1_automations__automation_id__runs_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox/conversations/{conversation_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Messages
         * @description A page of the thread, oldest first: the latest, older (``before``) or newer (``after``).
         */
        get: operations["list_messages_api_v1_inbox_conversations__conversation_id__messages_get"];
        put?: never;
        /**
         * Post Message
         * @description Write to Flux in a conversation; the reply streams back as server-sent events.
         */
        post: operations["post_message_api_v1_inbox_conversations__conversation_id__messages_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post First Message
         * @description Start a conversation with a first message; the first event names the conversation.
         */
        post: operations["post_first_message_api_v1_inbox_messages_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Conversations
         * @description Your conversations, latest activity first (archived ones only when asked for).
         */
        get: operations["list_conversations_api_v1_inbox_conversations_get"];
        put?: never;
        /**
         * Create Conversation
         * @description Start an empty conversation.
         */
        post: operations["create_conversation_api_v1_inbox_conversations_post"];
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Bulk Update Conversations
         * @description Change several of your conversations at once (all or nothing).
         */
        patch: operations["bulk_update_conversations_api_v1_inbox_conversations_patch"];
        trace?: never;
    };
    "/api/v1/inbox/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Inbox Counts
         * @description How many conversations are unread and how many wait on you.
         */
        get: operations["inbox_counts_api_v1_inbox_counts_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Inbox Events
         * @description Server-sent events of all your conversations; resumes after ``Last-Event-ID``.
         */
        get: operations["inbox_events_api_v1_inbox_events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox/conversations/{conversation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Conversation
         * @description One of your conversations with its unread count and last activity.
         */
        get: operations["get_conversation_api_v1_inbox_conversations__conversation_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update Conversation
         * @description Rename it, mark it read, unread or archived, or change its priority.
         */
        patch: operations["update_conversation_api_v1_inbox_conversations__conversation_id__patch"];
        trace?: never;
    };
    "/api/v1/inbox/conversations/{conversation_id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archive Conversation
         * @description Archive it: out of the inbox until something new happens in it.
         */
        post: operations["archive_conversation_api_v1_inbox_conversations__conversation_id__archive_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox/conversations/{conversation_id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Read Conversation
         * @description Mark it read (its unread count drops to zero).
         */
        post: operations["read_conversation_api_v1_inbox_conversations__conversation_id__read_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox/conversations/{conversation_id}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create Follow Up Task
         * @description Start a task that reports its progress into this conversation.
         */
        post: operations["create_follow_up_task_api_v1_inbox_conversations__conversation_id__tasks_post"];
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
        /** AutomationCreate */
        AutomationCreate: {
            /** Name */
            name: string;
            /**
             * Description
             * @default
             */
            description: string;
            /** Cron */
            cron?: string | null;
            /**
             * Timezone
             * @default UTC
             */
            timezone: string;
            /** Run At */
            run_at?: string | null;
            /** Goal */
            goal: string;
            /**
             * Planning Mode
             * @default planner
             * @enum {string}
             */
            planning_mode: "planner" | "fixed";
            /** Plan */
            plan?: {
                [key: string]: unknown;
            } | null;
        };
        /** AutomationPage */
        AutomationPage: {
            /** Items */
            items: components["schemas"]["AutomationRead"][];
        };
        /** AutomationRead */
        AutomationRead: {
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
            /** Name */
            name: string;
            /** Description */
            description: string;
            /** Cron */
            cron: string | null;
            /** Timezone */
            timezone: string;
            /** Run At */
            run_at: string | null;
            /** Goal */
            goal: string;
            /** Planning Mode */
            planning_mode: string;
            /** Plan */
            plan: {
                [key: string]: unknown;
            } | null;
            /** Status */
            status: string;
            /** Next Run At */
            next_run_at: string | null;
            /** Last Run At */
            last_run_at: string | null;
            /** Conversation Id */
            conversation_id: string | null;
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
        /** AutomationRunPage */
        AutomationRunPage: {
            /** Items */
            items: components["schemas"]["AutomationRunRead"][];
        };
        /** AutomationRunRead */
        AutomationRunRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Automation Id
             * Format: uuid
             */
            automation_id: string;
            /**
             * Scheduled For
             * Format: date-time
             */
            scheduled_for: string;
            /** Kind */
            kind: string;
            /** Missed */
            missed: number;
            /** Task Id */
            task_id: string | null;
            /** Status */
            status: string;
            /** Reason */
            reason: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** AutomationUpdate */
        AutomationUpdate: {
            /** Name */
            name?: string | null;
            /** Description */
            description?: string | null;
            /** Cron */
            cron?: string | null;
            /** Timezone */
            timezone?: string | null;
            /** Run At */
            run_at?: string | null;
            /** Goal */
            goal?: string | null;
            /** Planning Mode */
            planning_mode?: ("planner" | "fixed") | null;
            /** Plan */
            plan?: {
                [key: string]: unknown;
            } | null;
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
        /** ChatMessageCreate */
        ChatMessageCreate: {
            /**
             * Content
             * @description What the person wrote.
             */
            content: string;
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
        /** ConversationBulkResult */
        ConversationBulkResult: {
            /** Items */
            items: components["schemas"]["ConversationRead"][];
        };
        /** ConversationBulkUpdate */
        ConversationBulkUpdate: {
            /** Ids */
            ids: string[];
            changes: components["schemas"]["ConversationUpdate"];
        };
        /** ConversationCreate */
        ConversationCreate: {
            /** Title */
            title?: string | null;
        };
        /** ConversationPage */
        ConversationPage: {
            /** Items */
            items: components["schemas"]["ConversationRead"][];
            /** Next Cursor */
            next_cursor: string | null;
            counts: components["schemas"]["InboxCounts"];
        };
        /** ConversationRead */
        ConversationRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
            /** Title */
            title: string | null;
            /** Read Status */
            read_status: string;
            /** Priority */
            priority: string;
            /** Last Message Preview */
            last_message_preview: string;
            /** Last Message At */
            last_message_at: string | null;
            /** Unread Count */
            unread_count: number;
            /** Message Count */
            message_count: number;
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
        /** ConversationUpdate */
        ConversationUpdate: {
            /** Title */
            title?: string | null;
            /** Read Status */
            read_status?: ("unread" | "read" | "archived") | null;
            /** Priority */
            priority?: ("normal" | "attention") | null;
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
        /** EventAccepted */
        EventAccepted: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Duplicate
             * @default false
             */
            duplicate: boolean;
            /**
             * Matched
             * @default 0
             */
            matched: number;
            /** Task Ids */
            task_ids?: string[];
        };
        /**
         * EventIn
         * @description An event for the triggers: relayed by Mimic from a verified webhook, or posted directly.
         */
        EventIn: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Type */
            type: string;
            /** Integration Id */
            integration_id?: string | null;
            /** Provider */
            provider?: string | null;
            /** Delivery Id */
            delivery_id?: string | null;
            /** Received At */
            received_at?: string | null;
            /** Data */
            data?: {
                [key: string]: unknown;
            };
            /** Reply */
            reply?: {
                [key: string]: unknown;
            };
        };
        /** FollowUpTaskCreate */
        FollowUpTaskCreate: {
            /** Goal */
            goal: string;
            /** Constraints */
            constraints?: {
                [key: string]: unknown;
            };
            /** Max Parallel */
            max_parallel?: number | null;
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** HistoryItem */
        HistoryItem: {
            /**
             * Run Id
             * Format: uuid
             */
            run_id: string;
            /**
             * Event Id
             * Format: uuid
             */
            event_id: string;
            /** Event Type */
            event_type: string;
            /** Delivery Id */
            delivery_id: string | null;
            /**
             * Received At
             * Format: date-time
             */
            received_at: string;
            /** Matched */
            matched: boolean;
            /** Reason */
            reason: string;
            /** Status */
            status: string;
            /** Task Id */
            task_id: string | null;
            /** Task Status */
            task_status: string | null;
            /** Goal */
            goal: string | null;
            /** Outcome */
            outcome: string | null;
            /** Response Status */
            response_status: string;
            /** Response Attempts */
            response_attempts: number;
            /** Response Error */
            response_error: string | null;
            /** Responded At */
            responded_at: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** InboxCounts */
        InboxCounts: {
            /** Unread */
            unread: number;
            /** Attention */
            attention: number;
        };
        /** MemoryCreate */
        MemoryCreate: {
            /** Key */
            key: string;
            /** Title */
            title: string;
            /** Body */
            body: string;
            /** Topic */
            topic?: string | null;
            /** Tags */
            tags?: string[];
            /**
             * Scope
             * @default organization
             * @enum {string}
             */
            scope: "organization" | "user" | "agent";
            /** Agent Type */
            agent_type?: string | null;
            /**
             * Upsert
             * @default false
             */
            upsert: boolean;
        };
        /** MemoryHit */
        MemoryHit: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Key */
            key: string;
            /** Title */
            title: string;
            /** Body */
            body: string;
            /** Topic */
            topic: string | null;
            /** Tags */
            tags: string[];
            /** Scope */
            scope: string;
            /** User Id */
            user_id: string | null;
            /** Agent Type */
            agent_type: string | null;
            /** Version */
            version: number;
            /** Created By Kind */
            created_by_kind: string;
            /** Created By Id */
            created_by_id: string | null;
            /** Created By Agent */
            created_by_agent: string | null;
            /** Embedding Model */
            embedding_model: string | null;
            /**
             * Embedded
             * @default false
             */
            embedded: boolean;
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
            /** Score */
            score?: number | null;
            /** Signals */
            signals?: ("key" | "text" | "semantic")[];
            /** Text Rank */
            text_rank?: number | null;
            /** Similarity */
            similarity?: number | null;
        };
        /** MemoryPage */
        MemoryPage: {
            /** Items */
            items: components["schemas"]["MemoryHit"][];
            /** Next Cursor */
            next_cursor?: string | null;
            /** Semantic */
            semantic?: boolean | null;
        };
        /** MemoryRead */
        MemoryRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Key */
            key: string;
            /** Title */
            title: string;
            /** Body */
            body: string;
            /** Topic */
            topic: string | null;
            /** Tags */
            tags: string[];
            /** Scope */
            scope: string;
            /** User Id */
            user_id: string | null;
            /** Agent Type */
            agent_type: string | null;
            /** Version */
            version: number;
            /** Created By Kind */
            created_by_kind: string;
            /** Created By Id */
            created_by_id: string | null;
            /** Created By Agent */
            created_by_agent: string | null;
            /** Embedding Model */
            embedding_model: string | null;
            /**
             * Embedded
             * @default false
             */
            embedded: boolean;
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
        /** MemorySearch */
        MemorySearch: {
            /** Query */
            query: string;
            /** Topic */
            topic?: string | null;
            /** Tags */
            tags?: string[];
            /** Scope */
            scope?: ("organization" | "user" | "agent") | null;
            /**
             * Limit
             * @default 10
             */
            limit: number;
        };
        /** MemorySearchResult */
        MemorySearchResult: {
            /** Items */
            items: components["schemas"]["MemoryHit"][];
            /** Semantic */
            semantic: boolean;
        };
        /** MemoryUpdate */
        MemoryUpdate: {
            /** Title */
            title?: string | null;
            /** Body */
            body?: string | null;
            /** Topic */
            topic?: string | null;
            /** Tags */
            tags?: string[] | null;
        };
        /** MemoryVersionList */
        MemoryVersionList: {
            /** Items */
            items: components["schemas"]["MemoryVersionRead"][];
        };
        /** MemoryVersionRead */
        MemoryVersionRead: {
            /** Version */
            version: number;
            /** Title */
            title: string;
            /** Body */
            body: string;
            /** Topic */
            topic: string | null;
            /** Tags */
            tags: string[];
            /** Edited By Kind */
            edited_by_kind: string;
            /** Edited By Id */
            edited_by_id: string | null;
            /** Edited By Agent */
            edited_by_agent: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** MessagePage */
        MessagePage: {
            /** Items */
            items: components["schemas"]["MessageRead"][];
            /** Has Before */
            has_before: boolean;
            /** Has After */
            has_after: boolean;
        };
        /** MessageRead */
        MessageRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Conversation Id
             * Format: uuid
             */
            conversation_id: string;
            /** Position */
            position: number;
            /** Role */
            role: string;
            /** Agent Id */
            agent_id: string | null;
            /** Content */
            content: string;
            /** Structured */
            structured: {
                [key: string]: unknown;
            } | null;
            /** Tool Calls */
            tool_calls: {
                [key: string]: unknown;
            }[] | null;
            /** Tool Call Id */
            tool_call_id: string | null;
            /** Task Id */
            task_id: string | null;
            /** Checkpoint Id */
            checkpoint_id: string | null;
            /** Prompt Tokens */
            prompt_tokens: number;
            /** Completion Tokens */
            completion_tokens: number;
            /** Cost Usd */
            cost_usd: number;
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
        /** NewConversationMessage */
        NewConversationMessage: {
            /**
             * Content
             * @description What the person wrote.
             */
            content: string;
            /**
             * Title
             * @description The new conversation's title (optional).
             */
            title?: string | null;
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
        /**
         * ResponseConfig
         * @description Where and how the answer goes; everything is optional and defaults to the event's own
         *     reply context (the Discord interaction, the Slack thread) and its integration.
         */
        ResponseConfig: {
            /** Integration Id */
            integration_id?: string | null;
            /** Channel */
            channel?: string | null;
            /** Template */
            template?: string | null;
            /** Params */
            params?: {
                [key: string]: unknown;
            };
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
        /** TriggerCreate */
        TriggerCreate: {
            /** Name */
            name: string;
            /**
             * Description
             * @default
             */
            description: string;
            /** Integration Id */
            integration_id?: string | null;
            /** Event Pattern */
            event_pattern: string;
            /** Filter */
            filter?: {
                [key: string]: unknown;
            };
            /** Goal Template */
            goal_template: string;
            /**
             * Planning Mode
             * @default planner
             * @enum {string}
             */
            planning_mode: "planner" | "fixed";
            /** Plan */
            plan?: {
                [key: string]: unknown;
            } | null;
            /**
             * Response Type
             * @default none
             * @enum {string}
             */
            response_type: "discord_followup" | "slack_message" | "webhook" | "none";
            response_config?: components["schemas"]["ResponseConfig"];
            /**
             * Enabled
             * @default true
             */
            enabled: boolean;
        };
        /** TriggerHistory */
        TriggerHistory: {
            /**
             * Trigger Id
             * Format: uuid
             */
            trigger_id: string;
            /** Events Matched */
            events_matched: number;
            /** Items */
            items: components["schemas"]["HistoryItem"][];
        };
        /** TriggerPage */
        TriggerPage: {
            /** Items */
            items: components["schemas"]["TriggerRead"][];
        };
        /** TriggerRead */
        TriggerRead: {
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
            /** Name */
            name: string;
            /** Description */
            description: string;
            /** Enabled */
            enabled: boolean;
            /** Integration Id */
            integration_id: string | null;
            /** Provider */
            provider: string | null;
            /** Event Pattern */
            event_pattern: string;
            /** Filter */
            filter: {
                [key: string]: unknown;
            };
            /** Goal Template */
            goal_template: string;
            /** Planning Mode */
            planning_mode: string;
            /** Plan */
            plan: {
                [key: string]: unknown;
            } | null;
            /** Response Type */
            response_type: string;
            /** Response Config */
            response_config: {
                [key: string]: unknown;
            };
            /** Conversation Id */
            conversation_id: string | null;
            /**
             * Events Matched
             * @default 0
             */
            events_matched: number;
            /** Last Fired At */
            last_fired_at?: string | null;
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
        /** TriggerUpdate */
        TriggerUpdate: {
            /** Name */
            name?: string | null;
            /** Description */
            description?: string | null;
            /** Event Pattern */
            event_pattern?: string | null;
            /** Filter */
            filter?: {
                [key: string]: unknown;
            } | null;
            /** Goal Template */
            goal_template?: string | null;
            /** Planning Mode */
            planning_mode?: ("planner" | "fixed") | null;
            /** Plan */
            plan?: {
                [key: string]: unknown;
            } | null;
            /** Response Type */
            response_type?: ("discord_followup" | "slack_message" | "webhook" | "none") | null;
            response_config?: components["schemas"]["ResponseConfig"] | null;
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
            /** Indexed Fields */
            indexed_fields?: string[];
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
            /** Indexed Fields */
            indexed_fields?: string[];
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
    list_memories_api_v1_memories_get: {
        parameters: {
            query?: {
                key?: string | null;
                topic?: string | null;
                tags?: string[] | null;
                scope?: ("organization" | "user" | "agent") | null;
                q?: string | null;
                limit?: number;
                cursor?: string | null;
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
                    "application/json": components["schemas"]["MemoryPage"];
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
    create_memory_api_v1_memories_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemoryCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryRead"];
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
    search_memories_api_v1_memories_search_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemorySearch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemorySearchResult"];
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
    get_memory_api_v1_memories__memory_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                memory_id: string;
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
                    "application/json": components["schemas"]["MemoryRead"];
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
    delete_memory_api_v1_memories__memory_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                memory_id: string;
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
    update_memory_api_v1_memories__memory_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                memory_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemoryUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MemoryRead"];
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
    list_versions_api_v1_memories__memory_id__versions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                memory_id: string;
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
                    "application/json": components["schemas"]["MemoryVersionList"];
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
    list_triggers_api_v1_triggers_get: {
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
                    "application/json": components["schemas"]["TriggerPage"];
                };
            };
        };
    };
    create_trigger_api_v1_triggers_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TriggerCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerRead"];
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
    receive_event_api_v1_triggers_events_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EventIn"];
            };
        };
        responses: {
            /** @description Already received: nothing new. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventAccepted"];
                };
            };
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventAccepted"];
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
    get_trigger_api_v1_triggers__trigger_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trigger_id: string;
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
                    "application/json": components["schemas"]["TriggerRead"];
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
    delete_trigger_api_v1_triggers__trigger_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trigger_id: string;
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
    update_trigger_api_v1_triggers__trigger_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trigger_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TriggerUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerRead"];
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
    enable_trigger_api_v1_triggers__trigger_id__enable_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trigger_id: string;
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
                    "application/json": components["schemas"]["TriggerRead"];
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
    disable_trigger_api_v1_triggers__trigger_id__disable_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                trigger_id: string;
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
                    "application/json": components["schemas"]["TriggerRead"];
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
    trigger_history_api_v1_triggers__trigger_id__history_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                trigger_id: string;
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
                    "application/json": components["schemas"]["TriggerHistory"];
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
    list_automations_api_v1_automations_get: {
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
                    "application/json": components["schemas"]["AutomationPage"];
                };
            };
        };
    };
    create_automation_api_v1_automations_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AutomationCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomationRead"];
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
    get_automation_api_v1_automations__automation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                automation_id: string;
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
                    "application/json": components["schemas"]["AutomationRead"];
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
    delete_automation_api_v1_automations__automation_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                automation_id: string;
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
    update_automation_api_v1_automations__automation_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                automation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AutomationUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomationRead"];
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
    pause_automation_api_v1_automations__automation_id__pause_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                automation_id: string;
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
                    "application/json": components["schemas"]["AutomationRead"];
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
    resume_automation_api_v1_automations__automation_id__resume_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                automation_id: string;
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
                    "application/json": components["schemas"]["AutomationRead"];
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
    run_automation_now_api_v1_automations__automation_id__run_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                automation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AutomationRunRead"];
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
    automation_runs_api_v1_automations__automation_id__runs_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                automation_id: string;
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
                    "application/json": components["schemas"]["AutomationRunPage"];
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
    list_messages_api_v1_inbox_conversations__conversation_id__messages_get: {
        parameters: {
            query?: {
                before?: number | null;
                after?: number | null;
                limit?: number;
            };
            header?: never;
            path: {
                conversation_id: string;
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
                    "application/json": components["schemas"]["MessagePage"];
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
    post_message_api_v1_inbox_conversations__conversation_id__messages_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatMessageCreate"];
            };
        };
        responses: {
            /** @description Server-sent events: message.started, token, tool_call.started, tool_call.finished, conversation.created, message.completed or error. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
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
    post_first_message_api_v1_inbox_messages_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewConversationMessage"];
            };
        };
        responses: {
            /** @description Server-sent events: message.started, token, tool_call.started, tool_call.finished, conversation.created, message.completed or error. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
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
    list_conversations_api_v1_inbox_conversations_get: {
        parameters: {
            query?: {
                read_status?: ("unread" | "read" | "archived" | "any") | null;
                priority?: ("normal" | "attention") | null;
                q?: string | null;
                cursor?: string | null;
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
                    "application/json": components["schemas"]["ConversationPage"];
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
    create_conversation_api_v1_inbox_conversations_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ConversationCreate"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationRead"];
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
    bulk_update_conversations_api_v1_inbox_conversations_patch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConversationBulkUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationBulkResult"];
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
    inbox_counts_api_v1_inbox_counts_get: {
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
                    "application/json": components["schemas"]["InboxCounts"];
                };
            };
        };
    };
    inbox_events_api_v1_inbox_events_get: {
        parameters: {
            query?: {
                after?: number | null;
            };
            header?: {
                "Last-Event-ID"?: string | null;
            };
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
    get_conversation_api_v1_inbox_conversations__conversation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
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
                    "application/json": components["schemas"]["ConversationRead"];
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
    update_conversation_api_v1_inbox_conversations__conversation_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConversationUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationRead"];
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
    archive_conversation_api_v1_inbox_conversations__conversation_id__archive_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
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
                    "application/json": components["schemas"]["ConversationRead"];
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
    read_conversation_api_v1_inbox_conversations__conversation_id__read_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
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
                    "application/json": components["schemas"]["ConversationRead"];
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
    create_follow_up_task_api_v1_inbox_conversations__conversation_id__tasks_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FollowUpTaskCreate"];
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
}
