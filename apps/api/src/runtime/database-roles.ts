/** How the API names an app's database role; provided by the provisioning package. */
export interface DatabaseRoles {
  roleFor(appId: string, blueprintRole: string): string;
}
