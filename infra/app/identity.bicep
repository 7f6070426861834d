// The app's one identity: the Functions host and the app reach storage with it, Application Insights
// accepts its telemetry, Key Vault hands it the webhook secret. Roles: rbac.bicep.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
