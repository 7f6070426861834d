// CspUpgrades in Azure: the Functions app (.NET isolated worker) on a Flex Consumption plan, with identity-based
// access everywhere (no storage keys, no Application Insights key, the webhook secret in Key Vault).
//
// Optional: events on Azure Service Bus (eventsServiceBus, or an existing namespace's name): a topic and the app's sender role.
//
// Laid out like Azure's Functions Flex Consumption quickstarts: subscription scope (the deployment
// creates its resource group), one small module per concern under app/. Deploy (docs/DEPLOY.md):
//
//   az deployment sub create --name cspupgrades --location <region> \
//     --template-file infra/main.bicep --parameters infra/main.parameters.json \
//     --parameters webhookSecret=<whsec_...> operatorPrincipalId=<your object id>
//
// tests/CspUpgrades.Infra.Tests compiles these files with the Bicep CLI, lints them (a warning fails) and checks
// the ARM JSON; its mutation tests edit copies by exact text: keep each app setting, role assignment and module
// parameter on lines of its own, as they are now.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment, e.g. cspupgrades-prod. Names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Region of every resource; it must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string

@description('Resource group to create (or reuse); empty means rg-<environmentName>.')
param resourceGroupName string = ''

@description('The one table the app uses: created here and passed to the app as Storage__TableName.')
param tableName string = 'cspupgrades'

@description('Six-field NCRONTAB (UTC) of the daily audit AuditBlockedUpgrades: {second} {minute} {hour} {day} {month} {day-of-week}.')
param auditSchedule string = '0 0 2 * * *'

@description('Six-field NCRONTAB (UTC) of SweepStuckOperations, which finishes upgrades whose queue message was lost.')
param stuckOperationSweepSchedule string = '0 */5 * * * *'

@description('How long a verified API key is reused before it is read again: the longest a revoked key keeps working.')
param apiKeyCacheDuration string = '00:01:00'

@description('Client id of the Entra ID app registration (docs/DEPLOY.md section 12): partners may then also call with Entra ID access tokens. Empty: API keys only.')
param entraClientId string = ''

@description('The app registration\'s application ID URI (api://…), accepted as token audience beside the client id; empty accepts the client id alone.')
param entraApplicationIdUri string = ''

@description('Publish integration events (docs/EVENTS.md) to a topic in a new Service Bus namespace (Standard). Off: the app publishes nothing to Service Bus; partners read the feed GET /api/events.')
param eventsServiceBus bool = false

@description('Publish to a topic in this existing namespace of the resource group instead of creating one (Standard or Premium). Setting it turns events on too.')
param eventsServiceBusNamespaceName string = ''

@minLength(1)
@maxLength(260)
@description('The topic the app publishes its events to (Events__ServiceBus__TopicName); created by this deployment.')
param eventsTopicName string = 'partner-events'

@secure()
@minLength(30)
@description('Webhook signing secret: whsec_ followed by the base64 of at least 16 random bytes. Stored in Key Vault as webhook-secret.')
param webhookSecret string

@secure()
@description('Only while senders rotate: the previous signing secret, accepted too until it is cleared again. Empty otherwise.')
param webhookPreviousSecret string = ''

@minValue(40)
@maxValue(1000)
@description('Most instances the app scales out to (Flex Consumption: 40 to 1000).')
param maximumInstanceCount int = 40

@allowed([
  512
  2048
  4096
])
@description('Memory of each instance in MB; 2048 is the Flex Consumption default.')
param instanceMemoryMB int = 2048

@description('Object id of the person (or pipeline) who runs the partner-key command against this storage account; empty grants nobody.')
param operatorPrincipalId string = ''

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
@description('What operatorPrincipalId is.')
param operatorPrincipalType string = 'User'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  application: 'cspupgrades'
  environment: environmentName
}
var deploymentContainerName = 'app-package'
var eventsEnabled = eventsServiceBus || !empty(eventsServiceBusNamespaceName)
var eventsNamespaceName = !empty(eventsServiceBusNamespaceName) ? eventsServiceBusNamespaceName : 'sb-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity './app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage './app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    tableName: tableName
  }
}

module monitoring './app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault './app/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    webhookSecret: webhookSecret
    webhookPreviousSecret: webhookPreviousSecret
  }
}

module rbac './app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    identityPrincipalId: identity.outputs.principalId
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
  }
}

module serviceBus './app/service-bus.bicep' = if (eventsEnabled) {
  name: 'service-bus'
  scope: rg
  params: {
    namespaceName: eventsNamespaceName
    createNamespace: empty(eventsServiceBusNamespaceName)
    location: location
    tags: tags
    topicName: eventsTopicName
    identityPrincipalId: identity.outputs.principalId
  }
}

module functionApp './app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  // The roles first: the app resolves its Key Vault reference and reaches storage with them as it starts.
  dependsOn: [
    rbac
  ]
  params: {
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    tableName: tableName
    auditSchedule: auditSchedule
    stuckOperationSweepSchedule: stuckOperationSweepSchedule
    apiKeyCacheDuration: apiKeyCacheDuration
    entraClientId: entraClientId
    entraApplicationIdUri: entraApplicationIdUri
    publishEvents: eventsEnabled
    eventsNamespace: eventsEnabled ? serviceBus!.outputs.fullyQualifiedNamespace : ''
    eventsTopicName: eventsTopicName
    webhookSecretUri: keyVault.outputs.webhookSecretUri
    webhookPreviousSecretUri: keyVault.outputs.webhookPreviousSecretUri
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

output AZURE_RESOURCE_GROUP string = rg.name
output FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output TABLE_NAME string = tableName
output KEY_VAULT_NAME string = keyVault.outputs.name
output IDENTITY_CLIENT_ID string = identity.outputs.clientId
output EVENTS_SERVICE_BUS_NAMESPACE string = eventsEnabled ? serviceBus!.outputs.fullyQualifiedNamespace : ''
output EVENTS_TOPIC_NAME string = eventsEnabled ? eventsTopicName : ''
