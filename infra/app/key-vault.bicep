// The webhook signing secret(s), in a vault authorized by Azure RBAC (no access policies). The app
// reads them through Key Vault references in its app settings, with its user-assigned identity.
param name string
param location string
param tags object

@secure()
param webhookSecret string

@secure()
@description('Empty outside a rotation: then no previous secret is stored or referenced.')
param webhookPreviousSecret string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource currentSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'webhook-secret'
  properties: {
    value: webhookSecret
    contentType: 'whsec_ webhook signing secret'
  }
}

resource previousSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(webhookPreviousSecret)) {
  parent: vault
  name: 'webhook-previous-secret'
  properties: {
    value: webhookPreviousSecret
    contentType: 'whsec_ webhook signing secret, accepted during a rotation'
  }
}

output name string = vault.name
// Versionless URIs: the app resolves the newest version (at start, on any configuration change, and at least daily).
output webhookSecretUri string = currentSecret.properties.secretUri
output webhookPreviousSecretUri string = previousSecret.?properties.secretUri ?? ''
