// The Function App on a Flex Consumption plan (Linux, FC1), running the .NET isolated worker app that
// scripts/publish.sh packages. Its app settings are exactly what src/.../Settings/AppSettings.cs
// marks as read in Azure, plus the two Application Insights settings the Functions host reads itself;
// tests/CspUpgrades.Infra.Tests fails on any difference.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param tableName string
param auditSchedule string
param stuckOperationSweepSchedule string
param apiKeyCacheDuration string

@description('Empty: API keys only (no Entra ID access tokens).')
param entraClientId string

param entraApplicationIdUri string
@description('Publish events to Service Bus: sets the Events__ServiceBus__* settings. False: they are not set, and the app publishes nothing.')
param publishEvents bool

@description('The namespace\'s host name, <namespace>.servicebus.windows.net (with publishEvents).')
param eventsNamespace string

param eventsTopicName string
param webhookSecretUri string

@description('Empty outside a webhook secret rotation.')
param webhookPreviousSecretUri string

param maximumInstanceCount int
param instanceMemoryMB int

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Flex Consumption allows one app per plan.
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity, not a system-assigned one (there is none).
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // The .NET isolated worker on .NET 10 (the app's target framework; Worker >= 2.50, Worker.Sdk >= 2.0.5).
      // On Flex Consumption this replaces the FUNCTIONS_WORKER_RUNTIME app setting, which must not be set.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      appSettings: [
        // Storage, identity-based, for the host and the app alike (StorageConnectionFactory): the account
        // name is enough, the service URIs are derived from it.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          name: 'Storage__TableName'
          value: tableName
        }
        // The host resolves %AuditSchedule% in the AuditBlockedUpgrades trigger (functions.metadata); without it the function fails to load.
        {
          name: 'AuditSchedule'
          value: auditSchedule
        }
        // Likewise %StuckOperationSweepSchedule% in the SweepStuckOperations trigger.
        {
          name: 'StuckOperationSweepSchedule'
          value: stuckOperationSweepSchedule
        }
        {
          name: 'Security__ApiKeyCacheDuration'
          value: apiKeyCacheDuration
        }
        // Entra ID access tokens beside API keys: off while the client id is empty (docs/DEPLOY.md section 12).
        {
          name: 'Entra__ClientId'
          value: entraClientId
        }
        {
          name: 'Entra__Audience'
          value: entraApplicationIdUri
        }
        {
          name: 'Webhooks__Secret'
          value: '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})'
        }
        // Set only during a rotation; an empty value means "no previous secret".
        {
          name: 'Webhooks__PreviousSecret'
          value: empty(webhookPreviousSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${webhookPreviousSecretUri})'
        }
        // Read by the Functions host, not by the app: telemetry to Application Insights, authenticated
        // with the identity because the component refuses its instrumentation key (DisableLocalAuth).
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsights.properties.ConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identityClientId};Authorization=AAD'
        }
        // Events to Service Bus, with the identity (it holds Azure Service Bus Data Sender on the topic): set only when
        // on, so that off the app sees no Service Bus setting at all and publishes nothing.
        ...(publishEvents
          ? [
              {
                name: 'Events__ServiceBus__FullyQualifiedNamespace'
                value: eventsNamespace
              }
              {
                name: 'Events__ServiceBus__TopicName'
                value: eventsTopicName
              }
              {
                name: 'Events__ServiceBus__Credential'
                value: 'managedidentity'
              }
              {
                name: 'Events__ServiceBus__ClientId'
                value: identityClientId
              }
            ]
          : [])
      ]
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
