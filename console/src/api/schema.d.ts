// Generated from the admin API's OpenAPI document; do not edit.
// node --import tsx scripts/console-api-types.ts --write
export interface paths {
    "/api/v1/identityProtection/threatLists/{category}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a global threat list
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at scope '/'. Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    category: "anonymizer" | "malicious" | "threatIntelligence";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The threatList with its entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        /**
         * Upload or replace a global threat list
         * @description Requires the action `microsoft.directory/identityProtection/threatIntelligence/update` at scope '/'. Built-in roles that allow it: Global Administrator, Security Administrator.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    category: "anonymizer" | "malicious" | "threatIntelligence";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName: string;
                        entries: string[];
                    };
                };
            };
            responses: {
                /** @description The list of the category, replaced whole by {displayName, entries} (IPv4/IPv6 addresses and CIDR ranges, up to 100,000). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        post?: never;
        /**
         * Delete a global threat list
         * @description Requires the action `microsoft.directory/identityProtection/threatIntelligence/update` at scope '/'. Built-in roles that allow it: Global Administrator, Security Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    category: "anonymizer" | "malicious" | "threatIntelligence";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted; detection no longer reads it */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in principal and its role assignments
         * @description Any signed-in administrator or application; no role needed.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description {id, principalType: "user" | "servicePrincipal", displayName, mail, roleAssignments: [unifiedRoleAssignment with roleDefinition]} */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/roleManagement/directory/roleAssignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List role assignments
         * @description Requires the action `microsoft.directory/roleAssignments/allProperties/read` at any scope (the answer covers the scopes where it is allowed). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The unifiedRoleAssignments at the scopes where the caller may read role assignments, oldest first, {value: [...]} */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Assign a role
         * @description Requires the action `microsoft.directory/roleAssignments/allProperties/allTasks` at any scope (the answer covers the scopes where it is allowed). Built-in roles that allow it: Global Administrator, Privileged Role Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @constant */
                        "@odata.type"?: "#microsoft.graph.unifiedRoleAssignment";
                        directoryScopeId: string;
                        /** Format: uuid */
                        principalId: string;
                        /** Format: uuid */
                        roleDefinitionId: string;
                    };
                };
            };
            responses: {
                /** @description The new unifiedRoleAssignment. directoryScopeId '/' (every tenant) or '/tenants/{tenantId}'; the caller needs a role allowing role assignments at that scope or at '/'. Audited (RoleManagement, Add member to role). */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/roleManagement/directory/roleAssignments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a role assignment
         * @description Requires the action `microsoft.directory/roleAssignments/allProperties/read` at any scope (the answer covers the scopes where it is allowed). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The unifiedRoleAssignment (404 when its scope is beyond the caller) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Remove a role assignment
         * @description Requires the action `microsoft.directory/roleAssignments/allProperties/allTasks` at any scope (the answer covers the scopes where it is allowed). Built-in roles that allow it: Global Administrator, Privileged Role Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed; the principal loses the role at once. The last enabled user holding Global Administrator at / cannot lose it (409 last_global_administrator). Audited (RoleManagement, Remove member from role). */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/roleManagement/directory/roleDefinitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List role definitions
         * @description Requires the action `microsoft.directory/roleDefinitions/allProperties/read` at any scope (the answer covers the scopes where it is allowed). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, User Administrator, Groups Administrator, Helpdesk Administrator, Authentication Administrator, Authentication Policy Administrator, Application Administrator, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader, External ID User Flow Administrator, External ID User Flow Attribute Administrator, External Identity Provider Administrator, Organizational Branding Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The built-in unifiedRoleDefinitions, {value: [...]}; ids are Entra role template ids */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/roleManagement/directory/roleDefinitions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a role definition
         * @description Requires the action `microsoft.directory/roleDefinitions/allProperties/read` at any scope (the answer covers the scopes where it is allowed). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, User Administrator, Groups Administrator, Helpdesk Administrator, Authentication Administrator, Authentication Policy Administrator, Application Administrator, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader, External ID User Flow Administrator, External ID User Flow Attribute Administrator, External Identity Provider Administrator, Organizational Branding Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The unifiedRoleDefinition with its allowed actions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tenants
         * @description Requires the action `microsoft.directory/organization/allProperties/read` at any scope (the answer covers the scopes where it is allowed). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, User Administrator, Groups Administrator, Helpdesk Administrator, Authentication Administrator, Authentication Policy Administrator, Application Administrator, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader, External ID User Flow Administrator, External ID User Flow Attribute Administrator, External Identity Provider Administrator, Organizational Branding Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of tenants: every tenant for a role held at '/', else the tenants of the caller's scopes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create a tenant
         * @description Requires the action `microsoft.directory/tenants/create` at scope '/'. Built-in roles that allow it: Global Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default en */
                        defaultLanguage?: string;
                        displayName: string;
                        id?: string;
                        /**
                         * @default customer
                         * @enum {string}
                         */
                        type?: "customer" | "workforce";
                    };
                };
            };
            responses: {
                /** @description The new tenant */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a tenant
         * @description Requires the action `microsoft.directory/organization/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, User Administrator, Groups Administrator, Helpdesk Administrator, Authentication Administrator, Authentication Policy Administrator, Application Administrator, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader, External ID User Flow Administrator, External ID User Flow Attribute Administrator, External Identity Provider Administrator, Organizational Branding Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The tenant */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a tenant and everything in it
         * @description Requires the action `microsoft.directory/tenants/delete` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a tenant
         * @description Requires the action `microsoft.directory/organization/basic/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        defaultLanguage?: string;
                        displayName?: string;
                    };
                };
            };
            responses: {
                /** @description The updated tenant */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List applications
         * @description Requires the action `microsoft.directory/applications/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, Application Administrator, Conditional Access Administrator, Security Administrator, External ID User Flow Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $count?: "true" | "false";
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of applications (with $count=true, @odata.count: how many the tenant has) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Register an application
         * @description Requires the action `microsoft.directory/applications/create` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        api?: {
                            oauth2PermissionScopes: {
                                adminConsentDescription?: string;
                                adminConsentDisplayName: string;
                                /** Format: uuid */
                                id?: string;
                                /** @default true */
                                isEnabled?: boolean;
                                /**
                                 * @default User
                                 * @enum {string}
                                 */
                                type?: "Admin" | "User";
                                value: string;
                            }[];
                        };
                        appRoles?: {
                            allowedMemberTypes: ("User" | "Application")[];
                            /** @default null */
                            description?: string | null;
                            displayName: string;
                            /** Format: uuid */
                            id?: string;
                            /** @default true */
                            isEnabled?: boolean;
                            /** @constant */
                            origin?: "Application";
                            value: string;
                        }[];
                        displayName: string;
                        /** @enum {string} */
                        groupMembershipClaims?: "None" | "SecurityGroup" | "All";
                        identifierUris?: string[];
                        isFallbackPublicClient?: boolean;
                        keyCredentials?: {
                            displayName?: string;
                            /** Format: date-time */
                            endDateTime?: string;
                            key: string;
                            /** Format: uuid */
                            keyId?: string;
                            /** Format: date-time */
                            startDateTime?: string;
                            /** @constant */
                            type: "AsymmetricX509Cert";
                            /** @enum {string} */
                            usage: "Verify" | "Encrypt";
                        }[];
                        optionalClaims?: {
                            /** @default [] */
                            accessToken?: {
                                /** @default [] */
                                additionalProperties?: string[];
                                /** @default false */
                                essential?: boolean;
                                name: string;
                                /** @default null */
                                source?: null;
                            }[];
                            /** @default [] */
                            idToken?: {
                                /** @default [] */
                                additionalProperties?: string[];
                                /** @default false */
                                essential?: boolean;
                                name: string;
                                /** @default null */
                                source?: null;
                            }[];
                        };
                        publicClient?: {
                            /** @default [] */
                            redirectUris?: string[];
                        };
                        requiredResourceAccess?: {
                            resourceAccess: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                type: "Scope" | "Role";
                            }[];
                            /** Format: uuid */
                            resourceAppId: string;
                        }[];
                        requireMfa?: boolean;
                        spa?: {
                            /** @default [] */
                            redirectUris?: string[];
                        };
                        tokenEncryptionKeyId?: string | null;
                        web?: {
                            /** @default null */
                            backchannelLogoutUrl?: string | null;
                            /** @default null */
                            logoutUrl?: string | null;
                            /** @default [] */
                            redirectUris?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description The new application */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/applications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an application
         * @description Requires the action `microsoft.directory/applications/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, Application Administrator, Conditional Access Administrator, Security Administrator, External ID User Flow Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The application */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an application
         * @description Requires the action `microsoft.directory/applications/delete` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update an application
         * @description Requires the action `microsoft.directory/applications/allProperties/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        api?: {
                            oauth2PermissionScopes: {
                                adminConsentDescription?: string;
                                adminConsentDisplayName: string;
                                /** Format: uuid */
                                id?: string;
                                /** @default true */
                                isEnabled?: boolean;
                                /**
                                 * @default User
                                 * @enum {string}
                                 */
                                type?: "Admin" | "User";
                                value: string;
                            }[];
                        };
                        appRoles?: {
                            allowedMemberTypes: ("User" | "Application")[];
                            /** @default null */
                            description?: string | null;
                            displayName: string;
                            /** Format: uuid */
                            id?: string;
                            /** @default true */
                            isEnabled?: boolean;
                            /** @constant */
                            origin?: "Application";
                            value: string;
                        }[];
                        displayName?: string;
                        /** @enum {string} */
                        groupMembershipClaims?: "None" | "SecurityGroup" | "All";
                        identifierUris?: string[];
                        isFallbackPublicClient?: boolean;
                        keyCredentials?: {
                            displayName?: string;
                            /** Format: date-time */
                            endDateTime?: string;
                            key: string;
                            /** Format: uuid */
                            keyId?: string;
                            /** Format: date-time */
                            startDateTime?: string;
                            /** @constant */
                            type: "AsymmetricX509Cert";
                            /** @enum {string} */
                            usage: "Verify" | "Encrypt";
                        }[];
                        optionalClaims?: {
                            /** @default [] */
                            accessToken?: {
                                /** @default [] */
                                additionalProperties?: string[];
                                /** @default false */
                                essential?: boolean;
                                name: string;
                                /** @default null */
                                source?: null;
                            }[];
                            /** @default [] */
                            idToken?: {
                                /** @default [] */
                                additionalProperties?: string[];
                                /** @default false */
                                essential?: boolean;
                                name: string;
                                /** @default null */
                                source?: null;
                            }[];
                        };
                        publicClient?: {
                            /** @default [] */
                            redirectUris?: string[];
                        };
                        requiredResourceAccess?: {
                            resourceAccess: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                type: "Scope" | "Role";
                            }[];
                            /** Format: uuid */
                            resourceAppId: string;
                        }[];
                        requireMfa?: boolean;
                        spa?: {
                            /** @default [] */
                            redirectUris?: string[];
                        };
                        tokenEncryptionKeyId?: string | null;
                        web?: {
                            /** @default null */
                            backchannelLogoutUrl?: string | null;
                            /** @default null */
                            logoutUrl?: string | null;
                            /** @default [] */
                            redirectUris?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description The updated application */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/applications/{id}/addPassword": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a client secret (returned once)
         * @description Requires the action `microsoft.directory/applications/credentials/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @default {} */
                        passwordCredential?: {
                            displayName?: string;
                            /** Format: date-time */
                            endDateTime?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description The passwordCredential with its secretText */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/applications/{id}/removePassword": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a client secret
         * @description Requires the action `microsoft.directory/applications/credentials/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        keyId: string;
                    };
                };
            };
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/auditLogs/directoryAudits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List directory audits, newest first
         * @description Requires the action `microsoft.directory/auditLogs/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                    activityDisplayName?: string;
                    category?: string;
                    from?: string;
                    initiatedBy?: string;
                    target?: string;
                    to?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of directoryAudit objects (admin actions). Filters: from, to, category, activityDisplayName, initiatedBy (id, UPN, appId or name), target (id, UPN or name). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/auditLogs/signIns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sign-ins, newest first
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $count?: "true" | "false";
                    $skiptoken?: string;
                    $top?: number;
                    appId?: string;
                    conditionalAccessStatus?: "success" | "failure" | "notApplied";
                    from?: string;
                    ipAddress?: string;
                    riskLevel?: "none" | "low" | "medium" | "high" | "hidden";
                    status?: "success" | "failure";
                    to?: string;
                    userId?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of signIn objects (with $count=true, @odata.count: how many match) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/auditLogs/signIns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a sign-in
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The signIn object */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/authenticationMethodsPolicy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the tenant's authentication methods policy
         * @description Requires the action `microsoft.directory/authenticationMethodsPolicy/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Authentication Policy Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The state (enabled or disabled) of each method: Email, Sms, SoftwareOath, Fido2, RecoveryCode */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update the tenant's authentication methods policy
         * @description Requires the action `microsoft.directory/authenticationMethodsPolicy/allProperties/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Authentication Policy Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        authenticationMethodConfigurations: {
                            /** @enum {string} */
                            id: "Email" | "Sms" | "SoftwareOath" | "Fido2" | "RecoveryCode";
                            /** @enum {string} */
                            state: "enabled" | "disabled";
                        }[];
                    };
                };
            };
            responses: {
                /** @description The updated policy; methods not listed keep their state */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/branding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the tenant's branding
         * @description Requires the action `microsoft.directory/organization/branding/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Organizational Branding Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The default branding (organizationalBranding, id 0) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update the tenant's branding
         * @description Requires the action `microsoft.directory/organization/branding/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Organizational Branding Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accentColor?: string | null;
                        backgroundColor?: string | null;
                        customCSS?: string | null;
                        customPrivacyAndCookiesText?: string | null;
                        customPrivacyAndCookiesUrl?: string | null;
                        customTermsOfUseText?: string | null;
                        customTermsOfUseUrl?: string | null;
                        headerBackgroundColor?: string | null;
                        loginPageLayoutConfiguration?: {
                            isFooterShown?: boolean;
                            isHeaderShown?: boolean;
                            /** @enum {string} */
                            layoutTemplateType?: "default" | "verticalSplit";
                        } | null;
                        signInPageText?: string | null;
                        usernameHintText?: string | null;
                    };
                };
            };
            responses: {
                /** @description The updated branding */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/branding/localizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the branding localizations
         * @description Requires the action `microsoft.directory/organization/branding/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Organizational Branding Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every localization, by language tag */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/branding/localizations/{lang}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a branding localization
         * @description Requires the action `microsoft.directory/organization/branding/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Organizational Branding Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    lang: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The localization (null properties inherit the default branding) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        /**
         * Create or replace a branding localization
         * @description Requires the action `microsoft.directory/organization/branding/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Organizational Branding Administrator.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    lang: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accentColor?: string | null;
                        backgroundColor?: string | null;
                        customCSS?: string | null;
                        customPrivacyAndCookiesText?: string | null;
                        customPrivacyAndCookiesUrl?: string | null;
                        customTermsOfUseText?: string | null;
                        customTermsOfUseUrl?: string | null;
                        headerBackgroundColor?: string | null;
                        hostedPageStrings?: {
                            [key: string]: string;
                        };
                        loginPageLayoutConfiguration?: {
                            isFooterShown?: boolean;
                            isHeaderShown?: boolean;
                            /** @enum {string} */
                            layoutTemplateType?: "default" | "verticalSplit";
                        } | null;
                        signInPageText?: string | null;
                        usernameHintText?: string | null;
                    };
                };
            };
            responses: {
                /** @description The localization; its images are kept */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        post?: never;
        /**
         * Delete a branding localization
         * @description Requires the action `microsoft.directory/organization/branding/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Organizational Branding Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    lang: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted, with its images */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a branding localization
         * @description Requires the action `microsoft.directory/organization/branding/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Organizational Branding Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    lang: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accentColor?: string | null;
                        backgroundColor?: string | null;
                        customCSS?: string | null;
                        customPrivacyAndCookiesText?: string | null;
                        customPrivacyAndCookiesUrl?: string | null;
                        customTermsOfUseText?: string | null;
                        customTermsOfUseUrl?: string | null;
                        headerBackgroundColor?: string | null;
                        hostedPageStrings?: {
                            [key: string]: string | null;
                        };
                        loginPageLayoutConfiguration?: {
                            isFooterShown?: boolean;
                            isHeaderShown?: boolean;
                            /** @enum {string} */
                            layoutTemplateType?: "default" | "verticalSplit";
                        } | null;
                        signInPageText?: string | null;
                        usernameHintText?: string | null;
                    };
                };
            };
            responses: {
                /** @description The updated localization */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/branding/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview unsaved branding on the sign-in page
         * @description Requires the action `microsoft.directory/organization/branding/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Organizational Branding Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accentColor?: string | null;
                        backgroundColor?: string | null;
                        customCSS?: string | null;
                        customPrivacyAndCookiesText?: string | null;
                        customPrivacyAndCookiesUrl?: string | null;
                        customTermsOfUseText?: string | null;
                        customTermsOfUseUrl?: string | null;
                        headerBackgroundColor?: string | null;
                        hostedPageStrings?: {
                            [key: string]: string | null;
                        };
                        lang?: string;
                        locale: "0" | string;
                        loginPageLayoutConfiguration?: {
                            isFooterShown?: boolean;
                            isHeaderShown?: boolean;
                            /** @enum {string} */
                            layoutTemplateType?: "default" | "verticalSplit";
                        } | null;
                        signInPageText?: string | null;
                        usernameHintText?: string | null;
                    };
                };
            };
            responses: {
                /** @description {id, url, expiresDateTime}: the tenant's sign-in page drawn with the draft, at url for one minute, shown only in a frame of this origin (no script, no form can be sent). locale names what the draft edits ('0' the default branding, else a localization), lang the page's language; the other fields are a PATCH of that branding, checked as a save would check them. Nothing is saved. The right to change branding is needed: a preview puts the admin's text on a page of the tenant's origin. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/conditionalAccess/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What If: evaluate the policies for one sign-in
         * @description Requires the action `microsoft.directory/conditionalAccessPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default {} */
                        signInConditions?: {
                            /**
                             * @default browser
                             * @enum {string}
                             */
                            clientAppType?: "browser" | "mobileAppsAndDesktopClients";
                            country?: string;
                            /** @enum {string} */
                            devicePlatform?: "android" | "iOS" | "windows" | "macOS" | "linux";
                            ipAddress?: string;
                            /**
                             * @default none
                             * @enum {string}
                             */
                            signInRiskLevel?: "low" | "medium" | "high" | "none";
                            /**
                             * @default none
                             * @enum {string}
                             */
                            userRiskLevel?: "low" | "medium" | "high" | "none";
                        };
                        signInContext: {
                            /** @constant */
                            "@odata.type"?: "#microsoft.graph.applicationContext";
                            includeApplications: string[];
                        };
                        signInIdentity: {
                            /** @constant */
                            "@odata.type"?: "#microsoft.graph.userSignIn";
                            userId: string;
                        } | {
                            /** @constant */
                            "@odata.type"?: "#microsoft.graph.servicePrincipalSignIn";
                            servicePrincipalId: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Every policy with policyApplies and, where it does not apply, the first unmet condition in analysisReasons; and the combined decision */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/conditionalAccess/impact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Impact: what a policy would have done to recent sign-ins
         * @description Requires the action `microsoft.directory/conditionalAccessPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 30 */
                        days?: number;
                        policy?: {
                            conditions: {
                                applications?: {
                                    excludeApplications?: string[];
                                    includeApplications?: string[];
                                } | null;
                                clientApplications?: {
                                    excludeServicePrincipals?: string[];
                                    includeServicePrincipals: string[];
                                } | null;
                                /**
                                 * @default [
                                 *       "all"
                                 *     ]
                                 */
                                clientAppTypes?: ("all" | "browser" | "mobileAppsAndDesktopClients")[];
                                locations?: {
                                    excludeLocations?: string[];
                                    includeLocations: string[];
                                } | null;
                                platforms?: {
                                    /** @default [] */
                                    excludePlatforms?: ("android" | "iOS" | "windows" | "macOS" | "linux" | "all")[];
                                    includePlatforms: ("android" | "iOS" | "windows" | "macOS" | "linux" | "all")[];
                                } | null;
                                /** @default [] */
                                signInRiskLevels?: ("low" | "medium" | "high" | "none")[];
                                /** @default [] */
                                userRiskLevels?: ("low" | "medium" | "high" | "none")[];
                                users?: {
                                    excludeGroups?: string[];
                                    excludeRoles?: string[];
                                    excludeUsers?: string[];
                                    includeGroups?: string[];
                                    includeRoles?: string[];
                                    includeUsers?: string[];
                                } | null;
                            };
                            displayName: string;
                            grantControls?: {
                                authenticationStrength?: {
                                    displayName?: string;
                                    id: string;
                                } | null;
                                /** @default [] */
                                builtInControls?: ("block" | "mfa" | "passwordChange")[];
                                /** @enum {string} */
                                operator?: "AND" | "OR";
                            } | null;
                            sessionControls?: {
                                persistentBrowser?: {
                                    isEnabled: boolean;
                                    /** @enum {string} */
                                    mode: "always" | "never";
                                } | null;
                                signInFrequency?: {
                                    /**
                                     * @default primaryAndSecondaryAuthentication
                                     * @constant
                                     */
                                    authenticationType?: "primaryAndSecondaryAuthentication";
                                    /**
                                     * @default timeBased
                                     * @enum {string}
                                     */
                                    frequencyInterval?: "timeBased" | "everyTime";
                                    isEnabled: boolean;
                                    type?: ("hours" | "days") | null;
                                    value?: number | null;
                                } | null;
                            } | null;
                            /** @enum {string} */
                            state: "enabled" | "disabled" | "enabledForReportingButNotEnforced";
                        };
                        /** Format: uuid */
                        policyId?: string;
                    };
                };
            };
            responses: {
                /** @description A stored policy (policyId) or a draft (policy) against the last days (1–90, default 30) of sign-ins: sign-ins and distinct users it would have blocked or challenged, per application */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/conditionalAccess/namedLocations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List named locations
         * @description Requires the action `microsoft.directory/namedLocations/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of named locations, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create a named location
         * @description Requires the action `microsoft.directory/namedLocations/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Conditional Access Administrator, Security Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @constant */
                        "@odata.type": "#microsoft.graph.ipNamedLocation";
                        displayName: string;
                        ipRanges: {
                            /** @enum {string} */
                            "@odata.type": "#microsoft.graph.iPv4CidrRange" | "#microsoft.graph.iPv6CidrRange";
                            cidrAddress: string;
                        }[];
                        /** @default false */
                        isTrusted?: boolean;
                    } | {
                        /** @constant */
                        "@odata.type": "#microsoft.graph.countryNamedLocation";
                        countriesAndRegions?: string[];
                        /**
                         * @default clientIpAddress
                         * @constant
                         */
                        countryLookupMethod?: "clientIpAddress";
                        displayName: string;
                        /** @default false */
                        includeUnknownCountriesAndRegions?: boolean;
                    };
                };
            };
            responses: {
                /** @description An ipNamedLocation (CIDR ranges, stored in network form; isTrusted) or a countryNamedLocation (ISO 3166-1 alpha-2 codes), by '@odata.type' */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/conditionalAccess/namedLocations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a named location
         * @description Requires the action `microsoft.directory/namedLocations/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The named location */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a named location
         * @description Requires the action `microsoft.directory/namedLocations/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Conditional Access Administrator, Security Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted; 409 named_location_in_use (naming the policies) while a policy uses it */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a named location
         * @description Requires the action `microsoft.directory/namedLocations/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Conditional Access Administrator, Security Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        "@odata.type"?: "#microsoft.graph.ipNamedLocation" | "#microsoft.graph.countryNamedLocation";
                        countriesAndRegions?: unknown[];
                        /** @constant */
                        countryLookupMethod?: "clientIpAddress";
                        displayName?: string;
                        includeUnknownCountriesAndRegions?: boolean;
                        ipRanges?: unknown[];
                        isTrusted?: boolean;
                    };
                };
            };
            responses: {
                /** @description The updated named location; given fields replace the stored ones; @odata.type cannot change */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/conditionalAccess/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Conditional Access policies
         * @description Requires the action `microsoft.directory/conditionalAccessPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of policies, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create a Conditional Access policy
         * @description Requires the action `microsoft.directory/conditionalAccessPolicies/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Conditional Access Administrator, Security Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        conditions: {
                            applications?: {
                                excludeApplications?: string[];
                                includeApplications?: string[];
                            } | null;
                            clientApplications?: {
                                excludeServicePrincipals?: string[];
                                includeServicePrincipals: string[];
                            } | null;
                            /**
                             * @default [
                             *       "all"
                             *     ]
                             */
                            clientAppTypes?: ("all" | "browser" | "mobileAppsAndDesktopClients")[];
                            locations?: {
                                excludeLocations?: string[];
                                includeLocations: string[];
                            } | null;
                            platforms?: {
                                /** @default [] */
                                excludePlatforms?: ("android" | "iOS" | "windows" | "macOS" | "linux" | "all")[];
                                includePlatforms: ("android" | "iOS" | "windows" | "macOS" | "linux" | "all")[];
                            } | null;
                            /** @default [] */
                            signInRiskLevels?: ("low" | "medium" | "high" | "none")[];
                            /** @default [] */
                            userRiskLevels?: ("low" | "medium" | "high" | "none")[];
                            users?: {
                                excludeGroups?: string[];
                                excludeRoles?: string[];
                                excludeUsers?: string[];
                                includeGroups?: string[];
                                includeRoles?: string[];
                                includeUsers?: string[];
                            } | null;
                        };
                        displayName: string;
                        grantControls?: {
                            authenticationStrength?: {
                                displayName?: string;
                                id: string;
                            } | null;
                            /** @default [] */
                            builtInControls?: ("block" | "mfa" | "passwordChange")[];
                            /** @enum {string} */
                            operator?: "AND" | "OR";
                        } | null;
                        sessionControls?: {
                            persistentBrowser?: {
                                isEnabled: boolean;
                                /** @enum {string} */
                                mode: "always" | "never";
                            } | null;
                            signInFrequency?: {
                                /**
                                 * @default primaryAndSecondaryAuthentication
                                 * @constant
                                 */
                                authenticationType?: "primaryAndSecondaryAuthentication";
                                /**
                                 * @default timeBased
                                 * @enum {string}
                                 */
                                frequencyInterval?: "timeBased" | "everyTime";
                                isEnabled: boolean;
                                type?: ("hours" | "days") | null;
                                value?: number | null;
                            } | null;
                        } | null;
                        /** @enum {string} */
                        state: "enabled" | "disabled" | "enabledForReportingButNotEnforced";
                    };
                };
            };
            responses: {
                /** @description The new policy, every field present. Checked as Entra does: a user policy needs users and applications; at least one grant or session control; 'block' alone; passwordChange needs mfa with AND, userRiskLevels and All applications; ids must exist in the tenant. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/conditionalAccess/policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a Conditional Access policy
         * @description Requires the action `microsoft.directory/conditionalAccessPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The policy */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a Conditional Access policy
         * @description Requires the action `microsoft.directory/conditionalAccessPolicies/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Conditional Access Administrator, Security Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted; the next sign-in no longer sees it */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a Conditional Access policy
         * @description Requires the action `microsoft.directory/conditionalAccessPolicies/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Conditional Access Administrator, Security Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        conditions?: {
                            applications?: {
                                excludeApplications?: string[];
                                includeApplications?: string[];
                            } | null;
                            clientApplications?: {
                                excludeServicePrincipals?: string[];
                                includeServicePrincipals: string[];
                            } | null;
                            /**
                             * @default [
                             *       "all"
                             *     ]
                             */
                            clientAppTypes?: ("all" | "browser" | "mobileAppsAndDesktopClients")[];
                            locations?: {
                                excludeLocations?: string[];
                                includeLocations: string[];
                            } | null;
                            platforms?: {
                                /** @default [] */
                                excludePlatforms?: ("android" | "iOS" | "windows" | "macOS" | "linux" | "all")[];
                                includePlatforms: ("android" | "iOS" | "windows" | "macOS" | "linux" | "all")[];
                            } | null;
                            /** @default [] */
                            signInRiskLevels?: ("low" | "medium" | "high" | "none")[];
                            /** @default [] */
                            userRiskLevels?: ("low" | "medium" | "high" | "none")[];
                            users?: {
                                excludeGroups?: string[];
                                excludeRoles?: string[];
                                excludeUsers?: string[];
                                includeGroups?: string[];
                                includeRoles?: string[];
                                includeUsers?: string[];
                            } | null;
                        };
                        displayName?: string;
                        grantControls?: {
                            authenticationStrength?: {
                                displayName?: string;
                                id: string;
                            } | null;
                            /** @default [] */
                            builtInControls?: ("block" | "mfa" | "passwordChange")[];
                            /** @enum {string} */
                            operator?: "AND" | "OR";
                        } | null;
                        sessionControls?: {
                            persistentBrowser?: {
                                isEnabled: boolean;
                                /** @enum {string} */
                                mode: "always" | "never";
                            } | null;
                            signInFrequency?: {
                                /**
                                 * @default primaryAndSecondaryAuthentication
                                 * @constant
                                 */
                                authenticationType?: "primaryAndSecondaryAuthentication";
                                /**
                                 * @default timeBased
                                 * @enum {string}
                                 */
                                frequencyInterval?: "timeBased" | "everyTime";
                                isEnabled: boolean;
                                type?: ("hours" | "days") | null;
                                value?: number | null;
                            } | null;
                        } | null;
                        /** @enum {string} */
                        state?: "enabled" | "disabled" | "enabledForReportingButNotEnforced";
                    };
                };
            };
            responses: {
                /** @description The updated policy. Each given top-level property (displayName, state, conditions, grantControls, sessionControls) replaces the stored one whole, as in Graph; the result is checked whole. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/conditionalAccess/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Conditional Access templates
         * @description Requires the action `microsoft.directory/conditionalAccessPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every template (Graph conditionalAccessTemplate): id, name, description, scenarios, details */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/conditionalAccess/templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a Conditional Access template
         * @description Requires the action `microsoft.directory/conditionalAccessPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Conditional Access Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The template */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/conditionalAccess/templates/{id}/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a policy from a template
         * @description Requires the action `microsoft.directory/conditionalAccessPolicies/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Conditional Access Administrator, Security Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        countriesAndRegions?: string[];
                        displayName?: string;
                        excludeGroups?: string[];
                        excludeUsers?: string[];
                        includeApplications?: string[];
                        /**
                         * @default enabledForReportingButNotEnforced
                         * @enum {string}
                         */
                        state?: "enabled" | "disabled" | "enabledForReportingButNotEnforced";
                    };
                };
            };
            responses: {
                /** @description The new policy (templateId set), report-only unless state is given. The chosen-apps template needs includeApplications; the country template needs countriesAndRegions and creates a country named location. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/customAttributes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List custom attributes
         * @description Requires the action `microsoft.directory/customAttributes/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, User Administrator, External ID User Flow Administrator, External ID User Flow Attribute Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of custom attributes, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Define a custom attribute
         * @description Requires the action `microsoft.directory/customAttributes/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, External ID User Flow Attribute Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        claimName?: string | null;
                        /** @enum {string} */
                        dataType: "string" | "boolean" | "int" | "dateTime";
                        description?: string | null;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description The new attribute. name: letters, digits and _, starting with a letter, unique per tenant (any case). claimName defaults to extension_{name}. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/customAttributes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a custom attribute
         * @description Requires the action `microsoft.directory/customAttributes/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, User Administrator, External ID User Flow Administrator, External ID User Flow Attribute Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The attribute */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a custom attribute
         * @description Requires the action `microsoft.directory/customAttributes/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, External ID User Flow Attribute Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted, with every user's value of it; user flows stop collecting it and apps stop asking for its claim */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a custom attribute
         * @description Requires the action `microsoft.directory/customAttributes/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, External ID User Flow Attribute Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        claimName?: string | null;
                        dataType?: string;
                        description?: string | null;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description The updated attribute. description and claimName may change (apps asking for the old claim follow); name and dataType may not. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/directorySettingTemplates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List directory setting templates
         * @description Requires the action `microsoft.directory/passwordPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, User Administrator, Authentication Policy Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The directorySettingTemplate objects a setting can be made from (Password Rule Settings) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/directorySettingTemplates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a directory setting template
         * @description Requires the action `microsoft.directory/passwordPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, User Administrator, Authentication Policy Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The directorySettingTemplate, with each value: name, type, defaultValue, description */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List groups
         * @description Requires the action `microsoft.directory/groups/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, User Administrator, Groups Administrator, Application Administrator, Conditional Access Administrator, Security Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of groups, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create a security group
         * @description Requires the action `microsoft.directory/groups/create` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator, Groups Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string | null;
                        displayName: string;
                        groupTypes?: string[];
                        /** @constant */
                        mailEnabled?: false;
                        mailNickname?: string | null;
                        /** @constant */
                        securityEnabled?: true;
                    };
                };
            };
            responses: {
                /** @description The new group */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a group
         * @description Requires the action `microsoft.directory/groups/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, User Administrator, Groups Administrator, Application Administrator, Conditional Access Administrator, Security Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The group */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a group
         * @description Requires the action `microsoft.directory/groups/delete` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator, Groups Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted, with its memberships */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a group
         * @description Requires the action `microsoft.directory/groups/basic/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator, Groups Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string | null;
                        displayName?: string;
                        groupTypes?: string[];
                        /** @constant */
                        mailEnabled?: false;
                        mailNickname?: string | null;
                        /** @constant */
                        securityEnabled?: true;
                    };
                };
            };
            responses: {
                /** @description The updated group */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/groups/{id}/appRoleAssignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the app role assignments of a group
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, Application Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the app roles the group holds, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Assign an app role to a group
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Privileged Role Administrator, Application Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        appRoleId: string;
                        /** Format: uuid */
                        principalId: string;
                        /** Format: uuid */
                        resourceId: string;
                    };
                };
            };
            responses: {
                /** @description The new assignment. principalId is the path's id; appRoleId an enabled app role of the resource whose allowedMemberTypes include 'User', or the default access role 00000000-0000-0000-0000-000000000000. Audited. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/groups/{id}/appRoleAssignments/{assignmentId}": {
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
         * Remove an app role assignment of a group
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Privileged Role Administrator, Application Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    assignmentId: string;
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed. Audited. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/groups/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the members of a group
         * @description Requires the action `microsoft.directory/groups/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, User Administrator, Groups Administrator, Application Administrator, Conditional Access Administrator, Security Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the users who are direct members */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/groups/{id}/members/{userId}/$ref": {
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
         * Remove a member from a group
         * @description Requires the action `microsoft.directory/groups/members/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator, Groups Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/groups/{id}/members/$ref": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a member to a group
         * @description Requires the action `microsoft.directory/groups/members/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator, Groups Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        "@odata.id"?: string;
                        id?: string;
                    };
                };
            };
            responses: {
                /** @description Added. The body names a user of the same tenant: {"@odata.id": "…/users/{id}"} or {"id": "{id}"} */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identity/authenticationEventListeners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List authentication event listeners
         * @description Requires the action `microsoft.directory/authenticationEventListeners/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The authentication event listeners of the tenant */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create a authentication event listener
         * @description Requires the action `microsoft.directory/authenticationEventListeners/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Authentication Extensibility Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        "@odata.type": string;
                        conditions: {
                            "@odata.type"?: string;
                            applications: {
                                "@odata.type"?: string;
                                includeAllApplications?: boolean;
                                /** @default [] */
                                includeApplications?: {
                                    "@odata.type"?: string;
                                    /** Format: uuid */
                                    appId: string;
                                }[];
                            };
                        };
                        displayName?: string | null;
                        handler: {
                            "@odata.type": string;
                            configuration?: {
                                "@odata.type"?: string;
                                behaviorOnError?: {
                                    "@odata.type": string;
                                } | null;
                                clientConfiguration?: {
                                    "@odata.type"?: string;
                                    maximumRetries?: number | null;
                                    timeoutInMilliseconds?: number | null;
                                } | null;
                            } | null;
                            customExtension: {
                                "@odata.type"?: string;
                                /** Format: uuid */
                                id: string;
                            };
                            migrationPropertyId?: string;
                        };
                        priority?: number;
                    };
                };
            };
            responses: {
                /** @description Graph's body: @odata.type (#microsoft.graph.onTokenIssuanceStartListener, onAttributeCollectionStartListener, onAttributeCollectionSubmitListener, onEmailOtpSendListener, onPasswordSubmitListener), priority (0–1000, default 500; the highest runs when several match), conditions.applications.includeApplications [{appId}], handler {@odata.type, customExtension {id} of the same event, configuration {clientConfiguration, behaviorOnError}, migrationPropertyId (password submit: a boolean custom attribute)} */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identity/authenticationEventListeners/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a authentication event listener
         * @description Requires the action `microsoft.directory/authenticationEventListeners/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The authentication event listener */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a authentication event listener
         * @description Requires the action `microsoft.directory/authenticationEventListeners/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Authentication Extensibility Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Its extension is no longer called for its apps */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a authentication event listener
         * @description Requires the action `microsoft.directory/authenticationEventListeners/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Authentication Extensibility Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        "@odata.type"?: string;
                        conditions?: {
                            "@odata.type"?: string;
                            applications: {
                                "@odata.type"?: string;
                                includeAllApplications?: boolean;
                                /** @default [] */
                                includeApplications?: {
                                    "@odata.type"?: string;
                                    /** Format: uuid */
                                    appId: string;
                                }[];
                            };
                        };
                        displayName?: string | null;
                        handler?: {
                            "@odata.type"?: string;
                            configuration?: {
                                "@odata.type"?: string;
                                behaviorOnError?: {
                                    "@odata.type": string;
                                } | null;
                                clientConfiguration?: {
                                    "@odata.type"?: string;
                                    maximumRetries?: number | null;
                                    timeoutInMilliseconds?: number | null;
                                } | null;
                            } | null;
                            customExtension?: {
                                "@odata.type"?: string;
                                /** Format: uuid */
                                id: string;
                            };
                            migrationPropertyId?: string;
                        };
                        priority?: number;
                    };
                };
            };
            responses: {
                /** @description The properties given change (conditions replace the applications); the type cannot */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identity/customAuthenticationExtensions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List custom authentication extensions
         * @description Requires the action `microsoft.directory/customAuthenticationExtensions/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The custom authentication extensions of the tenant */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create a custom authentication extension
         * @description Requires the action `microsoft.directory/customAuthenticationExtensions/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator, Authentication Extensibility Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        "@odata.type": string;
                        authenticationConfiguration: {
                            "@odata.type"?: string;
                            resourceId: string;
                        };
                        behaviorOnError?: {
                            "@odata.type": string;
                        } | null;
                        claimsForTokenConfiguration?: {
                            "@odata.type"?: string;
                            claimIdInApiResponse: string;
                        }[];
                        clientConfiguration?: {
                            "@odata.type"?: string;
                            maximumRetries?: number | null;
                            timeoutInMilliseconds?: number | null;
                        } | null;
                        description?: string | null;
                        displayName: string;
                        endpointConfiguration: {
                            "@odata.type"?: string;
                            targetUrl: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Graph's body: @odata.type (#microsoft.graph.onTokenIssuanceStartCustomExtension, onAttributeCollectionStart…, onAttributeCollectionSubmit…, onOtpSend…, onPasswordSubmit…), displayName, endpointConfiguration.targetUrl, authenticationConfiguration.resourceId (the appId or an identifierUri of the extension's API app in this tenant), clientConfiguration (timeoutInMilliseconds 200–2000, maximumRetries 0–1), behaviorOnError (OTP send), claimsForTokenConfiguration (token issuance) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identity/customAuthenticationExtensions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a custom authentication extension
         * @description Requires the action `microsoft.directory/customAuthenticationExtensions/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The custom authentication extension */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a custom authentication extension
         * @description Requires the action `microsoft.directory/customAuthenticationExtensions/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator, Authentication Extensibility Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Refused (409) while a listener uses it */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a custom authentication extension
         * @description Requires the action `microsoft.directory/customAuthenticationExtensions/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator, Authentication Extensibility Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        "@odata.type"?: string;
                        authenticationConfiguration?: {
                            "@odata.type"?: string;
                            resourceId: string;
                        };
                        behaviorOnError?: {
                            "@odata.type": string;
                        } | null;
                        claimsForTokenConfiguration?: {
                            "@odata.type"?: string;
                            claimIdInApiResponse: string;
                        }[];
                        clientConfiguration?: {
                            "@odata.type"?: string;
                            maximumRetries?: number | null;
                            timeoutInMilliseconds?: number | null;
                        } | null;
                        description?: string | null;
                        displayName?: string;
                        endpointConfiguration?: {
                            "@odata.type"?: string;
                            targetUrl: string;
                        };
                    };
                };
            };
            responses: {
                /** @description The properties given change; the type cannot */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/leakedCredentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import leaked credential hashes
         * @description Requires the action `microsoft.directory/identityProtection/threatIntelligence/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        hashes: string[];
                    };
                };
            };
            responses: {
                /** @description Adds hashes of leaked credentials (hexadecimal, never plain passwords) matched at sign-in; {imported}: how many were new. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskDetections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List risk detections, newest first
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                    correlationId?: string;
                    from?: string;
                    ipAddress?: string;
                    riskEventType?: "anonymizedIPAddress" | "maliciousIPAddress" | "unfamiliarFeatures" | "unlikelyTravel" | "passwordSpray" | "investigationsThreatIntelligence" | "adminConfirmedUserCompromised";
                    riskLevel?: "low" | "medium" | "high";
                    to?: string;
                    userId?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of riskDetection objects. Filters: riskEventType, riskLevel, from, to, userId, ipAddress, correlationId. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskDetections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a risk detection
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The riskDetection */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskDetections/delta": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Continuous export of risk detections
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: {
                    $top?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The detections stored after the cursor, oldest first, at most $top, and the cursor to pass next time: {value, cursor}. An empty value means nothing new yet. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskDetections/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export risk detections (CSV or JSON)
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: {
                    correlationId?: string;
                    format?: "csv" | "json";
                    from?: string;
                    ipAddress?: string;
                    riskEventType?: "anonymizedIPAddress" | "maliciousIPAddress" | "unfamiliarFeatures" | "unlikelyTravel" | "passwordSpray" | "investigationsThreatIntelligence" | "adminConfirmedUserCompromised";
                    riskLevel?: "low" | "medium" | "high";
                    to?: string;
                    userId?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every matching riskDetection, newest first, streamed: CSV (RFC 4180, header row, formula cells quoted) or JSON {value: [...]}. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskySignIns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List risky sign-ins, newest first
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                    appId?: string;
                    conditionalAccessStatus?: "success" | "failure" | "notApplied";
                    from?: string;
                    ipAddress?: string;
                    riskLevel?: "none" | "low" | "medium" | "high" | "hidden";
                    status?: "success" | "failure";
                    to?: string;
                    userId?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of signIn objects whose riskLevelDuringSignIn is not none; the sign-in log filters apply. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskySignIns/confirmCompromised": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm sign-in compromised
         * @description Requires the action `microsoft.directory/identityProtection/riskySignIns/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator, Security Operator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        correlationIds: string[];
                    };
                };
            };
            responses: {
                /** @description The sign-ins' detections (by correlation id) become confirmedCompromised, and their users' risk follows; audited. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskySignIns/confirmSafe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm sign-in safe
         * @description Requires the action `microsoft.directory/identityProtection/riskySignIns/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator, Security Operator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        correlationIds: string[];
                    };
                };
            };
            responses: {
                /** @description The sign-ins' detections (by correlation id) become confirmedSafe, and their users' risk follows; audited. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskyUsers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List risky users
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: {
                    $count?: "true" | "false";
                    $skiptoken?: string;
                    $top?: number;
                    riskLevel?: "low" | "medium" | "high" | "none";
                    riskState?: "none" | "confirmedSafe" | "remediated" | "dismissed" | "atRisk" | "confirmedCompromised";
                    updatedAfter?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of riskyUser objects. Filters: riskLevel, riskState, updatedAfter (riskLastUpdatedDateTime ge); with $count=true, @odata.count: how many match. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a risky user
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The riskyUser */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/{userId}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Block a risky user
         * @description Requires the action `microsoft.directory/users/disable` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description accountEnabled false: the user cannot sign in, and their sessions and tokens end; audited. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/{userId}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a risky user's history
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    tenantId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of riskyUserHistoryItem objects, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/{userId}/resetPassword": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset a risky user's password
         * @description Requires the action `microsoft.directory/users/password/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator, Helpdesk Administrator, Authentication Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        mode: "temporaryPassword" | "forceChangeAtNextSignIn";
                    };
                };
            };
            responses: {
                /** @description temporaryPassword: sets a generated password the user must change at next sign-in, returned once as {temporaryPassword}, and remediates the user risk (adminGeneratedTemporaryPassword). forceChangeAtNextSignIn: requires a password change at the next sign-in (which remediates then) and ends the sessions; {temporaryPassword: null}. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/confirmCompromised": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm users compromised
         * @description Requires the action `microsoft.directory/identityProtection/riskyUsers/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator, Security Operator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        userIds: string[];
                    };
                };
            };
            responses: {
                /** @description Each user becomes confirmedCompromised with high risk (an adminConfirmedUserCompromised detection); audited. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/dismiss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dismiss the risk of users
         * @description Requires the action `microsoft.directory/identityProtection/riskyUsers/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator, Security Operator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        userIds: string[];
                    };
                };
            };
            responses: {
                /** @description Each user's risk is dismissed (riskState dismissed, riskLevel none); audited. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/riskyUsers/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export risky users (CSV or JSON)
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: {
                    format?: "csv" | "json";
                    riskLevel?: "low" | "medium" | "high" | "none";
                    riskState?: "none" | "confirmedSafe" | "remediated" | "dismissed" | "atRisk" | "confirmedCompromised";
                    updatedAfter?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every matching riskyUser, streamed: CSV (RFC 4180, header row, formula cells quoted) or JSON {value: [...]}. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/threatLists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List threat lists
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The tenant's threat lists and the global ones (tenantId null), {value: [...]} */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProtection/threatLists/{category}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a tenant's threat list
         * @description Requires the action `microsoft.directory/identityProtection/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    category: "anonymizer" | "malicious" | "threatIntelligence";
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The threatList with its entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        /**
         * Upload or replace a tenant's threat list
         * @description Requires the action `microsoft.directory/identityProtection/threatIntelligence/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    category: "anonymizer" | "malicious" | "threatIntelligence";
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName: string;
                        entries: string[];
                    };
                };
            };
            responses: {
                /** @description The list of the category, replaced whole by {displayName, entries} (IPv4/IPv6 addresses and CIDR ranges, up to 100,000). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        post?: never;
        /**
         * Delete a tenant's threat list
         * @description Requires the action `microsoft.directory/identityProtection/threatIntelligence/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    category: "anonymizer" | "malicious" | "threatIntelligence";
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted; detection no longer reads it */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProviders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List identity providers
         * @description Requires the action `microsoft.directory/identityProviders/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, External ID User Flow Administrator, External Identity Provider Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of identity providers, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create an identity provider
         * @description Requires the action `microsoft.directory/identityProviders/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, External Identity Provider Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @constant */
                        "@odata.type": "#microsoft.graph.socialIdentityProvider";
                        clientId: string;
                        clientSecret: string;
                        displayName: string;
                        /** @enum {string} */
                        identityProviderType: "Google" | "Facebook";
                    } | {
                        /** @constant */
                        "@odata.type": "#microsoft.graph.appleManagedIdentityProvider";
                        certificateData: string;
                        developerId: string;
                        displayName: string;
                        keyId: string;
                        serviceId: string;
                    } | {
                        /** @constant */
                        "@odata.type": "#microsoft.graph.openIdConnectIdentityProvider";
                        /**
                         * @default {
                         *       "userId": "sub",
                         *       "displayName": "name",
                         *       "givenName": "given_name",
                         *       "surname": "family_name",
                         *       "email": "email",
                         *       "emailVerified": null
                         *     }
                         */
                        claimsMapping?: {
                            /** @default name */
                            displayName?: string;
                            /** @default email */
                            email?: string;
                            /** @default null */
                            emailVerified?: string | null;
                            /** @default given_name */
                            givenName?: string;
                            /** @default family_name */
                            surname?: string;
                            /** @default sub */
                            userId?: string;
                        };
                        /**
                         * @default {
                         *       "clientAuthenticationMethod": "client_secret_post"
                         *     }
                         */
                        clientAuthentication?: {
                            /** @enum {string} */
                            clientAuthenticationMethod: "client_secret_post" | "client_secret_basic" | "private_key_jwt";
                        };
                        clientId: string;
                        clientSecret?: string | null;
                        displayName: string;
                        domainHint?: string | null;
                        issuer?: string | null;
                        metadataUrl: string;
                        /**
                         * @default code
                         * @constant
                         */
                        responseType?: "code";
                        scope?: string;
                        /** @default true */
                        usePkce?: boolean;
                    } | {
                        /** @constant */
                        "@odata.type": "#microsoft.graph.samlIdentityProvider";
                        displayName: string;
                        metadataUrl?: string | null;
                        metadataXml?: string | null;
                        /**
                         * @default saml
                         * @constant
                         */
                        preferredAuthenticationProtocol?: "saml";
                    };
                };
            };
            responses: {
                /** @description A socialIdentityProvider (Google, Facebook), appleManagedIdentityProvider, openIdConnectIdentityProvider or samlIdentityProvider, by '@odata.type'. Secrets (clientSecret, certificateData) are write-only: stored encrypted, answered as '******'. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProviders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an identity provider
         * @description Requires the action `microsoft.directory/identityProviders/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, External ID User Flow Administrator, External Identity Provider Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The identity provider, its secrets shown as '******' */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an identity provider
         * @description Requires the action `microsoft.directory/identityProviders/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, External Identity Provider Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted; refused (409) while a user flow lists it */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update an identity provider
         * @description Requires the action `microsoft.directory/identityProviders/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, External Identity Provider Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        "@odata.type"?: "#microsoft.graph.socialIdentityProvider" | "#microsoft.graph.appleManagedIdentityProvider" | "#microsoft.graph.openIdConnectIdentityProvider" | "#microsoft.graph.samlIdentityProvider";
                        certificateData?: unknown;
                        claimsMapping?: unknown;
                        clientAuthentication?: unknown;
                        clientId?: unknown;
                        clientSecret?: unknown;
                        developerId?: unknown;
                        displayName?: unknown;
                        domainHint?: unknown;
                        identityProviderType?: unknown;
                        issuer?: unknown;
                        keyId?: unknown;
                        metadataUrl?: unknown;
                        metadataXml?: unknown;
                        preferredAuthenticationProtocol?: unknown;
                        responseType?: unknown;
                        scope?: unknown;
                        serviceId?: unknown;
                        usePkce?: unknown;
                    };
                };
            };
            responses: {
                /** @description The updated provider. Given fields replace the stored ones and the result is checked whole; a secret left out (or '******') is kept; @odata.type cannot change. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/identityProviders/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test an identity provider
         * @description Requires the action `microsoft.directory/identityProviders/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, External Identity Provider Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What the provider publishes, read afresh through the outbound policy: its OpenID discovery document (issuer, endpoints, signing keys in its JWKS) or SAML metadata (entity id, single sign-on URL, signing certificates). A provider that cannot be read answers 200 with succeeded false and the reason in error.message. Facebook publishes no document: its endpoints are listed. Manage rights, not read: it makes Gatehouse call out. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a tenant's published signing keys (public metadata only)
         * @description Requires the action `microsoft.directory/signingKeys/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The keys, the active one first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a signing key: published at once, signing after the activation delay
         * @description Requires the action `microsoft.directory/signingKeys/rotate` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        activatesDateTime?: string;
                        /**
                         * @default RS256
                         * @enum {string}
                         */
                        alg?: "RS256" | "ES256";
                    };
                };
            };
            responses: {
                /** @description The new key */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/messaging": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the tenant's email settings
         * @description Requires the action `microsoft.directory/messaging/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The from-address (null: the server default, GATEHOUSE_MAIL_FROM) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update the tenant's email settings
         * @description Requires the action `microsoft.directory/messaging/allProperties/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        fromAddress: string | null;
                    };
                };
            };
            responses: {
                /** @description The updated settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/oauth2PermissionGrants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List delegated permission grants
         * @description Requires the action `microsoft.directory/oAuth2PermissionGrants/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, Application Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of grants, oldest first. $filter: clientId eq '{id}' or resourceId eq '{id}' (service principal object ids). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Grant delegated permissions (admin consent)
         * @description Requires the action `microsoft.directory/oAuth2PermissionGrants/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Privileged Role Administrator, Application Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        clientId: string;
                        /** @enum {string} */
                        consentType: "AllPrincipals" | "Principal";
                        principalId?: string | null;
                        /** Format: uuid */
                        resourceId: string;
                        scope: string;
                    };
                };
            };
            responses: {
                /** @description The new grant. consentType must be AllPrincipals (principalId null); clientId and resourceId are service principals of the tenant; scope is space-separated enabled scope values of the resource's app. One grant per client and resource (409). Audited. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/oauth2PermissionGrants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a delegated permission grant
         * @description Requires the action `microsoft.directory/oAuth2PermissionGrants/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, Application Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The grant */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Revoke a delegated permission grant
         * @description Requires the action `microsoft.directory/oAuth2PermissionGrants/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Privileged Role Administrator, Application Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked. Audited. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update the scopes of a delegated permission grant
         * @description Requires the action `microsoft.directory/oAuth2PermissionGrants/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Privileged Role Administrator, Application Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        scope: string;
                    };
                };
            };
            responses: {
                /** @description The updated grant: scope replaces the granted scopes. Audited. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the outbox (every email and its delivery state), newest first
         * @description Requires the action `microsoft.directory/messaging/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                    status?: "stored" | "pending" | "sending" | "sent" | "failed";
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of email messages: sent or queued through SMTP, or stored in the dev outbox when no SMTP server is configured */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/passwordPolicy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the password policy
         * @description Requires the action `microsoft.directory/passwordPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, User Administrator, Authentication Policy Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description minLength, maxLength and minScore (the lowest zxcvbn score, 0-4, a new password may have) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update the password policy
         * @description Requires the action `microsoft.directory/passwordPolicies/allProperties/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Authentication Policy Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        maxLength?: number;
                        minLength?: number;
                        minScore?: number;
                    };
                };
            };
            responses: {
                /** @description The updated policy; it applies to passwords set from now on */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/policies/claimsMappingPolicies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List claims mapping policies
         * @description Requires the action `microsoft.directory/applicationPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The claims mapping policies of the tenant */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create a claims mapping policy
         * @description Requires the action `microsoft.directory/applicationPolicies/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator, Authentication Extensibility Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        definition: string[];
                        displayName: string;
                        /** @constant */
                        isOrganizationDefault?: false;
                    };
                };
            };
            responses: {
                /** @description definition: one JSON text {"ClaimsMappingPolicy":{"Version":1,"ClaimsSchema":[{"Source":"CustomClaimsProvider","ID":"…","JwtClaimType":"…"}|{"Value":"…","JwtClaimType":"…"}]}}. Claims that carry identity (sub, iss, aud, roles…) cannot be mapped. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/policies/claimsMappingPolicies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a claims mapping policy
         * @description Requires the action `microsoft.directory/applicationPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The claims mapping policy */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a claims mapping policy
         * @description Requires the action `microsoft.directory/applicationPolicies/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator, Authentication Extensibility Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Also takes it off every service principal */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a claims mapping policy
         * @description Requires the action `microsoft.directory/applicationPolicies/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator, Authentication Extensibility Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        definition?: string[];
                        displayName?: string;
                        /** @constant */
                        isOrganizationDefault?: false;
                    };
                };
            };
            responses: {
                /** @description displayName and definition */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/daily/activeUsers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List daily activeUsers
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of activeUsersMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/daily/activeUsersBreakdown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List daily activeUsersBreakdown
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of activeUsersBreakdownMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/daily/authentications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List daily authentications
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of authenticationsMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/daily/inactiveUsers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List daily inactiveUsers
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of dailyInactiveUsersMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/daily/inactiveUsersByApplication": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List daily inactiveUsersByApplication
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of dailyInactiveUsersByApplicationMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/daily/mfaCompletions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List daily mfaCompletions
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of mfaCompletionMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/daily/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List daily requests
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of userRequestsMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/daily/signUps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List daily signUps
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of userSignUpMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/daily/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List daily summary
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of insightSummary (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/daily/userCount": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List daily userCount
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of userCountMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/monthly/activeUsers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List monthly activeUsers
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of activeUsersMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/monthly/activeUsersBreakdown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List monthly activeUsersBreakdown
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of activeUsersBreakdownMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/monthly/authentications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List monthly authentications
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of authenticationsMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/monthly/inactiveUsers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List monthly inactiveUsers
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of monthlyInactiveUsersMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/monthly/inactiveUsersByApplication": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List monthly inactiveUsersByApplication
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of monthlyInactiveUsersByApplicationMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/monthly/mfaCompletions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List monthly mfaCompletions
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of mfaCompletionMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/monthly/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List monthly requests
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of userRequestsMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/monthly/signUps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List monthly signUps
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of userSignUpMetric (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/reports/userInsights/monthly/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List monthly summary
         * @description Requires the action `microsoft.directory/signInReports/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Security Administrator, Security Reader, Security Operator, Reports Reader.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $format?: "json" | "csv";
                    $select?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A collection of insightSummary (or text/csv with $format=csv) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/servicePrincipals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List service principals
         * @description Requires the action `microsoft.directory/servicePrincipals/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, Application Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $filter?: string;
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of service principals (one per app registration), oldest first. $filter: appId eq '{appId}'. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/servicePrincipals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a service principal
         * @description Requires the action `microsoft.directory/servicePrincipals/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, Application Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The service principal, with its app's appRoles and oauth2PermissionScopes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a service principal
         * @description Requires the action `microsoft.directory/servicePrincipals/allProperties/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        appRoleAssignmentRequired: boolean;
                    };
                };
            };
            responses: {
                /** @description The updated service principal. Only appRoleAssignmentRequired may change: when true, only users holding an app role assignment (directly or through a group) may sign in to the app. Audited. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignedTo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List who is assigned app roles of a service principal
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, Application Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the assignments of users, groups and client service principals to it, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Assign an app role of a service principal to a user, group or client service principal
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Privileged Role Administrator, Application Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        appRoleId: string;
                        /** Format: uuid */
                        principalId: string;
                        /** Format: uuid */
                        resourceId: string;
                    };
                };
            };
            responses: {
                /** @description The new assignment. resourceId is the path's id; principalId a user, group or service principal of the tenant. Audited. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}": {
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
         * Remove an assignment to a service principal
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Privileged Role Administrator, Application Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    assignmentId: string;
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed. Audited. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the app role assignments of a service principal
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, Application Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the app roles the service principal holds, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Assign an app role to a service principal
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Privileged Role Administrator, Application Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        appRoleId: string;
                        /** Format: uuid */
                        principalId: string;
                        /** Format: uuid */
                        resourceId: string;
                    };
                };
            };
            responses: {
                /** @description The new assignment: an application permission. principalId is the path's id; appRoleId an enabled app role of the resource whose allowedMemberTypes include 'Application'. Audited. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignments/{assignmentId}": {
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
         * Remove an app role assignment of a service principal
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Privileged Role Administrator, Application Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    assignmentId: string;
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed. Audited. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/servicePrincipals/{id}/claimsMappingPolicies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a service principal's claims mapping policies
         * @description Requires the action `microsoft.directory/applicationPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Application Administrator, Authentication Extensibility Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description None or one claimsMappingPolicy */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/servicePrincipals/{id}/claimsMappingPolicies/{policyId}/$ref": {
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
         * Remove a claims mapping policy from a service principal
         * @description Requires the action `microsoft.directory/applicationPolicies/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator, Authentication Extensibility Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    policyId: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The app's tokens no longer carry the policy's claims */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/servicePrincipals/{id}/claimsMappingPolicies/$ref": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign a claims mapping policy to a service principal
         * @description Requires the action `microsoft.directory/applicationPolicies/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Application Administrator, Authentication Extensibility Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        "@odata.id": string;
                    };
                };
            };
            responses: {
                /** @description {"@odata.id": "…/policies/claimsMappingPolicies/{id}"} (or the id). One policy per service principal: its claims reach the tokens issued for its app. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/servicePrincipals/{id}/oauth2PermissionGrants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the delegated permission grants of a client service principal
         * @description Requires the action `microsoft.directory/oAuth2PermissionGrants/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, Application Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the grants whose clientId is this service principal, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the tenant's directory settings
         * @description Requires the action `microsoft.directory/passwordPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, User Administrator, Authentication Policy Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The directorySetting objects of the tenant (a template the tenant has none of uses its defaults) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create a directory setting
         * @description Requires the action `microsoft.directory/passwordPolicies/allProperties/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Authentication Policy Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName?: string;
                        templateId: string;
                        /** @default [] */
                        values?: {
                            name: string;
                            value: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description From a template: {templateId, values: [{name, value}]}; values left out take the template defaults. One setting per template (409 if the tenant has it). */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/settings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a directory setting
         * @description Requires the action `microsoft.directory/passwordPolicies/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, User Administrator, Authentication Policy Administrator, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The directorySetting */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a directory setting
         * @description Requires the action `microsoft.directory/passwordPolicies/allProperties/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Authentication Policy Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The tenant goes back to the template's defaults */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a directory setting
         * @description Requires the action `microsoft.directory/passwordPolicies/allProperties/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Authentication Policy Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        values: {
                            name: string;
                            value: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description {values: [{name, value}]}: the values given change, the others stay */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/smsOutbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the SMS outbox (every text message and its delivery state), newest first
         * @description Requires the action `microsoft.directory/messaging/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                    status?: "stored" | "sent" | "failed";
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of text messages: sent through the SMS gateway (their text cleared once sent or failed), or stored in the dev outbox when no gateway is configured */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/userFlows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List user flows
         * @description Requires the action `microsoft.directory/b2cUserFlow/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, External ID User Flow Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of user flows, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create a user flow
         * @description Requires the action `microsoft.directory/b2cUserFlow/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, External ID User Flow Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        applications?: string[];
                        attributes?: {
                            attribute: string;
                            /**
                             * @default text
                             * @enum {string}
                             */
                            inputType?: "text" | "dropdown" | "radio" | "checkbox" | "multiSelect" | "date";
                            label?: string | null;
                            options?: {
                                label: string;
                                value: string;
                            }[];
                            /** @default false */
                            required?: boolean;
                            validation?: {
                                maxLength?: number;
                                minLength?: number;
                                pattern?: string;
                            };
                        }[];
                        displayName: string;
                        identityProviders?: string[];
                        isDefault?: boolean;
                        isSignUpAllowed?: boolean;
                        signInMethods?: ("emailPassword" | "emailOtp")[];
                    };
                };
            };
            responses: {
                /** @description The new flow. Listing an app takes it away from any other flow; isDefault true makes it the default instead of the current one. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/userFlows/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user flow
         * @description Requires the action `microsoft.directory/b2cUserFlow/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, External ID User Flow Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The flow */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a user flow
         * @description Requires the action `microsoft.directory/b2cUserFlow/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, External ID User Flow Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted; its apps use the tenant's default flow from now on */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a user flow
         * @description Requires the action `microsoft.directory/b2cUserFlow/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, External ID User Flow Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        applications?: string[];
                        attributes?: {
                            attribute: string;
                            /**
                             * @default text
                             * @enum {string}
                             */
                            inputType?: "text" | "dropdown" | "radio" | "checkbox" | "multiSelect" | "date";
                            label?: string | null;
                            options?: {
                                label: string;
                                value: string;
                            }[];
                            /** @default false */
                            required?: boolean;
                            validation?: {
                                maxLength?: number;
                                minLength?: number;
                                pattern?: string;
                            };
                        }[];
                        displayName?: string;
                        identityProviders?: string[];
                        isDefault?: boolean;
                        isSignUpAllowed?: boolean;
                        signInMethods?: ("emailPassword" | "emailOtp")[];
                    };
                };
            };
            responses: {
                /** @description The updated flow; each given property replaces the stored one whole */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description Requires the action `microsoft.directory/users/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, User Administrator, Groups Administrator, Helpdesk Administrator, Authentication Administrator, Application Administrator, Conditional Access Administrator, Security Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $count?: "true" | "false";
                    $search?: string;
                    $skiptoken?: string;
                    $top?: number;
                    accountEnabled?: "true" | "false";
                    displayNameStartsWith?: string;
                    mailStartsWith?: string;
                };
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of users, oldest first (with $count=true, @odata.count: how many match) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create a user
         * @description Requires the action `microsoft.directory/users/create` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default true */
                        accountEnabled?: boolean;
                        city?: string | null;
                        country?: string | null;
                        customAttributes?: {
                            [key: string]: string | boolean | number | null;
                        };
                        displayName: string;
                        givenName?: string | null;
                        identities?: {
                            issuer?: string;
                            issuerAssignedId: string;
                            /** @enum {string} */
                            signInType: "emailAddress" | "userName" | "federated";
                        }[];
                        jobTitle?: string | null;
                        mail?: string | null;
                        passwordProfile?: {
                            /** @default false */
                            forceChangePasswordNextSignIn?: boolean;
                            password: string;
                        };
                        postalCode?: string | null;
                        state?: string | null;
                        streetAddress?: string | null;
                        surname?: string | null;
                    };
                };
            };
            responses: {
                /** @description The new user. Without identities, the mail becomes an emailAddress identity. The password is held to the tenant password policy and never returned. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user
         * @description Requires the action `microsoft.directory/users/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, User Administrator, Groups Administrator, Helpdesk Administrator, Authentication Administrator, Application Administrator, Conditional Access Administrator, Security Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a user
         * @description Requires the action `microsoft.directory/users/delete` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted, with its identities and group memberships */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a user
         * @description Requires the action `microsoft.directory/users/allProperties/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        accountEnabled?: boolean;
                        city?: string | null;
                        country?: string | null;
                        customAttributes?: {
                            [key: string]: string | boolean | number | null;
                        };
                        displayName?: string;
                        givenName?: string | null;
                        identities?: {
                            issuer?: string;
                            issuerAssignedId: string;
                            /** @enum {string} */
                            signInType: "emailAddress" | "userName" | "federated";
                        }[];
                        jobTitle?: string | null;
                        mail?: string | null;
                        passwordProfile?: {
                            forceChangePasswordNextSignIn?: boolean;
                            password?: string;
                        };
                        postalCode?: string | null;
                        state?: string | null;
                        streetAddress?: string | null;
                        surname?: string | null;
                    };
                };
            };
            responses: {
                /** @description The updated user. Disabling it, or setting passwordProfile.password, ends its sessions. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/users/{id}/appRoleAssignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the app role assignments of a user
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, Application Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the app roles the user holds, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Assign an app role to a user
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Privileged Role Administrator, Application Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        appRoleId: string;
                        /** Format: uuid */
                        principalId: string;
                        /** Format: uuid */
                        resourceId: string;
                    };
                };
            };
            responses: {
                /** @description The new assignment. principalId is the path's id; appRoleId an enabled app role of the resource whose allowedMemberTypes include 'User', or the default access role 00000000-0000-0000-0000-000000000000. Audited. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/users/{id}/appRoleAssignments/{assignmentId}": {
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
         * Remove an app role assignment of a user
         * @description Requires the action `microsoft.directory/appRoleAssignments/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Privileged Role Administrator, Application Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    assignmentId: string;
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed. Audited. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/users/{id}/authentication/methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a user's authentication methods
         * @description Requires the action `microsoft.directory/users/authenticationMethods/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Authentication Administrator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The password, the email (the user's mail), authenticator apps, phone and recovery codes */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/users/{id}/authentication/methods/{methodId}": {
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
         * Remove one of a user's authentication methods
         * @description Requires the action `microsoft.directory/users/authenticationMethods/delete` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Authentication Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    methodId: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed; the user registers it again on their next sign-in that needs it */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/users/{id}/memberOf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the groups a user is a member of
         * @description Requires the action `microsoft.directory/users/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Privileged Role Administrator, User Administrator, Groups Administrator, Helpdesk Administrator, Authentication Administrator, Application Administrator, Conditional Access Administrator, Security Administrator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the groups the user is a direct member of, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/users/{id}/revokeSignInSessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End every sign-in session and refresh token of a user
         * @description Requires the action `microsoft.directory/users/invalidateAllRefreshTokens` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator, Helpdesk Administrator, Authentication Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description As in Microsoft Graph: `{ "value": true }`. The user signs in again in every app; apps with a back-channel logout URL receive a logout token per session. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/users/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unlock a user locked out by smart lockout
         * @description Requires the action `microsoft.directory/users/lockout/update` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, User Administrator, Helpdesk Administrator, Authentication Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Ends the smart lockout of every login of the user (mail, email and username identities), from familiar and unfamiliar locations, and forgets their failure counts. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhooks
         * @description Requires the action `microsoft.directory/webhooks/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The tenant's webhooks, oldest first (secrets never shown; secretHint tells them apart) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        /**
         * Create a webhook
         * @description Requires the action `microsoft.directory/webhooks/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName: string;
                        /** @default true */
                        enabled?: boolean;
                        events: ("signIn.succeeded" | "signIn.failed" | "user.signedUp" | "user.passwordReset" | "user.created" | "user.updated" | "user.deleted" | "risk.detected" | "directoryAudit.created")[];
                        url: string;
                    };
                };
            };
            responses: {
                /** @description {displayName, url (https; http only for localhost), events: [signIn.succeeded, signIn.failed, user.signedUp, user.passwordReset, user.created, user.updated, user.deleted, risk.detected, directoryAudit.created], enabled (default true)}. The answer carries the signing secret (whsec_…), shown this once. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook
         * @description Requires the action `microsoft.directory/webhooks/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The webhook (the secret never; disabledReason when Gatehouse disabled it) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a webhook
         * @description Requires the action `microsoft.directory/webhooks/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted, with its undelivered messages and its delivery log */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a webhook
         * @description Requires the action `microsoft.directory/webhooks/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName?: string;
                        enabled?: boolean;
                        events?: ("signIn.succeeded" | "signIn.failed" | "user.signedUp" | "user.passwordReset" | "user.created" | "user.updated" | "user.deleted" | "risk.detected" | "directoryAudit.created")[];
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description Any of {displayName, url, events, enabled}. Disabling gives up the messages not yet delivered; enabling clears disabledReason. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a webhook's deliveries, newest first
         * @description Requires the action `microsoft.directory/webhooks/allProperties/read` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Global Reader, Security Administrator, Security Reader, Security Operator.
         */
        get: {
            parameters: {
                query?: {
                    $skiptoken?: string;
                    $top?: number;
                };
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The delivery log: one entry per attempt {id, messageId, eventType, attempt, createdDateTime, statusCode, error, durationInMilliseconds, outcome (delivered | failed), nextAttemptDateTime} */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/webhooks/{id}/rotateSecret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a webhook's secret
         * @description Requires the action `microsoft.directory/webhooks/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A new signing secret, shown in this answer only (`secret`). For 24 hours every message carries a signature with the old secret too. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{tenantId}/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test event
         * @description Requires the action `microsoft.directory/webhooks/allProperties/allTasks` at the tenant's scope ('/' or '/tenants/{tenantId}'). Built-in roles that allow it: Global Administrator, Security Administrator.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    tenantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Sends a webhook.test event now (also to a disabled webhook), once, and answers with the attempt: {messageId, statusCode, error, durationInMilliseconds, outcome, …} */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                400: components["responses"]["Error"];
                401: components["responses"]["Error"];
                403: components["responses"]["Error"];
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: {
        /** @description An error */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    error?: {
                        code: string;
                        details?: Record<string, never>[];
                        message: string;
                        target?: string;
                    };
                };
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
