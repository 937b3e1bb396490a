// Generated from the mimic service's OpenAPI document; do not edit.
// Regenerate: uv run fluxos openapi --out web/openapi && (cd web && npm run generate:api)

export interface paths {
    "/api/v1/hooks/{integration_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive Hook
         * @description Receive a signed webhook (Discord, Slack, GitHub, Stripe or custom); unsigned ones get 401.
         */
        post: operations["receive_hook_api_v1_hooks__integration_id__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/provider": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Provider
         * @description The provider that sends this organization's email (its own, or the platform's).
         */
        get: operations["get_provider_api_v1_notifications_provider_get"];
        /**
         * Set Provider
         * @description Use the organization's own provider and keys (stored encrypted).
         */
        put: operations["set_provider_api_v1_notifications_provider_put"];
        post?: never;
        /**
         * Reset Provider
         * @description Forget the organization's provider and go back to the platform's.
         */
        delete: operations["reset_provider_api_v1_notifications_provider_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/provider/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test Provider
         * @description Send a test email now through the stored provider (or through unsaved settings).
         */
        post: operations["test_provider_api_v1_notifications_provider_test_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/suppressions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Suppressions
         * @description Addresses this organization does not email (ordered by address).
         */
        get: operations["list_suppressions_api_v1_notifications_suppressions_get"];
        put?: never;
        /**
         * Add Suppression
         * @description Stop emailing an address.
         */
        post: operations["add_suppression_api_v1_notifications_suppressions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/suppressions/{address}": {
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
         * Remove Suppression
         * @description Allow emails to an address again.
         */
        delete: operations["remove_suppression_api_v1_notifications_suppressions__address__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Notifications
         * @description List notifications, newest first, with filters.
         */
        get: operations["list_notifications_api_v1_notifications_get"];
        put?: never;
        /**
         * Send Notification
         * @description Queue a notification for delivery (idempotent for 24 hours with an Idempotency-Key).
         */
        post: operations["send_notification_api_v1_notifications_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{notification_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Notification
         * @description A notification with its delivery timeline.
         */
        get: operations["get_notification_api_v1_notifications__notification_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Templates
         * @description The organization's templates, then the system templates.
         */
        get: operations["list_templates_api_v1_templates_get"];
        put?: never;
        /**
         * Create Template
         * @description Create a template (its first version).
         */
        post: operations["create_template_api_v1_templates_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview Draft
         * @description Render unsaved template content with sample variables.
         */
        post: operations["preview_draft_api_v1_templates_preview_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates/{template_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Template
         * @description A template with its current content.
         */
        get: operations["get_template_api_v1_templates__template_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Template
         * @description Delete a template and its versions.
         */
        delete: operations["delete_template_api_v1_templates__template_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Template
         * @description Rename or describe a template (content changes are new versions).
         */
        patch: operations["update_template_api_v1_templates__template_id__patch"];
        trace?: never;
    };
    "/api/v1/templates/{template_id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Versions
         * @description Every version of a template, newest first.
         */
        get: operations["list_versions_api_v1_templates__template_id__versions_get"];
        put?: never;
        /**
         * Add Version
         * @description Save new content as the next version (it becomes the current one).
         */
        post: operations["add_version_api_v1_templates__template_id__versions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates/{template_id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Version
         * @description One version of a template.
         */
        get: operations["get_version_api_v1_templates__template_id__versions__version__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates/{template_id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview Template
         * @description Render a template (current or given version) with variables, as it would be sent.
         */
        post: operations["preview_template_api_v1_templates__template_id__preview_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/provider-events/postmark/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Postmark Event
         * @description Postmark delivery, bounce, spam-complaint and engagement webhooks (basic auth).
         */
        post: operations["postmark_event_api_v1_provider_events_postmark__webhook_id__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/provider-events/resend/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resend Event
         * @description Resend email webhooks (Svix signatures, five-minute timestamp tolerance).
         */
        post: operations["resend_event_api_v1_provider_events_resend__webhook_id__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Integrations
         * @description The organization's integrations.
         */
        get: operations["list_integrations_api_v1_integrations_get"];
        put?: never;
        /**
         * Create Integration
         * @description Connect an integration; its credentials are stored encrypted and never shown again.
         */
        post: operations["create_integration_api_v1_integrations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{integration_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Integration
         * @description One integration, with its inbound URL and which credentials are set.
         */
        get: operations["get_integration_api_v1_integrations__integration_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Integration
         * @description Disconnect an integration (its inbound URL stops working at once).
         */
        delete: operations["delete_integration_api_v1_integrations__integration_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Integration
         * @description Rename, enable or disable an integration, or change some of its credentials.
         */
        patch: operations["update_integration_api_v1_integrations__integration_id__patch"];
        trace?: never;
    };
    "/api/v1/integrations/{integration_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test Integration
         * @description Check the stored credentials against the provider's API where it has one.
         */
        post: operations["test_integration_api_v1_integrations__integration_id__test_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{integration_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Inbound History
         * @description Recent inbound events (with their relay status) and refused requests.
         */
        get: operations["inbound_history_api_v1_integrations__integration_id__events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{integration_id}/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Request Action
         * @description Send a message, embed, follow-up, issue, comment or webhook (idempotent with a key).
         */
        post: operations["request_action_api_v1_integrations__integration_id__actions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{integration_id}/actions/{action_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Action
         * @description An outbound action's status, attempts, provider response and error.
         */
        get: operations["get_action_api_v1_integrations__integration_id__actions__action_id__get"];
        put?: never;
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
        /** ActionRead */
        ActionRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Integration Id
             * Format: uuid
             */
            integration_id: string;
            /** Action */
            action: string;
            /**
             * Status
             * @enum {string}
             */
            status: "queued" | "sending" | "sent" | "failed";
            /** Attempts */
            attempts: number;
            /** Idempotency Key */
            idempotency_key: string | null;
            /**
             * Response
             * @description What the provider answered (a summary).
             */
            response: {
                [key: string]: unknown;
            };
            /** Error */
            error: string | null;
            /** Next Attempt At */
            next_attempt_at: string | null;
            /** Sent At */
            sent_at: string | null;
            /** Created By */
            created_by: string;
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
        /** CustomCredentials */
        CustomCredentials: {
            /** Mode */
            mode?: ("hmac" | "bearer") | null;
            /** Secret */
            secret?: string | null;
            /** Header */
            header?: string | null;
            /** Signature Format */
            signature_format?: ("sha256=hex" | "hex") | null;
            /** Outbound Url */
            outbound_url?: string | null;
            /** Outbound Secret */
            outbound_secret?: string | null;
        };
        /** CustomIntegrationCreate */
        CustomIntegrationCreate: {
            /** Name */
            name: string;
            /**
             * Enabled
             * @default true
             */
            enabled: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            provider: "custom";
            /** @description mode (hmac or bearer), secret, header and signature_format (hmac), outbound_url and outbound_secret (outbound webhooks). */
            credentials: components["schemas"]["CustomCredentials"];
        };
        /** DiscordCredentials */
        DiscordCredentials: {
            /** Application Id */
            application_id?: string | null;
            /** Public Key */
            public_key?: string | null;
            /** Bot Token */
            bot_token?: string | null;
        };
        /** DiscordEmbedAction */
        DiscordEmbedAction: {
            /** Idempotency Key */
            idempotency_key?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "discord_embed";
            params: components["schemas"]["DiscordEmbedParams"];
        };
        /** DiscordEmbedParams */
        DiscordEmbedParams: {
            /** Channel Id */
            channel_id: string;
            /** Embeds */
            embeds: {
                [key: string]: unknown;
            }[];
            /** Content */
            content?: string | null;
        };
        /** DiscordFollowupAction */
        DiscordFollowupAction: {
            /** Idempotency Key */
            idempotency_key?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "discord_followup";
            params: components["schemas"]["DiscordFollowupParams"];
        };
        /** DiscordFollowupParams */
        DiscordFollowupParams: {
            /** Content */
            content?: string | null;
            /** Embeds */
            embeds?: {
                [key: string]: unknown;
            }[] | null;
            /** Interaction Token */
            interaction_token: string;
            /**
             * Application Id
             * @description Default: the integration's application.
             */
            application_id?: string | null;
            /**
             * Edit Original
             * @description Replace the deferred 'thinking…' response (true) or post a new follow-up.
             * @default true
             */
            edit_original: boolean;
            /**
             * Ephemeral
             * @default false
             */
            ephemeral: boolean;
        };
        /** DiscordIntegrationCreate */
        DiscordIntegrationCreate: {
            /** Name */
            name: string;
            /**
             * Enabled
             * @default true
             */
            enabled: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            provider: "discord";
            /** @description application_id and public_key (inbound), bot_token (channel messages). */
            credentials: components["schemas"]["DiscordCredentials"];
        };
        /** DiscordMessageAction */
        DiscordMessageAction: {
            /** Idempotency Key */
            idempotency_key?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "discord_message";
            params: components["schemas"]["DiscordMessageParams"];
        };
        /** DiscordMessageParams */
        DiscordMessageParams: {
            /** Content */
            content?: string | null;
            /** Embeds */
            embeds?: {
                [key: string]: unknown;
            }[] | null;
            /** Channel Id */
            channel_id: string;
        };
        /** DraftPreviewRequest */
        DraftPreviewRequest: {
            /** Subject */
            subject: string;
            /** Text Body */
            text_body?: string | null;
            /** Html Body */
            html_body?: string | null;
            /**
             * Variables
             * @description Every variable the template may use, by name.
             */
            variables?: {
                [key: string]: components["schemas"]["VariableSpec"];
            };
            /** Sample Variables */
            sample_variables?: {
                [key: string]: unknown;
            };
        };
        /** GitHubCommentAction */
        GitHubCommentAction: {
            /** Idempotency Key */
            idempotency_key?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "github_comment";
            params: components["schemas"]["GitHubCommentParams"];
        };
        /** GitHubCommentParams */
        GitHubCommentParams: {
            /** Repository */
            repository: string;
            /** Issue Number */
            issue_number: number;
            /** Body */
            body: string;
        };
        /** GitHubCredentials */
        GitHubCredentials: {
            /** Webhook Secret */
            webhook_secret?: string | null;
            /** Token */
            token?: string | null;
        };
        /** GitHubIntegrationCreate */
        GitHubIntegrationCreate: {
            /** Name */
            name: string;
            /**
             * Enabled
             * @default true
             */
            enabled: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            provider: "github";
            /** @description webhook_secret, token. */
            credentials: components["schemas"]["GitHubCredentials"];
        };
        /** GitHubIssueAction */
        GitHubIssueAction: {
            /** Idempotency Key */
            idempotency_key?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "github_issue";
            params: components["schemas"]["GitHubIssueParams"];
        };
        /** GitHubIssueParams */
        GitHubIssueParams: {
            /** Repository */
            repository: string;
            /** Title */
            title: string;
            /**
             * Body
             * @default
             */
            body: string;
            /** Labels */
            labels?: string[];
        };
        /** HTTPValidationError */
        HTTPValidationError: {
            /** Detail */
            detail?: components["schemas"]["ValidationError"][];
        };
        /** InboundEventRead */
        InboundEventRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Type */
            type: string;
            /** Delivery Key */
            delivery_key: string;
            /**
             * Received At
             * Format: date-time
             */
            received_at: string;
            /** Relay Status */
            relay_status: string;
            /** Relay Attempts */
            relay_attempts: number;
            /** Relayed At */
            relayed_at: string | null;
            /** Relay Error */
            relay_error: string | null;
        };
        /** InboundHistory */
        InboundHistory: {
            /** Events */
            events: components["schemas"]["InboundEventRead"][];
            /** Rejections */
            rejections: components["schemas"]["RejectionRead"][];
        };
        /** IntegrationPage */
        IntegrationPage: {
            /** Items */
            items: components["schemas"]["IntegrationRead"][];
        };
        /** IntegrationRead */
        IntegrationRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Provider */
            provider: string;
            /** Name */
            name: string;
            /** Enabled */
            enabled: boolean;
            /**
             * Config
             * @description Settings that are not secret.
             */
            config: {
                [key: string]: unknown;
            };
            /**
             * Credentials Set
             * @description Stored secrets (never their values): a hint of the last characters, or null when the secret is too short to show any.
             */
            credentials_set: {
                [key: string]: string | null;
            };
            /** Inbound Url */
            inbound_url: string;
            /** Created By */
            created_by: string;
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
        /** IntegrationTestResult */
        IntegrationTestResult: {
            /** Ok */
            ok: boolean;
            /** Detail */
            detail: string;
            /** Checked Remotely */
            checked_remotely: boolean;
            /** Response */
            response?: {
                [key: string]: unknown;
            };
        };
        /** IntegrationUpdate */
        IntegrationUpdate: {
            /** Name */
            name?: string | null;
            /** Enabled */
            enabled?: boolean | null;
            /**
             * Credentials
             * @description Fields to change; omitted ones keep their stored values, null removes one.
             */
            credentials?: {
                [key: string]: unknown;
            } | null;
        };
        /**
         * NotificationCreate
         * @description Either ``subject`` with ``text`` and/or ``html``, or a ``template`` with ``variables``.
         */
        NotificationCreate: {
            /**
             * Channel
             * @description Delivery channel (email today; SMS and push later).
             * @default email
             * @constant
             */
            channel: "email";
            /**
             * To
             * @description Recipient addresses.
             */
            to: string[];
            /** Subject */
            subject?: string | null;
            /** Text */
            text?: string | null;
            /** Html */
            html?: string | null;
            /**
             * Template
             * @description A template key (yours or a system one).
             */
            template?: string | null;
            /** Template Version */
            template_version?: number | null;
            /** Variables */
            variables?: {
                [key: string]: unknown;
            };
            /** Reply To */
            reply_to?: string | null;
            /** Metadata */
            metadata?: {
                [key: string]: string | number | boolean | null;
            };
        };
        /** NotificationEventRead */
        NotificationEventRead: {
            /** Type */
            type: string;
            /** Status */
            status: string;
            /** Detail */
            detail: string | null;
            /** Data */
            data: {
                [key: string]: unknown;
            };
            /**
             * Occurred At
             * Format: date-time
             */
            occurred_at: string;
        };
        /** NotificationPage */
        NotificationPage: {
            /** Items */
            items: components["schemas"]["NotificationRead"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** NotificationRead */
        NotificationRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Channel */
            channel: string;
            /** Status */
            status: string;
            /** To */
            to: string[];
            /** Subject */
            subject: string;
            /** Text */
            text: string | null;
            /** Html */
            html: string | null;
            /** Template */
            template: string | null;
            /** Template Version */
            template_version: number | null;
            /** Reply To */
            reply_to: string | null;
            /** Metadata */
            metadata: {
                [key: string]: unknown;
            };
            /** Provider */
            provider: string | null;
            /** Provider Message Id */
            provider_message_id: string | null;
            /** Attempts */
            attempts: number;
            /** Last Error */
            last_error: string | null;
            /** Next Attempt At */
            next_attempt_at: string | null;
            /** Created By */
            created_by: string;
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
            /**
             * Events
             * @description The delivery timeline (on single reads).
             */
            events?: components["schemas"]["NotificationEventRead"][] | null;
        };
        /** PostmarkProviderWrite */
        PostmarkProviderWrite: {
            /**
             * Mail From
             * @description The From header of every email.
             */
            mail_from: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            provider: "postmark";
            /**
             * Server Token
             * @description Required the first time; omitted later keeps the stored one.
             */
            server_token?: string | null;
            /**
             * Message Stream
             * @default outbound
             */
            message_stream: string;
            /** Webhook Username */
            webhook_username?: string | null;
            /** Webhook Password */
            webhook_password?: string | null;
            /** Webhook Header Name */
            webhook_header_name?: string | null;
            /** Webhook Header Value */
            webhook_header_value?: string | null;
        };
        /** ProviderEventResult */
        ProviderEventResult: {
            /**
             * Status
             * @enum {string}
             */
            status: "applied" | "unmatched" | "duplicate";
        };
        /** ProviderRead */
        ProviderRead: {
            /**
             * Source
             * @enum {string}
             */
            source: "organization" | "platform";
            /** Provider */
            provider: string;
            /** Mail From */
            mail_from: string;
            /** Options */
            options: {
                [key: string]: unknown;
            };
            /**
             * Secrets Set
             * @description Names of stored secrets (values never shown).
             */
            secrets_set: string[];
            /**
             * Webhook Url
             * @description Where the provider should post delivery events for this organization.
             */
            webhook_url: string | null;
            /** Webhook Configured */
            webhook_configured: boolean;
            /** Updated At */
            updated_at?: string | null;
        };
        /** ProviderTest */
        ProviderTest: {
            /**
             * To
             * Format: email
             */
            to: string;
            /**
             * Config
             * @description Try these settings instead of the stored ones (not saved).
             */
            config?: (components["schemas"]["SmtpProviderWrite"] | components["schemas"]["PostmarkProviderWrite"] | components["schemas"]["ResendProviderWrite"]) | null;
        };
        /** ProviderTestResult */
        ProviderTestResult: {
            /** Ok */
            ok: boolean;
            /** Provider */
            provider: string;
            /** Provider Message Id */
            provider_message_id?: string | null;
            /** Error */
            error?: string | null;
            /** Transient */
            transient?: boolean | null;
        };
        /** RejectionRead */
        RejectionRead: {
            /** Reason */
            reason: string;
            /** Ip */
            ip: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** RenderedTemplate */
        RenderedTemplate: {
            /** Subject */
            subject: string;
            /** Text Body */
            text_body: string | null;
            /** Html Body */
            html_body: string | null;
        };
        /** ResendProviderWrite */
        ResendProviderWrite: {
            /**
             * Mail From
             * @description The From header of every email.
             */
            mail_from: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            provider: "resend";
            /**
             * Api Key
             * @description Required the first time; omitted later keeps the stored one.
             */
            api_key?: string | null;
            /**
             * Webhook Secret
             * @description The webhook's signing secret ('whsec_...').
             */
            webhook_secret?: string | null;
        };
        /** SlackCredentials */
        SlackCredentials: {
            /** Signing Secret */
            signing_secret?: string | null;
            /** Bot Token */
            bot_token?: string | null;
        };
        /** SlackIntegrationCreate */
        SlackIntegrationCreate: {
            /** Name */
            name: string;
            /**
             * Enabled
             * @default true
             */
            enabled: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            provider: "slack";
            /** @description signing_secret, bot_token. */
            credentials: components["schemas"]["SlackCredentials"];
        };
        /** SlackMessageAction */
        SlackMessageAction: {
            /** Idempotency Key */
            idempotency_key?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "slack_message";
            params: components["schemas"]["SlackMessageParams"];
        };
        /** SlackMessageParams */
        SlackMessageParams: {
            /** Channel */
            channel: string;
            /** Text */
            text: string;
            /** Blocks */
            blocks?: {
                [key: string]: unknown;
            }[] | null;
            /** Thread Ts */
            thread_ts?: string | null;
        };
        /** SmtpProviderWrite */
        SmtpProviderWrite: {
            /**
             * Mail From
             * @description The From header of every email.
             */
            mail_from: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            provider: "smtp";
            /** Host */
            host: string;
            /**
             * Port
             * @default 587
             */
            port: number;
            /**
             * Username
             * @default
             */
            username: string;
            /** Password */
            password?: string | null;
            /**
             * Security
             * @default starttls
             * @enum {string}
             */
            security: "none" | "starttls" | "tls";
        };
        /**
         * Status
         * @enum {string}
         */
        Status: "queued" | "sending" | "sent" | "delivered" | "bounced" | "complained" | "failed";
        /** StripeCredentials */
        StripeCredentials: {
            /** Signing Secret */
            signing_secret?: string | null;
        };
        /** StripeIntegrationCreate */
        StripeIntegrationCreate: {
            /** Name */
            name: string;
            /**
             * Enabled
             * @default true
             */
            enabled: boolean;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            provider: "stripe";
            /** @description signing_secret ('whsec_...'). */
            credentials: components["schemas"]["StripeCredentials"];
        };
        /** SuppressionCreate */
        SuppressionCreate: {
            /**
             * Address
             * Format: email
             */
            address: string;
            /** Detail */
            detail?: string | null;
        };
        /** SuppressionPage */
        SuppressionPage: {
            /** Items */
            items: components["schemas"]["SuppressionRead"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** SuppressionRead */
        SuppressionRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Address */
            address: string;
            /**
             * Reason
             * @enum {string}
             */
            reason: "bounced" | "complained" | "manual";
            /** Detail */
            detail: string | null;
            /** Notification Id */
            notification_id: string | null;
            /** Provider */
            provider: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
        };
        /** TemplateCreate */
        TemplateCreate: {
            /** Subject */
            subject: string;
            /** Text Body */
            text_body?: string | null;
            /** Html Body */
            html_body?: string | null;
            /**
             * Variables
             * @description Every variable the template may use, by name.
             */
            variables?: {
                [key: string]: components["schemas"]["VariableSpec"];
            };
            /**
             * Key
             * @description How notifications name this template.
             */
            key: string;
            /** Name */
            name: string;
            /** Description */
            description?: string | null;
        };
        /** TemplatePreviewRequest */
        TemplatePreviewRequest: {
            /** Variables */
            variables?: {
                [key: string]: unknown;
            };
            /** Version */
            version?: number | null;
        };
        /** TemplateRead */
        TemplateRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Key */
            key: string;
            /** Name */
            name: string;
            /** Description */
            description: string | null;
            /** Channel */
            channel: string;
            /** System */
            system: boolean;
            /** Current Version */
            current_version: number;
            content: components["schemas"]["TemplateVersionRead"];
            /** Created At */
            created_at?: string | null;
            /** Updated At */
            updated_at?: string | null;
        };
        /** TemplateSummary */
        TemplateSummary: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Key */
            key: string;
            /** Name */
            name: string;
            /** Description */
            description: string | null;
            /** System */
            system: boolean;
            /** Current Version */
            current_version: number;
            /**
             * Overrides System
             * @default false
             */
            overrides_system: boolean;
        };
        /** TemplateUpdate */
        TemplateUpdate: {
            /** Name */
            name?: string | null;
            /** Description */
            description?: string | null;
        };
        /** TemplateVersionCreate */
        TemplateVersionCreate: {
            /** Subject */
            subject: string;
            /** Text Body */
            text_body?: string | null;
            /** Html Body */
            html_body?: string | null;
            /**
             * Variables
             * @description Every variable the template may use, by name.
             */
            variables?: {
                [key: string]: components["schemas"]["VariableSpec"];
            };
        };
        /** TemplateVersionRead */
        TemplateVersionRead: {
            /** Version */
            version: number;
            /** Subject */
            subject: string;
            /** Text Body */
            text_body: string | null;
            /** Html Body */
            html_body: string | null;
            /** Variables */
            variables: {
                [key: string]: components["schemas"]["VariableSpec"];
            };
            /** Created By */
            created_by?: string | null;
            /** Created At */
            created_at?: string | null;
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
        /** VariableSpec */
        VariableSpec: {
            /**
             * Type
             * @default string
             * @enum {string}
             */
            type: "string" | "number" | "integer" | "boolean" | "url" | "email" | "list" | "object";
            /**
             * Required
             * @default true
             */
            required: boolean;
            /** Description */
            description?: string | null;
        };
        /** WebhookAction */
        WebhookAction: {
            /** Idempotency Key */
            idempotency_key?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "webhook";
            params: components["schemas"]["WebhookParams"];
        };
        /** WebhookParams */
        WebhookParams: {
            /**
             * Payload
             * @description Any JSON document, POSTed signed to the outbound URL.
             */
            payload: unknown;
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
    receive_hook_api_v1_hooks__integration_id__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                integration_id: string;
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
    get_provider_api_v1_notifications_provider_get: {
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
                    "application/json": components["schemas"]["ProviderRead"];
                };
            };
        };
    };
    set_provider_api_v1_notifications_provider_put: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SmtpProviderWrite"] | components["schemas"]["PostmarkProviderWrite"] | components["schemas"]["ResendProviderWrite"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderRead"];
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
    reset_provider_api_v1_notifications_provider_delete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
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
        };
    };
    test_provider_api_v1_notifications_provider_test_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProviderTest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderTestResult"];
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
    list_suppressions_api_v1_notifications_suppressions_get: {
        parameters: {
            query?: {
                address?: string | null;
                reason?: ("bounced" | "complained" | "manual") | null;
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
                    "application/json": components["schemas"]["SuppressionPage"];
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
    add_suppression_api_v1_notifications_suppressions_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SuppressionCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuppressionRead"];
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
    remove_suppression_api_v1_notifications_suppressions__address__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                address: string;
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
    list_notifications_api_v1_notifications_get: {
        parameters: {
            query?: {
                status?: components["schemas"]["Status"][] | null;
                /** @description Only notifications to this address. */
                to?: string | null;
                template?: string | null;
                created_after?: string | null;
                created_before?: string | null;
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
                    "application/json": components["schemas"]["NotificationPage"];
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
    send_notification_api_v1_notifications_post: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotificationCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationRead"];
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
    get_notification_api_v1_notifications__notification_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                notification_id: string;
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
                    "application/json": components["schemas"]["NotificationRead"];
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
    list_templates_api_v1_templates_get: {
        parameters: {
            query?: {
                include_system?: boolean;
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
                    "application/json": components["schemas"]["TemplateSummary"][];
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
    create_template_api_v1_templates_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateRead"];
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
    preview_draft_api_v1_templates_preview_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DraftPreviewRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderedTemplate"];
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
    get_template_api_v1_templates__template_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template_id: string;
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
                    "application/json": components["schemas"]["TemplateRead"];
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
    delete_template_api_v1_templates__template_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template_id: string;
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
    update_template_api_v1_templates__template_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateRead"];
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
    list_versions_api_v1_templates__template_id__versions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template_id: string;
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
                    "application/json": components["schemas"]["TemplateVersionRead"][];
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
    add_version_api_v1_templates__template_id__versions_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplateVersionCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateRead"];
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
    get_version_api_v1_templates__template_id__versions__version__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template_id: string;
                version: number;
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
                    "application/json": components["schemas"]["TemplateVersionRead"];
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
    preview_template_api_v1_templates__template_id__preview_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                template_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TemplatePreviewRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderedTemplate"];
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
    postmark_event_api_v1_provider_events_postmark__webhook_id__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
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
                    "application/json": components["schemas"]["ProviderEventResult"];
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
    resend_event_api_v1_provider_events_resend__webhook_id__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
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
                    "application/json": components["schemas"]["ProviderEventResult"];
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
    list_integrations_api_v1_integrations_get: {
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
                    "application/json": components["schemas"]["IntegrationPage"];
                };
            };
        };
    };
    create_integration_api_v1_integrations_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DiscordIntegrationCreate"] | components["schemas"]["SlackIntegrationCreate"] | components["schemas"]["GitHubIntegrationCreate"] | components["schemas"]["StripeIntegrationCreate"] | components["schemas"]["CustomIntegrationCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationRead"];
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
    get_integration_api_v1_integrations__integration_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                integration_id: string;
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
                    "application/json": components["schemas"]["IntegrationRead"];
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
    delete_integration_api_v1_integrations__integration_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                integration_id: string;
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
    update_integration_api_v1_integrations__integration_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                integration_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IntegrationUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IntegrationRead"];
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
    test_integration_api_v1_integrations__integration_id__test_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                integration_id: string;
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
                    "application/json": components["schemas"]["IntegrationTestResult"];
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
    inbound_history_api_v1_integrations__integration_id__events_get: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                integration_id: string;
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
                    "application/json": components["schemas"]["InboundHistory"];
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
    request_action_api_v1_integrations__integration_id__actions_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                integration_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DiscordMessageAction"] | components["schemas"]["DiscordEmbedAction"] | components["schemas"]["DiscordFollowupAction"] | components["schemas"]["SlackMessageAction"] | components["schemas"]["GitHubIssueAction"] | components["schemas"]["GitHubCommentAction"] | components["schemas"]["WebhookAction"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionRead"];
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
    get_action_api_v1_integrations__integration_id__actions__action_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                integration_id: string;
                action_id: string;
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
                    "application/json": components["schemas"]["ActionRead"];
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
